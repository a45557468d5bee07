#include "propagation/certain.hpp"

#include <algorithm>
#include <optional>

namespace breachrank::propagation {

namespace {

// The condensation of the access graph (edges that can fire): each
// component's members, the distinct components its edges reach, how many
// distinct components reach it, and whether all of its own edges are certain.
struct Condensation {
    std::vector<std::size_t> first;      // members of c: members[first[c], first[c + 1])
    std::vector<std::uint32_t> members;
    std::vector<std::vector<std::uint32_t>> next;
    std::vector<std::uint32_t> refs;
    std::vector<char> certain;

    std::size_t size() const { return next.size(); }
};

// Empty when Boost's numbering is not sinks first (the pass relies on it).
std::optional<Condensation> condense(const graph::AccessGraph& g) {
    const std::size_t n = g.size();
    int count = 0;
    const std::vector<int> comp = g.components(&count);
    const auto comps = static_cast<std::size_t>(count);
    Condensation k;
    k.first.assign(comps + 1, 0);
    for (std::size_t v = 0; v < n; ++v) ++k.first[static_cast<std::size_t>(comp[v]) + 1];
    for (std::size_t c = 0; c < comps; ++c) k.first[c + 1] += k.first[c];
    k.members.resize(n);
    std::vector<std::size_t> fill(k.first.begin(), k.first.end() - 1);
    for (std::size_t v = 0; v < n; ++v) k.members[fill[static_cast<std::size_t>(comp[v])]++] = static_cast<std::uint32_t>(v);
    k.next.resize(comps);
    k.refs.assign(comps, 0);
    k.certain.assign(comps, 1);
    std::vector<std::uint32_t> stamp(comps, UINT32_MAX);
    for (std::size_t c = 0; c < comps; ++c)
        for (std::size_t i = k.first[c]; i < k.first[c + 1]; ++i)
            for (const graph::OutEdge& e : g.out(k.members[i])) {
                if (e.probability <= 0) continue;  // cannot fire: no part of any cascade
                if (e.probability < 1) k.certain[c] = 0;
                const auto s = static_cast<std::size_t>(comp[e.to]);
                if (s == c || stamp[s] == c) continue;
                if (s > c) return std::nullopt;
                stamp[s] = static_cast<std::uint32_t>(c);
                k.next[c].push_back(static_cast<std::uint32_t>(s));
                ++k.refs[s];
            }
    return k;
}

bool by_pair_then_largest(const model::CoverageItem& a, const model::CoverageItem& b) {
    if (a.population != b.population) return a.population < b.population;
    if (a.category != b.category) return a.category < b.category;
    return a.share > b.share;
}

bool same_pair(const model::CoverageItem& a, const model::CoverageItem& b) {
    return a.population == b.population && a.category == b.category;
}

}  // namespace

CertainHarms certain_harms(const Context& cx, const std::vector<char>& wanted, bool want_people) {
    const graph::AccessGraph& g = cx.graph;
    CertainHarms out;
    // Nothing to do unless some wanted entity has a certain edge out of it.
    bool any = false;
    for (std::size_t v = 0; v < g.size() && !any; ++v)
        if (wanted[v])
            for (const graph::OutEdge& e : g.out(v))
                if (e.probability >= 1) any = true;
    if (!any) return out;
    std::optional<Condensation> k = condense(g);
    if (!k) return out;

    out.slot.assign(g.size(), -1);
    std::vector<std::vector<model::CoverageItem>> x(k->size());
    std::size_t alive = 0, work = 0;
    std::vector<model::CoverageItem> all;
    auto drop = [&](std::size_t c) {
        alive -= x[c].size();
        std::vector<model::CoverageItem>().swap(x[c]);
    };
    for (std::size_t c = 0; c < k->size(); ++c) {  // sinks first
        for (std::uint32_t s : k->next[c])
            if (!k->certain[s]) k->certain[c] = 0;
        if (k->certain[c]) {
            // x(R(c)): the members' rows and the successors' x, largest share of each pair.
            all.clear();
            for (std::size_t i = k->first[c]; i < k->first[c + 1]; ++i) {
                const auto row = cx.coverage.of(k->members[i]);
                all.insert(all.end(), row.begin(), row.end());
            }
            for (std::uint32_t s : k->next[c]) all.insert(all.end(), x[s].begin(), x[s].end());
            work += all.size();
            std::sort(all.begin(), all.end(), by_pair_then_largest);
            all.erase(std::unique(all.begin(), all.end(), same_pair), all.end());
            x[c] = all;
            alive += x[c].size();
            if (alive > kMaxCertainItems || work > kMaxCertainWork) return CertainHarms{};
            int slot = -1;
            for (std::size_t i = k->first[c]; i < k->first[c + 1]; ++i) {
                if (!wanted[k->members[i]]) continue;
                if (slot < 0) {
                    slot = static_cast<int>(out.harms.size());
                    out.harms.push_back(scoring::BreachHarm::score_union(cx.model, cx.severity, x[c], want_people));
                }
                out.slot[k->members[i]] = slot;
            }
        }
        // An x is dropped once every component reaching it has read it (a
        // component nothing reaches, at once).
        if (k->refs[c] == 0) drop(c);
        for (std::uint32_t s : k->next[c])
            if (--k->refs[s] == 0) drop(s);
    }
    return out;
}

}  // namespace breachrank::propagation
