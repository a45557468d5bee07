// The simulated years of SPEC §4 "Loss": in each, every vendor is breached
// with its probability at most once; a breach draws its set from the vendor's
// cascade and its cost from the pack's ranges, one draw of each range per
// incident.
//
// Every random number comes from Random123's Philox keyed by the vendor (its
// id and the run's seed) and counting the year, so an incident's loss is a
// pure function of (vendor, year): the thread count never changes a result,
// and the second pass (which vendors make the tail) recomputes exactly the
// losses of the first without keeping one per incident. Memory is about 18
// bytes a year plus a few per vendor and per distinct breach set, never
// years x vendors.
//
//  - Which years a vendor is breached: geometric gaps between incidents,
//    drawn per block of kBlockYears years, so the work is one draw per
//    incident (and per vendor and block), not one per vendor and year.
//    Normal and exponential draws use Boost.Random's ziggurat: no logarithm,
//    sine or cosine per draw (Box-Muller's took half the time).
//  - The breach set: for a vendor whose cascade was enumerated or sampled,
//    a row of the table its scoring run kept (IncidentTable: each distinct
//    set's probability, or share of the trials, and its people by level),
//    picked with that weight: the very distribution that gave its expected
//    loss, without running a cascade or exposing a set per incident (that
//    replay was half the simulation's time on cyclic cores); for a vendor
//    without access, itself; under the linear screen, no set: the screen's
//    expected people of each level, solved per level.
//  - Its cost: X_breach + sum over levels of people_l x X_l, each X a
//    lognormal draw exp(mu + sigma Z) (or the constant).
#pragma once

#include <cstdint>
#include <vector>

#include "propagation/context.hpp"
#include "propagation/settings.hpp"
#include "propagation/vendor_runs.hpp"
#include "breachrank/loss.hpp"

namespace breachrank::money {

/// Years per block of the first pass (one block is one task): a constant, so
/// the blocks, and with them every draw, do not depend on the thread count.
inline constexpr std::int64_t kBlockYears = 1024;

class Simulator {
public:
    /// `base` is the run's baseline (plans, likelihoods, the tables of
    /// incidents of run_vendors(..., {.incidents = true}) and, for the linear
    /// screen, its factors); it must outlive the simulator. Requires the
    /// pack's `loss` section.
    Simulator(const propagation::Context& cx, const propagation::Settings& st, const propagation::Baseline& base,
              std::int64_t years, int threads);

    /// Pass 1: the portfolio's loss in each simulated year.
    std::vector<double> annual_losses() const;

    /// Pass 2: for each vendor (aligned with base.vendors), the sum of its
    /// incident losses in the years marked in `tail_a` and in `tail_b`.
    void tail_sums(const std::vector<char>& tail_a, const std::vector<char>& tail_b, std::vector<double>& sum_a,
                   std::vector<double>& sum_b) const;

private:
    struct Vendor {
        int entity = -1;
        propagation::Plan plan = propagation::Plan::direct;
        double likelihood = 0;
        double rate = 0;  // -log(1 - P), for the geometric gaps
        std::uint64_t occurrence_key = 0, costs_key = 0;
        const propagation::IncidentTable* table = nullptr;  // exact or Monte Carlo: the sets to pick from
        std::vector<double> fixed;  // otherwise, people by severity level: its own breach's, or the linear screen's
    };
    template <class F>
    void for_each_incident(const Vendor& v, std::int64_t block, F&& f) const;
    double incident_loss(const Vendor& v, std::int64_t year) const;

    std::int64_t years_;
    int threads_;
    const ProgressCallback* progress_;
    std::vector<Vendor> vendors_;
    std::vector<int> levels_;  // the levels with a cost per person (index into the pack's levels)
    struct Draw {
        double mu = 0, sigma = 0;
        double constant = 0;  // when sigma is 0: the value itself (exp(log(x)) may not give x back)
    };
    std::vector<Draw> draws_;  // [0]: per breach, then one per level in levels_
};

/// Throws breachrank::Error when the pack has no `loss` section or the years
/// are out of range (what loss() refuses before any work).
void check_loss_options(const RulePack& rules, const LossOptions& loss_options);

/// loss() over a baseline already run with `st` over `cx` (the HTML report
/// scores once and reads the score, the suggestions and the money off it).
LossResult loss_from(const propagation::Context& cx, const propagation::Baseline& base,
                     const propagation::Settings& st, const ScoreOptions& options, const LossOptions& loss_options);

}  // namespace breachrank::money
