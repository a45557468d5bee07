// write_model_yaml(): a model back to `breachrank: model/1`, one flow-style
// mapping per line (the layout vendor inventories use), names JSON-escaped
// (a JSON string is a valid YAML double-quoted scalar).
// write_model_csv(): the same model as a YAML file naming four CSV
// inventories, in the columns the loader reads (README "CSV inventories").
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "breachrank/diagnostic.hpp"
#include "breachrank/generate.hpp"
#include "model/coverage.hpp"

namespace breachrank {

namespace {

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

std::string categories(const RulePack& rules, const CategorySet& set) {
    std::string out;
    model::for_each_category(set, [&](std::uint32_t k) {
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

// One CSV cell: quoted when it holds a separator, a quote, a line break or
// surrounding spaces (which an unquoted cell loses).
std::string cell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' ')))
        return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string cell_list(const std::vector<std::string>& items, const char* what) {
    std::string out;
    for (const std::string& s : items) {
        if (s.find(';') != std::string::npos)
            throw Error(fmt::format("the {} '{}' holds ';', which separates the items of a CSV list", what, s));
        out += (out.empty() ? "" : ";") + s;
    }
    return cell(out);
}

std::string category_list(const RulePack& rules, const CategorySet& set) {
    std::string out;
    model::for_each_category(set, [&](std::uint32_t k) {
        if (!out.empty()) out += ';';
        out += rules.categories[k].name;
    });
    return out;
}

}  // namespace

ModelFiles write_model_csv(const Model& m, const RulePack& rules, const std::string& stem) {
    ModelFiles out;
    auto id = [&](int e) -> const std::string& { return m.entities[static_cast<std::size_t>(e)].id; };
    std::string entities = "id,kind,name,tags,controls,likelihood\n";
    for (const Entity& e : m.entities) {
        std::vector<std::string> controls;
        for (int c : e.controls) controls.push_back(rules.likelihood.controls[static_cast<std::size_t>(c)].name);
        entities += fmt::format("{},{},{},{},{},{}\n", cell(e.id), kind_name(e.kind), cell(e.name),
                                cell_list(e.tags, "tag"), cell_list(controls, "control"),
                                e.likelihood ? fmt::format("{}", *e.likelihood) : std::string());
    }
    // A column for each trait some population sets away from its default.
    std::vector<std::size_t> traits;
    for (std::size_t t = 0; t < rules.traits.size(); ++t)
        for (const Population& p : m.populations)
            if (t < p.traits.size() && p.traits[t] != rules.traits[t].default_value) {
                traits.push_back(t);
                break;
            }
    std::string populations = "id,owner,size,holds,tags";
    for (std::size_t t : traits) populations += ",traits." + rules.traits[t].name;
    populations += '\n';
    for (const Population& p : m.populations) {
        populations += fmt::format("{},{},{},{},{}", cell(p.id), cell(id(p.owner)), p.size,
                                   category_list(rules, p.holds), cell_list(p.tags, "tag"));
        for (std::size_t t : traits)
            populations += p.traits[t] != rules.traits[t].default_value ? fmt::format(",{}", p.traits[t]) : ",";
        populations += '\n';
    }
    // A `required` column only when some flow says what its service needs.
    const bool required = std::any_of(m.flows.begin(), m.flows.end(), [](const Flow& f) { return f.required.any(); });
    std::string flows = required ? "from,to,population,categories,share,required\n" : "from,to,population,categories,share\n";
    for (const Flow& f : m.flows) {
        flows += fmt::format("{},{},{},{},{}", cell(id(f.from)), cell(id(f.to)),
                             cell(m.populations[static_cast<std::size_t>(f.population)].id),
                             category_list(rules, f.categories), f.share);
        if (required) flows += "," + category_list(rules, f.required);
        flows += '\n';
    }
    std::string access = "from,to,probability\n";
    for (const Access& a : m.access) access += fmt::format("{},{},{}\n", cell(id(a.from)), cell(id(a.to)), a.probability);
    // Segments, when any population has them: a fifth file naming each
    // segment's population, one column per trait some segment sets.
    std::string segments;
    std::vector<int> segment_traits;
    for (const Population& p : m.populations)
        for (const Segment& s : p.segments)
            for (const auto& [t, v] : s.traits)
                if (std::find(segment_traits.begin(), segment_traits.end(), t) == segment_traits.end())
                    segment_traits.push_back(t);
    std::sort(segment_traits.begin(), segment_traits.end());
    for (const Population& p : m.populations)
        for (const Segment& s : p.segments) {
            segments += fmt::format("{},{},{},{}", cell(p.id), cell(s.id), s.size, cell_list(s.tags, "tag"));
            for (int t : segment_traits) {
                auto it = std::find_if(s.traits.begin(), s.traits.end(), [&](const auto& x) { return x.first == t; });
                segments += it == s.traits.end() ? std::string(",") : fmt::format(",{}", it->second);
            }
            segments += '\n';
        }
    if (!segments.empty()) {
        std::string header = "population,id,size,tags";
        for (int t : segment_traits) header += ",traits." + rules.traits[static_cast<std::size_t>(t)].name;
        segments = header + "\n" + segments;
    }
    out.yaml = "breachrank: model/1\nname: " + quoted(m.name) + "\n";
    const std::pair<const char*, std::string*> sections[] = {{"entities", &entities},
                                                            {"populations", &populations},
                                                            {"flows", &flows},
                                                            {"access", &access},
                                                            {"segments", &segments}};
    for (const auto& [key, text] : sections) {
        if (text->empty()) continue;  // segments only when some population has them
        std::string file = fmt::format("{}.{}.csv", stem, key);
        out.yaml += fmt::format("{}: {{csv: {}}}\n", key, nlohmann::json(file).dump());
        out.csv.emplace_back(std::move(file), std::move(*text));
    }
    return out;
}

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
        if (!p.segments.empty()) {
            out += ", segments: [";
            for (std::size_t k = 0; k < p.segments.size(); ++k) {
                const Segment& s = p.segments[k];
                out += fmt::format("{}{{id: {}, size: {}", k ? ", " : "", s.id, s.size);
                std::string st;
                for (const auto& [t, v] : s.traits)
                    st += fmt::format("{}{}: {}", st.empty() ? "" : ", ", rules.traits[static_cast<std::size_t>(t)].name, v);
                if (!st.empty()) out += ", traits: {" + st + "}";
                if (!s.tags.empty()) out += ", tags: " + list(s.tags);
                out += "}";
            }
            out += "]";
        }
        out += "}\n";
    }
    out += "flows:\n";
    for (const Flow& f : m.flows)
        out += fmt::format("  - {{from: {}, to: {}, population: {}, categories: {}, share: {}{}}}\n",
                           m.entities[static_cast<std::size_t>(f.from)].id, m.entities[static_cast<std::size_t>(f.to)].id,
                           m.populations[static_cast<std::size_t>(f.population)].id, categories(rules, f.categories),
                           f.share, f.required.any() ? ", required: " + categories(rules, f.required) : std::string());
    out += "access:\n";
    for (const Access& a : m.access)
        out += fmt::format("  - {{from: {}, to: {}, probability: {}}}\n", m.entities[static_cast<std::size_t>(a.from)].id,
                           m.entities[static_cast<std::size_t>(a.to)].id, a.probability);
    return out;
}

}  // namespace breachrank
