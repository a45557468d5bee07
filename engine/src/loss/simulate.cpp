#include "loss/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include <Random123/philox.h>

#include "scoring/breach_harm.hpp"
#include "scoring/harm.hpp"
#include "support/hash.hpp"
#include "support/parallel.hpp"

namespace breachrank::money {

namespace {

// Two 64-bit words of Philox2x64 keyed by `key`, counting (a, b).
r123::Philox2x64::ctr_type philox(std::uint64_t key, std::uint64_t a, std::uint64_t b) {
    r123::Philox2x64 gen;
    r123::Philox2x64::ctr_type ctr = {{a, b}};
    r123::Philox2x64::key_type k = {{key}};
    return gen(ctr, k);
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
enum Salt : std::uint64_t { occurrence = 0x6f63637572ULL, costs = 0x636f737473ULL, cascade = 0x6361736361ULL };

}  // namespace

struct Simulator::Worker {
    propagation::Cascader cascader;
    std::unordered_map<std::vector<int>, std::vector<double>, support::IndexSetHash> people;  // set -> by costed level
    std::vector<double> by_level;
};

Simulator::Worker Simulator::make_worker() const { return Worker{cx_.cascader(), {}, {}}; }

Simulator::Simulator(const propagation::Context& cx, const propagation::Settings& st,
                     const propagation::Baseline& base, std::int64_t years, int threads)
    : cx_(cx), st_(st), years_(years), threads_(threads) {
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
    if (base.screen) {
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
            v.log_miss = std::log1p(-v.likelihood);
            const std::string& id = model.entities[static_cast<std::size_t>(r.entity)].id;
            v.scoring_stream = propagation::stream_seed(st.seed, id);
            v.occurrence_key = mix(v.scoring_stream ^ Salt::occurrence);
            v.costs_key = mix(v.scoring_stream ^ Salt::costs);
            v.cascade_key = mix(v.scoring_stream ^ Salt::cascade);
            v.fixed.assign(levels_.size(), 0.0);
            if (r.plan == propagation::Plan::linear) {
                for (std::size_t k = 0; k < levels_.size(); ++k)
                    v.fixed[k] = linear[k][static_cast<std::size_t>(r.entity)];
            } else {
                const int self[] = {r.entity};
                std::vector<double> all;
                scoring::people_by_level(cx.severity, scoring::expose(model, cx.coverage, cx.severity, self), all);
                for (std::size_t k = 0; k < levels_.size(); ++k) v.fixed[k] = all[static_cast<std::size_t>(levels_[k])];
            }
        });
}

// Calls f(year) for each year of `block` in which vendor v is breached, in
// order. The gaps between incidents are geometric: floor(log U / log(1 - P))
// years without one, U uniform in (0, 1], one draw per incident.
template <class F>
void Simulator::for_each_incident(const Vendor& v, std::int64_t block, F&& f) const {
    if (v.likelihood <= 0) return;
    const std::int64_t begin = block * kBlockYears, end = std::min(years_, begin + kBlockYears);
    std::int64_t year = begin;
    for (std::uint64_t k = 0;; ++k) {
        if (v.likelihood < 1) {
            const auto w = philox(v.occurrence_key, static_cast<std::uint64_t>(block), k);
            const double u = 1.0 - unit(w[0]);  // (0, 1]
            const double gap = std::floor(std::log(u) / v.log_miss);
            if (!(gap < static_cast<double>(end - year))) return;  // also catches an infinite gap
            year += static_cast<std::int64_t>(gap);
        }
        if (year >= end) return;
        f(year);
        ++year;
    }
}

double Simulator::incident_loss(Worker& w, const Vendor& v, std::int64_t year) const {
    const auto y = static_cast<std::uint64_t>(year);
    // The breach set's people by costed level.
    const std::vector<double>* people = &v.fixed;
    if (v.plan == propagation::Plan::exact || v.plan == propagation::Plan::montecarlo) {
        const int start[] = {v.entity};
        std::vector<int> set;
        if (v.plan == propagation::Plan::exact) {
            set = w.cascader.trial(start, v.cascade_key, y);
        } else {
            // One of the scoring trials, replayed: the draw of slot 0.
            const double u = unit(philox(v.costs_key, y, 0)[0]);
            const auto t = std::min(static_cast<std::uint64_t>(u * static_cast<double>(st_.trials)),
                                    static_cast<std::uint64_t>(st_.trials - 1));
            set = w.cascader.trial(start, v.scoring_stream, t);
        }
        if (set.size() > 1) {
            auto it = w.people.find(set);
            if (it == w.people.end()) {
                if (w.people.size() >= (1u << 18)) w.people.clear();  // bounded: a cache, not a record
                scoring::people_by_level(cx_.severity, scoring::expose(cx_.model, cx_.coverage, cx_.severity, set),
                                         w.by_level);
                std::vector<double> costed(levels_.size());
                for (std::size_t k = 0; k < levels_.size(); ++k)
                    costed[k] = w.by_level[static_cast<std::size_t>(levels_[k])];
                it = w.people.emplace(std::move(set), std::move(costed)).first;
            }
            people = &it->second;
        }
    }
    // X_breach is draw 0, X of the k-th costed level draw k + 1; draws 2j and
    // 2j + 1 share the Box-Muller pair of slot j + 1.
    double loss = 0;
    const std::size_t count = draws_.size();
    for (std::size_t d = 0; d < count; d += 2) {
        const bool first_needed = d == 0 || (*people)[d - 1] > 0;
        const bool second_needed = d + 1 < count && (*people)[d] > 0;
        if (!first_needed && !second_needed) continue;
        double z[2] = {0, 0};
        if ((first_needed && draws_[d].sigma > 0) || (second_needed && draws_[d + 1].sigma > 0)) {
            const auto word = philox(v.costs_key, y, d / 2 + 1);
            const double r = std::sqrt(-2.0 * std::log(1.0 - unit(word[0])));  // 1 - u in (0, 1]
            const double a = 2.0 * std::numbers::pi * unit(word[1]);
            z[0] = r * std::cos(a);
            z[1] = r * std::sin(a);
        }
        for (std::size_t h = 0; h < 2; ++h) {
            const std::size_t i = d + h;
            if (i >= count || !(h == 0 ? first_needed : second_needed)) continue;
            const Draw& x = draws_[i];
            const double value = x.sigma > 0 ? std::exp(x.mu + x.sigma * z[h]) : x.constant;
            loss += i == 0 ? value : (*people)[i - 1] * value;
        }
    }
    return loss;
}

std::vector<double> Simulator::annual_losses() const {
    std::vector<double> out(static_cast<std::size_t>(years_), 0.0);
    const auto blocks = static_cast<std::size_t>((years_ + kBlockYears - 1) / kBlockYears);
    const std::size_t workers = support::worker_count(threads_, blocks);
    std::vector<Worker> pool;
    for (std::size_t k = 0; k < workers; ++k) pool.push_back(make_worker());
    // Each block writes only its own years, vendor by vendor in a fixed order.
    support::parallel_for(workers, blocks, [&](std::size_t wk, std::size_t b) {
        Worker& w = pool[wk];
        for (const Vendor& v : vendors_)
            for_each_incident(v, static_cast<std::int64_t>(b), [&](std::int64_t year) {
                out[static_cast<std::size_t>(year)] += incident_loss(w, v, year);
            });
    });
    return out;
}

void Simulator::tail_sums(const std::vector<char>& tail_a, const std::vector<char>& tail_b,
                          std::vector<double>& sum_a, std::vector<double>& sum_b) const {
    sum_a.assign(vendors_.size(), 0.0);
    sum_b.assign(vendors_.size(), 0.0);
    const std::int64_t blocks = (years_ + kBlockYears - 1) / kBlockYears;
    const std::size_t workers = support::worker_count(threads_, vendors_.size());
    std::vector<Worker> pool;
    for (std::size_t k = 0; k < workers; ++k) pool.push_back(make_worker());
    // Each vendor sums its own incidents, in year order.
    support::parallel_for(workers, vendors_.size(), [&](std::size_t wk, std::size_t i) {
        Worker& w = pool[wk];
        for (std::int64_t b = 0; b < blocks; ++b)
            for_each_incident(vendors_[i], b, [&](std::int64_t year) {
                const auto y = static_cast<std::size_t>(year);
                if (!tail_a[y] && !tail_b[y]) return;
                const double l = incident_loss(w, vendors_[i], year);
                if (tail_a[y]) sum_a[i] += l;
                if (tail_b[y]) sum_b[i] += l;
            });
    });
}

}  // namespace breachrank::money
