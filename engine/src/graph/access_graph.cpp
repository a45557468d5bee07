#include "graph/access_graph.hpp"

#include <algorithm>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include "support/hash.hpp"

namespace breachrank::graph {

AccessGraph::AccessGraph(const Model& model) {
    const std::size_t n = model.entities.size();
    offsets_.assign(n + 1, 0);
    for (const Access& a : model.access) ++offsets_[static_cast<std::size_t>(a.from) + 1];
    for (std::size_t v = 0; v < n; ++v) offsets_[v + 1] += offsets_[v];
    edges_.resize(model.access.size());
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    auto key = [&](const Access& a) {  // FNV-1a of "from\nto"
        return support::Fnv1a()
            .bytes(model.entities[static_cast<std::size_t>(a.from)].id)
            .byte('\n')
            .bytes(model.entities[static_cast<std::size_t>(a.to)].id)
            .value();
    };
    for (const Access& a : model.access)
        edges_[fill[static_cast<std::size_t>(a.from)]++] = OutEdge{static_cast<std::uint32_t>(a.to), a.probability, key(a)};
    // Targets in increasing order: enumeration and sampling visit edges in a
    // fixed order, whatever the order of the file.
    for (std::size_t v = 0; v < n; ++v)
        std::sort(edges_.begin() + offsets_[v], edges_.begin() + offsets_[v + 1],
                  [](const OutEdge& a, const OutEdge& b) { return a.to < b.to; });
    stamp_.assign(n, 0);
}

std::size_t AccessGraph::reachable_edges(std::span<const int> start, std::size_t limit,
                                         std::vector<std::uint32_t>* counted) const {
    // The stamp array makes each call O(what it visits) rather than O(n).
    if (++epoch_ == 0) {
        std::fill(stamp_.begin(), stamp_.end(), 0);
        epoch_ = 1;
    }
    std::vector<std::uint32_t>& queue = queue_;
    queue.clear();
    if (counted) counted->clear();
    for (int s : start) {
        auto u = static_cast<std::uint32_t>(s);
        if (stamp_[u] != epoch_) {
            stamp_[u] = epoch_;
            queue.push_back(u);
        }
    }
    std::size_t edges = 0;
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::uint32_t u = queue[head];
        for (std::uint32_t i = offsets_[u]; i < offsets_[u + 1]; ++i) {
            const OutEdge& e = edges_[i];
            if (e.probability == 0) continue;  // never fires: no outcome to enumerate
            if (counted) counted->push_back(i);
            if (++edges > limit) return edges;
            if (stamp_[e.to] != epoch_) {
                stamp_[e.to] = epoch_;
                queue.push_back(e.to);
            }
        }
    }
    return edges;
}

std::vector<int> AccessGraph::components(int* count) const {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    Graph g(size());
    for (std::size_t v = 0; v < size(); ++v)
        for (const OutEdge& e : out(v))
            if (e.probability > 0) boost::add_edge(v, e.to, g);  // an edge that cannot fire joins nothing
    std::vector<int> component(size());
    int c = boost::strong_components(g, boost::make_iterator_property_map(component.begin(),
                                                                          boost::get(boost::vertex_index, g)));
    if (count) *count = c;
    return component;
}

}  // namespace breachrank::graph
