// The scoring engine's shared internals: everything that does not depend on
// the vendor (coverage, compiled severity, the access graph, every entity's
// direct harm), cascade planning and the thread pool. Used by score(),
// explain(), breach() and suggest().
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "breachrank/score.hpp"
#include "breachrank/timing.hpp"
#include "graph/coverage.hpp"
#include "propagation/access_graph.hpp"
#include "propagation/breach_harm.hpp"
#include "propagation/cascade.hpp"
#include "propagation/linear.hpp"
#include "scoring/harm.hpp"
#include "scoring/severity.hpp"

namespace breachrank::scoring {

using propagation::CascadeEstimate;

inline double clamp01(double x) { return std::min(std::max(x, 0.0), 1.0); }

inline void check_faults(const Model& model, const RulePack& rules, const scoring::SeverityModel& sev) {
    if (sev.faults().empty()) return;
    const scoring::ExpressionFault& f = sev.faults().front();
    throw Error(fmt::format("rule '{}': '{}' evaluates to {} for population '{}'", rules.rules[f.rule].id, f.where,
                            std::isnan(f.value) ? "NaN" : "infinity", model.populations[f.population].id));
}

/// Workers for `tasks` tasks: as requested (0 = all cores), never more than
/// the cores or the tasks (more threads than cores only cost memory).
inline std::size_t worker_count(int requested, std::size_t tasks) {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    std::size_t n = requested > 0 ? std::min(static_cast<std::size_t>(requested), cores) : cores;
    return std::max<std::size_t>(1, std::min(n, tasks));
}

/// Runs f(worker, i) for i in [0, tasks) on `workers` threads. Which thread
/// runs a task never matters: every task writes only its own result.
/// An error raised by task i reaches the caller as the error of the lowest
/// failing task index, so the thread count cannot change which one is reported.
template <class F>
void parallel_for(std::size_t workers, std::size_t tasks, F&& f) {
    if (workers <= 1) {
        for (std::size_t i = 0; i < tasks; ++i) f(0, i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    std::mutex failed_mutex;
    std::size_t failed_at = tasks;
    std::exception_ptr failure;
    auto work = [&](std::size_t w) {
            for (std::size_t i = next++; i < tasks; i = next++) {
                try {
                    f(w, i);
                } catch (...) {  // carried to the caller, not hidden
                    std::lock_guard<std::mutex> lock(failed_mutex);
                    if (i < failed_at) failed_at = i, failure = std::current_exception();
                }
            }
    };
    try {
        for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
    } catch (...) {
        // No more threads to be had: the ones started and this one finish the work.
    }
    work(0);
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

/// Throws breachrank::Error when a reported figure is not finite: rules whose
/// effects multiply beyond the range of a double. SPEC §6: no NaN or infinity
/// ever reaches the output. `what` names the figure; it is formatted only on
/// failure (score() checks five figures of every vendor).
template <class... Args>
void require_finite(double x, fmt::format_string<Args...> what, Args&&... args) {
    if (!std::isfinite(x))
        throw Error(fmt::format("{} is not a finite number: the rule pack's weights and effects overflow the range "
                                "of a double for this model (check large multiply and add values)",
                                fmt::format(what, std::forward<Args>(args)...)));
}

// Everything that does not depend on the vendor, computed once.
struct Context {
    const Model& model;
    const RulePack& rules;
    graph::Coverage coverage;
    scoring::SeverityModel severity;
    propagation::AccessGraph graph;
    std::vector<propagation::SetHarm> direct;  // H({e}) for every entity, split by owner

    Context(const Model& m, const RulePack& r, std::size_t workers)
        : model(m), rules(r), coverage(m), severity(m, r), graph(m), direct(m.entities.size()) {
        check_faults(m, r, severity);
        parallel_for(workers, m.entities.size(), [&](std::size_t, std::size_t e) {
            const int set[] = {static_cast<int>(e)};
            direct[e] = propagation::BreachHarm::score(model, coverage, severity, set);
        });
    }

    propagation::Cascader cascader() const {
        return propagation::Cascader(graph, propagation::BreachHarm(model, coverage, severity, direct),
                                     model.entities.size());
    }
};

inline PopulationExposure to_public(const Context& cx, const scoring::Exposure& e) {
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

// The direct part of a vendor's score: exposures, people, owners, rules fired.
// Runs once per vendor in score(), so it keeps allocation down: owners are
// gathered as indices and the fired-rule flags reuse one buffer per thread.
// Without `with_exposures`, `exposures` stays empty (the rest is the same).
inline void describe_direct(const Context& cx, std::span<const int> set, std::vector<PopulationExposure>& exposures,
                     double& people, std::vector<std::string>* owners_out, std::vector<std::string>* fired_out,
                     bool with_exposures = true) {
    std::vector<int> owners;
    thread_local std::vector<char> fired;
    fired.assign(cx.rules.rules.size(), 0);
    for (const scoring::Exposure& e : scoring::expose(cx.model, cx.coverage, cx.severity, set)) {
        people += e.people;
        if (with_exposures) exposures.push_back(to_public(cx, e));
        owners.push_back(cx.model.populations[e.population].owner);
        for (const scoring::Band& b : e.bands)
            for (std::size_t r = 0; r < fired.size(); ++r)
                if (!fired[r] && cx.severity.fires(e.population, r, b.categories)) fired[r] = 1;
    }
    if (owners_out) {
        // Sorted by id (ids are unique, so sorting indices by id and dropping repeats is exact).
        std::sort(owners.begin(), owners.end(), [&](int a, int b) {
            return cx.model.entities[static_cast<std::size_t>(a)].id < cx.model.entities[static_cast<std::size_t>(b)].id;
        });
        owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
        owners_out->reserve(owners.size());
        for (int o : owners) owners_out->push_back(cx.model.entities[static_cast<std::size_t>(o)].id);
    }
    if (fired_out)
        for (std::size_t r = 0; r < fired.size(); ++r)
            if (fired[r]) fired_out->push_back(cx.rules.rules[r].id);
}

inline std::string tier_of(const RulePack& rules, double risk) {
    for (const Tier& t : rules.tiers)
        if (risk >= t.min_risk) return t.name;
    return {};
}

enum class Plan { direct, exact, montecarlo, linear };

/// `who()` names the breached set in the error (formatted only then).
template <class Who>
Plan plan_for(const Context& cx, std::span<const int> start, CascadeMethod method, Who&& who) {
    if (method == CascadeMethod::linear) return Plan::linear;
    if (method == CascadeMethod::montecarlo) return Plan::montecarlo;
    std::size_t limit = method == CascadeMethod::exact ? kMaxExactEdges : kAutoExactEdges;
    std::size_t edges = cx.graph.reachable_edges(start, limit);
    if (edges <= limit) return Plan::exact;
    if (method == CascadeMethod::exact)
        throw Error(fmt::format("{} can reach more than {} access edges; exact enumeration allows at most {} "
                                "(2^{} outcomes): use --method montecarlo or auto",
                                who(), kMaxExactEdges, kMaxExactEdges, kMaxExactEdges));
    return Plan::montecarlo;
}

struct Settings {
    CascadeMethod method;
    std::int64_t trials;
    std::uint64_t seed;
};

inline Settings settings_of(const RulePack& rules, const ScoreOptions& options) {
    std::string why;
    if (!options.is_valid(&why)) throw Error(why);
    return Settings{options.method.value_or(rules.propagation.method),
                    options.trials.value_or(rules.propagation.trials), options.seed.value_or(rules.propagation.seed)};
}

inline std::vector<ReachProbability> reach_list(const Model& model, const std::vector<double>& reach,
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


/// One vendor's baseline run.
struct VendorRun {
    int entity = -1;
    Plan plan = Plan::direct;
    LikelihoodTrace likelihood;
    double cascade = 0;  ///< C(v)
    std::optional<double> stderr;
    std::vector<std::pair<std::uint32_t, double>> by_owner;  ///< E[harm to each owner] (not for linear)
    propagation::Distribution outcomes;  ///< breach sets of the cascade, when recorded
    std::vector<std::pair<std::uint32_t, std::uint32_t>> fired;  ///< Monte Carlo (trial, edge) that fired, when recorded
};

struct Baseline {
    std::vector<VendorRun> vendors;  ///< every supplier, in entity order
    std::optional<propagation::LinearScreen> screen;  ///< for the linear method
};

/// Plans and runs every vendor's cascade (on `threads` workers; the result
/// does not depend on them).
Baseline run_vendors(const Context& cx, const Settings& st, int threads, bool record_outcomes = false);

/// C(v) by an exact or Monte Carlo plan, with the vendor's own random stream.
double cascade_of(propagation::Cascader& c, const Context& cx, int v, Plan plan, const Settings& st,
                  CascadeEstimate* estimate = nullptr);

}  // namespace breachrank::scoring
