// The supply chain as a Graphviz DOT digraph (`breachrank graph`).
#include <algorithm>

#include <fmt/format.h>

#include "breachrank/report.hpp"
#include "report/text_format.hpp"

namespace breachrank {

using report::human;
using report::join;

std::string render_dot(const Model& model, const RulePack& rules, const ScoreResult& scores) {
    // Tier colours from the riskiest tier down; entities without a tier are grey.
    static const char* palette[] = {"#d7301f", "#fc8d59", "#fdcc8a", "#fef0d9", "#f7f7f7"};
    auto colour_of_tier = [&](const std::string& tier) -> std::string {
        for (std::size_t i = 0; i < rules.tiers.size(); ++i)
            if (rules.tiers[i].name == tier) return palette[std::min<std::size_t>(i, 4)];
        return "#dddddd";
    };
    auto esc = [](const std::string& s) {
        std::string o;
        for (char c : s) {
            if (c == '"' || c == '\\') o += '\\';
            o += c;
        }
        return o;
    };
    std::string out = fmt::format("digraph \"{}\" {{\n  rankdir=LR;\n  node [style=filled, fontname=\"Helvetica\"];\n"
                                  "  edge [fontname=\"Helvetica\", fontsize=9];\n",
                                  esc(model.name));
    std::vector<const VendorScore*> by_id(model.entities.size(), nullptr);
    for (const VendorScore& v : scores.vendors) {
        int e = model.find_entity(v.id);
        if (e >= 0) by_id[static_cast<std::size_t>(e)] = &v;
    }
    for (std::size_t e = 0; e < model.entities.size(); ++e) {
        const Entity& ent = model.entities[e];
        if (ent.kind == EntityKind::channel) {
            const VendorScore* v = by_id[e];
            out += fmt::format("  \"{}\" [shape=note, fillcolor=\"{}\", label=\"{}\\nchannel, {} risk {}\"];\n", esc(ent.id),
                               colour_of_tier(v ? v->tier : ""), esc(ent.name),
                               v && !v->tier.empty() ? v->tier : "no tier", v ? human(v->risk) : "0");
        } else if (ent.kind == EntityKind::organisation) {
            out += fmt::format("  \"{}\" [shape=box, fillcolor=\"#9ecae1\", label=\"{}\"];\n", esc(ent.id), esc(ent.name));
        } else {
            const VendorScore* v = by_id[e];
            std::string tier = v ? v->tier : "";
            out += fmt::format("  \"{}\" [shape=ellipse, fillcolor=\"{}\", label=\"{}\\n{} risk {}\"];\n", esc(ent.id),
                               colour_of_tier(tier), esc(ent.name), tier.empty() ? "no tier" : tier,
                               v ? human(v->risk) : "0");
        }
    }
    for (const Flow& f : model.flows)
        out += fmt::format("  \"{}\" -> \"{}\" [label=\"{}: {} @ {}\"];\n",
                           esc(model.entities[static_cast<std::size_t>(f.from)].id),
                           esc(model.entities[static_cast<std::size_t>(f.to)].id),
                           esc(model.populations[static_cast<std::size_t>(f.population)].id),
                           esc(join(rules.category_names(f.categories), ", ")), fmt::format("{:.4g}", f.share));
    for (const Access& a : model.access)
        out += fmt::format("  \"{}\" -> \"{}\" [style=dashed, color=\"#cb181d\", fontcolor=\"#cb181d\", "
                           "label=\"access p={}\"];\n",
                           esc(model.entities[static_cast<std::size_t>(a.from)].id),
                           esc(model.entities[static_cast<std::size_t>(a.to)].id), a.probability);
    return out + "}\n";
}

}  // namespace breachrank
