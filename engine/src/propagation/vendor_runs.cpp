#include "propagation/vendor_runs.hpp"

#include <algorithm>

#include "propagation/certain.hpp"
#include "support/parallel.hpp"
#include "support/progress.hpp"
#include "support/timing.hpp"

namespace breachrank::propagation {

using support::parallel_for;
using support::worker_count;

double cascade_of(Cascader& c, const Context& cx, int v, Plan plan, const Settings& st, CascadeEstimate* estimate) {
    const int start[] = {v};
    CascadeEstimate e;
    if (plan == Plan::exact)
        e = c.exact(start, false);
    else if (plan == Plan::montecarlo)
        e = c.montecarlo(start, st.trials, stream_seed(st.seed, cx.model.entities[static_cast<std::size_t>(v)].id),
                         false);
    else
        throw Error("cascade_of: no cascade for this plan");
    double mean = e.mean;
    if (estimate) *estimate = std::move(e);
    return mean;
}

namespace {

// Every vendor's likelihood (on the worker threads: pure), then its plan (on
// this thread: exact and auto walk the graph with shared marks).
void plan_vendors(const Context& cx, const Settings& st, int threads, Baseline& b) {
    const Model& model = cx.model;
    b.vendors.reserve(static_cast<std::size_t>(std::count_if(
        model.entities.begin(), model.entities.end(), [](const Entity& e) { return is_vendor(e.kind); })));
    for (std::size_t v = 0; v < model.entities.size(); ++v) {
        if (!is_vendor(model.entities[v].kind)) continue;
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
}

// Sampled and enumerated cascades, on worker threads.
void run_cascades(const Context& cx, const Settings& st, int threads, Record record, Baseline& b) {
    std::vector<std::size_t> tasks;
    for (std::size_t i = 0; i < b.vendors.size(); ++i)
        if (b.vendors[i].plan == Plan::exact || b.vendors[i].plan == Plan::montecarlo) tasks.push_back(i);
    const std::size_t workers = worker_count(threads, tasks.size());
    // Progress in trials (an enumerated cascade counts one): a vendor of a
    // billion trials moves the bar and can be cancelled half way.
    std::uint64_t units = 0;
    for (std::size_t i : tasks)
        units += b.vendors[i].plan == Plan::montecarlo ? static_cast<std::uint64_t>(st.trials) : 1;
    support::Phase phase(st.progress, "score: cascades", units);
    // Sampled vendors whose every trial is the same set get its harm from one
    // pass over the graph's components (certain.hpp), unless their breach
    // sets are recorded (suggest keeps each set itself).
    CertainHarms certain;
    if (!record.outcomes) {
        std::vector<char> sampled(cx.model.entities.size(), 0);
        for (std::size_t i : tasks)
            if (b.vendors[i].plan == Plan::montecarlo) sampled[static_cast<std::size_t>(b.vendors[i].entity)] = 1;
        certain = certain_harms(cx, sampled, record.incidents);
    }
    std::vector<Cascader> cascaders;
    for (std::size_t w = 0; w < workers; ++w) {
        cascaders.push_back(cx.cascader());
        if (phase.active()) cascaders.back().watch(&phase, w);
    }
    parallel_for(workers, tasks.size(), [&](std::size_t w, std::size_t k) {
        phase.check(w);
        VendorRun& r = b.vendors[tasks[k]];
        if (record.outcomes) {
            cascaders[w].record(&r.outcomes, &r.outcomes_complete);
            if (r.plan == Plan::montecarlo) cascaders[w].record_fired(&r.fired, &r.fired_every_trial);
        }
        if (record.incidents) cascaders[w].record_incidents(&r.incidents);
        CascadeEstimate e;
        const int slot = certain.slot.empty() ? -1 : certain.slot[static_cast<std::size_t>(r.entity)];
        if (slot >= 0) {
            const int start[] = {r.entity};
            e = cascaders[w].montecarlo_certain(start, st.trials, certain.harms[static_cast<std::size_t>(slot)]);
            r.cascade = e.mean;
        } else {
            r.cascade = cascade_of(cascaders[w], cx, r.entity, r.plan, st, &e);
        }
        r.standard_error = e.standard_error;
        r.money = e.money;
        r.money_standard_error = e.money_standard_error;
        r.by_owner = std::move(e.by_owner);
        if (r.plan == Plan::exact) phase.advance();
    });
    phase.finish();
    for (VendorRun& r : b.vendors)
        if (r.plan == Plan::direct) {
            r.cascade = cx.direct[static_cast<std::size_t>(r.entity)].total;
            r.money = cx.direct[static_cast<std::size_t>(r.entity)].money;
            r.standard_error = 0.0;
            // The linear screen's exposure comes from its transposed solve.
            if (st.method != CascadeMethod::linear) r.by_owner = cx.direct[static_cast<std::size_t>(r.entity)].by_owner;
        }
}

// The linear screen: one solve for all vendors.
void run_linear(const Context& cx, const Settings& st, Baseline& b) {
    support::Timing t("score: linear screen");
    const std::size_t n = cx.model.entities.size();
    std::vector<double> d(n), p(n, 0.0);
    for (std::size_t e = 0; e < n; ++e) d[e] = cx.direct[e].total;
    for (const VendorRun& r : b.vendors) p[static_cast<std::size_t>(r.entity)] = r.likelihood.likelihood;
    b.screen = solve_linear(cx.model, cx.graph, st.damping, d, p);
    const auto& sm = b.screen->summary;
    support::timing_note(fmt::format("linear screen: {} cyclic components (largest {}): {} dense LU, {} iterative "
                            "({} BiCGSTAB iterations, {} bound sweeps, {} fallbacks to sparse LU); {} power "
                            "iterations in radius checks",
                            sm.cyclic_components, sm.largest_component, sm.dense_components, sm.iterative_components,
                            sm.iterations, sm.sweeps, sm.fallbacks, sm.radius_iterations));
    if (cx.severity.has_loss() && n > 0) {  // (an empty model has no factors to solve with)
        // The screen is linear in D: the same factors give the money's.
        std::vector<double> money(n);
        for (std::size_t e = 0; e < n; ++e) money[e] = cx.direct[e].money;
        b.screen_money = b.screen->solve(money);
    }
    for (VendorRun& r : b.vendors)
        if (r.plan == Plan::linear) {
            r.cascade = b.screen->impact[static_cast<std::size_t>(r.entity)];
            if (!b.screen_money.empty()) r.money = b.screen_money[static_cast<std::size_t>(r.entity)];
        }
}

}  // namespace

Baseline run_vendors(const Context& cx, const Settings& st, int threads, Record record) {
    Baseline b;
    plan_vendors(cx, st, threads, b);
    run_cascades(cx, st, threads, record, b);
    if (st.method == CascadeMethod::linear) run_linear(cx, st, b);
    return b;
}

std::vector<ReachProbability> reach_list(const Model& model, const std::vector<double>& reach,
                                         std::span<const int> breached, bool keep_zero) {
    std::vector<ReachProbability> out;
    for (std::size_t e = 0; e < reach.size(); ++e) {
        if (std::find(breached.begin(), breached.end(), static_cast<int>(e)) != breached.end()) continue;
        if (!keep_zero && reach[e] <= 0) continue;
        out.push_back(ReachProbability{model.entities[e].id, reach[e]});
    }
    std::sort(out.begin(), out.end(), [](const ReachProbability& a, const ReachProbability& b) {
        return a.probability != b.probability ? a.probability > b.probability : a.id < b.id;
    });
    return out;
}

}  // namespace breachrank::propagation
