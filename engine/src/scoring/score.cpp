// score(): direct impact, likelihood, risk, rank, tier and organisation
// exposure for every supplier (SPEC §4). The cascade over access edges is not
// computed yet: C(v) = D(v), exact for a vendor without outgoing access and
// reported as cascade_method "none" (a lower bound) for one with it.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "breachrank/score.hpp"
#include "graph/coverage.hpp"
#include "scoring/harm.hpp"
#include "scoring/severity.hpp"

namespace breachrank {

namespace {

double clamp01(double x) { return std::min(std::max(x, 0.0), 1.0); }

void check_faults(const Model& model, const RulePack& rules, const scoring::SeverityModel& sev) {
    if (sev.faults().empty()) return;
    const scoring::ExpressionFault& f = sev.faults().front();
    throw Error(fmt::format("rule '{}': '{}' evaluates to {} for population '{}'", rules.rules[f.rule].id, f.where,
                            f.value, model.populations[f.population].id));
}

struct Context {
    const Model& model;
    const RulePack& rules;
    graph::Coverage coverage;
    scoring::SeverityModel severity;
    Context(const Model& m, const RulePack& r) : model(m), rules(r), coverage(m), severity(m, r) {
        check_faults(m, r, severity);
    }
};

PopulationExposure to_public(const Context& cx, const scoring::Exposure& e) {
    const Population& pop = cx.model.populations[e.population];
    PopulationExposure out;
    out.population = pop.id;
    out.owner = cx.model.entities[static_cast<std::size_t>(pop.owner)].id;
    out.people = e.people;
    out.harm = e.harm;
    for (const scoring::Band& b : e.bands)
        out.bands.push_back(
            BandScore{b.share, cx.rules.category_names(b.categories), b.severity, cx.severity.level(b.severity)});
    return out;
}

VendorScore score_vendor(const Context& cx, int v, bool has_outgoing, std::vector<scoring::Exposure>& exposures) {
    const Entity& ent = cx.model.entities[static_cast<std::size_t>(v)];
    const int set[] = {v};
    exposures = scoring::expose(cx.model, cx.coverage, cx.severity, set);
    VendorScore s;
    s.id = ent.id;
    s.name = ent.name;
    LikelihoodTrace lt = trace_likelihood(cx.model, cx.rules, v);
    s.likelihood = lt.likelihood;
    s.direct_impact = scoring::total_harm(exposures);
    s.cascade_impact = s.direct_impact;
    if (has_outgoing) {
        s.cascade_method = "none";
    } else {
        s.cascade_method = "exact";
        s.cascade_stderr = 0.0;
    }
    s.risk = s.likelihood * s.cascade_impact;
    s.inherent_risk = lt.inherent * s.cascade_impact;
    std::set<std::string> owners;
    std::vector<bool> fired(cx.rules.rules.size(), false);
    for (const scoring::Exposure& e : exposures) {
        s.people_exposed += e.people;
        s.exposures.push_back(to_public(cx, e));
        owners.insert(s.exposures.back().owner);
        for (const scoring::Band& b : e.bands)
            for (std::size_t r = 0; r < fired.size(); ++r)
                if (!fired[r] && cx.severity.fires(e.population, r, b.categories)) fired[r] = true;
    }
    s.organisations_affected.assign(owners.begin(), owners.end());
    for (std::size_t r = 0; r < fired.size(); ++r)
        if (fired[r]) s.rules_fired.push_back(cx.rules.rules[r].id);
    return s;
}

std::string tier_of(const RulePack& rules, double risk) {
    for (const Tier& t : rules.tiers)
        if (risk >= t.min_risk) return t.name;
    return {};
}

}  // namespace

bool ScoreOptions::is_valid(std::string* why) const {
    auto fail = [&](std::string msg) {
        if (why) *why = std::move(msg);
        return false;
    };
    if (trials && (*trials < 1 || *trials > 1'000'000'000)) return fail("trials must be between 1 and 1000000000");
    if (threads < 0) return fail("threads must be 0 (all cores) or more");
    return true;
}

LikelihoodTrace trace_likelihood(const Model& model, const RulePack& rules, int entity) {
    const Entity& e = model.entities.at(static_cast<std::size_t>(entity));
    LikelihoodTrace t;
    t.kind = kind_name(e.kind);
    t.base = e.kind == EntityKind::organisation ? rules.likelihood.base_organisation : rules.likelihood.base_supplier;
    double controls = 1, tags = 1;
    for (int c : e.controls) {
        const NamedFactor& f = rules.likelihood.controls.at(static_cast<std::size_t>(c));
        t.controls.push_back(f);
        controls *= f.factor;
    }
    for (const NamedFactor& f : rules.likelihood.tags) {
        if (std::find(e.tags.begin(), e.tags.end(), f.name) == e.tags.end()) continue;
        t.tags.push_back(f);
        tags *= f.factor;
    }
    t.override_value = e.likelihood;
    t.likelihood = e.likelihood ? *e.likelihood : clamp01(t.base * controls * tags);
    t.inherent = e.likelihood ? *e.likelihood : clamp01(t.base * tags);
    return t;
}

ScoreResult score(const Model& model, const RulePack& rules, const ScoreOptions& options) {
    std::string why;
    if (!options.is_valid(&why)) throw Error(why);
    Context cx(model, rules);

    ScoreResult result;
    result.model = model.name;
    result.rules = rules.name;
    CascadeMethod method = options.method.value_or(rules.propagation.method);
    result.method = method_name(method);
    if (method == CascadeMethod::automatic || method == CascadeMethod::montecarlo)
        result.trials = options.trials.value_or(rules.propagation.trials);
    result.seed = options.seed.value_or(rules.propagation.seed);

    const std::size_t n = model.entities.size();
    std::vector<bool> has_outgoing(n, false);
    for (const Access& a : model.access) has_outgoing[static_cast<std::size_t>(a.from)] = true;

    std::vector<double> exposure(n, 0.0);
    std::vector<scoring::Exposure> exposures;
    for (std::size_t v = 0; v < n; ++v) {
        if (model.entities[v].kind != EntityKind::supplier) continue;
        VendorScore s = score_vendor(cx, static_cast<int>(v), has_outgoing[v], exposures);
        // Organisation exposure: P(v) x the harm of v's breach to each owner's populations.
        for (const scoring::Exposure& e : exposures)
            exposure[static_cast<std::size_t>(model.populations[e.population].owner)] += s.likelihood * e.harm;
        result.vendors.push_back(std::move(s));
    }
    std::sort(result.vendors.begin(), result.vendors.end(), [](const VendorScore& a, const VendorScore& b) {
        if (a.risk != b.risk) return a.risk > b.risk;
        if (a.cascade_impact != b.cascade_impact) return a.cascade_impact > b.cascade_impact;
        return a.id < b.id;
    });
    for (std::size_t i = 0; i < result.vendors.size(); ++i) {
        result.vendors[i].rank = static_cast<int>(i + 1);
        result.vendors[i].tier = tier_of(rules, result.vendors[i].risk);
    }

    std::vector<double> people(n, 0.0);
    for (const Population& p : model.populations) people[static_cast<std::size_t>(p.owner)] += static_cast<double>(p.size);
    for (std::size_t e = 0; e < n; ++e) {
        if (model.entities[e].kind != EntityKind::organisation) continue;
        result.organisations.push_back(OrganisationScore{model.entities[e].id, model.entities[e].name, people[e], exposure[e]});
    }
    std::sort(result.organisations.begin(), result.organisations.end(),
              [](const OrganisationScore& a, const OrganisationScore& b) {
                  return a.exposure != b.exposure ? a.exposure > b.exposure : a.id < b.id;
              });
    return result;
}

SeverityTrace trace_severity(const Model& model, const RulePack& rules, int population, const CategorySet& exposed) {
    scoring::SeverityModel sev(model, rules);
    return sev.trace(static_cast<std::size_t>(population), exposed);
}

VendorExplanation explain(const Model& model, const RulePack& rules, const std::string& vendor_id,
                          const ScoreOptions& options) {
    int v = model.find_entity(vendor_id);
    if (v < 0 || model.entities[static_cast<std::size_t>(v)].kind != EntityKind::supplier)
        throw Error(fmt::format("no supplier has the id '{}'", vendor_id));
    ScoreResult all = score(model, rules, options);
    VendorExplanation out;
    out.vendors = all.vendors.size();
    for (VendorScore& s : all.vendors)
        if (s.id == vendor_id) out.score = std::move(s);
    Context cx(model, rules);
    const int set[] = {v};
    for (const scoring::Exposure& e : scoring::expose(model, cx.coverage, cx.severity, set)) {
        std::vector<SeverityTrace> traces;
        for (const scoring::Band& b : e.bands) traces.push_back(cx.severity.trace(e.population, b.categories));
        out.bands.push_back(std::move(traces));
    }
    out.likelihood = trace_likelihood(model, rules, v);
    return out;
}

}  // namespace breachrank
