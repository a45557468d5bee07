#include "breachrank/report.hpp"

#include <algorithm>
#include <cmath>

#include <sstream>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/slices.hpp"

namespace breachrank {

using report::listed;

namespace {

// ---- number formatting for people ---------------------------------------

std::string group_digits(std::string digits) {
    // digits: an optional '-' then decimal digits.
    std::size_t start = digits[0] == '-' ? 1 : 0;
    for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > static_cast<std::ptrdiff_t>(start); i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

/// 1,234,567 for large figures, 3 significant decimals for small ones.
std::string human(double x) {
    if (std::fabs(x) >= 1000) return group_digits(fmt::format("{:.0f}", x));
    if (x == std::floor(x)) return fmt::format("{:.0f}", x);
    if (std::fabs(x) >= 10) {
        std::string s = fmt::format("{:.2f}", x);
        if (s.size() > 3 && s.compare(s.size() - 3, 3, ".00") == 0) s.resize(s.size() - 3);  // 26.000000000000004
        return s;
    }
    return fmt::format("{:.4g}", x);
}

std::string percent(double share) { return fmt::format("{:.4g}%", share * 100); }

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

// Appends one CSV field (quoted when it holds a comma, quote or line break).
bool needs_quotes(std::string_view s) {
    for (char c : s)
        if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
    return false;
}

void put_csv_field(std::string& out, std::string_view s) {
    if (!needs_quotes(s)) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string csv_field(const std::string& s) {
    std::string out;
    put_csv_field(out, s);
    return out;
}

// The items joined by ';' as one field.
void put_csv_list(std::string& out, const std::vector<std::string>& items) {
    bool quote = false;
    for (const std::string& item : items) quote = quote || needs_quotes(item);
    if (quote) {
        std::string joined;
        for (std::size_t i = 0; i < items.size(); ++i) (i ? joined += ';' : joined) += items[i];
        put_csv_field(out, joined);
        return;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ';';
        out += items[i];
    }
}

// Written straight into strings, without per-row temporaries (a
// format-per-row version took 0.2 s at 100,000 vendors), in slices on two
// threads (report/slices.hpp).
void score_csv_rows(const ScoreResult& r, std::size_t begin, std::size_t end, std::string& out) {
    auto it = std::back_inserter(out);
    for (std::size_t i = begin; i < end; ++i) {
        const VendorScore& v = r.vendors[i];
        fmt::format_to(it, "{},", v.rank);
        put_csv_field(out, v.id);
        out += ',';
        put_csv_field(out, v.name);
        out += ',';
        put_csv_field(out, v.tier);
        fmt::format_to(it, ",{},{},{},", v.likelihood, v.direct_impact, v.cascade_impact);
        if (v.cascade_stderr) fmt::format_to(it, "{}", *v.cascade_stderr);
        fmt::format_to(it, ",{},{},{},{},", method_name(v.cascade_method), v.risk, v.inherent_risk, v.people_exposed);
        put_csv_list(out, v.organisations_affected);
        out += ',';
        put_csv_list(out, v.rules_fired);
        out += '\n';
    }
}

constexpr const char* kScoreCsvHeader =
    "rank,id,name,tier,likelihood,direct_impact,cascade_impact,cascade_stderr,cascade_method,risk,inherent_risk,"
    "people_exposed,organisations_affected,rules_fired\n";

// Rows per slice: about 180 KB of CSV.
constexpr std::size_t kRowsPerSlice = 1000;

void write_score_csv(std::ostream& out, const ScoreResult& r, std::size_t top) {
    out << kScoreCsvHeader;
    report::write_in_slices(out, listed(r, top), kRowsPerSlice, [&](std::size_t begin, std::size_t end, std::string& text) {
        text.reserve(text.size() + (end - begin) * 200);  // rows average 177 bytes at 100,000 vendors
        score_csv_rows(r, begin, end, text);
    });
}

// A plain-text or Markdown table with right-aligned numeric columns.
struct Table {
    std::vector<std::string> header;
    std::vector<bool> numeric;
    std::vector<std::vector<std::string>> rows;

    std::string text() const {
        std::vector<std::size_t> w(header.size());
        for (std::size_t c = 0; c < header.size(); ++c) w[c] = header[c].size();
        for (const auto& row : rows)
            for (std::size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], row[c].size());
        auto line = [&](const std::vector<std::string>& cells) {
            std::string out;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (c) out += "  ";
                out += numeric[c] ? fmt::format("{:>{}}", cells[c], w[c]) : fmt::format("{:<{}}", cells[c], w[c]);
            }
            while (!out.empty() && out.back() == ' ') out.pop_back();
            return out + "\n";
        };
        std::string out = line(header);
        std::vector<std::string> rule;
        for (std::size_t c = 0; c < header.size(); ++c) rule.push_back(std::string(w[c], '-'));
        out += line(rule);
        for (const auto& row : rows) out += line(row);
        return out;
    }

    std::string markdown() const {
        auto escape = [](const std::string& s) {
            std::string o;
            for (char c : s) {
                if (c == '|') o += '\\';
                o += c;
            }
            return o;
        };
        std::string out = "|";
        for (const auto& h : header) out += " " + escape(h) + " |";
        out += "\n|";
        for (std::size_t c = 0; c < header.size(); ++c) out += numeric[c] ? " ---: |" : " --- |";
        out += "\n";
        for (const auto& row : rows) {
            out += "|";
            for (const auto& cell : row) out += " " + escape(cell) + " |";
            out += "\n";
        }
        return out;
    }
};

std::pair<Table, Table> score_tables(const ScoreResult& r, std::size_t top) {
    Table vendors{{"rank", "vendor", "tier", "risk", "inherent", "likelihood", "direct", "cascade", "method",
                   "people", "orgs"},
                  {true, false, false, true, true, true, true, true, false, true, true},
                  {}};
    for (std::size_t i = 0; i < listed(r, top); ++i) {
        const VendorScore& v = r.vendors[i];
        std::string cascade = human(v.cascade_impact);
        if (v.cascade_stderr && *v.cascade_stderr > 0) cascade += " ± " + human(*v.cascade_stderr);
        vendors.rows.push_back({std::to_string(v.rank), v.id, v.tier.empty() ? "-" : v.tier, human(v.risk),
                                human(v.inherent_risk), fmt::format("{:.4g}", v.likelihood), human(v.direct_impact),
                                cascade, method_name(v.cascade_method), human(v.people_exposed),
                                std::to_string(v.organisations_affected.size())});
    }
    Table orgs{{"organisation", "people", "exposure"}, {false, true, true}, {}};
    for (const OrganisationScore& o : r.organisations)
        orgs.rows.push_back({o.id, human(o.people), human(o.exposure)});
    return {vendors, orgs};
}

std::string score_text(const ScoreResult& r, std::size_t top, bool markdown) {
    auto [vendors, orgs] = score_tables(r, top);
    std::string shown = listed(r, top) < r.vendors.size()
                            ? fmt::format("top {} of {} vendors", listed(r, top), r.vendors.size())
                            : fmt::format("{} vendors", r.vendors.size());
    std::string method = method_name(r.method) + (r.trials ? fmt::format(", {} trials, seed {}", *r.trials, r.seed) : "");
    if (markdown) {
        return fmt::format("## {}\n\nRules: {}. Method: {}. Risk = annual breach likelihood x expected harm; {}.\n\n{}\n"
                           "### Organisation exposure\n\n{}",
                           r.model, r.rules, method, shown, vendors.markdown(), orgs.markdown());
    }
    return fmt::format("{}\nrules: {}   method: {}   {}\n\n{}\norganisation exposure (expected annual harm to their "
                       "people)\n{}",
                       r.model, r.rules, method, shown, vendors.text(), orgs.text());
}

// ---- explanation ----------------------------------------------------------

std::string explanation_text(const VendorExplanation& x, bool md) {
    const VendorScore& v = x.score;
    std::string h1 = md ? "## " : "", h2 = md ? "### " : "", item = md ? "- " : "  ", sub = md ? "  - " : "    ";
    std::string out;
    out += fmt::format("{}{} ({}): rank {} of {}, tier {}\n\n", h1, v.id, v.name, v.rank, x.vendors,
                       v.tier.empty() ? "none" : v.tier);
    out += fmt::format("Risk {} = likelihood {} x cascade impact {}.\n", human(v.risk), fmt::format("{:.4g}", v.likelihood),
                       human(v.cascade_impact));
    out += fmt::format("Without its controls the risk would be {}.\n\n", human(v.inherent_risk));

    out += fmt::format("{}1. What a breach of {} exposes\n\n", h2, v.id);
    if (v.exposures.empty()) out += item + "Nothing: it holds no personal data in the model.\n";
    for (std::size_t e = 0; e < v.exposures.size(); ++e) {
        const PopulationExposure& pe = v.exposures[e];
        out += fmt::format("{}Population {} (owned by {}): {} people exposed, harm {}\n", item, pe.population, pe.owner,
                           human(pe.people), human(pe.harm));
        for (std::size_t b = 0; b < pe.bands.size(); ++b) {
            const BandScore& band = pe.bands[b];
            const SeverityTrace& t = x.bands[e][b];
            out += fmt::format("{}band {}: {} of the population have {} exposed\n", sub, b + 1, percent(band.share),
                               join(band.categories, ", "));
            std::string ind = md ? "    - " : "      ";
            out += fmt::format("{}base score {} (the category weights combined); ease of identification {}\n", ind,
                               human(t.base), human(t.ease));
            if (t.rules.empty()) out += ind + "no rule fires\n";
            for (const RuleApplication& a : t.rules) {
                std::vector<std::string> effects;
                for (const auto& [name, value] : a.effects) effects.push_back(fmt::format("{} {}", name, human(value)));
                out += fmt::format("{}rule {}: {}{}\n", ind, a.rule, join(effects, ", "),
                                   a.because.empty() ? "" : " (" + a.because + ")");
            }
            out += fmt::format("{}severity per record = max(0, {} x {} x {} + {} + {}) = {}{}\n", ind, human(t.final_base),
                               human(t.final_ease), human(t.mult), human(t.add), human(t.circumstances),
                               human(t.severity), t.level.empty() ? "" : " (" + t.level + ")");
        }
    }
    out += fmt::format("\n{}Direct impact D = {} severity points summed over {} people.\n\n", md ? "" : "",
                       human(v.direct_impact), human(v.people_exposed));

    const LikelihoodTrace& l = x.likelihood;
    out += fmt::format("{}2. Likelihood of a breach in a year\n\n", h2);
    if (l.override_value) {
        out += fmt::format("{}set in the model: {}\n", item, fmt::format("{:.4g}", *l.override_value));
    } else {
        out += fmt::format("{}base rate for a {}: {}\n", item, l.kind, fmt::format("{:.4g}", l.base));
        for (const NamedFactor& f : l.controls) out += fmt::format("{}control {}: x {}\n", item, f.name, f.factor);
        for (const NamedFactor& f : l.tags) out += fmt::format("{}tag {}: x {}\n", item, f.name, f.factor);
    }
    out += fmt::format("{}likelihood = {} (without controls {})\n\n", item, fmt::format("{:.4g}", l.likelihood),
                       fmt::format("{:.4g}", l.inherent));

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
    out += fmt::format("\nRisk = {} x {} = {}\n", fmt::format("{:.4g}", v.likelihood), human(v.cascade_impact),
                       human(v.risk));
    return out;
}

}  // namespace

std::optional<Format> parse_format(std::string_view text) {
    if (text == "table") return Format::table;
    if (text == "json") return Format::json;
    if (text == "csv") return Format::csv;
    if (text == "markdown") return Format::markdown;
    return std::nullopt;
}

void write_score(std::ostream& out, const ScoreResult& result, Format format, std::size_t top) {
    switch (format) {
        case Format::json: return report::write_score_json(out, result, top);
        case Format::csv: return write_score_csv(out, result, top);
        case Format::markdown: out << score_text(result, top, true); return;
        case Format::table: break;
    }
    out << score_text(result, top, false);
}

std::string render_score(const ScoreResult& result, Format format, std::size_t top) {
    std::ostringstream out;
    write_score(out, result, format, top);
    return std::move(out).str();
}

std::string render_explanation(const VendorExplanation& explanation, Format format) {
    if (format == Format::json) return report::explanation_json(explanation);
    if (format == Format::csv) throw Error("an explanation has no CSV form; use table, markdown or json");
    return explanation_text(explanation, format == Format::markdown);
}

}  // namespace breachrank

namespace breachrank {

std::string render_breach(const BreachResult& b, Format format) {
    if (format == Format::json) return report::breach_json(b);
    if (format == Format::csv) {
        std::string out = "id,probability\n";
        for (const ReachProbability& r : b.reach) out += fmt::format("{},{}\n", csv_field(r.id), r.probability);
        return out;
    }
    const bool md = format == Format::markdown;
    std::string out = fmt::format("{}Breach of {}\n\n", md ? "## " : "", join(b.breached, ", "));
    out += fmt::format("Harm {} to {} people.\n\n", human(b.harm), human(b.people_exposed));
    Table pops{{"population", "owner", "people", "harm", "share", "categories exposed", "severity", "level"},
               {false, false, true, true, true, false, true, false},
               {}};
    for (const PopulationExposure& e : b.exposures)
        for (std::size_t i = 0; i < e.bands.size(); ++i) {
            const BandScore& band = e.bands[i];
            pops.rows.push_back({i == 0 ? e.population : "", i == 0 ? e.owner : "", i == 0 ? human(e.people) : "",
                                 i == 0 ? human(e.harm) : "", percent(band.share), join(band.categories, ", "),
                                 human(band.severity), band.level.empty() ? "-" : band.level});
        }
    out += md ? pops.markdown() : pops.text();
    std::string how = b.method == CascadeMethod::exact ? "exact" : fmt::format("montecarlo, {} trials, standard error {}",
                                                                 b.trials.value_or(0), human(b.expected_harm_stderr.value_or(0)));
    out += fmt::format("\nExpected harm once the breach spreads over standing access: {} ({}).\n\n",
                       human(b.expected_harm), how);
    Table reach{{"may spread to", "probability"}, {false, true}, {}};
    for (const ReachProbability& r : b.reach)
        if (r.probability > 0) reach.rows.push_back({r.id, fmt::format("{:.4g}", r.probability)});
    if (reach.rows.empty())
        out += "It cannot spread: no standing access leads out of the breached set.\n";
    else
        out += md ? reach.markdown() : reach.text();
    return out;
}

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
        if (ent.kind == EntityKind::organisation) {
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

namespace breachrank {

namespace {

std::string signed_human(double x) { return (x > 0 ? "+" : x < 0 ? "-" : "") + human(std::fabs(x)); }

std::string whatif_text(const WhatIfResult& w, bool md) {
    std::string out = fmt::format("{}Scenario: {}\n\n", md ? "## " : "", w.scenario);
    double change = w.total_risk_after - w.total_risk_before;
    out += fmt::format("Total risk {} -> {} ({}{}).\n\n", human(w.total_risk_before), human(w.total_risk_after),
                       signed_human(change),
                       w.total_risk_before > 0 ? fmt::format(", {:+.1f}%", 100 * change / w.total_risk_before) : "");
    Table t{{"vendor", "rank", "move", "tier", "risk before", "risk after", "change"},
            {false, false, false, false, true, true, true},
            {}};
    for (const VendorDelta& d : w.vendors) {
        std::string rank = fmt::format("{} -> {}", d.before ? std::to_string(d.before->rank) : "new",
                                       d.after ? std::to_string(d.after->rank) : "gone");
        std::string move;
        if (d.before && d.after && d.before->rank != d.after->rank)
            move = d.after->rank < d.before->rank ? fmt::format("up {}", d.before->rank - d.after->rank)
                                                  : fmt::format("down {}", d.after->rank - d.before->rank);
        auto tier = [](const std::optional<VendorStanding>& s) {
            return s ? (s->tier.empty() ? std::string("-") : s->tier) : std::string("");
        };
        std::string tiers = d.before && d.after && d.before->tier == d.after->tier
                                ? tier(d.before)
                                : fmt::format("{} -> {}", d.before ? tier(d.before) : "none", d.after ? tier(d.after) : "none");
        t.rows.push_back({d.id, rank, move, tiers, d.before ? human(d.before->risk) : "-",
                          d.after ? human(d.after->risk) : "-", d.delta_risk == 0 ? "0" : signed_human(d.delta_risk)});
    }
    out += md ? t.markdown() : t.text();
    if (!w.notes.empty()) {
        out += md ? "\nNotes:\n\n" : "\nnotes:\n";
        for (const std::string& n : w.notes) out += (md ? "- " : "  - ") + n + "\n";
    }
    return out;
}

}  // namespace

std::string render_whatif(const std::vector<WhatIfResult>& results, Format format) {
    if (format == Format::json) return report::whatif_json(results);
    if (format == Format::csv) {
        std::string out = "scenario,id,rank_before,rank_after,tier_before,tier_after,risk_before,risk_after,delta_risk\n";
        for (const WhatIfResult& w : results)
            for (const VendorDelta& d : w.vendors)
                out += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(w.scenario), csv_field(d.id),
                                   d.before ? std::to_string(d.before->rank) : "", d.after ? std::to_string(d.after->rank) : "",
                                   d.before ? csv_field(d.before->tier) : "", d.after ? csv_field(d.after->tier) : "",
                                   d.before ? fmt::format("{}", d.before->risk) : "",
                                   d.after ? fmt::format("{}", d.after->risk) : "", d.delta_risk);
        return out;
    }
    std::string out;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (i) out += "\n";
        out += whatif_text(results[i], format == Format::markdown);
    }
    return out;
}

std::string render_suggestions(const std::vector<Suggestion>& s, double total_risk, Format format) {
    if (format == Format::json) return report::suggestions_json(s, total_risk);
    if (format == Format::csv) {
        std::string out = "rank,change,vendor,description,total_risk_before,total_risk_after,reduction,vendor_risk_before,"
                          "vendor_risk_after\n";
        for (std::size_t i = 0; i < s.size(); ++i)
            out += fmt::format("{},{},{},{},{},{},{},{},{}\n", i + 1, change_name(s[i].change.kind), csv_field(s[i].vendor),
                               csv_field(s[i].description), s[i].total_risk_before, s[i].total_risk_after, s[i].reduction,
                               s[i].vendor_risk_before, s[i].vendor_risk_after);
        return out;
    }
    const bool md = format == Format::markdown;
    std::string out = fmt::format("{}The single changes that cut total risk ({}) the most\n\n", md ? "## " : "",
                                  human(total_risk));
    Table t{{"#", "change", "vendor", "vendor risk", "total risk after", "reduction"},
            {true, false, false, false, true, true},
            {}};
    for (std::size_t i = 0; i < s.size(); ++i)
        t.rows.push_back({std::to_string(i + 1), s[i].description, s[i].vendor,
                          fmt::format("{} -> {}", human(s[i].vendor_risk_before), human(s[i].vendor_risk_after)),
                          human(s[i].total_risk_after),
                          fmt::format("{} ({:.1f}%)", human(s[i].reduction),
                                      total_risk > 0 ? 100 * s[i].reduction / total_risk : 0.0)});
    if (s.empty()) return out + "No single change reduces the total risk.\n";
    return out + (md ? t.markdown() : t.text());
}

}  // namespace breachrank
