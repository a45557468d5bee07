// The access graph: standing access edges between entities, in compressed
// rows for the hot loops (cascade enumeration and sampling), and Boost.Graph
// for the structural work (strongly connected components, reachability).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "breachrank/model.hpp"

namespace breachrank::graph {

struct OutEdge {
    std::uint32_t to;
    double probability;
    /// A stable key from the ids of the edge's ends: Monte Carlo draws for an
    /// edge are a function of (vendor stream, trial, key), so they do not move
    /// when other edges come or go.
    std::uint64_t key;
};

class AccessGraph {
public:
    explicit AccessGraph(const Model& model);

    std::size_t size() const { return offsets_.size() - 1; }
    std::size_t edge_count() const { return edges_.size(); }
    std::span<const OutEdge> out(std::size_t v) const {
        return {edges_.data() + offsets_[v], edges_.data() + offsets_[v + 1]};
    }
    bool has_out(std::size_t v) const { return offsets_[v + 1] > offsets_[v]; }
    /// True when an edge out of v can fire (probability above 0). Unlike
    /// reachable_edges() it touches no shared state, so threads may call it.
    bool has_live_out(std::size_t v) const {
        for (const OutEdge& e : out(v))
            if (e.probability > 0) return true;
        return false;
    }
    /// The index of v's first out-edge among all edges (edges are numbered by source).
    std::size_t offset(std::size_t v) const { return offsets_[v]; }

    /// The number of access edges whose source the cascade from `start` can
    /// reach, counting at most `limit + 1` (so the answer is exact up to
    /// `limit` and means "more than limit" beyond). Cost: O(limit), not O(graph).
    /// `counted` (when given) receives the indices of the edges counted, in
    /// the order met: an edit to an edge not among them leaves the answer the
    /// same (the search meets the same edges up to where it stopped), which is
    /// how suggest() finds the vendors a removed edge can change.
    std::size_t reachable_edges(std::span<const int> start, std::size_t limit,
                                std::vector<std::uint32_t>* counted = nullptr) const;

    /// Sets the probability of the k-th edge out of v (what-if: 0 removes it,
    /// and every algorithm here treats an edge of probability 0 as absent).
    void set_probability(std::size_t v, std::size_t k, double p) { edges_[offsets_[v] + k].probability = p; }

    /// Strongly connected components (Boost.Graph): component index per entity.
    std::vector<int> components(int* count) const;

private:
    std::vector<std::uint32_t> offsets_;
    std::vector<OutEdge> edges_;
    mutable std::vector<std::uint32_t> stamp_;  // visited marks for reachable_edges
    mutable std::uint32_t epoch_ = 0;
    mutable std::vector<std::uint32_t> queue_;  // reachable_edges' queue, kept to save an allocation a call
};

}  // namespace breachrank::graph
