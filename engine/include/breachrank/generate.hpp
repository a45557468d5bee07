// Synthetic supply chains for tests and benchmarks (`breachrank generate`),
// and writing any model back out as YAML.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"

namespace breachrank {

/// The shape of a generated model's access graph (and, for `chains`, of its
/// supplier tiers). Users' inventories differ in exactly the ways that decide
/// the cost of scoring them, so benchmarks run every shape (bench/run_scale.sh).
enum class GraphShape {
    /// Three tiers of suppliers (60% / 30% / 10%); about one supplier in two
    /// has standing access into a client or a sub-processor, some of it back up
    /// the chain (small cycles), and one in a hundred is a managed service
    /// provider with access into 10 to 40 others. The largest strongly
    /// connected component holds about 1% of the entities.
    tiered,
    /// As `tiered`, plus a large strongly connected core: managed service
    /// providers (one supplier in a hundred) with standing access into their
    /// clients, and clients (organisations and suppliers, 28% of all entities)
    /// with access back into the provider's tooling, each a client of one to
    /// three providers. The core holds 30-40% of the entities.
    core,
    /// As `tiered`, plus dense clusters of mutual access: shared-service
    /// partnerships of 3 to 12 organisations (as police forces share one
    /// provider) that each send data to the shared provider, with access
    /// between every pair of members and the provider; and groups of 4 to 24
    /// suppliers (one group of companies) with access between every pair.
    clusters,
    /// Long chains of sub-processors: six tiers (40% / 15% / 15% / 12% / 10% /
    /// 8%), each supplier beyond tier 1 receiving a subset of its parent's
    /// data and mostly holding access up into its parent, often also down, so
    /// a breach can travel five hops; no managed service providers.
    chains,
};

/// "tiered", "core", "clusters", "chains".
const char* shape_name(GraphShape shape);
/// The shape named `name`, or nullopt.
std::optional<GraphShape> parse_shape(std::string_view name);
/// Every shape, in declaration order.
inline constexpr GraphShape kGraphShapes[] = {GraphShape::tiered, GraphShape::core, GraphShape::clusters,
                                              GraphShape::chains};

inline constexpr std::size_t kMaxGeneratedSegments = 9;

struct GenerateOptions {
    std::size_t organisations = 10;  ///< >= 1
    std::size_t suppliers = 1000;    ///< >= 0
    std::uint64_t seed = 1;          ///< the same options give the same model, byte for byte
    GraphShape shape = GraphShape::tiered;
    /// Segments on every population, 0 (none) to kMaxGeneratedSegments: segment
    /// k holds size / (10 (k + 1)) people (at least 1; together at most 28% of
    /// a population of 100 or more) and sets the pack's k-th trait
    /// (cyclically) to 1. Added after everything else is drawn, so the rest of
    /// the model is the same as without them.
    std::size_t segments = 0;
};

/// A valid model of realistic shape, using the categories, traits, controls
/// and tags of `rules`:
///  - organisations own one to three populations (staff, the public they
///    serve, sometimes victims and witnesses) of 100 to 100,000 people;
///  - tier-1 suppliers are chosen by organisations by preferential
///    attachment, so a few suppliers serve many organisations; deeper tiers
///    (sub-processors) receive subsets of their parent supplier's data at no
///    larger share;
///  - standing access with probabilities of 0.2% to 5%, shaped by
///    `options.shape` (GraphShape); the spectral radius of every shape stays
///    well below 1, so the linear screen applies.
/// Throws breachrank::Error when organisations is 0, the pack has no
/// categories, or segments is above kMaxGeneratedSegments.
Model generate_model(const GenerateOptions& options, const RulePack& rules);

/// The model as `breachrank: model/1` YAML that load_model_text() reads back
/// to an equal model.
std::string write_model_yaml(const Model& model, const RulePack& rules);

/// A model as a YAML file and the CSV inventories it names.
struct ModelFiles {
    std::string yaml;  ///< `breachrank: model/1` with `entities: {csv: ...}` and so on
    std::vector<std::pair<std::string, std::string>> csv;  ///< (file name relative to the YAML's directory, text)
};

/// The model in CSV form (README "CSV inventories"): four files named
/// STEM.entities.csv, STEM.populations.csv, STEM.flows.csv and STEM.access.csv,
/// which load_model_file() reads back to an equal model. Throws
/// breachrank::Error when a tag or control name holds ';' (the list separator).
ModelFiles write_model_csv(const Model& model, const RulePack& rules, const std::string& stem);

}  // namespace breachrank
