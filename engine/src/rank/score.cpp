// score(): the pipeline end to end (SPEC §4). Coverage and severity (rules
// compiled once) give every entity's direct harm (scoring/), a cascade per
// vendor gives C(v) (propagation/), and here the vendors are ranked, tiered
// and described, and each organisation's exposure is summed.
#include <algorithm>

#include "rank/ranking.hpp"
#include "scoring/basis.hpp"
#include "support/finite.hpp"
#include "support/parallel.hpp"
#include "support/timing.hpp"

namespace breachrank {

namespace {

using propagation::Baseline;
using propagation::Context;
using propagation::Plan;
using propagation::VendorRun;
using support::require_finite;

// Each vendor's figures and the direct part of its explanation, built straight
// into its ranked place on the worker threads (each task writes only its own
// VendorScore).
void describe_vendors(const Context& cx, const Baseline& base, const std::vector<rank::Ranked>& order,
                      const ScoreOptions& options, std::vector<VendorScore>& out) {
    out.resize(base.vendors.size());
    support::parallel_for(
        support::worker_count(options.threads, base.vendors.size()), base.vendors.size(),
        [&](std::size_t, std::size_t k) {
            const VendorRun& r = base.vendors[order[k].index];
            const auto v = static_cast<std::size_t>(r.entity);
            const Entity& ent = cx.model.entities[v];
            VendorScore& s = out[k];
            s.rank = static_cast<int>(k + 1);
            s.id = ent.id;
            s.name = ent.name;
            s.kind = ent.kind;
            s.likelihood = r.likelihood.likelihood;
            s.direct_impact = cx.direct[v].total;
            s.cascade_impact = r.cascade;
            s.cascade_method = propagation::method_of(r.plan);
            if (r.plan != Plan::linear) s.cascade_stderr = r.standard_error;
            s.risk = order[k].risk;
            s.inherent_risk = r.likelihood.inherent * s.cascade_impact;
            s.tier = rank::tier_of(cx.rules, s.risk);
            if (cx.rules.loss) {
                s.expected_incident_loss = cx.rules.loss->per_breach.mean() + r.money;
                if (r.plan != Plan::linear) s.expected_incident_loss_stderr = r.money_standard_error;
                s.expected_annual_loss = s.likelihood * *s.expected_incident_loss;
            }
            const int self[] = {r.entity};
            scoring::describe_direct(cx, self, s.exposures, s.people_exposed, &s.organisations_affected,
                                     &s.rules_fired, options.exposures);
        });
    // Direct impact, cascade and risk were checked before the ranking.
    for (const VendorScore& s : out) {
        require_finite(s.inherent_risk, "the inherent risk of '{}'", s.id);
        require_finite(s.cascade_stderr.value_or(0), "the standard error of '{}'", s.id);
        require_finite(s.expected_annual_loss.value_or(0), "the expected annual loss of '{}'", s.id);
        require_finite(s.expected_incident_loss_stderr.value_or(0), "the standard error of the loss of '{}'", s.id);
        for (const PopulationExposure& e : s.exposures)
            for (const SegmentExposure& g : e.segments)
                for (const BandScore& b : g.bands) require_finite(b.severity, "a severity of '{}'", g.segment);
    }
}

// Organisation exposure: sum over vendors of P(v) x E[harm of B_v to each
// owner's populations]; exposure desc, then id.
std::vector<OrganisationScore> organisation_exposure(const Context& cx, const Baseline& base) {
    const Model& model = cx.model;
    const std::size_t n = model.entities.size();
    std::vector<double> exposure(n, 0.0);
    if (base.screen) {
        // exposure(O) = sum_v P(v) U_O(v) = w^T D_O with (I - damping Q)^T w = P.
        for (std::size_t e = 0; e < n; ++e)
            for (const auto& [owner, harm] : cx.direct[e].by_owner)
                exposure[owner] += base.screen->weights_through[e] * harm;
    } else {
        for (const VendorRun& r : base.vendors)
            for (const auto& [owner, harm] : r.by_owner) exposure[owner] += r.likelihood.likelihood * harm;
    }
    std::vector<double> people(n, 0.0);
    for (const Population& p : model.populations) people[static_cast<std::size_t>(p.owner)] += static_cast<double>(p.size);
    std::vector<OrganisationScore> out;
    for (std::size_t e = 0; e < n; ++e) {
        if (model.entities[e].kind != EntityKind::organisation) continue;
        out.push_back(OrganisationScore{model.entities[e].id, model.entities[e].name, people[e], exposure[e]});
    }
    for (const OrganisationScore& o : out) require_finite(o.exposure, "the exposure of '{}'", o.id);
    std::sort(out.begin(), out.end(), [](const OrganisationScore& a, const OrganisationScore& b) {
        return a.exposure != b.exposure ? a.exposure > b.exposure : a.id < b.id;
    });
    return out;
}

}  // namespace

ScoreResult score(const Model& model, const RulePack& rules, const ScoreOptions& options) {
    const propagation::Settings st = propagation::settings_of(rules, options);
    support::Timing context_time("score: context (coverage, severity, direct harm)");
    Context cx(model, rules, support::worker_count(options.threads, model.entities.size()), st.circumstances);
    context_time.stop();
    support::Timing cascade_time("score: cascades");
    const Baseline base = propagation::run_vendors(cx, st, options.threads);
    cascade_time.stop();
    support::Timing result_time("score: result");
    return rank::score_result(cx, base, st, options);
}

ScoreResult rank::score_result(const Context& cx, const Baseline& base, const propagation::Settings& st,
                               const ScoreOptions& options) {
    const Model& model = cx.model;
    const RulePack& rules = cx.rules;

    ScoreResult result;
    result.model = model.name;
    result.rules = rules.name;
    result.circumstances = propagation::circumstance_names(rules, st);
    result.method = st.method;
    if (st.method == CascadeMethod::automatic || st.method == CascadeMethod::montecarlo) result.trials = st.trials;
    result.seed = st.seed;
    const std::vector<rank::Ranked> order = rank::ranking(model, base, cx.direct);
    describe_vendors(cx, base, order, options, result.vendors);
    result.organisations = organisation_exposure(cx, base);
    result.summary = rank::summarise(base, st);
    if (rules.loss) {
        result.currency = rules.loss->currency;
        double total = 0;
        for (const VendorScore& v : result.vendors) total += *v.expected_annual_loss;
        require_finite(total, "the portfolio's expected annual loss");
        result.expected_annual_loss = total;
    }
    return result;
}

}  // namespace breachrank
