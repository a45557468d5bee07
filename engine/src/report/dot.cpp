// The supply chain as a Graphviz DOT digraph (`breachrank graph`).
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "breachrank/report.hpp"
#include "report/html_parts.hpp"
#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank {

std::string render_dot(const Model& model, const RulePack& rules, const ScoreResult& scores) {
    return report::supply_chain_dot(model, rules, scores, nullptr, false);
}

std::string render_dot(const Model& model, const RulePack& rules, const ScoreResult& scores, const DotOptions& options) {
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t e = 0; e < model.entities.size(); ++e) index.emplace(model.entities[e].id, e);
    auto mark = [&](const std::vector<std::string>& ids, char value, std::vector<char>& out) {
        for (const std::string& id : ids)
            if (auto it = index.find(id); it != index.end()) out[it->second] = value;
    };
    std::vector<char> keep(model.entities.size(), options.entities.empty() ? 1 : 0);
    mark(options.entities, 1, keep);
    if (!options.centres.empty()) {
        std::vector<char> centre(model.entities.size(), 0);
        mark(options.centres, 1, centre);
        for (std::size_t e = 0; e < keep.size(); ++e)
            if (keep[e] && centre[e]) keep[e] = 2;  // report::supply_chain_dot: an edge needs a centre at one end
    }
    return report::supply_chain_dot(model, rules, scores, &keep, options.compact);
}

namespace report {

std::string supply_chain_dot(const Model& model, const RulePack& rules, const ScoreResult& scores,
                             const std::vector<char>* keep, bool compact) {
    auto kept = [&](int e) { return !keep || (*keep)[static_cast<std::size_t>(e)] != 0; };
    // With centres (marked 2), an edge is drawn only when one of its ends is one.
    const bool centred = keep && std::find(keep->begin(), keep->end(), char{2}) != keep->end();
    auto drawn = [&](int a, int b) {
        return kept(a) && kept(b) &&
               (!centred || (*keep)[static_cast<std::size_t>(a)] == 2 || (*keep)[static_cast<std::size_t>(b)] == 2);
    };
    // Tier colours from the riskiest tier down; entities without a tier are
    // grey. The page's drawing uses the page's light tints under dark text
    // and adds each tier's mark (squares, more for riskier), so it reads in
    // greyscale; `graph` keeps its stronger colours.
    static const char* strong[] = {"#d7301f", "#fc8d59", "#fdcc8a", "#fef0d9", "#f7f7f7"};
    static const char* tint[] = {"#f6c9c2", "#fbe0b8", "#fff3b8", "#d9ecd0", "#eeeeee"};
    const Html tiers(rules.tiers);
    auto colour_of_tier = [&](const std::string& tier) -> std::string {
        const std::size_t i = tiers.tier_index(tier);
        if (i == rules.tiers.size()) return "#dddddd";
        return (compact ? tint : strong)[i < 4 ? i : std::size_t{4}];
    };
    auto tier_text = [&](const std::string& tier) {
        if (!compact) return tier.empty() ? std::string("no tier") : tier;
        return tiers.tier_label(tier);  // as the page marks it
    };
    auto esc = [](const std::string& s) {
        std::string o;
        for (char c : s) {
            if (c == '"' || c == '\\') o += '\\';
            o += c;
        }
        return o;
    };
    std::string out = fmt::format("digraph \"{}\" {{\n  rankdir=LR;\n{}  node [style=filled, fontname=\"Helvetica\"{}];\n"
                                  "  edge [fontname=\"Helvetica\", fontsize={}];\n",
                                  esc(model.name), compact ? "  nodesep=0.25;\n  ranksep=0.9;\n" : "",
                                  compact ? ", fontsize=12, color=\"#555555\"" : "", compact ? 10 : 9);
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t e = 0; e < model.entities.size(); ++e) index.emplace(model.entities[e].id, e);
    std::vector<const VendorScore*> by_id(model.entities.size(), nullptr);
    for (const VendorScore& v : scores.vendors)
        if (auto it = index.find(v.id); it != index.end()) by_id[it->second] = &v;
    for (std::size_t e = 0; e < model.entities.size(); ++e) {
        if (!kept(static_cast<int>(e))) continue;
        const Entity& ent = model.entities[e];
        const VendorScore* v = by_id[e];
        const std::string tier = v ? v->tier : "";
        if (ent.kind == EntityKind::organisation) {
            out += fmt::format("  \"{}\" [shape=box, fillcolor=\"{}\", label=\"{}\"];\n", esc(ent.id),
                               compact ? "#cfe2f3" : "#9ecae1", esc(ent.name));
        } else {
            out += fmt::format("  \"{}\" [shape={}, fillcolor=\"{}\", label=\"{}\\n{}{}{} risk {}\"];\n", esc(ent.id),
                               ent.kind == EntityKind::channel ? "note" : "ellipse", colour_of_tier(tier), esc(ent.name),
                               ent.kind == EntityKind::channel ? "channel, " : "", esc(tier_text(tier)),
                               compact ? "," : "", v ? human(v->risk) : "0");
        }
    }
    auto id = [&](int e) { return esc(model.entities[static_cast<std::size_t>(e)].id); };
    auto flow_text = [&](const Flow& f) {
        return fmt::format("{}: {} @ {}", model.populations[static_cast<std::size_t>(f.population)].id,
                           join(rules.category_names(f.categories), ", "), fmt::format("{:.4g}", f.share));
    };
    if (compact) {
        // One arrow per pair of entities, whatever flows between them, with
        // the flows in its tooltip: labels of every category would bury the drawing.
        std::vector<std::size_t> order;
        for (std::size_t f = 0; f < model.flows.size(); ++f)
            if (drawn(model.flows[f].from, model.flows[f].to)) order.push_back(f);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return std::make_pair(model.flows[a].from, model.flows[a].to) < std::make_pair(model.flows[b].from, model.flows[b].to);
        });
        for (std::size_t i = 0; i < order.size();) {
            const Flow& first = model.flows[order[i]];
            std::vector<std::string> texts;
            std::size_t j = i;
            for (; j < order.size() && model.flows[order[j]].from == first.from && model.flows[order[j]].to == first.to; ++j)
                texts.push_back(flow_text(model.flows[order[j]]));
            out += fmt::format("  \"{}\" -> \"{}\" [color=\"#555555\", tooltip=\"{}\"];\n", id(first.from), id(first.to),
                               esc(join(texts, "; ")));
            i = j;
        }
    } else {
        for (const Flow& f : model.flows)
            if (drawn(f.from, f.to))
                out += fmt::format("  \"{}\" -> \"{}\" [label=\"{}\"];\n", id(f.from), id(f.to), esc(flow_text(f)));
    }
    for (const Access& a : model.access)
        if (drawn(a.from, a.to))
            out += fmt::format("  \"{}\" -> \"{}\" [style=dashed, color=\"#cb181d\", fontcolor=\"{}\", "
                               "label=\"{}p={}\"];\n",
                               id(a.from), id(a.to), compact ? "#a50f15" : "#cb181d", compact ? "" : "access ",
                               a.probability);
    return out + "}\n";
}

}  // namespace report

}  // namespace breachrank
