// The model loader (SPEC §2): streams a model from libyaml's event parser
// (io/yaml_events.hpp) or from CSV inventories into the flat arrays of a
// Model, checking each item as it is read, then resolves references and runs
// the checks that need the whole model.
//
// Split by what each part reads:
//   model_reader.cpp  the event level: the top-level mapping, sections, lists
//   model_csv.cpp     `SECTION: {csv: FILE}` inventories, rows as item nodes
//   model_items.cpp   one entity, population, flow or access edge
//   model_checks.cpp  after the whole document: references, repeated edges,
//                     flows against what their sender holds, expressions
// The document is never held as a tree: each list item is built as a small
// node tree, validated, appended to the model and forgotten.
#pragma once

#include <algorithm>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "breachrank/model.hpp"
#include "io/csv_table.hpp"
#include "io/names.hpp"
#include "io/schema.hpp"
#include "io/yaml_events.hpp"
#include "io/yaml_tree.hpp"

namespace breachrank::io {

constexpr std::uint32_t kNone = UINT32_MAX;

struct FlowRaw {
    std::uint32_t from, to, population;  // interned names (kNone when invalid)
    std::uint64_t records;               // 0 when `share` was given
    std::uint32_t marks_begin, marks_end;  // this flow's (category, position) in category_marks_
    SourceMark item, from_mark, to_mark, population_mark, categories_mark, amount_mark;
};

struct SegmentRaw {
    std::uint32_t population;  // interned name
    Segment segment;           // size 0 until resolved when `share` was given
    std::optional<double> share;
    SourceMark item, id_mark, population_mark, amount_mark;
};

struct AccessRaw {
    std::uint32_t from, to;
    SourceMark item, from_mark, to_mark;
};

/// The longest first line of a CSV inventory: its header row names a few
/// dozen columns at most; a longer line is some other file (README "Robustness").
inline constexpr std::size_t kMaxCsvHeaderBytes = 16384;

/// The most people a model's populations may hold in all: every people
/// figure is a double, which counts whole numbers exactly up to 2^53.
inline constexpr std::uint64_t kMaxExactPeople = std::uint64_t{1} << 53;

class ModelReader {
public:
    ModelReader(std::string_view text, const std::string& file, const RulePack& rules, Diagnostics& diags,
                const ModelLoadOptions& options)
        : events_(text), file_(file), max_file_size_(options.max_file_size), allowed_paths_(options.allowed_paths),
          rules_(rules), diags_(diags), tree_(file, diags),
          s_(tree_, file, diags) {
        s_.set_other_files(&csv_files_);
        tree_.set_other_files(&csv_files_);
        for (const Category& c : rules.categories) {
            category_index_.emplace(c.name, static_cast<int>(category_index_.size()));
            category_names_.push_back(c.name);
        }
        for (const Trait& t : rules.traits) trait_names_.push_back(t.name);
        for (const NamedFactor& c : rules.likelihood.controls) control_names_.push_back(c.name);
    }

    /// The model, or nullopt when any diagnostic was recorded.
    std::optional<Model> read();

private:
    // ---- event level (model_reader.cpp) ------------------------------------
    void next();
    const Node& build();
    bool stream();
    void section(const std::string& key);

    // ---- CSV inventories (model_csv.cpp) ------------------------------------
    // `entities: {csv: FILE}`: the section's items are the rows of FILE (a
    // path relative to the model's directory), one column per key. Each row
    // becomes the same small node tree a YAML item would, with each cell's
    // position, and goes through the same checks: the two forms of a model
    // load to the same Model and report the same problems.
    struct CsvColumn {
        std::string key;    // the item key it fills ("traits" for a trait)
        std::string trait;  // for "traits.NAME"
        bool list = false;  // cells hold ';'-separated lists
        SourceMark mark;    // the header cell
    };
    void csv_section(const std::string& key, const Node& value);
    // The resolved path of an inventory inside an allowed directory, or nullopt.
    std::optional<std::string> confined(const std::filesystem::path& path) const;
    bool csv_header(const std::string& key, const CsvReadAhead& csv, std::vector<CsvColumn>& columns);
    const Node& csv_item(const CsvReadAhead& csv, const std::vector<CsvColumn>& columns);

    // ---- items (model_items.cpp) --------------------------------------------
    void item(const std::string& key, const Node& n);
    std::optional<std::uint32_t> reference(const Node* n, std::string_view what, Names& names);
    std::vector<std::string> strings(const Node& n, std::string_view what);
    std::optional<CategorySet> categories(const Node& n, std::string_view what,
                                          std::vector<std::pair<std::uint32_t, SourceMark>>* marks = nullptr);
    /// Registers `id` (at `at`) for the item about to be appended at `index`;
    /// false, after reporting it, when an earlier item of the kind `what` has it.
    bool claim_id(Names& names, std::vector<std::uint32_t>& item_of_name, const std::vector<SourceMark>& marks,
                  std::size_t index, std::string_view id, const Node& at, std::string_view what);
    void entity(const Node& n);
    std::string control_list() const;
    void population(const Node& n);
    void flow(const Node& n);
    void access(const Node& n);
    /// A segment: inside a population's `segments` (`population` given) or an
    /// item of the top-level `segments` section (naming its population).
    void segment(const Node& n, std::optional<std::uint32_t> population);
    /// A `traits` mapping into (trait index, value) pairs.
    std::vector<std::pair<int, double>> trait_values(const Node& n);

    // ---- after the whole document (model_checks.cpp) ------------------------
    int entity(std::uint32_t name, SourceMark at);
    int population_index(std::uint32_t name, SourceMark at);
    void resolve();
    void resolve_segments();
    void check_flows();
    void check_expressions();

    Events events_;
    const std::string& file_;
    std::uint64_t max_file_size_;
    std::vector<std::string> allowed_paths_;  // ModelLoadOptions::allowed_paths
    std::vector<std::string> csv_files_;  // the CSV inventories read, for marks with file = 1, 2, ...
    std::deque<std::string> csv_texts_;   // their text: the readers and the cells' raw views point into it
    const RulePack& rules_;
    Diagnostics& diags_;
    TreeBuilder tree_;
    Schema s_;
    Model model_;
    bool resolved_ = true;  // every reference resolved

    std::unordered_map<std::string_view, int> category_index_;
    std::vector<std::string_view> category_names_, trait_names_, control_names_, candidates_;
    Names entity_names_, population_names_;
    std::vector<std::uint32_t> entity_of_name_, population_of_name_;
    std::vector<SourceMark> entity_marks_, population_marks_, owner_marks_;
    std::vector<std::uint32_t> population_owner_;
    // Per population: its size was rejected (or missing), so the checks that
    // compare with it (records, segments) are skipped rather than run against
    // a default the user never wrote.
    std::vector<char> population_size_bad_;
    // Ids rejected at their line: a reference with the same text is not
    // reported again as unknown. An id that is missing or not text could be
    // any: then no reference of that kind is reported as unknown.
    struct Rejected {
        std::vector<std::string> texts;
        bool any = false;
        void add(const Node* idn) {
            if (idn && idn->kind == NodeKind::scalar && !idn->null) texts.push_back(idn->value);
            else any = true;
        }
        bool covers(std::string_view ref) const {
            return any || std::find(texts.begin(), texts.end(), ref) != texts.end();
        }
    };
    Rejected rejected_entities_, rejected_populations_;
    std::uint64_t people_ = 0;  // the populations' sizes so far (each at most kMaxPopulationSize: no overflow)
    bool people_reported_ = false;
    std::vector<const Node*> items_;  // reused by list readers
    std::vector<FlowRaw> flow_raw_;
    std::vector<std::pair<std::uint32_t, SourceMark>> category_marks_;
    std::vector<AccessRaw> access_raw_;
    std::vector<SegmentRaw> segment_raw_;
};

}  // namespace breachrank::io
