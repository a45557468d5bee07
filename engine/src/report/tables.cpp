// The table and Markdown formats, for people: the ranking, an incident, the
// scenarios side by side and the suggestions, each as aligned columns
// (report/text_format.hpp) under a line or two of context.
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank::report {

namespace {

std::pair<Table, Table> score_tables(const ScoreResult& r, std::size_t top) {
    // With the pack's `loss` section, the expected annual loss stands beside the risk.
    const bool money_column = r.currency.has_value();
    Table vendors{{"rank", "vendor", "tier", "risk", "inherent", "likelihood", "direct", "cascade", "method",
                   "people", "orgs"},
                  {true, false, false, true, true, true, true, true, false, true, true},
                  {}};
    if (money_column) {
        vendors.header.insert(vendors.header.begin() + 4, "EAL " + *r.currency);
        vendors.numeric.insert(vendors.numeric.begin() + 4, true);
    }
    for (std::size_t i = 0; i < listed(r, top); ++i) {
        const VendorScore& v = r.vendors[i];
        std::string cascade = human(v.cascade_impact);
        if (v.cascade_stderr && *v.cascade_stderr > 0) cascade += " ± " + human(*v.cascade_stderr);
        // Channels (an organisation's own disclosure routes) are marked beside the suppliers.
        vendors.rows.push_back({std::to_string(v.rank), v.kind == EntityKind::channel ? v.id + " (channel)" : v.id,
                                v.tier.empty() ? "-" : v.tier, human(v.risk),
                                human(v.inherent_risk), fmt::format("{:.4g}", v.likelihood), human(v.direct_impact),
                                cascade, method_name(v.cascade_method), human(v.people_exposed),
                                std::to_string(v.organisations_affected.size())});
        if (money_column) vendors.rows.back().insert(vendors.rows.back().begin() + 4, money(*v.expected_annual_loss));
    }
    Table orgs{{"organisation", "people", "exposure"}, {false, true, true}, {}};
    for (const OrganisationScore& o : r.organisations)
        orgs.rows.push_back({o.id, human(o.people), human(o.exposure)});
    return {vendors, orgs};
}

}  // namespace

std::string score_text(const ScoreResult& r, std::size_t top, bool markdown) {
    auto [vendors, orgs] = score_tables(r, top);
    std::string shown = listed(r, top) < r.vendors.size()
                            ? fmt::format("top {} of {} vendors", listed(r, top), r.vendors.size())
                            : fmt::format("{} vendors", r.vendors.size());
    std::string method = method_name(r.method) + (r.trials ? fmt::format(", {} trials, seed {}", *r.trials, r.seed) : "");
    const std::string circumstances = r.circumstances.empty() ? "none" : join(r.circumstances, ", ");
    // What the figures are measured in: harm in severity points summed over
    // people, risk in expected harm a year.
    std::string units = "harm (direct, cascade) = severity points summed over the people exposed; risk = annual "
                        "breach likelihood x cascade harm, in severity points a year";
    if (r.currency)
        units += fmt::format("; EAL = expected annual loss in {} (likelihood x expected incident loss; all vendors: "
                             "{} {})",
                             *r.currency, *r.currency, money(*r.expected_annual_loss));
    if (markdown) {
        return fmt::format("## {}\n\nRules: {}. Method: {}. Circumstances: {}. Units: {}; {}.\n\n{}\n"
                           "### Organisation exposure (expected severity points a year to their people)\n\n{}",
                           r.model, r.rules, method, circumstances, units, shown, vendors.markdown(), orgs.markdown());
    }
    return fmt::format("{}\nrules: {}   method: {}   circumstances: {}   {}\nunits: {}\n\n{}\norganisation exposure "
                       "(expected severity points a year to their people)\n{}",
                       r.model, r.rules, method, circumstances, shown, units, vendors.text(), orgs.text());
}

std::string group_label(const std::string& population, const std::string& segment) {
    return segment == population ? population + " (the rest, in no segment)" : population + ", segment " + segment;
}

std::string notification_text(const NotificationDecision& n, bool md) {
    return (md ? "\n### Notification (GDPR Art. 33/34)\n\n" : "\nnotification (GDPR Art. 33/34)\n") +
           notification_lines(n, md);
}

std::string notification_lines(const NotificationDecision& n, bool md) {
    const char* item = md ? "- " : "  ";
    const char* sub = md ? "  - " : "    ";
    if (!n.assessed)
        return fmt::format("{}no decision: {}\n", item, n.authority.reason);
    std::string out;
    out += fmt::format("{}Supervisory authority (Art. 33): {}.\n{}why: {}\n", item,
                       !n.authority.required  ? std::string("not required")
                       : n.authority.deadline ? "must be told by " + *n.authority.deadline
                                              : std::string("must be told within the deadline"),
                       sub, n.authority.reason);
    out += fmt::format("{}Individuals (Art. 34): {}.\n{}why: {}\n", item,
                       n.individuals.required ? fmt::format("must be told, {} people", human(n.individuals.people))
                                              : std::string("not required"),
                       sub, n.individuals.reason);
    for (const NotificationGroup& g : n.individuals.groups)
        out += fmt::format("{}{}: {} people at level {}\n", sub, group_label(g.population, g.segment), human(g.people),
                           g.level);
    return out;
}

std::string breach_text(const BreachResult& b, bool md) {
    std::string out = fmt::format("{}Breach of {}\n\n", md ? "## " : "", join(b.breached, ", "));
    out += fmt::format("Circumstances: {}.\n", b.circumstances.empty() ? "none" : join(b.circumstances, ", "));
    out += fmt::format("Harm {} severity points to {} people.\n\n", human(b.harm), human(b.people_exposed));
    Table pops{{"population", "owner", "segment", "people", "harm", "share", "categories exposed", "severity", "level"},
               {false, false, false, true, true, true, false, true, false},
               {}};
    for (const PopulationExposure& e : b.exposures)
        for (std::size_t s = 0; s < e.segments.size(); ++s) {
            const SegmentExposure& seg = e.segments[s];
            for (std::size_t i = 0; i < seg.bands.size(); ++i) {
                const BandScore& band = seg.bands[i];
                const bool first = s == 0 && i == 0;
                pops.rows.push_back({first ? e.population : "", first ? e.owner : "",
                                     i == 0 ? (seg.segment == e.population ? "(the rest)" : seg.segment) : "",
                                     human(band.people), i == 0 ? human(seg.harm) : "", percent(band.share),
                                     join(band.categories, ", "), human(band.severity),
                                     band.level.empty() ? "-" : band.level});
            }
        }
    out += md ? pops.markdown() : pops.text();
    out += notification_text(b.notification, md);
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

namespace {

std::string scenario_text(const WhatIfResult& w, bool md) {
    std::string out = fmt::format("{}Scenario: {}\n\n", md ? "## " : "", w.scenario);
    double change = w.total_risk_after - w.total_risk_before;
    out += fmt::format("Total risk {} -> {} ({}{}).\n\n", human(w.total_risk_before), human(w.total_risk_after),
                       signed_human(change),
                       w.total_risk_before > 0 ? fmt::format(", {:+.1f}%", 100 * change / w.total_risk_before) : "");
    if (w.currency) {
        const double before = w.before.expected_annual_loss.value_or(0), after = w.after.expected_annual_loss.value_or(0);
        out += fmt::format("Expected annual loss {} {} -> {} ({}{}).\n\n", *w.currency, money(before), money(after),
                           after >= before ? "+" + money(after - before) : "-" + money(before - after),
                           before > 0 ? fmt::format(", {:+.1f}%", 100 * (after - before) / before) : "");
    }
    Table t{{"vendor", "rank", "move", "tier", "risk before", "risk after", "change"},
            {false, false, false, false, true, true, true},
            {}};
    if (w.currency) {
        t.header.push_back("EAL before");
        t.header.push_back("EAL after");
        t.numeric.push_back(true);
        t.numeric.push_back(true);
    }
    auto eal = [](const std::optional<VendorStanding>& s) {
        return s && s->expected_annual_loss ? money(*s->expected_annual_loss) : std::string("-");
    };
    // Channels are marked as in the ranking.
    std::unordered_set<std::string_view> channels;
    for (const ScoreResult* r : {&w.before, &w.after})
        for (const VendorScore& v : r->vendors)
            if (v.kind == EntityKind::channel) channels.insert(v.id);
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
        const std::string id = channels.count(d.id) ? d.id + " (channel)" : d.id;
        t.rows.push_back({id, rank, move, tiers, d.before ? human(d.before->risk) : "-",
                          d.after ? human(d.after->risk) : "-", d.delta_risk == 0 ? "0" : signed_human(d.delta_risk)});
        if (w.currency) {
            t.rows.back().push_back(eal(d.before));
            t.rows.back().push_back(eal(d.after));
        }
    }
    out += md ? t.markdown() : t.text();
    if (!w.notes.empty()) {
        out += md ? "\nNotes:\n\n" : "\nnotes:\n";
        for (const std::string& n : w.notes) out += (md ? "- " : "  - ") + n + "\n";
    }
    return out;
}

}  // namespace

std::string whatif_text(const std::vector<WhatIfResult>& results, bool md) {
    std::string out;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (i) out += "\n";
        out += scenario_text(results[i], md);
    }
    return out;
}


std::string suggestions_text(const std::vector<Suggestion>& s, double total_risk, bool md) {
    std::string out = fmt::format("{}The single changes that cut total risk ({}) the most\n\n", md ? "## " : "",
                                  human(total_risk));
    Table t{{"#", "change", "vendor", "vendor risk", "total risk after", "reduction", "cost", "also moves"},
            {true, false, false, false, true, true, true, false},
            {}};
    // With the pack's loss section, the money each change avoids and returns.
    const bool priced = !s.empty() && s.front().loss_avoided.has_value();
    if (priced) {
        t.header.insert(t.header.begin() + 7, {"loss avoided", "return"});
        t.numeric.insert(t.numeric.begin() + 7, {true, true});
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        t.rows.push_back({std::to_string(i + 1), s[i].description,
                          s[i].vendor_kind == EntityKind::channel ? s[i].vendor + " (channel)" : s[i].vendor,
                          fmt::format("{} -> {}", human(s[i].vendor_risk_before), human(s[i].vendor_risk_after)),
                          human(s[i].total_risk_after),
                          fmt::format("{} ({:.1f}%)", human(s[i].reduction),
                                      total_risk > 0 ? 100 * s[i].reduction / total_risk : 0.0),
                          money(s[i].cost), side_effects(s[i].effects, s[i].vendor)});
        if (priced)
            t.rows.back().insert(t.rows.back().begin() + 7,
                                 {money(s[i].loss_avoided.value_or(0)), money(s[i].net_return.value_or(0))});
    }
    if (s.empty()) return out + "No single change reduces the total risk.\n";
    return out + (md ? t.markdown() : t.text()) +
           "\nCost: a year, in the loss currency (the pack's control costs and mitigation_costs). Also moves: the "
           "other vendors whose risk the change moves (data trimmed from a sub-processor, cascades through the "
           "vendor)." +
           (priced ? std::string(" Loss avoided: the drop in expected annual loss; return: loss avoided - cost.") : "") +
           "\n";
}

}  // namespace breachrank::report
