// The HTML report's longer sections: the ranking (a table, or data paged by
// the page's script when it is long), one section per top vendor, the
// suggestions, the scenarios and the money.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/html_parts.hpp"
#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank::report {

std::string Html::tier_label(const std::string& tier) const {
    const std::size_t i = tier_index(tier);
    const std::size_t marks = tiers_.size() > i ? tiers_.size() - i : 0;
    std::string glyphs;
    for (std::size_t k = 0; k < marks; ++k) glyphs += "\u25A0";  // ■, one more per tier up
    if (marks == 0) glyphs = "\u25A1";                            // □ for no tier
    return glyphs + " " + (tier.empty() ? std::string("no tier") : tier);
}

std::string Html::tier_badge(const std::string& tier) const {
    const std::size_t i = tier_index(tier);
    return fmt::format("<span class=\"tier tier-{}\">{}</span>", i < tiers_.size() ? std::to_string(i) : "none",
                       xml(tier_label(tier)));
}

std::string Html::anchor(const std::string& id) {
    std::string out;
    for (char c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == ':')
            out += c;
        else
            out += fmt::format("~{:02x}", u);
    }
    return out;
}

std::string sort_header(const std::string& label, bool numeric) {
    return fmt::format("<th scope=\"col\"{}><button type=\"button\">{}</button></th>", numeric ? " class=\"n\"" : "",
                       xml(label));
}

namespace {

std::string display_name(const VendorScore& v) {
    return v.name.empty() || v.name == v.id ? v.id : v.name + " (" + v.id + ")";
}

const char* kind_text(EntityKind k) {
    switch (k) {
        case EntityKind::organisation: return "organisation";
        case EntityKind::supplier: return "supplier";
        case EntityKind::channel: return "channel";
    }
    return "?";
}

std::string num_cell(double v, const std::string& text) {
    return fmt::format("<td class=\"n\" data-v=\"{}\">{}</td>", v, text);
}

}  // namespace

void ranking(const Html& h, const ScoreResult& s, std::string& out) {
    const bool money_column = s.currency.has_value();
    const bool paged = s.vendors.size() > kReportRankingRows;
    out += "<h2 id=\"ranking\">Ranking of all vendors</h2>\n";
    out += paged ? fmt::format("<p>All {} vendors, 100 to a page (the page holds every row; sorting a column sorts "
                               "all of them). Printed, the page shows the rows on screen; <code>breachrank score "
                               "--format csv</code> lists them all.</p>\n",
                               human(static_cast<double>(s.vendors.size())))
                 : "<p>Sort by any column with its heading (click, or Tab to it and press Enter).</p>\n";
    out += fmt::format("<div class=\"wide\"><table class=\"sortable\" id=\"ranking-table\"{}><caption>Vendors by risk (harm in severity "
                       "points; risk in severity points a year{})</caption>\n<thead><tr>",
                       paged ? " data-rows=\"ranking-data\" data-pager=\"ranking-pager\"" : "",
                       money_column ? fmt::format("; EAL in {}", xml(*s.currency)) : "");
    out += sort_header("Rank", true) + sort_header("Vendor", false) + sort_header("Kind", false) +
           sort_header("Tier", false) + sort_header("Risk", true);
    if (money_column) out += sort_header("EAL " + *s.currency, true);
    out += sort_header("Likelihood", true) + sort_header("Direct harm", true) + sort_header("Cascade harm", true) +
           sort_header("People exposed", true) + sort_header("Organisations", true);
    out += "</tr></thead>\n<tbody>\n";
    if (!paged) {
        for (const VendorScore& v : s.vendors) {
            out += "<tr>" + num_cell(v.rank, std::to_string(v.rank));
            out += fmt::format("<td><a href=\"#v-{}\">{}</a></td>", h.anchor(v.id), xml(display_name(v)));
            out += fmt::format("<td>{}</td><td data-v=\"{}\">{}</td>", kind_text(v.kind), h.tier_index(v.tier),
                               h.tier_badge(v.tier));
            out += num_cell(v.risk, human(v.risk));
            if (money_column) out += num_cell(*v.expected_annual_loss, money(*v.expected_annual_loss));
            out += num_cell(v.likelihood, fmt::format("{:.4g}", v.likelihood)) +
                   num_cell(v.direct_impact, human(v.direct_impact)) +
                   num_cell(v.cascade_impact, human(v.cascade_impact)) +
                   num_cell(v.people_exposed, human(v.people_exposed)) +
                   num_cell(static_cast<double>(v.organisations_affected.size()),
                            std::to_string(v.organisations_affected.size()));
            out += "</tr>\n";
        }
        out += "</tbody></table></div>\n";
        return;
    }
    out += "</tbody></table></div>\n<div class=\"pager\" id=\"ranking-pager\"><button type=\"button\" class=\"prev\">Previous "
           "page</button><span class=\"where\" aria-live=\"polite\"></span><button type=\"button\" class=\"next\">Next "
           "page</button></div>\n";
    // Every row as data, kept small (a 100,000-vendor page must stay under
    // 20 MB): the rank and the organisations as numbers, the kind and the tier
    // as indexes into the lists below, and each figure as [value, text], the
    // value to 7 significant digits (as precise as the text shows) for sorting.
    auto sortable = [](double v) {  // strtod, not stod: a subnormal value is no error here
        return std::strtod(fmt::format("{:.7g}", v).c_str(), nullptr);
    };
    nlohmann::json columns = {"rank", "text", "kind", "tier", "num"};
    if (money_column) columns.push_back("num");
    for (const char* c : {"num", "num", "num", "num", "count"}) columns.push_back(c);
    nlohmann::json tiers = nlohmann::json::array();
    for (std::size_t t = 0; t <= h.tier_count(); ++t)  // the badges' text, set by the script as text
        tiers.push_back(h.tier_label(t < h.tier_count() ? h.tier_name(t) : std::string()));
    nlohmann::json rows = nlohmann::json::array();
    for (const VendorScore& v : s.vendors) {
        nlohmann::json row = {v.rank, display_name(v), v.kind == EntityKind::channel ? 1 : 0, h.tier_index(v.tier),
                              nlohmann::json::array({sortable(v.risk), human(v.risk)})};
        if (money_column) row.push_back({sortable(*v.expected_annual_loss), money(*v.expected_annual_loss)});
        row.push_back({sortable(v.likelihood), fmt::format("{:.4g}", v.likelihood)});
        row.push_back({sortable(v.direct_impact), human(v.direct_impact)});
        row.push_back({sortable(v.cascade_impact), human(v.cascade_impact)});
        row.push_back({sortable(v.people_exposed), human(v.people_exposed)});
        row.push_back(v.organisations_affected.size());
        rows.push_back(std::move(row));
    }
    const nlohmann::json kinds = {kind_text(EntityKind::supplier), kind_text(EntityKind::channel)};
    std::string data = nlohmann::json{{"columns", columns}, {"kinds", kinds}, {"tiers", tiers}, {"page", 100},
                                      {"rows", rows}}
                           .dump();
    // No "<" at all inside the script element: "</script" would end it and
    // "<!--" would change how the page's parser reads the rest. In JSON a "<"
    // can only be inside a string, where "\u003c" is the same character.
    std::string safe;
    safe.reserve(data.size());
    for (char c : data) {
        if (c == '<') safe += "\\u003c";
        else safe += c;
    }
    data = std::move(safe);
    out += "<script type=\"application/json\" id=\"ranking-data\">" + data + "</script>\n";
}

void vendor_sections(const Html& h, const Report& r, std::string& out) {
    out += fmt::format("<h2 id=\"vendors\">The {} riskiest vendors, one by one</h2>\n", r.sections.size());
    for (const VendorExplanation& x : r.sections) {
        const VendorScore& v = x.score;
        const std::string a = h.anchor(v.id);
        out += fmt::format("<section class=\"vendor\" id=\"v-{}\" aria-labelledby=\"h-{}\">\n<h3 id=\"h-{}\">{}. {} {}</h3>\n",
                           a, a, a, v.rank, xml(display_name(v)), h.tier_badge(v.tier));
        out += fmt::format("<p>Risk <b>{}</b> = likelihood {} (a {} chance each year) &times; cascade harm {}{}.{}</p>\n",
                           human(v.risk), fmt::format("{:.4g}", v.likelihood), one_in(v.likelihood), human(v.cascade_impact),
                           v.cascade_impact > v.direct_impact
                               ? fmt::format(" (its own data: {}; the rest from breaches it can spread to)",
                                             human(v.direct_impact))
                               : std::string(),
                           v.expected_annual_loss ? fmt::format(" Expected loss: {} {} a year.", xml(*r.score.currency),
                                                                money(*v.expected_annual_loss))
                                                  : std::string());
        out += "<h4>What a breach of it exposes</h4>\n";
        if (v.exposures.empty()) {
            out += "<p>Nothing: it holds no personal data in the model.</p>\n";
        } else {
            out += "<table><thead><tr><th scope=\"col\">Population</th><th scope=\"col\">Owner</th><th scope=\"col\" "
                   "class=\"n\">People</th><th scope=\"col\" class=\"n\">Harm</th><th scope=\"col\">Data exposed "
                   "(share of the people: categories, severity)</th></tr></thead>\n<tbody>\n";
            for (const PopulationExposure& pe : v.exposures) {
                std::vector<std::string> bands;
                for (const SegmentExposure& seg : pe.segments)
                    for (const BandScore& b : seg.bands)
                        bands.push_back(fmt::format("{}{}: {} (severity {}{})",
                                                    pe.segments.size() > 1 ? xml(seg.segment) + ", " : "",
                                                    percent(b.share), xml(join(b.categories, ", ")), human(b.severity),
                                                    b.level.empty() ? "" : ", " + xml(b.level)));
                out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                                   xml(pe.population), xml(pe.owner), human(pe.people), human(pe.harm),
                                   join(bands, "<br>"));
            }
            out += "</tbody></table>\n";
        }
        // The rules that fired, each once, with the pack's reason.
        std::set<std::string> seen;
        std::string fired;
        for (const auto& population : x.bands)
            for (const auto& segment : population)
                for (const SeverityTrace& t : segment)
                    for (const RuleApplication& a2 : t.rules)
                        if (seen.insert(a2.rule).second)
                            fired += fmt::format("<li><b>{}</b>{}</li>\n", xml(a2.rule),
                                                 a2.because.empty() ? "" : ": " + xml(a2.because));
        out += "<h4>Why it is harmful: the rules that fired</h4>\n";
        out += fired.empty() ? "<p>No rule of the pack fires: the harm comes from the categories' weights alone.</p>\n"
                             : "<ul>\n" + fired + "</ul>\n";
        out += "<h4>How likely a breach is</h4>\n<p>";
        const LikelihoodTrace& l = x.likelihood;
        if (l.override_value) {
            out += fmt::format("The model sets its likelihood: {:.4g} a year.", *l.override_value);
        } else {
            std::vector<std::string> factors;
            for (const NamedFactor& f : l.controls) factors.push_back(fmt::format("control {} &times;{}", xml(f.name), human(f.factor)));
            for (const NamedFactor& f : l.tags) factors.push_back(fmt::format("tag {} &times;{}", xml(f.name), human(f.factor)));
            out += fmt::format("Base rate for a {} {:.4g}{}; {} = {:.4g} a year.", xml(l.kind), l.base,
                               factors.empty() ? "" : ", " + join(factors, ", "),
                               factors.empty() ? "no controls or risk tags" : "together",
                               l.likelihood);
        }
        out += "</p>\n<h4>Where a breach spreads</h4>\n";
        if (x.reach.empty()) {
            out += "<p>It has no standing access that a breach could use: a breach stays with it.</p>\n";
        } else {
            std::vector<std::string> items;
            for (std::size_t i = 0; i < std::min<std::size_t>(8, x.reach.size()); ++i)
                items.push_back(fmt::format("{} ({})", xml(x.reach[i].id), percent(x.reach[i].probability)));
            out += fmt::format("<p>A breach of it reaches, through standing access: {}{}.</p>\n", join(items, ", "),
                               x.reach.size() > 8 ? fmt::format(" and {} more", x.reach.size() - 8) : "");
        }
        out += "</section>\n";
    }
}

namespace {

// The other vendors a change moves: the five it moves most, and the rest
// folded away (a change inside a large cyclic core can move thousands).
std::string effects_cell(const std::vector<VendorEffect>& effects, const std::string& self) {
    std::vector<std::string> items;
    for (const VendorEffect& e : effects)
        if (e.id != self) items.push_back(fmt::format("{} {} &rarr; {}", xml(e.id), human(e.before), human(e.after)));
    if (items.empty()) return "-";
    constexpr std::size_t shown = 5;
    if (items.size() <= shown + 1) return join(items, "; ");
    return fmt::format("{}; <details><summary>and {} more vendors</summary>{}</details>",
                       join(std::vector<std::string>(items.begin(), items.begin() + shown), "; "),
                       items.size() - shown, join(std::vector<std::string>(items.begin() + shown, items.end()), "; "));
}

}  // namespace

void suggestions(const Report& r, std::string& out) {
    if (r.suggestions.empty()) return;
    out += "<h2 id=\"suggestions\">What to change first</h2>\n";
    out += fmt::format("<p>The single changes that cut the total risk ({}) most, each measured by scoring the model "
                       "with it. None removes data a service requires. <code>breachrank plan</code> orders several "
                       "changes by reduction per unit of cost.{}</p>\n",
                       human(r.total_risk),
                       r.suggestions_about.empty()
                           ? std::string()
                           : fmt::format(" With {} vendors, only the changes about the {} riskiest were weighed "
                                         "(<code>breachrank suggest --vendor ID</code> for each gives the same list).",
                                         human(static_cast<double>(r.score.vendors.size())), r.suggestions_about.size()));
    const bool priced = std::any_of(r.suggestions.begin(), r.suggestions.end(),
                                    [](const Suggestion& s) { return s.loss_avoided.has_value(); });
    const std::string cur = r.score.currency ? xml(*r.score.currency) + " " : "";
    out += fmt::format("<table id=\"suggestions-table\"><caption>Suggestions, largest reduction first</caption><thead><tr><th scope=\"col\" "
                       "class=\"n\">#</th><th scope=\"col\">Change</th><th scope=\"col\" class=\"n\">Cost ({}a "
                       "year)</th><th scope=\"col\" class=\"n\">Total risk after</th><th scope=\"col\" "
                       "class=\"n\">Reduction</th>",
                       cur);
    if (priced)
        out += fmt::format("<th scope=\"col\" class=\"n\">Loss avoided ({}a year)</th><th scope=\"col\" "
                           "class=\"n\">Return</th>",
                           cur);
    out += "<th scope=\"col\">Also moves</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < r.suggestions.size(); ++i) {
        const Suggestion& s = r.suggestions[i];
        out += fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
                           "class=\"n\">{} ({})</td>",
                           i + 1, xml(s.description), human(s.cost), human(s.total_risk_after), human(s.reduction),
                           percent(r.total_risk > 0 ? s.reduction / r.total_risk : 0));
        if (priced)
            out += fmt::format("<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                               s.loss_avoided ? money(*s.loss_avoided) : "-", s.net_return ? money(*s.net_return) : "-");
        out += "<td>" + effects_cell(s.effects, s.vendor) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
}

void scenarios(const Html& h, const Report& r, std::string& out) {
    if (r.scenarios.empty()) return;
    out += "<h2 id=\"scenarios\">Scenarios</h2>\n";
    for (const WhatIfResult& w : r.scenarios) {
        const double d = w.total_risk_after - w.total_risk_before;
        out += fmt::format("<h3>{}</h3>\n<p>Total risk {} &rarr; {} ({}, {}).{}</p>\n", xml(w.scenario),
                           human(w.total_risk_before), human(w.total_risk_after), signed_human(d),
                           w.total_risk_before > 0 ? (d >= 0 ? "+" : "") + percent(d / w.total_risk_before) : "-",
                           w.currency ? fmt::format(" Expected annual loss {} {} &rarr; {}.", xml(*w.currency),
                                                    money(*w.before.expected_annual_loss),
                                                    money(*w.after.expected_annual_loss))
                                      : std::string());
        if (!w.notes.empty()) {
            out += "<ul>\n";
            for (const std::string& n : w.notes) out += "<li>" + xml(n) + "</li>\n";
            out += "</ul>\n";
        }
        std::vector<const VendorDelta*> moved;
        for (const VendorDelta& v : w.vendors)
            if (v.delta_risk != 0) moved.push_back(&v);
        std::stable_sort(moved.begin(), moved.end(), [](const VendorDelta* a, const VendorDelta* b) {
            return std::fabs(a->delta_risk) > std::fabs(b->delta_risk);
        });
        if (moved.empty()) {
            out += "<p>No vendor's risk moves.</p>\n";
            continue;
        }
        out += fmt::format("<table><caption>The vendors it moves most ({} of {} move)</caption><thead><tr><th "
                           "scope=\"col\">Vendor</th><th scope=\"col\" class=\"n\">Risk before</th><th scope=\"col\" "
                           "class=\"n\">Risk after</th><th scope=\"col\" class=\"n\">Change</th><th scope=\"col\">Tier "
                           "before</th><th scope=\"col\">Tier after</th></tr></thead>\n<tbody>\n",
                           std::min<std::size_t>(10, moved.size()), moved.size());
        for (std::size_t i = 0; i < std::min<std::size_t>(10, moved.size()); ++i) {
            const VendorDelta& v = *moved[i];
            out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                               "<td>{}</td><td>{}</td></tr>\n",
                               xml(v.id), v.before ? human(v.before->risk) : "-", v.after ? human(v.after->risk) : "-",
                               signed_human(v.delta_risk), v.before ? h.tier_badge(v.before->tier) : "-",
                               v.after ? h.tier_badge(v.after->tier) : "removed");
        }
        out += "</tbody></table>\n";
    }
}

void loss_section(const Report& r, std::string& out) {
    if (!r.loss) return;
    const LossResult& l = *r.loss;
    const std::string cur = xml(l.currency);
    out += "<h2 id=\"loss\">Money: expected loss and bad years</h2>\n";
    out += fmt::format("<p>The expected annual loss of every vendor together is <b>{} {}</b>. Over {} simulated "
                       "years the mean was {} {} (&plusmn; {}), and {} of the years had at least one breach.</p>\n",
                       cur, money(l.expected_annual_loss), human(static_cast<double>(l.years)), cur,
                       money(l.simulated_mean), money(l.simulated_stderr), percent(l.years_with_loss));
    std::vector<std::string> bad;
    auto add = [&](const std::optional<double>& v, const char* odds) {
        if (v) bad.push_back(fmt::format("{}: {} {}", odds, cur, money(*v)));
    };
    add(l.p50, "a median year");
    add(l.p90, "a 1-in-10 year");
    add(l.p95, "a 1-in-20 year");
    add(l.p99, "a 1-in-100 year");
    if (!bad.empty()) out += "<p>Bad years: " + join(bad, "; ") + ".</p>\n";
    if (!l.appetite.empty()) {
        out += "<table><caption>The rule pack's risk appetite against the simulated years</caption><thead><tr><th "
               "scope=\"col\" class=\"n\">A loss above</th><th scope=\"col\">Tolerated</th><th scope=\"col\">Simulated "
               "(95% interval)</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>\n";
        for (const AppetiteCheck& a : l.appetite)
            out += fmt::format("<tr><td class=\"n\">{} {}</td><td>{}</td><td>{} ({} to {})</td><td>{}</td></tr>\n", cur,
                               money(a.loss), one_in_years(a.probability), one_in_years(a.simulated_probability),
                               percent(a.interval_low), percent(a.interval_high),
                               !a.certain() ? "too close to call" : a.within ? "within" : "<b>exceeded</b>");
        out += "</tbody></table>\n";
    }
    std::string svg = loss_svg(l);
    const auto open = svg.find("<svg");
    if (open != std::string::npos) svg = svg.substr(open);
    out += "<figure>" + svg +
           "<figcaption>The loss exceedance curve: how often a year loses more than each amount (both axes "
           "logarithmic), with the pack's appetite over it.</figcaption></figure>\n";
}

}  // namespace breachrank::report
