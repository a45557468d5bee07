// write_model_yaml(): a model back to `breachrank: model/1`, one flow-style
// mapping per line (the layout vendor inventories use), names JSON-escaped
// (a JSON string is a valid YAML double-quoted scalar).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "breachrank/generate.hpp"
#include "graph/coverage.hpp"

namespace breachrank {

namespace {

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

std::string categories(const RulePack& rules, const CategorySet& set) {
    std::string out;
    graph::for_each_category(set, [&](std::uint32_t k) {
        if (!out.empty()) out += ", ";
        out += rules.categories[k].name;
    });
    return "[" + out + "]";
}

std::string list(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : ", ") + quoted(s);
    return "[" + out + "]";
}

}  // namespace

std::string write_model_yaml(const Model& m, const RulePack& rules) {
    std::string out = "breachrank: model/1\nname: " + quoted(m.name) + "\nentities:\n";
    for (const Entity& e : m.entities) {
        out += fmt::format("  - {{id: {}, kind: {}, name: {}", e.id, kind_name(e.kind), quoted(e.name));
        if (!e.tags.empty()) out += ", tags: " + list(e.tags);
        if (!e.controls.empty()) {
            std::vector<std::string> names;
            for (int c : e.controls) names.push_back(rules.likelihood.controls[static_cast<std::size_t>(c)].name);
            out += ", controls: " + list(names);
        }
        if (e.likelihood) out += fmt::format(", likelihood: {}", *e.likelihood);
        out += "}\n";
    }
    out += "populations:\n";
    for (const Population& p : m.populations) {
        out += fmt::format("  - {{id: {}, owner: {}, size: {}, holds: {}", p.id,
                           m.entities[static_cast<std::size_t>(p.owner)].id, p.size, categories(rules, p.holds));
        std::string traits;
        for (std::size_t t = 0; t < p.traits.size() && t < rules.traits.size(); ++t)
            if (p.traits[t] != rules.traits[t].default_value)
                traits += fmt::format("{}{}: {}", traits.empty() ? "" : ", ", rules.traits[t].name, p.traits[t]);
        if (!traits.empty()) out += ", traits: {" + traits + "}";
        if (!p.tags.empty()) out += ", tags: " + list(p.tags);
        out += "}\n";
    }
    out += "flows:\n";
    for (const Flow& f : m.flows)
        out += fmt::format("  - {{from: {}, to: {}, population: {}, categories: {}, share: {}}}\n",
                           m.entities[static_cast<std::size_t>(f.from)].id, m.entities[static_cast<std::size_t>(f.to)].id,
                           m.populations[static_cast<std::size_t>(f.population)].id, categories(rules, f.categories),
                           f.share);
    out += "access:\n";
    for (const Access& a : m.access)
        out += fmt::format("  - {{from: {}, to: {}, probability: {}}}\n", m.entities[static_cast<std::size_t>(a.from)].id,
                           m.entities[static_cast<std::size_t>(a.to)].id, a.probability);
    return out;
}

}  // namespace breachrank
