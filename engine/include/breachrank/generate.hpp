// Synthetic supply chains for tests and benchmarks (`breachrank generate`),
// and writing any model back out as YAML.
#pragma once

#include <cstdint>
#include <string>

#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"

namespace breachrank {

struct GenerateOptions {
    std::size_t organisations = 10;  ///< >= 1
    std::size_t suppliers = 1000;    ///< >= 0
    std::uint64_t seed = 1;          ///< the same options give the same model, byte for byte
};

/// A valid model of realistic shape, using the categories, traits, controls
/// and tags of `rules`:
///  - organisations own one to three populations (staff, the public they
///    serve, sometimes victims and witnesses) of 100 to 100,000 people;
///  - tier-1 suppliers (60%) are chosen by organisations by preferential
///    attachment, so a few suppliers serve many organisations; tier-2 (30%)
///    and tier-3 (10%) sub-processors receive subsets of their client
///    supplier's data at no larger share;
///  - about one supplier in two has standing access into a client or a
///    sub-processor with a probability of 0.2% to 5%, and some access runs
///    back up the chain, forming cycles; one supplier in a hundred is a managed
///    service provider with access into 10 to 40 others, some of which can
///    reach back into it.
/// Throws breachrank::Error when organisations is 0 or the pack has no categories.
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
