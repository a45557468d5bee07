// An explanation as text or Markdown: the three steps of a vendor's score
// (what a breach exposes and how each band's severity was reached, the
// likelihood and its factors, the spread over access edges) and the product.
#include <fmt/format.h>

#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank::report {

namespace {

// The headings and list markers of one format.
struct Style {
    std::string h1, h2, item, sub, indent;
    explicit Style(bool md)
        : h1(md ? "## " : ""), h2(md ? "### " : ""), item(md ? "- " : "  "), sub(md ? "  - " : "    "),
          indent(md ? "    - " : "      ") {}
};

// One band: its categories, and its severity step by step with every term named.
void band_lines(const BandScore& band, const SeverityTrace& t, std::size_t b, const Style& st, std::string& out) {
    out += fmt::format("{}band {}: {} of the population ({} people) have {} exposed\n", st.sub, b + 1,
                       percent(band.share), human(band.people), join(band.categories, ", "));
    const std::string& ind = st.indent;
    out += fmt::format("{}base {} (the category weights combined); ease of identification {} (the identifying "
                       "categories combined, at least the floor)\n",
                       ind, human(t.base), human(t.ease));
    if (t.rules.empty()) out += ind + "no rule fires\n";
    for (const RuleApplication& a : t.rules) {
        std::vector<std::string> effects;
        for (std::size_t k = 0; k < a.effects.size(); ++k) {
            const auto& [name, value] = a.effects[k];
            const std::string& expr = k < a.expressions.size() ? a.expressions[k] : std::string();
            effects.push_back(expr.empty() ? fmt::format("{} {}", name, human(value))
                                           : fmt::format("{} {} = {}", name, human(value), expr));
        }
        std::vector<std::string> traits;
        for (const auto& [name, value] : a.traits) traits.push_back(fmt::format("{} = {}", name, human(value)));
        out += fmt::format("{}rule {}: {}{}{}{}\n", ind, a.rule, join(effects, ", "),
                           traits.empty() ? "" : " with " + join(traits, ", "),
                           a.condition.empty() ? "" : " (if " + a.condition + ")",
                           a.because.empty() ? "" : ": " + a.because);
    }
    out += t.ruled_base == t.final_base
               ? fmt::format("{}after the rules: base {}, ease of identification {}\n", ind, human(t.final_base),
                             human(t.final_ease))
               : fmt::format("{}after the rules: base {}, kept within the pack's base_range: {}; ease of "
                             "identification {}\n",
                             ind, human(t.ruled_base), human(t.final_base), human(t.final_ease));
    out += fmt::format("{}severity per record = max(0, base {} x ease {} x multiplier {} + added {} + circumstances "
                       "{}) = {}{}\n",
                       ind, human(t.final_base), human(t.final_ease), human(t.mult), human(t.add),
                       human(t.circumstances), human(t.severity), t.level.empty() ? "" : " (" + t.level + ")");
}

// Step 1: what a breach of the vendor exposes, band by band, with each band's severity.
void exposure_step(const VendorExplanation& x, const Style& st, bool md, std::string& out) {
    const VendorScore& v = x.score;
    const std::string &h2 = st.h2, &item = st.item, &sub = st.sub;
    out += fmt::format("{}1. What a breach of {} exposes\n\n", h2, v.id);
    if (v.exposures.empty()) out += item + "Nothing: it holds no personal data in the model.\n";
    for (std::size_t e = 0; e < v.exposures.size(); ++e) {
        const PopulationExposure& pe = v.exposures[e];
        out += fmt::format("{}Population {} (owned by {}): {} people exposed, harm {}\n", item, pe.population, pe.owner,
                           human(pe.people), human(pe.harm));
        for (std::size_t g = 0; g < pe.segments.size(); ++g) {
            const SegmentExposure& seg = pe.segments[g];
            if (pe.segments.size() > 1 || seg.segment != pe.population)
                out += fmt::format("{}{}: {} people exposed, harm {}\n", sub,
                                   seg.segment == pe.population ? "the rest (in no segment)"
                                                                : "segment " + seg.segment,
                                   human(seg.people), human(seg.harm));
            for (std::size_t b = 0; b < seg.bands.size(); ++b)
                band_lines(seg.bands[b], x.bands[e][g][b], b, st, out);
        }
    }
    out += fmt::format("\n{}Direct impact D = {} severity points summed over {} people.\n\n", md ? "" : "",
                       human(v.direct_impact), human(v.people_exposed));

}

// Step 2: the likelihood of a breach in a year and its factors.
void likelihood_step(const VendorExplanation& x, const Style& st, std::string& out) {
    const std::string &h2 = st.h2, &item = st.item;
    const LikelihoodTrace& l = x.likelihood;
    out += fmt::format("{}2. Likelihood of a breach in a year\n\n", h2);
    if (l.override_value) {
        out += fmt::format("{}set in the model: {}\n", item, fmt::format("{:.4g}", *l.override_value));
    } else {
        out += fmt::format("{}base rate for a {}: {}{}\n", item, l.kind, fmt::format("{:.4g}", l.base),
                           l.base_fallback ? " (the supplier's: the pack gives no base for channels)" : "");
        for (const NamedFactor& f : l.controls) out += fmt::format("{}control {}: x {}\n", item, f.name, f.factor);
        for (const NamedFactor& f : l.tags) out += fmt::format("{}tag {}: x {}\n", item, f.name, f.factor);
    }
    if (l.kind == "channel")
        out += item + "(a channel is the organisation's own disclosure route: its likelihood stands for the "
                      "organisation disclosing data in error, such as a reply, mailing or published file holding "
                      "personal data, not for an attack on a supplier)\n";
    out += fmt::format("{}likelihood = {} (without controls {})\n\n", item, fmt::format("{:.4g}", l.likelihood),
                       fmt::format("{:.4g}", l.inherent));

}

// Step 3: the spread over access edges.
void spread_step(const VendorExplanation& x, const Style& st, std::string& out) {
    const VendorScore& v = x.score;
    const std::string &h2 = st.h2, &item = st.item, &sub = st.sub;
    out += fmt::format("{}3. Spread over access edges\n\n", h2);
    if (x.reach.empty() && v.cascade_impact == v.direct_impact) {
        out += item + "No standing access out of this vendor: the cascade impact equals the direct impact.\n";
    } else {
        if (v.cascade_method == CascadeMethod::exact)
            out += item + "Every outcome of the access edges a breach can reach was enumerated; the cascade impact is "
                          "the expected harm of the union of what the breached entities hold.\n";
        else if (v.cascade_method == CascadeMethod::montecarlo)
            out += fmt::format("{}Estimated by sampling cascades: standard error {}.\n", item,
                               human(v.cascade_stderr.value_or(0)));
        else
            out += item + "Linear screen: the harms of the entities a breach reaches are added (an upper estimate "
                          "where they hold the same people).\n";
        out += fmt::format("{}cascade impact C = {} (direct {} + {} from spreading)\n", item, human(v.cascade_impact),
                           human(v.direct_impact), human(v.cascade_impact - v.direct_impact));
        if (!x.reach.empty()) out += item + "a breach here reaches, with probability:\n";
        for (std::size_t i = 0; i < x.reach.size() && i < 10; ++i)
            out += fmt::format("{}{} {}\n", sub, x.reach[i].id, fmt::format("{:.4g}", x.reach[i].probability));
        if (x.reach.size() > 10) out += fmt::format("{}... and {} more\n", sub, x.reach.size() - 10);
    }
}

}  // namespace

std::string explanation_text(const VendorExplanation& x, bool md) {
    const VendorScore& v = x.score;
    const Style st(md);
    std::string out;
    out += fmt::format("{}{} ({}): rank {} of {}, tier {}\n\n", st.h1, v.id, v.name, v.rank, x.vendors,
                       v.tier.empty() ? "none" : v.tier);
    out += fmt::format("Risk {} = likelihood {} x cascade impact {}.\n", human(v.risk), fmt::format("{:.4g}", v.likelihood),
                       human(v.cascade_impact));
    out += fmt::format("Without its controls the risk would be {}.\n\n", human(v.inherent_risk));

    exposure_step(x, st, md, out);
    likelihood_step(x, st, out);
    spread_step(x, st, out);
    out += fmt::format("\nRisk = {} x {} = {}\n", fmt::format("{:.4g}", v.likelihood), human(v.cascade_impact),
                       human(v.risk));
    return out;
}

}  // namespace breachrank::report
