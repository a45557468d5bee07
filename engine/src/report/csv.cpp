// CSV (RFC 4180): one row per item, numbers as the shortest text that reads
// back to the same double, lists joined by ';' within one field. The ranking
// is written in slices on two threads as it is rendered (report/slices.hpp).
#include <iterator>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/slices.hpp"

namespace breachrank::report {

namespace {

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

// Every vendor a change moves, in one field: "id:before:after;id:before:after".
std::string effects_field(const std::vector<VendorEffect>& effects) {
    std::string out;
    for (const VendorEffect& e : effects) {
        if (!out.empty()) out += ';';
        out += fmt::format("{}:{}:{}", e.id, e.before, e.after);
    }
    return out;
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
        out += kind_name(v.kind);
        out += ',';
        put_csv_field(out, v.tier);
        fmt::format_to(it, ",{},{},{},", v.likelihood, v.direct_impact, v.cascade_impact);
        if (v.cascade_stderr) fmt::format_to(it, "{}", *v.cascade_stderr);
        fmt::format_to(it, ",{},{},{},{},", method_name(v.cascade_method), v.risk, v.inherent_risk, v.people_exposed);
        put_csv_list(out, v.organisations_affected);
        out += ',';
        put_csv_list(out, v.rules_fired);
        if (v.expected_annual_loss) {
            fmt::format_to(it, ",{},", *v.expected_incident_loss);
            if (v.expected_incident_loss_stderr) fmt::format_to(it, "{}", *v.expected_incident_loss_stderr);
            fmt::format_to(it, ",{}", *v.expected_annual_loss);
        }
        out += '\n';
    }
}

constexpr const char* kScoreCsvHeader =
    "rank,id,name,kind,tier,likelihood,direct_impact,cascade_impact,cascade_stderr,cascade_method,risk,inherent_risk,"
    "people_exposed,organisations_affected,rules_fired\n";

// Rows per slice: about 180 KB of CSV.
constexpr std::size_t kRowsPerSlice = 1000;

}  // namespace

void write_score_csv(std::ostream& out, const ScoreResult& r, std::size_t top) {
    if (r.currency) {
        // The pack's `loss` section adds three columns at the end.
        std::string_view header(kScoreCsvHeader);
        header.remove_suffix(1);
        out << header << ",expected_incident_loss,expected_incident_loss_stderr,expected_annual_loss\n";
    } else {
        out << kScoreCsvHeader;
    }
    report::write_in_slices(out, listed(r, top), kRowsPerSlice, [&](std::size_t begin, std::size_t end, std::string& text) {
        text.reserve(text.size() + (end - begin) * 200);  // rows average 177 bytes at 100,000 vendors
        score_csv_rows(r, begin, end, text);
    });
}


std::string breach_csv(const BreachResult& b) {
    // One row per population, segment and band; `notify` says whether those
    // people must be told (individuals), as the notification decided.
    std::string out = "population,owner,segment,people,share,categories,severity,level,notify\n";
    auto told = [&](const std::string& population, const std::string& segment, const std::string& level) {
        if (!b.notification.individuals.required) return false;
        for (const NotificationGroup& g : b.notification.individuals.groups)
            if (g.population == population && g.segment == segment && g.level == level) return true;
        return false;
    };
    for (const PopulationExposure& e : b.exposures)
        for (const SegmentExposure& s : e.segments)
            for (const BandScore& band : s.bands) {
                put_csv_field(out, e.population);
                out += ',';
                put_csv_field(out, e.owner);
                out += ',';
                put_csv_field(out, s.segment);
                out += fmt::format(",{},{},", band.people, band.share);
                put_csv_list(out, band.categories);
                out += fmt::format(",{},", band.severity);
                put_csv_field(out, band.level);
                out += told(e.population, s.segment, band.level) ? ",yes\n" : ",no\n";
            }
    // The reach: a second section after a blank line (README "breach --format csv").
    out += "\nid,probability\n";
    for (const ReachProbability& r : b.reach) out += fmt::format("{},{}\n", csv_field(r.id), r.probability);
    // The decisions: a third section.
    const NotificationDecision& n = b.notification;
    out += "\nnotify,required,deadline,people,reason\n";
    auto yes_no = [&](bool required) { return !n.assessed ? "n/a" : required ? "yes" : "no"; };
    out += fmt::format("authority,{},{},,", yes_no(n.authority.required), n.authority.deadline.value_or(""));
    put_csv_field(out, n.authority.reason);
    out += fmt::format("\nindividuals,{},,{},", yes_no(n.individuals.required), n.individuals.people);
    put_csv_field(out, n.individuals.reason);
    out += '\n';
    return out;
}

std::string whatif_csv(const std::vector<WhatIfResult>& results) {
    // The pack's `loss` section adds each vendor's expected annual loss before and after.
    const bool money = !results.empty() && results.front().currency;
    std::string out = "scenario,id,rank_before,rank_after,tier_before,tier_after,risk_before,risk_after,delta_risk";
    out += money ? ",eal_before,eal_after\n" : "\n";
    auto eal = [](const std::optional<VendorStanding>& s) {
        return s && s->expected_annual_loss ? fmt::format("{}", *s->expected_annual_loss) : std::string();
    };
    for (const WhatIfResult& w : results)
        for (const VendorDelta& d : w.vendors) {
            out += fmt::format("{},{},{},{},{},{},{},{},{}", csv_field(w.scenario), csv_field(d.id),
                               d.before ? std::to_string(d.before->rank) : "", d.after ? std::to_string(d.after->rank) : "",
                               d.before ? csv_field(d.before->tier) : "", d.after ? csv_field(d.after->tier) : "",
                               d.before ? fmt::format("{}", d.before->risk) : "",
                               d.after ? fmt::format("{}", d.after->risk) : "", d.delta_risk);
            if (money) out += "," + eal(d.before) + "," + eal(d.after);
            out += '\n';
        }
    return out;
}

std::string suggestions_csv(const std::vector<Suggestion>& s) {
    std::string out = "rank,change,vendor,description,total_risk_before,total_risk_after,reduction,vendor_risk_before,"
                      "vendor_risk_after,cost,loss_avoided,return,effects\n";
    for (std::size_t i = 0; i < s.size(); ++i) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},", i + 1, change_name(s[i].change.kind), csv_field(s[i].vendor),
                           csv_field(s[i].description), s[i].total_risk_before, s[i].total_risk_after, s[i].reduction,
                           s[i].vendor_risk_before, s[i].vendor_risk_after, s[i].cost);
        out += s[i].loss_avoided ? fmt::format("{},{},", *s[i].loss_avoided, *s[i].net_return) : std::string(",,");
        put_csv_field(out, effects_field(s[i].effects));
        out += '\n';
    }
    return out;
}

std::string loss_csv(const LossResult& r, std::size_t top) {
    std::string out =
        "rank,id,name,kind,likelihood,expected_incident_loss,expected_incident_loss_stderr,cascade_method,"
        "expected_annual_loss,tail_share_20,tail_share_100,risk\n";
    const std::size_t n = top == 0 ? r.vendors.size() : std::min(top, r.vendors.size());
    auto it = std::back_inserter(out);
    for (std::size_t i = 0; i < n; ++i) {
        const VendorLoss& v = r.vendors[i];
        fmt::format_to(it, "{},", v.rank);
        put_csv_field(out, v.id);
        out += ',';
        put_csv_field(out, v.name);
        fmt::format_to(it, ",{},{},{},", kind_name(v.kind), v.likelihood, v.expected_incident_loss);
        if (v.expected_incident_loss_stderr) fmt::format_to(it, "{}", *v.expected_incident_loss_stderr);
        fmt::format_to(it, ",{},{},{},{},{}\n", method_name(v.cascade_method), v.expected_annual_loss, v.tail_share_20,
                       v.tail_share_100, v.risk);
    }
    return out;
}

std::string loss_curve_csv(const LossResult& r) {
    std::string out = "return_period_years,probability,loss\n";
    for (const ExceedancePoint& e : r.exceedance) out += fmt::format("{},{},{}\n", 1 / e.probability, e.probability, e.loss);
    return out;
}

std::string plan_csv(const PlanResult& p) {
    std::string out = "step,kind,change,vendor,cost,total_risk_before,total_risk_after,reduction,loss_avoided,return,effects\n";
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const PlanStep& s = p.steps[i];
        out += fmt::format("{},{},{},{},{},{},{},{},", i + 1, change_name(s.change.kind), csv_field(s.description),
                           csv_field(s.vendor), s.cost, s.total_risk_before, s.total_risk_after, s.reduction);
        if (s.loss_avoided) out += fmt::format("{},{}", *s.loss_avoided, *s.net_return);
        else out += ",";
        out += ',';
        put_csv_field(out, effects_field(s.effects));
        out += '\n';
    }
    return out;
}

}  // namespace breachrank::report
