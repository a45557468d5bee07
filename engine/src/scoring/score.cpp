// score(), explain() and breach(): direct impact, cascades over access edges,
// likelihood, risk, rank, tier and organisation exposure (SPEC §4).
//
// The pipeline: coverage -> severity (rules compiled once) -> direct harm of
// every entity -> a cascade plan per vendor (exact, Monte Carlo or linear) ->
// cascades on worker threads -> ranking.
#include "scoring/engine.hpp"

namespace breachrank {

using namespace scoring;
using propagation::CascadeEstimate;

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

namespace scoring {

double cascade_of(propagation::Cascader& c, const Context& cx, int v, Plan plan, const Settings& st,
                  CascadeEstimate* estimate) {
    const int start[] = {v};
    CascadeEstimate e;
    if (plan == Plan::exact)
        e = c.exact(start, false);
    else if (plan == Plan::montecarlo)
        e = c.montecarlo(start, st.trials, propagation::stream_seed(st.seed, cx.model.entities[static_cast<std::size_t>(v)].id),
                         false);
    else
        throw Error("cascade_of: no cascade for this plan");
    double mean = e.mean;
    if (estimate) *estimate = std::move(e);
    return mean;
}

Baseline run_vendors(const Context& cx, const Settings& st, int threads, bool record_outcomes) {
    const Model& model = cx.model;
    Baseline b;
    // Every vendor's likelihood (on the worker threads: pure), then its plan
    // (on this thread: exact and auto walk the graph with shared marks).
    b.vendors.reserve(static_cast<std::size_t>(std::count_if(
        model.entities.begin(), model.entities.end(), [](const Entity& e) { return e.kind == EntityKind::supplier; })));
    for (std::size_t v = 0; v < model.entities.size(); ++v) {
        if (model.entities[v].kind != EntityKind::supplier) continue;
        b.vendors.emplace_back();
        b.vendors.back().entity = static_cast<int>(v);
    }
    parallel_for(worker_count(threads, b.vendors.size()), b.vendors.size(), [&](std::size_t, std::size_t i) {
        b.vendors[i].likelihood = trace_likelihood(model, cx.rules, b.vendors[i].entity);
    });
    for (VendorRun& r : b.vendors) {
        const auto v = static_cast<std::size_t>(r.entity);
        const int start[] = {r.entity};
        // No edge that can fire: C = D exactly, whatever the method (SPEC §4).
        r.plan = !cx.graph.has_live_out(v)
                     ? Plan::direct
                     : plan_for(cx, start, st.method, [&] { return fmt::format("vendor '{}'", model.entities[v].id); });
    }
    // Sampled and enumerated cascades, on worker threads.
    std::vector<std::size_t> tasks;
    for (std::size_t i = 0; i < b.vendors.size(); ++i)
        if (b.vendors[i].plan == Plan::exact || b.vendors[i].plan == Plan::montecarlo) tasks.push_back(i);
    const std::size_t workers = worker_count(threads, tasks.size());
    std::vector<propagation::Cascader> cascaders;
    for (std::size_t w = 0; w < workers; ++w) cascaders.push_back(cx.cascader());
    parallel_for(workers, tasks.size(), [&](std::size_t w, std::size_t k) {
        VendorRun& r = b.vendors[tasks[k]];
        if (record_outcomes) {
            cascaders[w].record(&r.outcomes);
            if (r.plan == Plan::montecarlo) cascaders[w].record_fired(&r.fired);
        }
        CascadeEstimate e;
        r.cascade = cascade_of(cascaders[w], cx, r.entity, r.plan, st, &e);
        r.stderr = e.stderr;
        r.by_owner = std::move(e.by_owner);
    });
    for (VendorRun& r : b.vendors)
        if (r.plan == Plan::direct) {
            r.cascade = cx.direct[static_cast<std::size_t>(r.entity)].total;
            r.stderr = 0.0;
            // The linear screen's exposure comes from its transposed solve.
            if (st.method != CascadeMethod::linear) r.by_owner = cx.direct[static_cast<std::size_t>(r.entity)].by_owner;
        }
    // The linear screen: one solve for all vendors.
    if (st.method == CascadeMethod::linear) {
        Timing t("score: linear screen");
        const std::size_t n = model.entities.size();
        std::vector<double> d(n), p(n, 0.0);
        for (std::size_t e = 0; e < n; ++e) d[e] = cx.direct[e].total;
        for (const VendorRun& r : b.vendors) p[static_cast<std::size_t>(r.entity)] = r.likelihood.likelihood;
        b.screen = propagation::solve_linear(model, cx.graph, cx.rules.propagation.damping, d, p);
        const auto& sm = b.screen->summary;
        timing_note(fmt::format("linear screen: {} cyclic components (largest {}): {} dense LU, {} iterative "
                                "({} BiCGSTAB iterations, {} bound sweeps, {} fallbacks to sparse LU); {} power "
                                "iterations in radius checks",
                                sm.cyclic_components, sm.largest_component, sm.dense_components,
                                sm.iterative_components, sm.iterations, sm.sweeps, sm.fallbacks, sm.radius_iterations));
        for (VendorRun& r : b.vendors)
            if (r.plan == Plan::linear) r.cascade = b.screen->impact[static_cast<std::size_t>(r.entity)];
    }
    return b;
}

}  // namespace scoring

ScoreResult score(const Model& model, const RulePack& rules, const ScoreOptions& options) {
    const Settings st = settings_of(rules, options);
    const std::size_t n = model.entities.size();
    Timing context_time("score: context (coverage, severity, direct harm)");
    Context cx(model, rules, worker_count(options.threads, n));
    context_time.stop();
    Timing cascade_time("score: cascades");
    Baseline base = run_vendors(cx, st, options.threads);
    cascade_time.stop();
    Timing result_time("score: result");

    ScoreResult result;
    result.model = model.name;
    result.rules = rules.name;
    result.method = method_name(st.method);
    if (st.method == CascadeMethod::automatic || st.method == CascadeMethod::montecarlo) result.trials = st.trials;
    result.seed = st.seed;

    std::vector<double> exposure(n, 0.0);
    if (base.screen) {
        // exposure(O) = sum_v P(v) U_O(v) = w^T D_O with (I - damping Q)^T w = P.
        for (std::size_t e = 0; e < n; ++e)
            for (const auto& [owner, harm] : cx.direct[e].by_owner) exposure[owner] += base.screen->weights_through[e] * harm;
    }
    // The ranking first (risk desc, cascade desc, id asc), from keys that sit
    // together in one array; then each vendor's figures and the direct part of
    // its explanation are built straight into its ranked place, on the worker
    // threads (each task writes only its own VendorScore). Sorting the built
    // structs instead moved each about 17 times at 100,000 vendors.
    struct Key {
        double risk, cascade;
        std::uint32_t index;
    };
    std::vector<Key> order(base.vendors.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        const VendorRun& r = base.vendors[i];
        order[i] = Key{r.likelihood.likelihood * r.cascade, r.cascade, static_cast<std::uint32_t>(i)};
        // Checked before sorting: a NaN key would break the sort's ordering.
        const std::string& id = model.entities[static_cast<std::size_t>(r.entity)].id;
        require_finite(cx.direct[static_cast<std::size_t>(r.entity)].total, "the direct impact of '{}'", id);
        require_finite(r.cascade, "the cascade impact of '{}'", id);
        require_finite(order[i].risk, "the risk of '{}'", id);
    }
    auto id_of = [&](std::uint32_t i) -> const std::string& {
        return model.entities[static_cast<std::size_t>(base.vendors[i].entity)].id;
    };
    std::sort(order.begin(), order.end(), [&](const Key& a, const Key& b) {
        if (a.risk != b.risk) return a.risk > b.risk;
        if (a.cascade != b.cascade) return a.cascade > b.cascade;
        return id_of(a.index) < id_of(b.index);
    });
    result.vendors.resize(base.vendors.size());
    parallel_for(worker_count(options.threads, base.vendors.size()), base.vendors.size(), [&](std::size_t, std::size_t k) {
        const VendorRun& r = base.vendors[order[k].index];
        const auto v = static_cast<std::size_t>(r.entity);
        const Entity& ent = model.entities[v];
        VendorScore& s = result.vendors[k];
        s.rank = static_cast<int>(k + 1);
        s.id = ent.id;
        s.name = ent.name;
        s.likelihood = r.likelihood.likelihood;
        s.direct_impact = cx.direct[v].total;
        s.cascade_impact = r.cascade;
        s.cascade_method = r.plan == Plan::direct || r.plan == Plan::exact ? "exact"
                           : r.plan == Plan::montecarlo                     ? "montecarlo"
                                                                            : "linear";
        if (r.plan != Plan::linear) s.cascade_stderr = r.stderr;
        s.risk = order[k].risk;
        s.inherent_risk = r.likelihood.inherent * s.cascade_impact;
        s.tier = tier_of(rules, s.risk);
        const int self[] = {r.entity};
        describe_direct(cx, self, s.exposures, s.people_exposed, &s.organisations_affected, &s.rules_fired,
                        options.exposures);
    });
    // Organisation exposure: P(v) x E[harm of B_v to each owner's populations].
    if (!base.screen)
        for (const VendorRun& r : base.vendors)
            for (const auto& [owner, harm] : r.by_owner) exposure[owner] += r.likelihood.likelihood * harm;

    // Direct impact, cascade and risk were checked before the ranking.
    for (const VendorScore& s : result.vendors) {
        require_finite(s.inherent_risk, "the inherent risk of '{}'", s.id);
        require_finite(s.cascade_stderr.value_or(0), "the standard error of '{}'", s.id);
        for (const PopulationExposure& e : s.exposures)
            for (const BandScore& b : e.bands) require_finite(b.severity, "a severity of '{}'", e.population);
    }

    std::vector<double> people(n, 0.0);
    for (const Population& p : model.populations) people[static_cast<std::size_t>(p.owner)] += static_cast<double>(p.size);
    for (std::size_t e = 0; e < n; ++e) {
        if (model.entities[e].kind != EntityKind::organisation) continue;
        result.organisations.push_back(OrganisationScore{model.entities[e].id, model.entities[e].name, people[e], exposure[e]});
    }
    for (const OrganisationScore& o : result.organisations)
        require_finite(o.exposure, "the exposure of '{}'", o.id);
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
    Context cx(model, rules, 1);
    const int set[] = {v};
    for (const scoring::Exposure& e : scoring::expose(model, cx.coverage, cx.severity, set)) {
        std::vector<SeverityTrace> traces;
        for (const scoring::Band& b : e.bands) traces.push_back(cx.severity.trace(e.population, b.categories));
        out.bands.push_back(std::move(traces));
    }
    out.likelihood = trace_likelihood(model, rules, v);
    // Where the breach spreads, by the method that scored the vendor (the
    // linear screen has no reach: it is then sampled with the same settings).
    if (cx.graph.reachable_edges(set, 0) > 0) {
        const Settings st = settings_of(rules, options);
        propagation::Cascader c = cx.cascader();
        CascadeEstimate est = out.score.cascade_method == "exact"
                                  ? c.exact(set, true)
                                  : c.montecarlo(set, st.trials, propagation::stream_seed(st.seed, vendor_id), true);
        out.reach = reach_list(model, est.reach, set, false);
    }
    return out;
}

BreachResult breach(const Model& model, const RulePack& rules, const std::vector<std::string>& entities,
                    const ScoreOptions& options) {
    const Settings st = settings_of(rules, options);
    if (entities.empty()) throw Error("name at least one breached entity");
    if (st.method == CascadeMethod::linear)
        throw Error("the linear screen gives no reach probabilities; use --method exact, montecarlo or auto");
    std::vector<int> set;
    for (const std::string& id : entities) {
        int e = model.find_entity(id);
        if (e < 0) throw Error(fmt::format("no entity has the id '{}'", id));
        if (std::find(set.begin(), set.end(), e) != set.end()) throw Error(fmt::format("'{}' is named twice", id));
        set.push_back(e);
    }
    Context cx(model, rules, 1);
    BreachResult out;
    out.breached = entities;
    describe_direct(cx, set, out.exposures, out.people_exposed, nullptr, nullptr);
    for (const PopulationExposure& e : out.exposures) out.harm += e.harm;
    std::string who = entities.size() == 1 ? fmt::format("'{}'", entities[0]) : "the breached set";
    Plan plan = plan_for(cx, set, st.method, [&] { return who; });
    propagation::Cascader c = cx.cascader();
    // The stream belongs to the breached set, not to the order it was named in.
    std::vector<std::string> sorted_ids = entities;
    std::sort(sorted_ids.begin(), sorted_ids.end());
    std::string key;
    for (const std::string& id : sorted_ids) key += id + '\n';
    CascadeEstimate est = plan == Plan::exact ? c.exact(set, true)
                                              : c.montecarlo(set, st.trials, propagation::stream_seed(st.seed, key), true);
    out.method = plan == Plan::exact ? "exact" : "montecarlo";
    if (plan == Plan::montecarlo) out.trials = st.trials;
    require_finite(out.harm, "the harm of the breach");
    require_finite(est.mean, "the expected harm of the breach");
    require_finite(est.stderr, "the standard error of the expected harm");
    out.expected_harm = est.mean;
    out.expected_harm_stderr = est.stderr;
    out.reach = reach_list(model, est.reach, set, true);
    return out;
}

}  // namespace breachrank
