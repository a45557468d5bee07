#include "loss/simulate.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

#include <Random123/philox.h>  // first: MicroURNG needs its feature macros
#include <Random123/MicroURNG.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include "scoring/breach_harm.hpp"
#include "scoring/harm.hpp"
#include "support/parallel.hpp"
#include "support/progress.hpp"

namespace breachrank::money {

namespace {

// The random numbers of one (vendor, block) or (vendor, year): a standard
// uniform random bit generator over Philox4x64 keyed by the vendor's stream
// and counting from the block or year (Random123's MicroURNG), fed to
// Boost.Random's ziggurat normal and exponential distributions.
using Urng = r123::MicroURNG<r123::Philox4x64>;

Urng stream(std::uint64_t key, std::uint64_t count) {
    // MicroURNG counts in the high 32 bits of the last counter word: keep it clear.
    return Urng(Urng::ctr_type{{count, 0, 0, 0}}, Urng::ukey_type{{key, 0}});
}

// Uniform in [0, 1) from the top 53 bits.
double unit(std::uint64_t w) { return static_cast<double>(w >> 11) * 0x1.0p-53; }

std::uint64_t mix(std::uint64_t x) {  // the splitmix64 finaliser
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// The streams of one vendor, apart from each other and from scoring's.
enum Salt : std::uint64_t {
    occurrence = 0x6f63637572ULL,
    costs = 0x636f737473ULL,
};

}  // namespace

Simulator::Simulator(const propagation::Context& cx, const propagation::Settings& st,
                     const propagation::Baseline& base, std::int64_t years, int threads)
    : years_(years), threads_(threads), progress_(st.progress) {
    const LossSettings& ls = *cx.rules.loss;
    auto add_draw = [&](const Range& r) {
        draws_.push_back(Draw{r.mu(), r.sigma(), r.low});
    };
    add_draw(ls.per_breach);
    for (const auto& [level, range] : ls.per_person) {
        levels_.push_back(level);
        add_draw(range);
    }
    const Model& model = cx.model;
    // The linear screen's expected people of each costed level: one solve per level.
    std::vector<std::vector<double>> linear;
    if (base.screen && !model.entities.empty()) {
        const std::size_t n = model.entities.size();
        std::vector<std::vector<double>> direct(levels_.size(), std::vector<double>(n, 0.0));
        std::vector<double> all;
        for (std::size_t e = 0; e < n; ++e) {
            const int self[] = {static_cast<int>(e)};
            scoring::people_by_level(cx.severity, scoring::expose(model, cx.coverage, cx.severity, self), all);
            for (std::size_t k = 0; k < levels_.size(); ++k) direct[k][e] = all[static_cast<std::size_t>(levels_[k])];
        }
        for (const auto& d : direct) linear.push_back(base.screen->solve(d));
    }
    vendors_.resize(base.vendors.size());
    support::parallel_for(
        support::worker_count(threads, vendors_.size()), vendors_.size(), [&](std::size_t, std::size_t i) {
            const propagation::VendorRun& r = base.vendors[i];
            Vendor& v = vendors_[i];
            v.entity = r.entity;
            v.plan = r.plan;
            v.likelihood = std::clamp(r.likelihood.likelihood, 0.0, 1.0);
            v.rate = -std::log1p(-v.likelihood);
            const std::string& id = model.entities[static_cast<std::size_t>(r.entity)].id;
            const std::uint64_t stream = propagation::stream_seed(st.seed, id);
            v.occurrence_key = mix(stream ^ Salt::occurrence);
            v.costs_key = mix(stream ^ Salt::costs);
            if (r.plan == propagation::Plan::exact || r.plan == propagation::Plan::montecarlo) {
                // The baseline must have been run with Record::incidents.
                assert(r.incidents.size() > 0 && r.incidents.levels == cx.rules.severity.levels.size());
                v.table = &r.incidents;
            } else if (r.plan == propagation::Plan::linear) {
                v.fixed.assign(cx.rules.severity.levels.size(), 0.0);
                for (std::size_t k = 0; k < levels_.size(); ++k)
                    v.fixed[static_cast<std::size_t>(levels_[k])] = linear[k][static_cast<std::size_t>(r.entity)];
            } else {
                const int self[] = {r.entity};
                scoring::people_by_level(cx.severity, scoring::expose(model, cx.coverage, cx.severity, self), v.fixed);
            }
        });
}

// Calls f(year) for each year of `block` in which vendor v is breached, in
// order. The gaps between incidents are geometric: floor(E / -log(1 - P))
// years without one, E a standard exponential (as floor(log U / log(1 - P))
// with U uniform, without a logarithm per draw), one draw per incident.
template <class F>
void Simulator::for_each_incident(const Vendor& v, std::int64_t block, F&& f) const {
    if (v.likelihood <= 0) return;
    const std::int64_t begin = block * kBlockYears, end = std::min(years_, begin + kBlockYears);
    Urng rng = stream(v.occurrence_key, static_cast<std::uint64_t>(block));
    boost::random::exponential_distribution<double> exponential;
    for (std::int64_t year = begin;; ++year) {
        if (v.likelihood < 1) {
            const double gap = std::floor(exponential(rng) / v.rate);
            if (!(gap < static_cast<double>(end - year))) return;  // also catches an infinite gap
            year += static_cast<std::int64_t>(gap);
        }
        if (year >= end) return;
        f(year);
    }
}

double Simulator::incident_loss(const Vendor& v, std::int64_t year) const {
    // Every draw of the incident comes from its own stream, in this order.
    Urng rng = stream(v.costs_key, static_cast<std::uint64_t>(year));
    // The breach set's people by level: the vendor's own, the linear screen's,
    // or a row of its cascade's table, picked by a uniform.
    const double* people = v.fixed.data();
    if (v.table) people = &v.table->people[v.table->pick(unit(rng())) * v.table->levels];
    // One draw of each range: X_breach, then X of each costed level that has
    // people in this breach, in level order.
    boost::random::normal_distribution<double> normal;
    auto draw = [&](const Draw& x) { return x.sigma > 0 ? std::exp(x.mu + x.sigma * normal(rng)) : x.constant; };
    double loss = draw(draws_[0]);
    for (std::size_t k = 0; k < levels_.size(); ++k) {
        const double n = people[static_cast<std::size_t>(levels_[k])];
        if (n > 0) loss += n * draw(draws_[k + 1]);
    }
    return loss;
}

std::vector<double> Simulator::annual_losses() const {
    auto block_years = [&](std::size_t b) {
        return static_cast<std::uint64_t>(std::min(years_, static_cast<std::int64_t>(b + 1) * kBlockYears) -
                                          static_cast<std::int64_t>(b) * kBlockYears);
    };
    std::vector<double> out(static_cast<std::size_t>(years_), 0.0);
    const auto blocks = static_cast<std::size_t>((years_ + kBlockYears - 1) / kBlockYears);
    // Progress in vendor-years; a block is checked every 1024 vendors, so a
    // cancellation never waits for a whole block (0.3 s at 100,000 vendors).
    support::Phase phase(progress_, "loss: simulated years",
                         static_cast<std::uint64_t>(years_) * vendors_.size());
    // Each block writes only its own years, vendor by vendor in a fixed order.
    support::parallel_for(support::worker_count(threads_, blocks), blocks, [&](std::size_t w, std::size_t b) {
        for (std::size_t i = 0; i < vendors_.size(); ++i) {
            if ((i & 1023) == 0) {
                phase.check(w, true);
                if (i) phase.advance(1024 * block_years(b));
            }
            for_each_incident(vendors_[i], static_cast<std::int64_t>(b), [&](std::int64_t year) {
                out[static_cast<std::size_t>(year)] += incident_loss(vendors_[i], year);
            });
        }
        if (!vendors_.empty()) phase.advance(((vendors_.size() - 1) % 1024 + 1) * block_years(b));
    });
    phase.finish();
    return out;
}

void Simulator::tail_sums(const std::vector<char>& tail_a, const std::vector<char>& tail_b,
                          std::vector<double>& sum_a, std::vector<double>& sum_b) const {
    sum_a.assign(vendors_.size(), 0.0);
    sum_b.assign(vendors_.size(), 0.0);
    const std::int64_t blocks = (years_ + kBlockYears - 1) / kBlockYears;
    support::Phase phase(progress_, "loss: tail shares", vendors_.size());
    // Each vendor sums its own incidents, in year order.
    support::parallel_for(support::worker_count(threads_, vendors_.size()), vendors_.size(), [&](std::size_t w,
                                                                                                std::size_t i) {
        phase.check(w);
        phase.advance();
        for (std::int64_t b = 0; b < blocks; ++b)
            for_each_incident(vendors_[i], b, [&](std::int64_t year) {
                const auto y = static_cast<std::size_t>(year);
                if (!tail_a[y] && !tail_b[y]) return;
                const double l = incident_loss(vendors_[i], year);
                if (tail_a[y]) sum_a[i] += l;
                if (tail_b[y]) sum_b[i] += l;
            });
    });
    phase.finish();
}

}  // namespace breachrank::money
