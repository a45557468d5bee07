// Every vendor's cascade for one run: the plan of each (no access, exact,
// Monte Carlo or the linear screen), the cascades on worker threads, and the
// linear screen's one solve. Used by score() and explain() (rank/), breach()
// (propagation/incident.cpp) and suggest() (scenario/), which re-runs only
// what a candidate change touches against this baseline.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "breachrank/score.hpp"
#include "propagation/cascade.hpp"
#include "propagation/context.hpp"
#include "propagation/linear.hpp"
#include "propagation/settings.hpp"

namespace breachrank::propagation {

/// How one cascade is computed.
enum class Plan {
    direct,      ///< no access edge can fire: C = D
    exact,       ///< enumerated
    montecarlo,  ///< sampled
    linear,      ///< the linear screen
};

/// The method a plan reports (Plan::direct is exact: C = D).
inline CascadeMethod method_of(Plan plan) {
    switch (plan) {
        case Plan::direct:
        case Plan::exact: return CascadeMethod::exact;
        case Plan::montecarlo: return CascadeMethod::montecarlo;
        case Plan::linear: break;
    }
    return CascadeMethod::linear;
}

/// The plan for a cascade from `start` under `method`. Throws breachrank::Error
/// when `exact` meets more than kMaxExactEdges reachable edges; `who()` names
/// the breached set in that message (formatted only then).
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

/// One vendor's baseline run.
struct VendorRun {
    int entity = -1;
    Plan plan = Plan::direct;
    LikelihoodTrace likelihood;
    double cascade = 0;  ///< C(v)
    std::optional<double> standard_error;
    /// E[people's expected cost of B_v] (SetHarm::money: the incident loss
    /// without its per-breach part), with its Monte Carlo standard error; 0
    /// without a `loss` section. Linear: the screen solved for these costs.
    double money = 0;
    double money_standard_error = 0;
    std::vector<std::pair<std::uint32_t, double>> by_owner;  ///< E[harm to each owner] (not for linear)
    Distribution outcomes;  ///< breach sets of the cascade, when recorded
    /// False when the cascade had too many distinct breach sets to record
    /// (Cascader::kMaxRecordedSets): `outcomes` is empty, and what-if on a
    /// change of data runs the cascade again.
    bool outcomes_complete = true;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> fired;  ///< Monte Carlo (trial, edge) that fired, when recorded
    /// Every trial was trial 0 (it drew nothing): `fired` lists trial 0's
    /// edges alone, and each of them fired in every trial.
    bool fired_every_trial = false;
    IncidentTable incidents;  ///< exact or Monte Carlo: what the loss simulation draws from, when recorded
};

struct Baseline {
    std::vector<VendorRun> vendors;  ///< every supplier, in entity order
    std::optional<LinearScreen> screen;  ///< for the linear method
    /// The linear screen solved for the direct money (SetHarm::money) of every
    /// entity, when the pack has a `loss` section.
    std::vector<double> screen_money;
};

/// What run_vendors() keeps of each exact or Monte Carlo cascade besides its
/// estimates.
struct Record {
    bool outcomes = false;   ///< its breach sets (and Monte Carlo the edges that fired), for suggest()
    bool incidents = false;  ///< its table of incidents, for the loss simulation
};

/// Plans and runs every vendor's cascade (on `threads` workers; the result
/// does not depend on them), keeping what `record` asks for.
Baseline run_vendors(const Context& cx, const Settings& st, int threads, Record record = {});

/// C(v) by an exact or Monte Carlo plan, with the vendor's own random stream.
double cascade_of(Cascader& c, const Context& cx, int v, Plan plan, const Settings& st,
                  CascadeEstimate* estimate = nullptr);

/// The probability of reaching each entity outside `breached`, most probable
/// first, then by id; without `keep_zero`, only those above 0.
std::vector<ReachProbability> reach_list(const Model& model, const std::vector<double>& reach,
                                         std::span<const int> breached, bool keep_zero);

}  // namespace breachrank::propagation
