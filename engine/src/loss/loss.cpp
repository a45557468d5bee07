// loss(): money end to end (SPEC §4 "Loss"). The run's cascades (as score's)
// give each vendor's expected incident loss; the simulated years
// (loss/simulate.hpp) give the portfolio's distribution, and from it the
// percentiles, the exceedance curve, the tail shares and the appetite check.
#include "breachrank/loss.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "loss/simulate.hpp"
#include "rank/ranking.hpp"
#include "support/finite.hpp"
#include "support/parallel.hpp"
#include "support/timing.hpp"

namespace breachrank {

namespace {

using support::require_finite;

// The return periods of the exceedance curve, in years: the round figures a
// risk committee reads ("1 in 20"), from the median to 1 in 1,000.
constexpr double kReturnPeriods[] = {2,  2.5, 3,  4,  5,   6,   8,   10,  12.5, 15,  20,  25,  30,  40,
                                     50, 60,  80, 100, 125, 150, 200, 250, 300, 400, 500, 600, 800, 1000};

// The smallest simulated loss x with at least a share q of the years at or
// below it (the inverse of the empirical distribution), from sorted losses.
// The small tolerance keeps 0.95 x 10,000 at 9,500 years, not 9,501.
double quantile(const std::vector<double>& sorted, double q) {
    const double n = static_cast<double>(sorted.size());
    const double rank = std::ceil(q * n - 1e-9);
    const auto i = static_cast<std::size_t>(std::clamp(rank, 1.0, n)) - 1;
    return sorted[i];
}

// The share of years losing more than x, from sorted losses.
double exceedance(const std::vector<double>& sorted, double x) {
    const auto above = sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), x);
    return static_cast<double>(above) / static_cast<double>(sorted.size());
}

}  // namespace

LossResult loss(const Model& model, const RulePack& rules, const ScoreOptions& options,
                const LossOptions& loss_options) {
    const propagation::Settings st = propagation::settings_of(rules, options);
    money::check_loss_options(rules, loss_options);
    support::Timing context_time("loss: context (coverage, severity, direct harm)");
    propagation::Context cx(model, rules, support::worker_count(options.threads, model.entities.size()),
                            st.circumstances);
    context_time.stop();
    support::Timing cascade_time("loss: cascades");
    const propagation::Baseline base = propagation::run_vendors(cx, st, options.threads, {.incidents = true});
    cascade_time.stop();
    return money::loss_from(cx, base, st, options, loss_options);
}

void money::check_loss_options(const RulePack& rules, const LossOptions& loss_options) {
    if (!rules.loss)
        throw Error(fmt::format("the rule pack '{}' has no 'loss' section: money figures need one (its currency, the "
                                "cost of a breach and of each exposed person by level; README \"Money\")",
                                rules.name));
    const std::int64_t years = loss_options.years.value_or(rules.loss->years);
    if (years < 1 || years > kMaxLossYears)
        throw Error(fmt::format("years must be between 1 and {}, found {}", kMaxLossYears, years));
}

LossResult money::loss_from(const propagation::Context& cx, const propagation::Baseline& base,
                            const propagation::Settings& st, const ScoreOptions& options,
                            const LossOptions& loss_options) {
    check_loss_options(cx.rules, loss_options);
    const Model& model = cx.model;
    const RulePack& rules = cx.rules;
    const LossSettings& ls = *rules.loss;
    const std::int64_t years = loss_options.years.value_or(ls.years);

    LossResult out;
    out.model = model.name;
    out.rules = rules.name;
    out.currency = ls.currency;
    out.circumstances = propagation::circumstance_names(rules, st);
    out.method = st.method;
    if (st.method == CascadeMethod::automatic || st.method == CascadeMethod::montecarlo) out.trials = st.trials;
    out.seed = st.seed;
    out.years = years;
    out.summary = rank::summarise(base, st);

    // Expected losses, without simulation.
    const double per_breach = ls.per_breach.mean();
    std::vector<VendorLoss> vendors(base.vendors.size());
    for (std::size_t i = 0; i < base.vendors.size(); ++i) {
        const propagation::VendorRun& r = base.vendors[i];
        const Entity& e = model.entities[static_cast<std::size_t>(r.entity)];
        VendorLoss& v = vendors[i];
        v.id = e.id;
        v.name = e.name;
        v.kind = e.kind;
        v.likelihood = r.likelihood.likelihood;
        v.expected_incident_loss = per_breach + r.money;
        if (r.plan != propagation::Plan::linear) v.expected_incident_loss_stderr = r.money_standard_error;
        v.cascade_method = propagation::method_of(r.plan);
        v.expected_annual_loss = v.likelihood * v.expected_incident_loss;
        v.risk = v.likelihood * r.cascade;
        require_finite(v.expected_annual_loss, "the expected annual loss of '{}'", v.id);
        out.expected_annual_loss += v.expected_annual_loss;
    }
    require_finite(out.expected_annual_loss, "the portfolio's expected annual loss");

    // The simulated years.
    support::Timing simulation_time("loss: simulated years");
    const money::Simulator sim(cx, st, base, years, options.threads);
    const std::vector<double> annual = sim.annual_losses();
    simulation_time.stop();
    double sum = 0;
    std::int64_t with_loss = 0;
    for (double x : annual) {
        sum += x;
        with_loss += x > 0;
    }
    const double n = static_cast<double>(years);
    out.simulated_mean = sum / n;
    double squares = 0;
    for (double x : annual) squares += (x - out.simulated_mean) * (x - out.simulated_mean);
    out.simulated_stderr = years > 1 ? std::sqrt(squares / (n - 1) / n) : 0.0;
    out.years_with_loss = static_cast<double>(with_loss) / n;
    require_finite(out.simulated_mean, "the simulated mean annual loss");
    require_finite(out.simulated_stderr, "the standard error of the simulated mean");

    std::vector<double> sorted = annual;
    std::sort(sorted.begin(), sorted.end());
    // A 1-in-N-year loss needs at least N years.
    auto percentile = [&](double period) {
        return period <= n ? std::optional<double>(quantile(sorted, 1 - 1 / period)) : std::nullopt;
    };
    out.p50 = percentile(2);
    out.p90 = percentile(10);
    out.p95 = percentile(20);
    out.p99 = percentile(100);
    for (double period : kReturnPeriods)
        if (period <= n) out.exceedance.push_back(ExceedancePoint{quantile(sorted, 1 - 1 / period), 1 / period});
    for (const AppetitePoint& a : ls.appetite) {
        const double p = exceedance(sorted, a.loss);
        AppetiteCheck c{a.loss, a.probability, p, p <= a.probability};
        // Wilson's score interval at 95% (z = 1.96): sound near 0 and 1, where
        // the normal approximation is not.
        const double z = 1.959964, z2 = z * z;
        const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        c.interval_low = std::max(0.0, centre - half);
        c.interval_high = std::min(1.0, centre + half);
        out.appetite.push_back(c);
    }

    // Which vendors make the tail: their incident losses in the years at or
    // beyond the 1-in-20 and 1-in-100-year losses (years that lost something).
    support::Timing tail_time("loss: tail shares");
    std::vector<char> tail20(annual.size()), tail100(annual.size());
    double total20 = 0, total100 = 0;
    for (std::size_t y = 0; y < annual.size(); ++y) {
        tail20[y] = out.p95 && annual[y] > 0 && annual[y] >= *out.p95;
        tail100[y] = out.p99 && annual[y] > 0 && annual[y] >= *out.p99;
        if (tail20[y]) total20 += annual[y];
        if (tail100[y]) total100 += annual[y];
    }
    std::vector<double> sum20, sum100;
    sim.tail_sums(tail20, tail100, sum20, sum100);
    for (std::size_t i = 0; i < vendors.size(); ++i) {
        vendors[i].tail_share_20 = total20 > 0 ? sum20[i] / total20 : 0.0;
        vendors[i].tail_share_100 = total100 > 0 ? sum100[i] / total100 : 0.0;
    }
    tail_time.stop();

    std::sort(vendors.begin(), vendors.end(), [](const VendorLoss& a, const VendorLoss& b) {
        return a.expected_annual_loss != b.expected_annual_loss ? a.expected_annual_loss > b.expected_annual_loss
                                                                : a.id < b.id;
    });
    for (std::size_t i = 0; i < vendors.size(); ++i) vendors[i].rank = static_cast<int>(i + 1);
    out.vendors = std::move(vendors);
    return out;
}

}  // namespace breachrank
