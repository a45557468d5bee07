// render_html(): the report as one self-contained page (`breachrank report`).
// The page opens with what a board member needs in a minute (the summary),
// then the ranking, the riskiest vendors one by one, the supply chain, the
// organisations' exposure, what to change, the scenarios and the money.
// Figures use the table format's own helpers (human(), money()), so each
// reads as `score`, `suggest`, `whatif` and `loss` print it.
#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "breachrank/version.hpp"
#include "report/html_parts.hpp"
#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank::report {

namespace {

std::string method_line(const ScoreResult& s) {
    std::string m = fmt::format("the {} method", method_name(s.method));
    if (s.trials) m += fmt::format(" ({} trials for each sampled vendor, seed {})", human(static_cast<double>(*s.trials)), s.seed);
    return m;
}

// One sentence per vendor for the summary.
std::string vendor_sentence(const Html& h, const VendorScore& v, const std::string& currency) {
    std::string who = v.name.empty() || v.name == v.id ? xml(v.id) : fmt::format("{} ({})", xml(v.name), xml(v.id));
    std::string money_part = v.expected_annual_loss ? fmt::format(", an expected loss of {} {} a year", xml(currency),
                                                                   money(*v.expected_annual_loss))
                                                     : "";
    return fmt::format("<li><a href=\"#v-{}\">{}</a>, {}: risk {} (a {} chance of a breach each year{}); a breach "
                       "would expose {} people (of {}).</li>\n",
                       h.anchor(v.id), who, h.tier_badge(v.tier), human(v.risk), one_in(v.likelihood), money_part,
                       human(v.people_exposed),
                       v.organisations_affected.empty() ? std::string("no organisation")
                                                        : xml(join(v.organisations_affected, ", ")));
}

void summary(const Html& h, const Report& r, std::string& out) {
    const ScoreResult& s = r.score;
    out += fmt::format("<h1>Supplier breach risk: {}</h1>\n", xml(s.model));
    out += fmt::format(
        "<p class=\"lede\">Which suppliers' breaches would hurt the people in this supply chain most. {} vendors "
        "were scored with the rule pack <q>{}</q> by {}; circumstances: {}.</p>\n",
        human(static_cast<double>(s.vendors.size())), xml(s.rules), xml(method_line(s)),
        s.circumstances.empty() ? "none" : xml(join(s.circumstances, ", ")));
    out += "<h2 id=\"summary\" class=\"first\">Summary</h2>\n<div class=\"cards\">\n";
    out += fmt::format("<div class=\"card\"><span class=\"big\">{}</span>total risk (severity points a year)</div>\n",
                       human(r.total_risk));
    if (s.expected_annual_loss)
        out += fmt::format("<div class=\"card\"><span class=\"big\">{} {}</span>expected annual loss</div>\n",
                           xml(*s.currency), money(*s.expected_annual_loss));
    std::vector<std::size_t> counts(r.tiers.size() + 1, 0);
    for (const VendorScore& v : s.vendors) ++counts[h.tier_index(v.tier)];
    for (std::size_t t = 0; t < counts.size(); ++t) {
        if (t == r.tiers.size() && counts[t] == 0) continue;
        out += fmt::format("<div class=\"card\"><span class=\"big\">{}</span>{} vendors</div>\n",
                           human(static_cast<double>(counts[t])),
                           h.tier_badge(t < r.tiers.size() ? r.tiers[t].name : std::string()));
    }
    out += "</div>\n";
    const std::size_t shown = std::min<std::size_t>(5, s.vendors.size());
    if (shown > 0) {
        out += fmt::format("<p>The {} riskiest:</p>\n<ol>\n", shown);
        for (std::size_t i = 0; i < shown; ++i) out += vendor_sentence(h, s.vendors[i], s.currency.value_or(""));
        out += "</ol>\n";
    }
    out += "<p class=\"muted\">Harm is counted in severity points summed over the people exposed (how identifiable "
           "and how dangerous each person's exposed record is, from the rule pack); a vendor's risk is its annual "
           "breach likelihood times the expected harm of a breach of it, including where the breach spreads "
           "through standing access.</p>\n";
}

void contents(const Report& r, std::string& out) {
    out += "<nav aria-label=\"Contents\"><h2 class=\"first\">Contents</h2><ol>\n";
    auto item = [&](const char* id, const std::string& text) {
        out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", id, text);
    };
    item("summary", "Summary");
    item("ranking", "Ranking of all vendors");
    item("vendors", fmt::format("The {} riskiest vendors, one by one", r.sections.size()));
    item("diagram", "The supply chain");
    item("organisations", "Organisation exposure");
    if (!r.suggestions.empty()) item("suggestions", "What to change first");
    if (!r.scenarios.empty()) item("scenarios", "Scenarios");
    if (r.loss) item("loss", "Money: expected loss and bad years");
    item("method", "How to read this report");
    out += "</ol></nav>\n";
}

void diagram(const Report& r, std::string& out) {
    out += "<h2 id=\"diagram\">The supply chain</h2>\n";
    out += fmt::format("<p>{}</p>\n", xml(r.diagram_note));
    if (r.diagram_dot.empty()) return;
    out += "<figure>\n<div class=\"diagram\">";
    std::string svg = layout_svg(r.diagram_dot);
    // Give the picture a role and a name for screen readers.
    const auto open = svg.find("<svg");
    if (open != std::string::npos)
        svg.insert(open + 4, " role=\"img\" aria-labelledby=\"diagram-caption\"");
    out += svg;
    out += "</div>\n<figcaption id=\"diagram-caption\">The supply chain. Organisations are blue boxes; vendors "
           "are ellipses with their tier (more squares, riskier) and risk; channels are notes. A solid arrow is "
           "personal data sent (point at it for the populations, categories and shares); a dashed red arrow is "
           "standing access, with p the chance that a breach spreads along it.</figcaption>\n</figure>\n";
}

void organisations(const ScoreResult& s, std::string& out) {
    out += "<h2 id=\"organisations\">Organisation exposure</h2>\n";
    out += "<p>The expected harm a year to each organisation's people, over every vendor that holds their data or "
           "can be reached by a breach that does.</p>\n";
    out += "<table class=\"sortable\" id=\"organisations-table\"><caption>Organisations by exposure (severity points "
           "a year)</caption>\n<thead><tr>";
    out += sort_header("Organisation", false) + sort_header("People", true) + sort_header("Exposure", true);
    out += "</tr></thead>\n<tbody>\n";
    for (const OrganisationScore& o : s.organisations)
        out += fmt::format("<tr><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>\n",
                           xml(o.name.empty() ? o.id : o.name + " (" + o.id + ")"), o.people, human(o.people),
                           o.exposure, human(o.exposure));
    out += "</tbody></table>\n";
}

void method_notes(const Report& r, std::string& out) {
    out += "<h2 id=\"method\">How to read this report</h2>\n<ul>\n";
    out += "<li><b>Harm</b>: severity points summed over the people exposed. A person's severity comes from the "
           "combination of their data that is exposed (a name with a photograph and a role weighs more than either "
           "alone) and from who they are (covert roles, rare names), by the rule pack's rules.</li>\n";
    out += "<li><b>Likelihood</b>: the chance of a breach of the vendor in a year, from the pack's base rate, "
           "lowered by the vendor's controls and raised by its risk tags.</li>\n";
    out += "<li><b>Risk</b> = likelihood &times; cascade harm, the expected harm of a breach of the vendor "
           "including what it spreads to through standing access.</li>\n";
    out += "<li><b>Tiers</b>: ";
    for (std::size_t t = 0; t < r.tiers.size(); ++t)
        out += fmt::format("{}{} from risk {}", t ? "; " : "", Html(r.tiers).tier_badge(r.tiers[t].name),
                           human(r.tiers[t].min_risk));
    out += ". Each tier has its own mark and name, so the page reads in greyscale too.</li>\n";
    out += fmt::format("<li>{}</li>\n", xml(r.score.summary.message));
    out += "<li>Every figure here is the one the command line prints for the same model, rule pack and options "
           "(<code>breachrank score</code>, <code>explain</code>, <code>suggest</code>, <code>whatif</code>, "
           "<code>loss</code>).</li>\n</ul>\n";
}

}  // namespace

std::string render_html(const Report& r) {
    const Html h(r.tiers);
    std::string out;
    out.reserve(1 << 20);
    out += fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                       "content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"breachrank "
                       "{}\">\n<title>Supplier breach risk: {}</title>\n<style>{}</style>\n</head>\n<body>\n",
                       kVersion, xml(r.score.model), html_style());
    out += "<header>\n";
    summary(h, r, out);
    out += "</header>\n<main>\n";
    contents(r, out);
    ranking(h, r.score, out);
    vendor_sections(h, r, out);
    diagram(r, out);
    organisations(r.score, out);
    suggestions(r, out);
    scenarios(h, r, out);
    loss_section(r, out);
    method_notes(r, out);
    out += fmt::format("</main>\n<footer><p>Made by breachrank {} from the model <q>{}</q> and the rule pack <q>{}</q>. "
                       "This page is self-contained: it loads nothing from anywhere.</p></footer>\n",
                       kVersion, xml(r.score.model), xml(r.score.rules));
    out += fmt::format("<script>{}</script>\n</body>\n</html>\n", html_script());
    return out;
}

}  // namespace breachrank::report

namespace breachrank {

std::string render_html(const Report& report) { return report::render_html(report); }

}  // namespace breachrank
