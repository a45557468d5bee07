// compare(): a baseline and a scenario side by side.
#include <algorithm>
#include <map>

#include "breachrank/scenario.hpp"

namespace breachrank {

WhatIfResult compare(const std::string& scenario_name, const ScoreResult& before, const ScoreResult& after,
                     std::vector<std::string> notes) {
    WhatIfResult out;
    out.scenario = scenario_name;
    out.notes = std::move(notes);
    std::map<std::string, const VendorScore*> after_by_id;
    for (const VendorScore& v : after.vendors) after_by_id[v.id] = &v;
    auto standing = [](const VendorScore& v) { return VendorStanding{v.risk, v.rank, v.tier, v.expected_annual_loss}; };
    for (const VendorScore& v : before.vendors) {
        out.total_risk_before += v.risk;
        VendorDelta d;
        d.id = v.id;
        d.before = standing(v);
        auto it = after_by_id.find(v.id);
        if (it != after_by_id.end()) d.after = standing(*it->second);
        d.delta_risk = (d.after ? d.after->risk : 0.0) - v.risk;
        out.vendors.push_back(std::move(d));
    }
    std::map<std::string, bool> seen;
    for (const VendorScore& v : before.vendors) seen[v.id] = true;
    for (const VendorScore& v : after.vendors) {
        out.total_risk_after += v.risk;
        if (seen.count(v.id)) continue;
        VendorDelta d;
        d.id = v.id;
        d.after = standing(v);
        d.delta_risk = v.risk;
        out.vendors.push_back(std::move(d));
    }
    out.currency = before.currency;
    out.before = before;
    out.after = after;
    return out;
}

}  // namespace breachrank
