// What a sender no longer holds (SPEC §5): coverage is local (SPEC §4), so
// after a change the flows are trimmed to the greatest fixpoint in which every
// flow passes at most what its sender holds: c(e, p, k) is 1 for the owner's
// holdings, else the largest share of k of p flowing into e, and each flow's
// share is lowered to min(share, c(sender)). Values only fall from the valid
// model, so the fixpoint is reached by propagating decreases along flows.
#pragma once

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "breachrank/model.hpp"
#include "model/coverage.hpp"

namespace breachrank::scenario {

/// The flows of each population, indexed by sender and by receiver.
class FlowIndex {
public:
    explicit FlowIndex(const Model& m) : m_(m), by_from_(m.populations.size()), by_to_(m.populations.size()) {
        for (std::size_t f = 0; f < m.flows.size(); ++f) {
            const auto p = static_cast<std::size_t>(m.flows[f].population);
            by_from_[p].push_back(f);
            by_to_[p].push_back(f);
        }
        for (std::size_t p = 0; p < m.populations.size(); ++p) {
            std::stable_sort(by_from_[p].begin(), by_from_[p].end(),
                             [&](std::size_t a, std::size_t b) { return m.flows[a].from < m.flows[b].from; });
            std::stable_sort(by_to_[p].begin(), by_to_[p].end(),
                             [&](std::size_t a, std::size_t b) { return m.flows[a].to < m.flows[b].to; });
        }
    }

    /// Flows of population p sent by (or received by) entity e.
    std::pair<const std::size_t*, const std::size_t*> from(std::size_t p, int e) const { return range(by_from_[p], e, true); }
    std::pair<const std::size_t*, const std::size_t*> to(std::size_t p, int e) const { return range(by_to_[p], e, false); }

    /// The coverages of (p, k) that change when the flows `dropped` stop
    /// passing k, the rest held fixed: (entity, new share) pairs, share 0 for
    /// "no longer holds". `base` is the model's coverage.
    std::vector<std::pair<int, double>> drop(const model::Coverage& base, std::uint32_t p, std::uint32_t k,
                                             const std::vector<std::size_t>& dropped) const {
        std::unordered_map<int, double> now;
        auto get = [&](int e) {
            auto it = now.find(e);
            return it != now.end() ? it->second : base.get(static_cast<std::size_t>(e), p, k);
        };
        auto skipped = [&](std::size_t f) { return std::find(dropped.begin(), dropped.end(), f) != dropped.end(); };
        std::vector<int> work;
        for (std::size_t f : dropped) work.push_back(m_.flows[f].to);
        const Population& pop = m_.populations[p];
        while (!work.empty()) {
            const int e = work.back();
            work.pop_back();
            double c = e == pop.owner && pop.holds.test(k) ? 1.0 : 0.0;
            for (auto [it, end] = to(p, e); it != end; ++it) {
                const Flow& fl = m_.flows[*it];
                if (fl.categories.test(k) && !skipped(*it)) c = std::max(c, std::min(fl.share, get(fl.from)));
            }
            if (c >= get(e)) continue;
            now[e] = c;
            for (auto [it, end] = from(p, e); it != end; ++it) {
                const Flow& fl = m_.flows[*it];
                if (fl.categories.test(k) && !skipped(*it)) work.push_back(fl.to);
            }
        }
        std::vector<std::pair<int, double>> out(now.begin(), now.end());
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    std::pair<const std::size_t*, const std::size_t*> range(const std::vector<std::size_t>& v, int e, bool by_from) const {
        auto key = [&](std::size_t f) { return by_from ? m_.flows[f].from : m_.flows[f].to; };
        auto lo = std::lower_bound(v.begin(), v.end(), e, [&](std::size_t f, int x) { return key(f) < x; });
        auto hi = std::upper_bound(lo, v.end(), e, [&](int x, std::size_t f) { return x < key(f); });
        return {v.data() + (lo - v.begin()), v.data() + (hi - v.begin())};
    }
    const Model& m_;
    std::vector<std::vector<std::size_t>> by_from_, by_to_;
};

/// Appends flow f to `out` split by the share each of its categories may still
/// pass, `allowed(k)` (at most f.share); categories allowed 0 are dropped.
template <class Allowed>
void split_flow(const Flow& f, Allowed&& allowed, std::vector<Flow>& out) {
    std::vector<std::pair<double, CategorySet>> by_share;
    model::for_each_category(f.categories, [&](std::uint32_t k) {
        const double a = std::min(f.share, allowed(k));
        if (a <= 0) return;
        auto it = std::find_if(by_share.begin(), by_share.end(), [&](const auto& s) { return s.first == a; });
        if (it == by_share.end()) by_share.push_back({a, CategorySet{}}), it = by_share.end() - 1;
        it->second.set(k);
    });
    std::sort(by_share.begin(), by_share.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (const auto& [share, set] : by_share) out.push_back(Flow{f.from, f.to, f.population, set, share, f.required & set});
}

/// Lowers every flow of `m` to what its sender holds, to the fixpoint;
/// returns the final local coverage.
inline model::Coverage trim_to_fixpoint(Model& m) {
    while (true) {
        model::Coverage c(m);
        bool changed = false;
        for (Flow& f : m.flows) {
            model::for_each_category(f.categories, [&](std::uint32_t k) {
                if (c.get(static_cast<std::size_t>(f.from), static_cast<std::uint32_t>(f.population), k) < f.share)
                    changed = true;
            });
        }
        if (!changed) return c;
        std::vector<Flow> out;
        for (const Flow& f : m.flows)
            split_flow(f, [&](std::uint32_t k) {
                return c.get(static_cast<std::size_t>(f.from), static_cast<std::uint32_t>(f.population), k);
            }, out);
        m.flows = std::move(out);
    }
}

}  // namespace breachrank::scenario
