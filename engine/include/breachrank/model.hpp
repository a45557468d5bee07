// The supply-chain model (`breachrank: model/1`, SPEC §2).
//
// A Model is plain data addressed by index: flows, access edges and
// populations refer to entities and populations by their position in the
// vectors below, categories by their position in the RulePack the model was
// loaded against, and traits and controls likewise. A Model is therefore only
// meaningful together with that RulePack.
//
// load_model_file() streams the YAML (libyaml's event parser, on a second
// thread) straight into these arrays without building a document tree; any of
// the four lists may instead be a CSV inventory the model names
// (`entities: {csv: FILE}`, README "CSV inventories"), read by libcsv on a
// second thread. At 100,000 suppliers either form loads in under a second.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachrank/rules.hpp"

namespace breachrank {

/// What an entity is (SPEC §1): an organisation controls data about people; a
/// supplier is a vendor at any tier; a channel is an organisation's own
/// disclosure route (FOI replies, bulk email, a published dataset), scored and
/// ranked beside suppliers. Suppliers and channels are the "vendors" of a ranking.
enum class EntityKind { organisation, supplier, channel };
const char* kind_name(EntityKind kind);  ///< "organisation", "supplier", "channel"
std::optional<EntityKind> parse_kind(std::string_view text);
/// True for the entities a ranking lists: suppliers and channels.
inline bool is_vendor(EntityKind kind) { return kind != EntityKind::organisation; }

struct Entity {
    std::string id;
    std::string name;  ///< display name; the id when the file gives none
    EntityKind kind = EntityKind::supplier;
    std::vector<std::string> tags;  ///< free-form; those the pack lists scale the likelihood
    std::vector<int> controls;      ///< indices into RulePack::likelihood.controls
    std::optional<double> likelihood;  ///< annual breach probability override, in [0, 1]
};

/// A named, disjoint part of a population with its own traits and tags (SPEC
/// §2 "segments"): the covert officers among all officers. Flows cover the
/// same fraction of every segment; severity is computed per segment.
struct Segment {
    std::string id;          ///< unique within the population, never the population's id
    std::uint64_t size = 1;  ///< people, >= 1 (a `share` in the file is turned into a size at load)
    std::vector<std::pair<int, double>> traits;  ///< (RulePack::traits index, value): overrides, in file order
    std::vector<std::string> tags;               ///< added to the population's
};

struct Population {
    std::string id;
    int owner = -1;          ///< entity index
    std::uint64_t size = 1;  ///< people, >= 1
    CategorySet holds;       ///< what the owner holds, at coverage 1
    std::vector<double> traits;  ///< one per RulePack::traits, defaults filled in
    std::vector<std::string> tags;
    /// Disjoint parts, their sizes adding up to at most `size`. The people in
    /// none (the remainder) keep the population's traits and tags and are
    /// reported under the population's id.
    std::vector<Segment> segments;

    /// People in no segment.
    std::uint64_t remainder() const;
};

struct Flow {
    int from = -1;  ///< entity index (the sender)
    int to = -1;    ///< entity index (the receiver)
    int population = -1;
    CategorySet categories;
    double share = 1;  ///< fraction of the population, in (0, 1]
    /// What the receiving service cannot work without (a subset of
    /// `categories`): `suggest` and `plan` never propose removing these, and a
    /// scenario that removes one is applied but noted as breaking the service.
    CategorySet required;
};

struct Access {
    int from = -1;
    int to = -1;
    double probability = 0;  ///< a breach of `from` spreads to `to` with this probability
};

/// Upper bound on a population's size (people): ten billion. Larger values are
/// rejected as input errors rather than silently losing precision.
inline constexpr std::uint64_t kMaxPopulationSize = 10'000'000'000ULL;

struct Model {
    std::string name;
    std::vector<Entity> entities;
    std::vector<Population> populations;
    std::vector<Flow> flows;  ///< repeated flows between the same pair are kept as given
    std::vector<Access> access;

    /// The CSV inventories the model was read from (the paths read), in the
    /// order its sections name them; empty for a model without any.
    std::vector<std::string> inventories;

    /// Index of the entity / population with this id, or -1 (linear scan).
    int find_entity(std::string_view id) const;
    int find_population(std::string_view id) const;
};

struct ModelLoadOptions {
    /// Files larger than this are rejected before parsing (bytes). Default 1 GiB.
    std::uint64_t max_file_size = 1ULL << 30;
    /// Directories a model's CSV inventories may come from besides the
    /// model's own (and what lies below them). By default an inventory must
    /// sit in the model file's directory or below it, after '..' and symbolic
    /// links are resolved (the current directory for standard input and text
    /// loads): a model is often someone else's file, and one that names
    /// `../../../etc/passwd` as its inventory must not make the loader read
    /// any file the process can. A path outside is an error at the line that
    /// names it. (The CLI's --allow-path DIR, repeatable.)
    std::vector<std::string> allowed_paths;
};

/// Reads and validates a model against `rules`. `path` "-" reads standard input.
/// Every rule of SPEC §2 is checked and every violation reported (up to the
/// diagnostics limit): YAML syntax, header, unknown keys ("did you mean"),
/// types, ids, duplicate ids and mapping keys, ranges, integer sizes, non-finite
/// numbers, unknown entities, populations, categories, traits and controls,
/// `share` with `records`, flows or access edges from an entity to itself,
/// repeated access edges, and flows that pass more than their sender holds.
/// YAML aliases are expanded with a budget and deep nesting is refused, so
/// hostile files fail fast.
///
/// A section given as `{csv: FILE}` is read from FILE, a path relative to the
/// model's directory (to the current directory when `path` is "-"), one row
/// per item and one column per key; each CSV file has the same size limit and
/// the same checks, and its diagnostics name that file and the cell. A CSV
/// file that cannot be read, that lies outside the allowed directories
/// (ModelLoadOptions::allowed_paths), or that is not an inventory (a first
/// line over 16 KiB, or no column the section knows) is an error, quoting at
/// most a short excerpt of what it holds.
Loaded<Model> load_model_file(const std::string& path, const RulePack& rules,
                              const ModelLoadOptions& options = {});
/// The same, from text in memory; `file_name` is used in diagnostics, and CSV
/// inventories are looked for relative to its directory.
Loaded<Model> load_model_text(std::string_view text, const std::string& file_name,
                              const RulePack& rules, const ModelLoadOptions& options = {});

}  // namespace breachrank
