// Grounded coverage: data must trace back to its owner through flows. For one
// (population, category), the largest share an entity can hold is the widest
// path from the owner, a path's width being its narrowest flow (a max-min
// Dijkstra). Scenarios use it to trim, transitively and through cycles of
// flows, what a sender no longer holds; suggest() to find the holders a
// dropped category changes.
#pragma once

#include <algorithm>
#include <queue>
#include <vector>

#include "breachrank/model.hpp"

namespace breachrank::graph {

class Grounded {
public:
    explicit Grounded(const Model& m) : m_(m), by_pop_(m.populations.size()) {
        for (std::size_t f = 0; f < m.flows.size(); ++f) by_pop_[static_cast<std::size_t>(m.flows[f].population)].push_back(f);
        // Sorted by sender, so that the flows out of one entity are a range.
        for (auto& fs : by_pop_)
            std::stable_sort(fs.begin(), fs.end(), [&](std::size_t a, std::size_t b) { return m.flows[a].from < m.flows[b].from; });
    }

    /// best[e] = the share of category k of population p that e can hold.
    /// Flow `skip` (an index into model.flows, or -1) is taken not to pass k.
    std::vector<double> widest(std::size_t p, std::uint32_t k, long skip = -1) const {
        std::vector<double> best(m_.entities.size(), 0.0);
        const Population& pop = m_.populations[p];
        if (pop.owner < 0 || !pop.holds.test(k)) return best;
        std::priority_queue<std::pair<double, int>> heap;
        best[static_cast<std::size_t>(pop.owner)] = 1.0;
        heap.push({1.0, pop.owner});
        const auto& fs = by_pop_[p];
        while (!heap.empty()) {
            auto [w, e] = heap.top();
            heap.pop();
            if (w < best[static_cast<std::size_t>(e)]) continue;
            auto first = std::lower_bound(fs.begin(), fs.end(), e,
                                          [&](std::size_t f, int from) { return m_.flows[f].from < from; });
            for (auto it = first; it != fs.end() && m_.flows[*it].from == e; ++it) {
                const Flow& fl = m_.flows[*it];
                if (!fl.categories.test(k) || static_cast<long>(*it) == skip) continue;
                double through = std::min(w, fl.share);
                if (through > best[static_cast<std::size_t>(fl.to)]) {
                    best[static_cast<std::size_t>(fl.to)] = through;
                    heap.push({through, fl.to});
                }
            }
        }
        return best;
    }

private:
    const Model& m_;
    std::vector<std::vector<std::size_t>> by_pop_;
};

}  // namespace breachrank::graph
