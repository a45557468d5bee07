// The independent cascade over access edges (SPEC §4 "Cascade"): once an
// entity is breached, each access edge out of it fires once with its
// probability. C(start) = E[H(B)], B the random set the cascade reaches.
//
// Two estimators share one engine per thread:
//  - exact: enumerates the live/dead outcomes of the edges the cascade can
//    reach, lazily: an edge is decided only when its source has been breached
//    and its target has not (the outcome of any other edge cannot change B);
//  - Monte Carlo: independent cascades from a seeded std::mt19937_64 stream
//    that belongs to the start set (not to a thread), so the thread count never
//    changes a result.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "propagation/access_graph.hpp"
#include "propagation/breach_harm.hpp"

namespace breachrank::propagation {

struct CascadeEstimate {
    double mean = 0;    ///< E[H(B)]
    double stderr = 0;  ///< 0 for exact
    std::vector<std::pair<std::uint32_t, double>> by_owner;  ///< E[harm to each owner], by owner
    std::vector<double> reach;  ///< P(entity in B), when asked for; else empty
};

class Cascader {
public:
    Cascader(const AccessGraph& graph, BreachHarm harm, std::size_t entities);

    CascadeEstimate exact(std::span<const int> start, bool want_reach);
    CascadeEstimate montecarlo(std::span<const int> start, std::int64_t trials, std::uint64_t stream_seed,
                               bool want_reach);

    /// How many harm evaluations (cascade outcomes) the last call scored.
    std::uint64_t outcomes() const { return outcomes_; }

    BreachHarm& harm() { return harm_; }
    /// Cascades over another graph of the same entities (what-if on access).
    void use_graph(const AccessGraph& graph) { graph_ = &graph; }

private:
    void explore(std::size_t next, double probability);
    void leaf(double probability);
    void begin(std::span<const int> start, bool want_reach);
    CascadeEstimate finish(double weight_sum);

    const AccessGraph* graph_;
    BreachHarm harm_;
    std::vector<char> in_set_;
    std::vector<int> set_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pending_;  // (from, edge offset) to decide
    std::vector<int> scratch_;
    // Accumulators.
    double sum_ = 0, sum_sq_ = 0;
    std::vector<double> owner_sum_;
    std::vector<char> owner_seen_;
    std::vector<std::uint32_t> owners_touched_;
    std::vector<double> reach_;
    bool want_reach_ = false;
    std::uint64_t outcomes_ = 0;
};

/// A 64-bit stream seed for one vendor: the run's seed mixed with a stable hash
/// of the vendor's id (so a vendor keeps its stream when others come or go).
std::uint64_t stream_seed(std::uint64_t seed, std::string_view id);

}  // namespace breachrank::propagation
