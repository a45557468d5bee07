// Loads and validates scenario files (SPEC §5) from a yaml-cpp event stream,
// with the same diagnostics as models and rule packs.
#include <algorithm>

#include <fmt/format.h>

#include "breachrank/scenario.hpp"
#include "io/input.hpp"
#include "io/schema.hpp"
#include "io/yaml_tree.hpp"
#include "support/did_you_mean.hpp"

namespace breachrank {

namespace {

using io::Node;
using io::NodeKind;

struct KindInfo {
    ChangeKind kind;
    std::vector<std::string_view> keys;  // (not an initializer_list: its array would not outlive this table's initialiser)
};

const std::vector<std::pair<std::string_view, KindInfo>>& kinds() {
    static const std::vector<std::pair<std::string_view, KindInfo>> k = {
        {"remove_categories", {ChangeKind::remove_categories, {"from", "to", "population", "categories"}}},
        {"set_share", {ChangeKind::set_share, {"from", "to", "population", "share", "records"}}},
        {"remove_flow", {ChangeKind::remove_flow, {"from", "to", "population"}}},
        {"add_flow", {ChangeKind::add_flow, {"from", "to", "population", "categories", "share", "records", "required"}}},
        {"add_control", {ChangeKind::add_control, {"entity", "control"}}},
        {"remove_control", {ChangeKind::remove_control, {"entity", "control"}}},
        {"set_likelihood", {ChangeKind::set_likelihood, {"entity", "value"}}},
        {"remove_entity", {ChangeKind::remove_entity, {}}},
        {"add_entity", {ChangeKind::add_entity, {"id", "kind", "name", "tags", "controls", "likelihood"}}},
        {"add_population", {ChangeKind::add_population, {"id", "owner", "size", "holds", "traits", "tags"}}},
        {"add_access", {ChangeKind::add_access, {"from", "to", "probability"}}},
        {"remove_access", {ChangeKind::remove_access, {"from", "to"}}},
    };
    return k;
}

class ScenarioReader {
public:
    ScenarioReader(const io::TreeBuilder& tree, const std::string& file, const RulePack& rules, Diagnostics& diags)
        : s_(tree, file, diags), rules_(rules) {}

    std::optional<Scenario> read(const Node& root, const std::string& file);

private:
    /// One item of `changes`; nullopt after reporting why it is not a change.
    std::optional<Change> change(const Node& item, const std::vector<std::string_view>& kind_names);
    /// The fields of a change of kind c.kind from its mapping `body`.
    void fields(const Node& body, Change& c, const std::string& what);
    void entity_fields(const Node& body, Change& c, const std::string& what);
    void population_fields(const Node& body, Change& c, const std::string& what);

    std::string id(const Node& map, std::string_view key, std::string_view what, bool required = true) {
        const Node* n = required ? s_.require(map, key, what) : s_.get(map, key);
        if (!n) return {};
        auto v = s_.id(*n, fmt::format("'{}'", key));
        return v ? std::string(*v) : std::string();
    }
    std::vector<std::string> names(const Node& map, std::string_view key, std::string_view what, bool categories,
                                   bool required) {
        std::vector<std::string> out;
        const Node* n = required ? s_.require(map, key, what) : s_.get(map, key);
        if (!n || !s_.scalar_list(*n, fmt::format("'{}'", key), items_)) return out;
        std::vector<std::string_view> known;
        if (categories)
            for (const Category& c : rules_.categories) known.push_back(c.name);
        for (const Node* item : items_) {
            if (categories && rules_.find_category(item->value) < 0) {
                s_.error(*item, fmt::format("unknown category '{}'{}", item->value, support::did_you_mean(item->value, known)));
                continue;
            }
            out.push_back(item->value);
        }
        if (categories && n->children.empty()) s_.error(*n, fmt::format("'{}' is an empty list", key));
        return out;
    }
    // add_flow's `required`, as a model's flow: what the service needs must be
    // something the flow passes (SPEC §2).
    void required_data(const Node& map, Change& c) {
        if (!s_.get(map, "required")) return;
        c.required = names(map, "required", "'add_flow'", true, false);
        for (const Node* item : items_)
            if (rules_.find_category(item->value) >= 0 &&
                std::find(c.categories.begin(), c.categories.end(), item->value) == c.categories.end())
                s_.error(*item, fmt::format("'required' names '{}', which the flow does not pass (its 'categories' are "
                                            "what it sends)",
                                            item->value));
    }
    void amount(const Node& map, Change& c, bool required) {
        const Node* share = s_.get(map, "share");
        const Node* records = s_.get(map, "records");
        if (share && records) {
            s_.error(*records, "give either 'share' or 'records', not both");
        } else if (share) {
            if (auto v = s_.share(*share)) c.share = *v;
        } else if (records) {
            if (auto v = s_.integer(*records, "'records'", 1, kMaxPopulationSize)) c.records = *v;
        } else if (required) {
            s_.error(map, "missing 'share' or 'records'");
        }
    }
    void control(const Node& map, Change& c) {
        const Node* n = s_.require(map, "control", "the change");
        if (!n) return;
        auto v = s_.id(*n, "'control'");
        if (!v) return;
        if (rules_.find_control(*v) < 0) {
            std::vector<std::string_view> known;
            for (const NamedFactor& f : rules_.likelihood.controls) known.push_back(f.name);
            s_.error(*n, fmt::format("unknown control '{}'{}", *v, support::did_you_mean(*v, known)));
            return;
        }
        c.control = std::string(*v);
    }

    io::Schema s_;
    const RulePack& rules_;
    std::vector<const Node*> items_;
};

std::optional<Scenario> ScenarioReader::read(const Node& root, const std::string& file) {
    if (!s_.is_mapping(root, "a scenario")) return std::nullopt;
    const Node* header = s_.get(root, "breachrank");
    if (!header) {
        s_.error(root, "missing the header 'breachrank: scenario/1'");
    } else if (header->kind != NodeKind::scalar || header->value != "scenario/1") {
        s_.error(*header, fmt::format("expected 'breachrank: scenario/1', found {}", io::describe(*header)));
        return std::nullopt;
    }
    s_.check_keys(root, {"breachrank", "name", "changes"}, "the scenario");
    Scenario sc;
    sc.file = file;
    if (const Node* n = s_.get(root, "name")) {
        if (auto v = s_.string(*n, "the scenario's name")) sc.name = std::string(*v);
    } else {
        sc.name = file;
    }
    const Node* changes = s_.require(root, "changes", "the scenario");
    if (!changes || !s_.is_sequence(*changes, "'changes'")) return sc;
    std::vector<std::string_view> kind_names;
    for (const auto& [name, info] : kinds()) kind_names.push_back(name);
    for (std::size_t i = 0; i < changes->children.size() && !s_.full(); ++i)
        if (auto c = change(s_.child(*changes, i), kind_names)) sc.changes.push_back(std::move(*c));
    return sc;
}

std::optional<Change> ScenarioReader::change(const Node& item, const std::vector<std::string_view>& kind_names) {
    if (!s_.is_mapping(item, "a change")) return std::nullopt;
    if (item.children.size() != 2) {
        s_.error(item, "a change is a mapping with exactly one key, the kind of change (for example "
                       "'remove_flow: {from: a, to: b}')");
        return std::nullopt;
    }
    const Node& key = s_.child(item, 0);
    const Node& body = s_.child(item, 1);
    auto it = std::find_if(kinds().begin(), kinds().end(), [&](const auto& k) { return k.first == key.value; });
    if (it == kinds().end()) {
        s_.error(key, fmt::format("unknown change '{}'{}", key.value, support::did_you_mean(key.value, kind_names)));
        return std::nullopt;
    }
    Change c;
    c.kind = it->second.kind;
    c.mark = key.mark;
    const std::string what = fmt::format("'{}'", key.value);
    if (c.kind == ChangeKind::remove_entity) {
        if (auto v = s_.id(body, "the entity to remove")) c.entity = std::string(*v);
        return c;
    }
    if (!s_.is_mapping(body, what)) return std::nullopt;
    s_.check_keys(body, it->second.keys, what);
    fields(body, c, what);
    return c;
}

void ScenarioReader::fields(const Node& body, Change& c, const std::string& what) {
    switch (c.kind) {
        case ChangeKind::remove_categories:
        case ChangeKind::set_share:
        case ChangeKind::remove_flow:
        case ChangeKind::add_flow:
            c.from = id(body, "from", what);
            c.to = id(body, "to", what);
            c.population = id(body, "population", what, c.kind != ChangeKind::remove_flow);
            if (c.kind == ChangeKind::remove_categories || c.kind == ChangeKind::add_flow)
                c.categories = names(body, "categories", what, true, true);
            if (c.kind == ChangeKind::set_share) amount(body, c, true);
            if (c.kind == ChangeKind::add_flow) {
                amount(body, c, false);
                required_data(body, c);
            }
            break;
        case ChangeKind::add_control:
        case ChangeKind::remove_control:
            c.entity = id(body, "entity", what);
            control(body, c);
            break;
        case ChangeKind::set_likelihood:
            c.entity = id(body, "entity", what);
            if (const Node* v = s_.require(body, "value", what); v && !v->null)
                c.likelihood = s_.number_in(*v, "'value'", 0, 1);
            break;
        case ChangeKind::add_entity: entity_fields(body, c, what); break;
        case ChangeKind::add_population: population_fields(body, c, what); break;
        case ChangeKind::add_access:
        case ChangeKind::remove_access:
            c.from = id(body, "from", what);
            c.to = id(body, "to", what);
            if (c.kind == ChangeKind::add_access)
                if (const Node* p = s_.require(body, "probability", what))
                    c.probability = s_.number_in(*p, "'probability'", 0, 1).value_or(0);
            break;
        case ChangeKind::remove_entity: break;
    }
}

void ScenarioReader::entity_fields(const Node& body, Change& c, const std::string& what) {
    c.entity = id(body, "id", what);
    if (const Node* k = s_.require(body, "kind", what)) {
        if (k->kind == NodeKind::scalar && parse_kind(k->value))
            c.kind_text = k->value;
        else
            s_.error(*k, fmt::format("an entity's kind must be 'organisation', 'supplier' or 'channel', found {}{}",
                                     io::describe(*k),
                                     support::did_you_mean(k->value, {"organisation", "supplier", "channel"})));
    }
    if (const Node* n = s_.get(body, "name"))
        if (auto v = s_.string(*n, "'name'")) c.name = std::string(*v);
    c.tags = names(body, "tags", what, false, false);
    if (const Node* ctl = s_.get(body, "controls"); ctl && s_.scalar_list(*ctl, "'controls'", items_)) {
        std::vector<std::string_view> known;
        for (const NamedFactor& f : rules_.likelihood.controls) known.push_back(f.name);
        for (const Node* ctl_item : items_) {
            if (rules_.find_control(ctl_item->value) < 0)
                s_.error(*ctl_item, fmt::format("unknown control '{}'{}", ctl_item->value,
                                            support::did_you_mean(ctl_item->value, known)));
            else if (std::find(c.controls.begin(), c.controls.end(), ctl_item->value) != c.controls.end())
                s_.error(*ctl_item, fmt::format("control '{}' is listed twice", ctl_item->value));
            else
                c.controls.push_back(ctl_item->value);
        }
    }
    if (const Node* l = s_.get(body, "likelihood")) c.likelihood = s_.number_in(*l, "'likelihood'", 0, 1);
}

void ScenarioReader::population_fields(const Node& body, Change& c, const std::string& what) {
    c.entity = id(body, "id", what);
    c.to = id(body, "owner", what);
    if (const Node* n = s_.require(body, "size", what))
        if (auto v = s_.integer(*n, "'size'", 1, kMaxPopulationSize)) c.size = *v;
    c.categories = names(body, "holds", what, true, true);
    c.tags = names(body, "tags", what, false, false);
    if (const Node* t = s_.get(body, "traits"); t && s_.is_mapping(*t, "'traits'")) {
        std::vector<std::string_view> known;
        for (const Trait& tr : rules_.traits) known.push_back(tr.name);
        for (std::size_t k = 0; k < t->children.size(); k += 2) {
            const Node& tk = s_.child(*t, k);
            if (rules_.find_trait(tk.value) < 0) {
                s_.error(tk, fmt::format("unknown trait '{}'{}", tk.value, support::did_you_mean(tk.value, known)));
                continue;
            }
            if (auto v = s_.number(s_.child(*t, k + 1), fmt::format("trait '{}'", tk.value)))
                c.traits.emplace_back(tk.value, *v);
        }
    }
}

}  // namespace

const char* change_name(ChangeKind kind) {
    for (const auto& [name, info] : kinds())
        if (info.kind == kind) return name.data();
    return "?";
}

Loaded<Scenario> load_scenario_text(std::string_view text, const std::string& file_name, const RulePack& rules) {
    Loaded<Scenario> out;
    if (!io::check_text(text, file_name, out.diagnostics)) return out;
    io::TreeBuilder tree(file_name, out.diagnostics);
    if (!io::read_yaml_document(text, tree)) return out;
    ScenarioReader reader(tree, file_name, rules, out.diagnostics);
    auto sc = reader.read(tree.root(), file_name);
    if (sc && out.diagnostics.empty()) out.value = std::move(sc);
    return out;
}

Loaded<Scenario> load_scenario_file(const std::string& path, const RulePack& rules) {
    Loaded<Scenario> out;
    auto text = io::read_input(path, 16u << 20, out.diagnostics);
    if (!text) return out;
    return load_scenario_text(*text, path, rules);
}

}  // namespace breachrank
