// Money (SPEC §4 "Loss"): each vendor's expected incident and annual loss,
// computed without simulation, and the portfolio's simulated years: their
// mean, percentiles, loss exceedance curve, which vendors make the tail, and
// the check against the pack's risk appetite.
//
// An incident with breach set B costs L(B) = X_breach + sum over levels l of
// people_l(B) x X_l, each X drawn once per incident from the pack's range (a
// lognormal 90% interval, or a constant). A vendor v is breached in a year
// with probability P(v), at most once; its breach set comes from its cascade.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "breachrank/model.hpp"
#include "breachrank/options.hpp"
#include "breachrank/rules.hpp"
#include "breachrank/score.hpp"

namespace breachrank {

struct LossOptions {
    /// Simulated years, 1 to kMaxLossYears. Default: the pack's `loss.years`.
    std::optional<std::int64_t> years;
};

struct VendorLoss {
    int rank = 0;  ///< 1 = the largest expected annual loss (ties: id)
    std::string id;
    std::string name;
    EntityKind kind = EntityKind::supplier;
    double likelihood = 0;  ///< P(v)
    /// E[L(B_v)] over the vendor's cascade (as VendorScore::expected_incident_loss).
    double expected_incident_loss = 0;
    std::optional<double> expected_incident_loss_stderr;  ///< 0 exact, set for Monte Carlo, unset for linear
    CascadeMethod cascade_method = CascadeMethod::exact;
    double expected_annual_loss = 0;  ///< P(v) x E[L(B_v)]
    double risk = 0;                  ///< as score() reports it, for comparison
    /// The vendor's share of the simulated losses in the years at or beyond the
    /// 1-in-20-year loss (and the 1-in-100-year loss): the sum of its incident
    /// losses in those years over the sum of all losses in them (so the shares
    /// of all vendors add up to 1; 0 when those years lost nothing, or when
    /// fewer than 20 (100) years were simulated).
    double tail_share_20 = 0;
    double tail_share_100 = 0;
};

/// One point of the loss exceedance curve: the loss of a 1-in-T-year, T = 1 /
/// probability: the smallest simulated annual loss x with at least 1 - 1/T of
/// the years at or below it, so that the share of years losing more than x is
/// at most 1/T and the share losing x or more at least 1/T (where the losses
/// jump, as from 0 to a first breach, the two differ: the median year may
/// lose 0 although a tenth of the years lose something).
struct ExceedancePoint {
    double loss = 0;
    double probability = 0;
};

/// One point of the pack's appetite against the simulation.
struct AppetiteCheck {
    double loss = 0;
    double probability = 0;            ///< the most often the pack tolerates a loss above `loss`
    double simulated_probability = 0;  ///< the share of simulated years with a loss above `loss`
    bool within = false;               ///< simulated_probability <= probability
    /// The 95% Wilson interval of simulated_probability (the years are a
    /// sample): when it holds `probability`, the verdict is within the
    /// simulation's noise, and more years would be needed to call it.
    double interval_low = 0, interval_high = 0;
    bool certain() const { return probability < interval_low || probability > interval_high; }
};

struct LossResult {
    std::string model;
    std::string rules;
    std::string currency;
    std::vector<std::string> circumstances;  ///< as selected (pack order)
    CascadeMethod method = CascadeMethod::automatic;  ///< as requested
    std::optional<std::int64_t> trials;               ///< set when the method may sample
    std::uint64_t seed = 0;                           ///< of the cascades and of the simulated years
    std::int64_t years = 0;
    std::vector<VendorLoss> vendors;  ///< every vendor, by expected annual loss desc, then id

    double expected_annual_loss = 0;  ///< the portfolio's: the sum of the vendors', without simulation
    double simulated_mean = 0;        ///< the mean of the simulated years' losses
    /// Its standard error (sample deviation / sqrt(years); 0 for one year).
    /// For vendors scored by Monte Carlo the simulation replays their scoring
    /// trials, so this leaves out the cascade's own sampling error (their
    /// expected_incident_loss_stderr).
    double simulated_stderr = 0;
    double years_with_loss = 0;       ///< the share of simulated years with at least one incident
    /// The loss of the 1-in-N-year (as ExceedancePoint), N = 2, 10, 20 and
    /// 100; unset when fewer than N years were simulated.
    std::optional<double> p50, p90, p95, p99;
    /// From the median (1 in 2) to the 1-in-1,000-year loss at 28 return
    /// periods (2, 2.5, 3, 4, 5, 6, 8, 10, ... 800, 1000 years), most probable
    /// first; periods longer than the simulated years are left out (all of
    /// them for one year).
    std::vector<ExceedancePoint> exceedance;
    std::vector<AppetiteCheck> appetite;  ///< in the pack's order
    ScoreSummary summary;                 ///< how the cascades were computed
};

/// Expected and simulated losses of every vendor of `model`. The simulation
/// is seeded by the run's seed (options.seed, else the pack's) and does not
/// depend on options.threads. Throws breachrank::Error when the pack has no
/// `loss` section, when `loss_options.years` is out of range, and as score() does.
LossResult loss(const Model& model, const RulePack& rules, const ScoreOptions& options = {},
                const LossOptions& loss_options = {});

}  // namespace breachrank
