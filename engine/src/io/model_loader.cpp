// Streams a model (SPEC §2) from libyaml's event parser into flat arrays.
//
// The document is never held as a tree: the top-level mapping is walked event
// by event, and each list item (one entity, population, flow or access edge)
// is built as a small node tree, validated and appended to the model, and
// forgotten. References are interned to integers as they are read and
// resolved once every id is known, so sections may come in any order.
#include <yaml.h>

#include <filesystem>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <unordered_map>

#include <fmt/format.h>

#include "breachrank/model.hpp"
#include "graph/coverage.hpp"
#include "io/csv_table.hpp"
#include "io/input.hpp"
#include "io/read_ahead.hpp"
#include "io/schema.hpp"
#include "io/yaml_tree.hpp"
#include "scoring/severity.hpp"

namespace breachrank {

namespace {

using io::Node;
using io::NodeKind;

SourceMark to_mark(const yaml_mark_t& m) {
    return SourceMark{static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

// Pull interface over libyaml's parser, which runs one step ahead on a thread
// of its own: it scans the next events while the reader checks and stores the
// current item. libyaml's scanning, and its malloc and free of every token and
// event, were most of the 1.3 s load of the 100,000-supplier model
// (bench/results/profile.md); the parser thread also copies each event's text
// into a batch and frees the event itself, so every libyaml allocation lives
// and dies on one thread and the reader allocates nothing per event.
class Events {
public:
    explicit Events(std::string_view text) : ahead_([this, text](io::ReadAhead<Batch>& out) { produce(text, out); }) {}

    /// The next event; false on a syntax error (see error()/error_mark()).
    bool next() {
        if (pos_ + 1 < current_.events.size()) {
            ++pos_;
            return true;
        }
        pos_ = 0;
        return ahead_.take(current_);  // false: the parser stopped at a syntax error
    }
    yaml_event_type_t type() const { return event().type; }
    SourceMark mark() const { return event().mark; }
    /// A scalar's text, or an alias's anchor.
    std::string_view value() const { return text(event().value, event().value_length); }
    bool plain() const { return event().plain; }
    /// The anchor of a scalar, sequence or mapping ("" when none).
    std::string_view anchor() const { return text(event().anchor, event().anchor_length); }
    const std::string& error() const { return error_; }
    SourceMark error_mark() const { return error_mark_; }

private:
    struct Event {
        yaml_event_type_t type;
        bool plain;
        SourceMark mark;
        std::uint32_t value, value_length, anchor, anchor_length;  // in the batch's text
    };
    struct Batch {
        std::vector<Event> events;
        std::string text;
    };
    static constexpr std::size_t kBatch = 4096;

    const Event& event() const { return current_.events[pos_]; }
    std::string_view text(std::uint32_t at, std::uint32_t length) const {
        return std::string_view(current_.text).substr(at, length);
    }

    // On the parser thread.
    void produce(std::string_view input, io::ReadAhead<Batch>& out) {
        struct Parser {
            yaml_parser_t p{};
            Parser() { yaml_parser_initialize(&p); }
            ~Parser() { yaml_parser_delete(&p); }
        } parser;
        yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(input.data()), input.size());
        Batch batch;
        auto add = [&](const yaml_char_t* p, std::size_t n) {
            const auto at = static_cast<std::uint32_t>(batch.text.size());
            if (p) batch.text.append(reinterpret_cast<const char*>(p), n);
            return at;
        };
        auto length = [](const yaml_char_t* p) { return p ? std::strlen(reinterpret_cast<const char*>(p)) : 0; };
        while (true) {
            yaml_event_t e;
            if (!yaml_parser_parse(&parser.p, &e)) {
                // Read by the reader only after take() has returned false.
                const yaml_parser_t& p = parser.p;
                error_ = p.problem ? p.problem : "invalid YAML";
                if (p.context) {
                    SourceMark c = to_mark(p.context_mark);
                    error_ = fmt::format("{} {} (which started at line {}, column {})", error_, p.context, c.line,
                                         c.column);
                }
                error_mark_ = to_mark(p.problem_mark);
                break;
            }
            Event ev{e.type, false, to_mark(e.start_mark), 0, 0, 0, 0};
            const yaml_char_t* anchor = nullptr;
            if (e.type == YAML_SCALAR_EVENT) {
                ev.value = add(e.data.scalar.value, e.data.scalar.length);
                ev.value_length = static_cast<std::uint32_t>(e.data.scalar.length);
                ev.plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                anchor = e.data.scalar.anchor;
            } else if (e.type == YAML_SEQUENCE_START_EVENT) {
                anchor = e.data.sequence_start.anchor;
            } else if (e.type == YAML_MAPPING_START_EVENT) {
                anchor = e.data.mapping_start.anchor;
            } else if (e.type == YAML_ALIAS_EVENT) {
                ev.value_length = static_cast<std::uint32_t>(length(e.data.alias.anchor));
                ev.value = add(e.data.alias.anchor, ev.value_length);
            }
            ev.anchor_length = static_cast<std::uint32_t>(length(anchor));
            ev.anchor = add(anchor, ev.anchor_length);
            yaml_event_delete(&e);
            batch.events.push_back(ev);
            if (ev.type == YAML_STREAM_END_EVENT) break;
            if (batch.events.size() >= kBatch && !out.give(batch)) return;
        }
        if (!batch.events.empty()) out.give(batch);
    }

    std::string error_;
    SourceMark error_mark_;
    Batch current_;
    std::size_t pos_ = 0;
    io::ReadAhead<Batch> ahead_;  // last: its thread starts once everything above exists
};

// Interns names (entity or population references) to dense integers.
//
// Every entity and population reference of a model goes through here (about a
// million look-ups for 100,000 suppliers), so it is an open-addressing table
// of indices with the full hash kept beside each name: a probe touches one
// slot array and compares strings only on a full hash match. std::unordered_map
// spent 14% of the load in bucket chasing (perf, bench/results/load.md).
class Names {
public:
    std::uint32_t intern(std::string_view name) {
        if ((names_.size() + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = std::hash<std::string_view>{}(name);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.index == 0) {
                s = Slot{static_cast<std::uint32_t>(names_.size() + 1), tag};
                names_.emplace_back(name);
                hashes_.push_back(h);
                return static_cast<std::uint32_t>(names_.size() - 1);
            }
            if (s.tag == tag && names_[s.index - 1] == name) return s.index - 1;
        }
    }
    const std::string& name(std::uint32_t id) const { return names_[id]; }
    std::size_t size() const { return names_.size(); }

private:
    void grow() {
        std::vector<Slot> slots(std::max<std::size_t>(64, slots_.size() * 2));
        const std::size_t mask = slots.size() - 1;
        for (std::size_t n = 0; n < names_.size(); ++n) {
            std::size_t i = hashes_[n] & mask;
            while (slots[i].index != 0) i = (i + 1) & mask;
            slots[i] = Slot{static_cast<std::uint32_t>(n + 1), static_cast<std::uint32_t>(hashes_[n] >> 32)};
        }
        slots_ = std::move(slots);
    }
    struct Slot {
        std::uint32_t index = 0;  // 0 = empty, else name index + 1
        std::uint32_t tag = 0;    // high half of the hash: most mismatches end here
    };
    std::vector<std::string> names_;
    std::vector<std::uint64_t> hashes_;  // for growing
    std::vector<Slot> slots_;
};

constexpr std::uint32_t kNone = UINT32_MAX;

struct FlowRaw {
    std::uint32_t from, to, population;  // interned names (kNone when invalid)
    std::uint64_t records;               // 0 when `share` was given
    std::uint32_t marks_begin, marks_end;  // this flow's (category, position) in category_marks_
    SourceMark item, from_mark, to_mark, population_mark, categories_mark, amount_mark;
};

struct AccessRaw {
    std::uint32_t from, to;
    SourceMark item, from_mark, to_mark;
};

class ModelReader {
public:
    ModelReader(std::string_view text, const std::string& file, const RulePack& rules, Diagnostics& diags,
                std::uint64_t max_file_size)
        : events_(text), file_(file), max_file_size_(max_file_size), rules_(rules), diags_(diags), tree_(file, diags),
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

    std::optional<Model> read() {
        try {
            if (!stream()) return std::nullopt;
        } catch (const io::AbortRead&) {
            return std::nullopt;
        }
        if (diags_.full()) return std::nullopt;
        const std::size_t before = diags_.size();
        if (!resolved_) return std::nullopt;
        resolve();
        // Flows can be checked against coverage only when every reference and
        // every item resolved; otherwise they would report noise.
        if (before > 0 || !resolved_) return std::nullopt;
        check_flows();
        check_expressions();
        if (!diags_.empty()) return std::nullopt;
        return std::move(model_);
    }

private:
    // ---- event level -----------------------------------------------------
    void next() {
        if (!events_.next()) {
            diags_.error(file_, events_.error_mark(), fmt::format("YAML syntax error: {}", events_.error()));
            throw io::AbortRead{};
        }
    }

    // Builds the node that starts at the current event into tree_.
    const Node& build() {
        tree_.reset();
        while (true) {
            SourceMark m = events_.mark();
            switch (events_.type()) {
                case YAML_SCALAR_EVENT: {
                    std::string_view v = events_.value();
                    bool plain = events_.plain();
                    bool null = plain && (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL");
                    tree_.scalar(m, events_.anchor(), v, plain, null);
                    break;
                }
                case YAML_SEQUENCE_START_EVENT: tree_.start(NodeKind::sequence, m, events_.anchor()); break;
                case YAML_MAPPING_START_EVENT: tree_.start(NodeKind::mapping, m, events_.anchor()); break;
                case YAML_SEQUENCE_END_EVENT:
                case YAML_MAPPING_END_EVENT: tree_.end(); break;
                case YAML_ALIAS_EVENT: tree_.alias(m, events_.value()); break;
                default:
                    diags_.error(file_, m, "unexpected YAML structure");
                    throw io::AbortRead{};
            }
            if (tree_.complete()) return tree_.root();
            next();
        }
    }

    bool stream() {
        next();  // STREAM-START
        next();
        if (events_.type() == YAML_STREAM_END_EVENT) {
            diags_.error(file_, {1, 1}, "the file is empty; expected a model ('breachrank: model/1')");
            return false;
        }
        next();  // the root node
        if (events_.type() != YAML_MAPPING_START_EVENT) {
            const Node& root = build();
            s_.error(root, fmt::format("expected a model (a mapping starting 'breachrank: model/1'), found {}",
                                       io::describe(root)));
            return false;
        }
        SourceMark root_mark = events_.mark();
        std::unordered_map<std::string, SourceMark> seen;
        bool header = false;
        while (true) {
            next();
            if (events_.type() == YAML_MAPPING_END_EVENT) break;
            const Node& key_node = build();
            if (key_node.kind != NodeKind::scalar) {
                s_.error(key_node, "a mapping key must be a plain value, not a collection");
                throw io::AbortRead{};
            }
            std::string key = key_node.value;
            SourceMark key_mark = key_node.mark;
            if (auto [it, fresh] = seen.emplace(key, key_mark); !fresh)
                s_.error(key_mark, fmt::format("duplicate key '{}' (first at line {}, column {})", key,
                                               it->second.line, it->second.column));
            next();
            if (key == "entities" || key == "populations" || key == "flows" || key == "access") {
                section(key);
                continue;
            }
            const Node& value = build();
            if (key == "breachrank") {
                header = true;
                if (value.kind != NodeKind::scalar || value.value != "model/1") {
                    std::string hint = value.kind == NodeKind::scalar && value.value == "rules/1"
                                           ? " (this is a rule pack; pass it with --rules)"
                                           : "";
                    s_.error(value, fmt::format("expected 'breachrank: model/1', found {}{}", io::describe(value), hint));
                    return false;
                }
            } else if (key == "name") {
                if (auto v = s_.string(value, "the model's name")) model_.name = *v;
            } else {
                // A misspelt section hides its ids: resolving references would
                // only repeat the mistake as "unknown entity" noise.
                resolved_ = false;
                s_.error(key_mark, fmt::format("unknown key '{}' in the model{}", key,
                                               io::did_you_mean(key, {"breachrank", "name", "entities", "populations",
                                                                      "flows", "access"})));
            }
            if (diags_.full()) return false;
        }
        if (!header) s_.error(root_mark, "missing the header 'breachrank: model/1'");
        if (!seen.count("entities")) {
            s_.error(root_mark, "missing 'entities' in the model");
            resolved_ = false;
        }
        next();  // DOCUMENT-END
        next();
        if (events_.type() == YAML_DOCUMENT_START_EVENT) {
            diags_.error(file_, events_.mark(), "the file holds several YAML documents; a model is exactly one");
            return false;
        }
        return true;
    }

    void section(const std::string& key) {
        if (events_.type() != YAML_SEQUENCE_START_EVENT) {
            const Node& value = build();
            if (value.kind == NodeKind::mapping)
                csv_section(key, value);
            else if (!value.null)
                s_.error(value, fmt::format("expected '{}' to be a list or {{csv: FILE}}, found {}", key,
                                            io::describe(value)));
            return;
        }
        tree_.set_enclosing_depth(2);  // the root mapping and this list
        while (true) {
            next();
            if (events_.type() == YAML_SEQUENCE_END_EVENT) break;
            item(key, build());
        }
        tree_.set_enclosing_depth(1);
    }

    // ---- CSV inventories ---------------------------------------------------
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

    void csv_section(const std::string& key, const Node& value) {
        // Whatever goes wrong here hides the section's ids: resolving references
        // would only repeat it as "unknown entity" noise. Restored once every
        // row has been read.
        const bool was_resolved = resolved_;
        resolved_ = false;
        const std::string what = fmt::format("'{}'", key);
        if (s_.check_keys(value, {"csv"}, what) > 0) return;
        const Node* p = s_.require(value, "csv", what);
        if (!p) return;
        auto name = s_.string(*p, "a CSV file name");
        if (!name) return;
        if (name->empty()) {
            s_.error(*p, "the CSV file name is empty");
            return;
        }
        std::filesystem::path path{std::string(*name)};
        if (path.is_relative() && file_ != "-") path = std::filesystem::path(file_).parent_path() / path;
        const std::string file = path.lexically_normal().string();
        Diagnostics read_diags;
        auto text = io::read_input(file, max_file_size_, read_diags);
        if (!text) {
            s_.error(*p, fmt::format("cannot read the CSV file '{}': {}", *name, read_diags.items().front().message));
            return;
        }
        csv_texts_.push_back(std::move(*text));
        csv_files_.push_back(file);
        const int index = static_cast<int>(csv_files_.size());
        if (!io::check_text(csv_texts_.back(), file, diags_)) return;
        io::CsvReadAhead csv(csv_texts_.back(), index);
        auto syntax = [&] {
            if (!csv.failed()) return false;
            s_.error(csv.error_mark(), csv.error());
            return true;
        };
        if (!csv.next()) {
            if (!syntax()) s_.error(SourceMark{1, 1, index}, fmt::format("the CSV file is empty; expected a header row naming the columns of {}", key));
            return;
        }
        std::vector<CsvColumn> columns;
        if (!csv_header(key, csv, columns)) return;  // rows cannot be read without their columns
        tree_.set_enclosing_depth(2);
        bool rows_read = true;
        while (csv.next()) {
            if (csv.cells().size() != columns.size()) {
                s_.error(csv.mark(), fmt::format("this row has {} cells; the header names {} columns",
                                                 csv.cells().size(), columns.size()));
                rows_read = false;  // its id is unknown now
                if (diags_.full()) throw io::AbortRead{};
                continue;
            }
            item(key, csv_item(csv, columns));
        }
        tree_.set_enclosing_depth(1);
        if (!syntax() && rows_read) resolved_ = was_resolved;
    }

    bool csv_header(const std::string& key, const io::CsvReadAhead& csv, std::vector<CsvColumn>& columns) {
        static const std::vector<std::string_view> entity_cols{"id", "kind", "name", "tags", "controls", "likelihood"},
            population_cols{"id", "owner", "size", "holds", "tags"},
            flow_cols{"from", "to", "population", "categories", "share", "records"},
            access_cols{"from", "to", "probability"};
        const auto& known = key == "entities"      ? entity_cols
                            : key == "populations" ? population_cols
                            : key == "flows"       ? flow_cols
                                                   : access_cols;
        std::vector<std::string_view> candidates = known;
        std::vector<std::string> trait_columns;
        if (key == "populations")
            for (const Trait& t : rules_.traits) trait_columns.push_back("traits." + t.name);
        for (const std::string& t : trait_columns) candidates.push_back(t);
        bool ok = true;
        for (const io::CsvCell& cell : csv.cells()) {
            CsvColumn col;
            col.mark = cell.mark;
            const std::string name(cell.text);
            if (std::find(known.begin(), known.end(), name) != known.end()) {
                col.key = name;
                col.list = name == "tags" || name == "controls" || name == "holds" || name == "categories";
            } else if (key == "populations" && name.rfind("traits.", 0) == 0) {
                col.key = "traits";
                col.trait = name.substr(7);
                if (rules_.find_trait(col.trait) < 0) {
                    s_.error(cell.mark, fmt::format("unknown trait '{}'{}", col.trait,
                                                    rules_.traits.empty() ? std::string("; the rule pack declares no traits")
                                                                          : io::did_you_mean(col.trait, trait_names_)));
                    ok = false;
                }
            } else {
                s_.error(cell.mark, fmt::format("unknown column '{}' in the CSV file of {}{}{}", name, key,
                                                key == "populations" ? " (traits are columns 'traits.NAME')" : "",
                                                io::did_you_mean(name, candidates)));
                ok = false;
                continue;
            }
            for (const CsvColumn& c : columns)
                if (c.key == col.key && c.trait == col.trait) {
                    s_.error(cell.mark, fmt::format("column '{}' appears twice (first at column {})", name, c.mark.column));
                    ok = false;
                }
            columns.push_back(std::move(col));
        }
        return ok;
    }

    // One row as the node tree of a YAML item: a mapping of the non-empty cells
    // (an empty cell is an absent key), lists split at ';', trait columns
    // gathered under 'traits'.
    const Node& csv_item(const io::CsvReadAhead& csv, const std::vector<CsvColumn>& columns) {
        tree_.reset();
        tree_.start(NodeKind::mapping, csv.mark(), {});
        const auto cells = csv.cells();
        bool traits_open = false;
        for (std::size_t k = 0; k < columns.size(); ++k) {
            const CsvColumn& col = columns[k];
            const io::CsvCell& cell = cells[k];
            if (cell.text.empty() || !col.trait.empty()) continue;
            tree_.scalar(col.mark, {}, col.key, true, false);
            if (!col.list) {
                tree_.scalar(cell.mark, {}, cell.text, true, false);
                continue;
            }
            tree_.start(NodeKind::sequence, cell.mark, {});
            std::size_t begin = 0;
            while (begin <= cell.text.size()) {
                std::size_t end = std::min(cell.text.find(';', begin), cell.text.size());
                std::string_view part = cell.text.substr(begin, end - begin);
                std::size_t lead = part.find_first_not_of(" \t");
                lead = lead == std::string_view::npos ? part.size() : lead;
                part.remove_prefix(lead);
                while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
                // An empty item (`a;;b`, `a;`) is null, as an empty YAML list item is.
                tree_.scalar(cell.mark_of(begin + lead), {}, part, true, part.empty());
                begin = end + 1;
            }
            tree_.end();
        }
        for (std::size_t k = 0; k < columns.size(); ++k) {
            const CsvColumn& col = columns[k];
            if (col.trait.empty() || cells[k].text.empty()) continue;
            if (!traits_open) {
                tree_.scalar(col.mark, {}, "traits", true, false);
                tree_.start(NodeKind::mapping, cells[k].mark, {});
                traits_open = true;
            }
            tree_.scalar(col.mark, {}, col.trait, true, false);
            tree_.scalar(cells[k].mark, {}, cells[k].text, true, false);
        }
        if (traits_open) tree_.end();
        tree_.end();
        return tree_.root();
    }

    // ---- items -------------------------------------------------------------
    // One item of section `key`, from YAML or from a CSV row.
    void item(const std::string& key, const Node& n) {
        if (key == "entities") entity(n);
        else if (key == "populations") population(n);
        else if (key == "flows") flow(n);
        else access(n);
        if (diags_.full()) throw io::AbortRead{};
    }

    std::optional<std::uint32_t> reference(const Node* n, std::string_view what, Names& names) {
        if (!n) return std::nullopt;
        auto id = s_.id(*n, what);
        if (!id) return std::nullopt;
        return names.intern(*id);
    }

    std::vector<std::string> strings(const Node& n, std::string_view what) {
        std::vector<std::string> out;
        if (s_.scalar_list(n, what, items_))
            for (const Node* t : items_) out.push_back(t->value);
        return out;
    }

    /// A list of category names as a set; with `marks`, each one's position too.
    std::optional<CategorySet> categories(const Node& n, std::string_view what,
                                          std::vector<std::pair<std::uint32_t, SourceMark>>* marks = nullptr) {
        if (!s_.scalar_list(n, what, items_)) return std::nullopt;
        CategorySet set;
        bool ok = true;
        for (const Node* item : items_) {
            auto it = category_index_.find(item->value);
            if (it == category_index_.end()) {
                s_.error(*item, fmt::format("unknown category '{}'{}", item->value,
                                            io::did_you_mean(item->value, category_names_)));
                ok = false;
                continue;
            }
            auto k = static_cast<std::size_t>(it->second);
            if (set.test(k)) {
                s_.error(*item, fmt::format("category '{}' is listed twice", item->value));
                ok = false;
                continue;
            }
            set.set(k);
            if (marks) marks->emplace_back(static_cast<std::uint32_t>(k), item->mark);
        }
        if (!ok) return std::nullopt;
        return set;
    }

    void entity(const Node& n) {
        if (!s_.is_mapping(n, "an entity")) return;
        s_.check_keys(n, {"id", "kind", "name", "tags", "controls", "likelihood"}, "an entity");
        Entity e;
        const Node* idn = s_.require(n, "id", "an entity");
        auto id = idn ? s_.id(*idn, "an entity id") : std::nullopt;
        if (const Node* k = s_.require(n, "kind", "an entity")) {
            if (k->kind == NodeKind::scalar && k->value == "organisation")
                e.kind = EntityKind::organisation;
            else if (k->kind == NodeKind::scalar && k->value == "supplier")
                e.kind = EntityKind::supplier;
            else
                s_.error(*k, fmt::format("an entity's kind must be 'organisation' or 'supplier', found {}{}",
                                         io::describe(*k), io::did_you_mean(k->value, {"organisation", "supplier"})));
        }
        if (const Node* x = s_.get(n, "name"))
            if (auto v = s_.string(*x, "an entity's name")) e.name = *v;
        if (const Node* x = s_.get(n, "tags")) e.tags = strings(*x, "'tags'");
        if (const Node* x = s_.get(n, "controls")) {
            if (s_.scalar_list(*x, "'controls'", items_)) {
                for (const Node* c : items_) {
                    int idx = rules_.find_control(c->value);
                    if (idx < 0) {
                        s_.error(*c, fmt::format("unknown control '{}'; the rule pack defines {}{}", c->value,
                                                 control_list(), io::did_you_mean(c->value, control_names_)));
                    } else if (std::find(e.controls.begin(), e.controls.end(), idx) != e.controls.end()) {
                        s_.error(*c, fmt::format("control '{}' is listed twice", c->value));
                    } else {
                        e.controls.push_back(idx);
                    }
                }
            }
        }
        if (const Node* x = s_.get(n, "likelihood"))
            if (auto v = s_.number_in(*x, "'likelihood'", 0, 1)) e.likelihood = *v;
        if (!id) return;
        std::uint32_t name = entity_names_.intern(*id);
        if (name >= entity_of_name_.size()) entity_of_name_.resize(name + 1, kNone);
        if (entity_of_name_[name] != kNone) {
            SourceMark first = entity_marks_[entity_of_name_[name]];
            s_.error(*idn, fmt::format("duplicate entity id '{}' (first at line {}, column {})", *id, first.line,
                                       first.column));
            return;
        }
        entity_of_name_[name] = static_cast<std::uint32_t>(model_.entities.size());
        e.id = std::string(*id);
        if (e.name.empty()) e.name = e.id;
        entity_marks_.push_back(idn->mark);
        model_.entities.push_back(std::move(e));
    }

    std::string control_list() const {
        if (control_names_.empty()) return "none";
        std::string out;
        for (std::size_t i = 0; i < control_names_.size() && i < 8; ++i) out += (i ? ", " : "") + std::string(control_names_[i]);
        if (control_names_.size() > 8) out += ", ...";
        return out;
    }

    void population(const Node& n) {
        if (!s_.is_mapping(n, "a population")) return;
        s_.check_keys(n, {"id", "owner", "size", "holds", "traits", "tags"}, "a population");
        Population p;
        const Node* idn = s_.require(n, "id", "a population");
        auto id = idn ? s_.id(*idn, "a population id") : std::nullopt;
        const Node* ownern = s_.require(n, "owner", "a population");
        auto owner = reference(ownern, "the owner", entity_names_);
        if (const Node* x = s_.require(n, "size", "a population"))
            if (auto v = s_.integer(*x, "'size'", 1, kMaxPopulationSize)) p.size = *v;
        if (const Node* x = s_.require(n, "holds", "a population"))
            if (auto v = categories(*x, "'holds'")) p.holds = *v;
        p.traits.reserve(rules_.traits.size());
        for (const Trait& t : rules_.traits) p.traits.push_back(t.default_value);
        if (const Node* x = s_.get(n, "traits"); x && s_.is_mapping(*x, "'traits'")) {
            for (std::size_t i = 0; i < x->children.size(); i += 2) {
                const Node& key = s_.child(*x, i);
                int t = rules_.find_trait(key.value);
                if (t < 0) {
                    s_.error(key, fmt::format("unknown trait '{}'{}", key.value,
                                              rules_.traits.empty() ? std::string("; the rule pack declares no traits")
                                                                    : io::did_you_mean(key.value, trait_names_)));
                    continue;
                }
                const Node& value = s_.child(*x, i + 1);
                double v = 0;
                // The message names the trait; build it only when there is an error.
                if (value.kind == NodeKind::scalar && value.plain && io::parse_number(value.value, v) == io::NumberStatus::ok)
                    p.traits[static_cast<std::size_t>(t)] = v;
                else
                    s_.number(value, fmt::format("trait '{}'", key.value));
            }
        }
        if (const Node* x = s_.get(n, "tags")) p.tags = strings(*x, "'tags'");
        // Registered even when its owner is invalid (already reported), so that
        // flows naming it do not report it as unknown too.
        if (!id) return;
        std::uint32_t name = population_names_.intern(*id);
        if (name >= population_of_name_.size()) population_of_name_.resize(name + 1, kNone);
        if (population_of_name_[name] != kNone) {
            SourceMark first = population_marks_[population_of_name_[name]];
            s_.error(*idn, fmt::format("duplicate population id '{}' (first at line {}, column {})", *id, first.line,
                                       first.column));
            return;
        }
        population_of_name_[name] = static_cast<std::uint32_t>(model_.populations.size());
        p.id = std::string(*id);
        population_marks_.push_back(idn->mark);
        population_owner_.push_back(owner.value_or(kNone));
        owner_marks_.push_back(ownern ? ownern->mark : n.mark);
        model_.populations.push_back(std::move(p));
    }

    void flow(const Node& n) {
        if (!s_.is_mapping(n, "a flow")) return;
        s_.check_keys(n, {"from", "to", "population", "categories", "share", "records"}, "a flow");
        FlowRaw raw{kNone, kNone, kNone, 0, 0, 0, n.mark, {}, {}, {}, {}, {}};
        const std::size_t marks_before = category_marks_.size();
        Flow f;
        bool ok = true;
        const Node* from = s_.require(n, "from", "a flow");
        const Node* to = s_.require(n, "to", "a flow");
        const Node* pop = s_.require(n, "population", "a flow");
        auto r_from = reference(from, "'from'", entity_names_);
        auto r_to = reference(to, "'to'", entity_names_);
        auto r_pop = reference(pop, "'population'", population_names_);
        ok = r_from && r_to && r_pop;
        if (ok) {
            raw.from = *r_from;
            raw.to = *r_to;
            raw.population = *r_pop;
            raw.from_mark = from->mark;
            raw.to_mark = to->mark;
            raw.population_mark = pop->mark;
            if (raw.from == raw.to) {
                s_.error(*to, fmt::format("a flow from '{}' to itself; 'from' and 'to' must differ",
                                          entity_names_.name(raw.from)));
                ok = false;
            }
        }
        if (const Node* c = s_.require(n, "categories", "a flow")) {
            raw.categories_mark = c->mark;
            if (auto v = categories(*c, "'categories'", &category_marks_)) {
                if (v->none()) {
                    s_.error(*c, "a flow needs at least one category");
                    ok = false;
                }
                f.categories = *v;
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
        const Node* share = s_.get(n, "share");
        const Node* records = s_.get(n, "records");
        if (share && records) {
            s_.error(*records, "a flow gives either 'share' or 'records', not both");
            ok = false;
        } else if (share) {
            raw.amount_mark = share->mark;
            auto v = s_.number(*share, "'share'");
            if (v && (*v <= 0 || *v > 1)) {
                s_.error(*share, fmt::format("'share' must be greater than 0 and at most 1, found {}", share->value));
                v.reset();
            }
            if (v) f.share = *v;
            else ok = false;
        } else if (records) {
            raw.amount_mark = records->mark;
            auto v = s_.integer(*records, "'records'", 1, kMaxPopulationSize);
            if (v) raw.records = *v;
            else ok = false;
        }
        if (!ok) {
            category_marks_.resize(marks_before);
            return;
        }
        raw.marks_begin = static_cast<std::uint32_t>(marks_before);
        raw.marks_end = static_cast<std::uint32_t>(category_marks_.size());
        flow_raw_.push_back(raw);
        model_.flows.push_back(f);
    }

    void access(const Node& n) {
        if (!s_.is_mapping(n, "an access edge")) return;
        s_.check_keys(n, {"from", "to", "probability"}, "an access edge");
        const Node* from = s_.require(n, "from", "an access edge");
        const Node* to = s_.require(n, "to", "an access edge");
        auto r_from = reference(from, "'from'", entity_names_);
        auto r_to = reference(to, "'to'", entity_names_);
        std::optional<double> prob;
        if (const Node* p = s_.require(n, "probability", "an access edge")) prob = s_.number_in(*p, "'probability'", 0, 1);
        if (!r_from || !r_to || !prob) return;
        if (*r_from == *r_to) {
            s_.error(*to, fmt::format("an access edge from '{}' to itself; 'from' and 'to' must differ",
                                      entity_names_.name(*r_from)));
            return;
        }
        access_raw_.push_back(AccessRaw{*r_from, *r_to, n.mark, from->mark, to->mark});
        model_.access.push_back(Access{-1, -1, *prob});
    }

    // ---- after the whole document ------------------------------------------
    int entity(std::uint32_t name, SourceMark at) {
        std::uint32_t e = name < entity_of_name_.size() ? entity_of_name_[name] : kNone;
        if (e != kNone) return static_cast<int>(e);
        const std::string& id = entity_names_.name(name);
        if (candidates_.empty())
            for (const Entity& x : model_.entities) candidates_.push_back(x.id);
        s_.error(at, fmt::format("unknown entity '{}'{}", id, io::did_you_mean(id, candidates_)));
        resolved_ = false;
        return -1;
    }

    int population_index(std::uint32_t name, SourceMark at) {
        std::uint32_t p = name < population_of_name_.size() ? population_of_name_[name] : kNone;
        if (p != kNone) return static_cast<int>(p);
        const std::string& id = population_names_.name(name);
        std::vector<std::string_view> names;
        for (const Population& x : model_.populations) names.push_back(x.id);
        s_.error(at, fmt::format("unknown population '{}'{}", id, io::did_you_mean(id, names)));
        resolved_ = false;
        return -1;
    }

    void resolve() {
        for (std::size_t i = 0; i < model_.populations.size() && !diags_.full(); ++i)
            if (population_owner_[i] != kNone)
                model_.populations[i].owner = entity(population_owner_[i], owner_marks_[i]);
        for (std::size_t i = 0; i < model_.flows.size() && !diags_.full(); ++i) {
            Flow& f = model_.flows[i];
            const FlowRaw& raw = flow_raw_[i];
            f.from = entity(raw.from, raw.from_mark);
            f.to = entity(raw.to, raw.to_mark);
            f.population = population_index(raw.population, raw.population_mark);
            if (raw.records && f.population >= 0) {
                const Population& p = model_.populations[static_cast<std::size_t>(f.population)];
                if (raw.records > p.size) {
                    resolved_ = false;
                    s_.error(raw.amount_mark, fmt::format("'records' is {} but population '{}' has only {} people",
                                                          raw.records, p.id, p.size));
                } else
                    f.share = static_cast<double>(raw.records) / static_cast<double>(p.size);
            }
        }
        std::vector<std::pair<std::pair<int, int>, std::size_t>> edges;
        for (std::size_t i = 0; i < model_.access.size() && !diags_.full(); ++i) {
            Access& a = model_.access[i];
            a.from = entity(access_raw_[i].from, access_raw_[i].from_mark);
            a.to = entity(access_raw_[i].to, access_raw_[i].to_mark);
            if (a.from >= 0 && a.to >= 0) edges.push_back({{a.from, a.to}, i});
        }
        // A repeated access edge is an error (flows merge; edges would double-count).
        std::sort(edges.begin(), edges.end());
        for (std::size_t i = 1; i < edges.size(); ++i) {
            if (edges[i].first != edges[i - 1].first) continue;
            const AccessRaw& first = access_raw_[edges[i - 1].second];
            const AccessRaw& again = access_raw_[edges[i].second];
            s_.error(again.item, fmt::format("repeated access edge from '{}' to '{}' (first at line {}); give one edge "
                                             "with the combined probability",
                                             entity_names_.name(again.from), entity_names_.name(again.to),
                                             first.item.line));
        }
    }

    void check_flows() {
        graph::Coverage coverage(model_);
        for (std::size_t i = 0; i < model_.flows.size() && !diags_.full(); ++i) {
            const Flow& f = model_.flows[i];
            graph::for_each_category(f.categories, [&](std::uint32_t k) {
                double held = coverage.get(static_cast<std::size_t>(f.from), static_cast<std::uint32_t>(f.population), k);
                if (f.share <= held) return;
                const std::string& sender = model_.entities[static_cast<std::size_t>(f.from)].id;
                const std::string& pop = model_.populations[static_cast<std::size_t>(f.population)].id;
                std::string holds = held == 0 ? "holds none of it" : fmt::format("holds it only at share {}", held);
                SourceMark at = flow_raw_[i].categories_mark;
                for (std::uint32_t m = flow_raw_[i].marks_begin; m < flow_raw_[i].marks_end; ++m)
                    if (category_marks_[m].first == k) at = category_marks_[m].second;
                s_.error(at,
                         fmt::format("the flow from '{}' to '{}' passes '{}' of '{}' at share {}, but '{}' {}", sender,
                                     model_.entities[static_cast<std::size_t>(f.to)].id, rules_.categories[k].name,
                                     pop, f.share, sender, holds));
            });
        }
    }

    void check_expressions() {
        scoring::SeverityModel sev(model_, rules_);
        for (const scoring::ExpressionFault& f : sev.faults()) {
            const Rule& r = rules_.rules[static_cast<std::size_t>(f.rule)];
            s_.error(population_marks_[static_cast<std::size_t>(f.population)],
                     fmt::format("rule '{}': '{}' evaluates to {} for population '{}' (check its traits)", r.id,
                                 f.where, std::isnan(f.value) ? "NaN (not a number)" : "infinity", model_.populations[static_cast<std::size_t>(f.population)].id));
        }
    }

    Events events_;
    const std::string& file_;
    std::uint64_t max_file_size_;
    std::vector<std::string> csv_files_;  // the CSV inventories read, for marks with file = 1, 2, ...
    std::deque<std::string> csv_texts_;   // their text: the readers and the cells' raw views point into it
    const RulePack& rules_;
    Diagnostics& diags_;
    io::TreeBuilder tree_;
    io::Schema s_;
    Model model_;
    bool resolved_ = true;  // every reference resolved

    std::unordered_map<std::string_view, int> category_index_;
    std::vector<std::string_view> category_names_, trait_names_, control_names_, candidates_;
    Names entity_names_, population_names_;
    std::vector<std::uint32_t> entity_of_name_, population_of_name_;
    std::vector<SourceMark> entity_marks_, population_marks_, owner_marks_;
    std::vector<std::uint32_t> population_owner_;
    std::vector<const Node*> items_;  // reused by list readers
    std::vector<FlowRaw> flow_raw_;
    std::vector<std::pair<std::uint32_t, SourceMark>> category_marks_;
    std::vector<AccessRaw> access_raw_;
};

}  // namespace

Loaded<Model> load_model_text(std::string_view text, const std::string& file_name, const RulePack& rules,
                              const ModelLoadOptions& options) {
    Loaded<Model> out;
    if (text.size() > options.max_file_size) {
        out.diagnostics.error(file_name, {},
                              fmt::format("the file is larger than the limit of {} bytes", options.max_file_size));
        return out;
    }
    if (!io::check_text(text, file_name, out.diagnostics)) return out;
    ModelReader reader(text, file_name, rules, out.diagnostics, options.max_file_size);
    auto model = reader.read();
    if (model && out.diagnostics.empty()) {
        if (model->name.empty()) model->name = file_name;
        out.value = std::move(model);
    }
    return out;
}

Loaded<Model> load_model_file(const std::string& path, const RulePack& rules, const ModelLoadOptions& options) {
    Loaded<Model> out;
    auto text = io::read_input(path, options.max_file_size, out.diagnostics);
    if (!text) return out;
    return load_model_text(*text, path, rules, options);
}

}  // namespace breachrank
