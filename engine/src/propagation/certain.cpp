#include "propagation/certain.hpp"

#include <algorithm>

namespace breachrank::propagation {

CertainHarms certain_harms(const Context& cx, const std::vector<char>& wanted, bool want_people) {
    const graph::AccessGraph& g = cx.graph;
    const std::size_t n = g.size();
    CertainHarms out;
    // Nothing to do unless some wanted entity has a certain edge out of it.
    bool any = false;
    for (std::size_t v = 0; v < n && !any; ++v)
        if (wanted[v])
            for (const graph::OutEdge& e : g.out(v))
                if (e.probability >= 1) any = true;
    if (!any) return out;

    int count = 0;
    const std::vector<int> comp = g.components(&count);
    const auto comps = static_cast<std::size_t>(count);
    // Members of each component (CSR), and the components each one's edges reach.
    std::vector<std::size_t> first(comps + 1, 0);
    for (std::size_t v = 0; v < n; ++v) ++first[static_cast<std::size_t>(comp[v]) + 1];
    for (std::size_t c = 0; c < comps; ++c) first[c + 1] += first[c];
    std::vector<std::uint32_t> members(n);
    {
        std::vector<std::size_t> fill(first.begin(), first.end() - 1);
        for (std::size_t v = 0; v < n; ++v) members[fill[static_cast<std::size_t>(comp[v])]++] = static_cast<std::uint32_t>(v);
    }
    std::vector<char> certain(comps, 1);
    std::vector<std::vector<std::uint32_t>> next(comps);  // distinct successor components
    std::vector<std::uint32_t> refs(comps, 0);            // distinct predecessor components
    std::vector<std::uint32_t> stamp(comps, UINT32_MAX);
    for (std::size_t c = 0; c < comps; ++c)
        for (std::size_t i = first[c]; i < first[c + 1]; ++i)
            for (const graph::OutEdge& e : g.out(members[i])) {
                if (e.probability <= 0) continue;  // cannot fire: no part of any cascade
                if (e.probability < 1) certain[c] = 0;
                const auto s = static_cast<std::size_t>(comp[e.to]);
                if (s == c || stamp[s] == c) continue;
                // Boost numbers components sinks first; anything else and the pass is not used.
                if (s > c) return out;
                stamp[s] = static_cast<std::uint32_t>(c);
                next[c].push_back(static_cast<std::uint32_t>(s));
                ++refs[s];
            }

    out.slot.assign(n, -1);
    std::vector<std::vector<model::CoverageItem>> x(comps);
    std::size_t alive = 0, work = 0;
    const auto before = [](const model::CoverageItem& a, const model::CoverageItem& b) {
        if (a.population != b.population) return a.population < b.population;
        if (a.category != b.category) return a.category < b.category;
        return a.share > b.share;
    };
    const auto same = [](const model::CoverageItem& a, const model::CoverageItem& b) {
        return a.population == b.population && a.category == b.category;
    };
    std::vector<model::CoverageItem> all;
    for (std::size_t c = 0; c < comps; ++c) {
        for (std::uint32_t s : next[c])
            if (!certain[s]) certain[c] = 0;
        if (certain[c]) {
            // x(R(c)): the members' rows and the successors' x, largest share of each pair.
            all.clear();
            for (std::size_t i = first[c]; i < first[c + 1]; ++i) {
                const auto row = cx.coverage.of(members[i]);
                all.insert(all.end(), row.begin(), row.end());
            }
            for (std::uint32_t s : next[c]) all.insert(all.end(), x[s].begin(), x[s].end());
            work += all.size();
            std::sort(all.begin(), all.end(), before);
            all.erase(std::unique(all.begin(), all.end(), same), all.end());
            x[c] = all;
            alive += x[c].size();
            if (alive > kMaxCertainItems || work > kMaxCertainWork) return CertainHarms{};
            int slot = -1;
            for (std::size_t i = first[c]; i < first[c + 1]; ++i) {
                if (!wanted[members[i]]) continue;
                if (slot < 0) {
                    slot = static_cast<int>(out.harms.size());
                    out.harms.push_back(scoring::BreachHarm::score_union(cx.model, cx.severity, x[c], want_people));
                }
                out.slot[members[i]] = slot;
            }
        }
        // A successor's x is dropped once every component reaching it has read
        // it; a component nothing reaches, at once.
        if (refs[c] == 0) {
            alive -= x[c].size();
            std::vector<model::CoverageItem>().swap(x[c]);
        }
        for (std::uint32_t s : next[c])
            if (--refs[s] == 0) {
                alive -= x[s].size();
                std::vector<model::CoverageItem>().swap(x[s]);
            }
    }
    return out;
}

}  // namespace breachrank::propagation
