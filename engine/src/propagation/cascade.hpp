// The independent cascade over access edges (SPEC §4 "Cascade"): once an
// entity is breached, each access edge out of it fires once with its
// probability. C(start) = E[H(B)], B the random set the cascade reaches.
//
// Two estimators share one engine per thread:
//  - exact: enumerates the live/dead outcomes of the edges the cascade can
//    reach, lazily: an edge is decided only when its source has been breached
//    and its target has not (the outcome of any other edge cannot change B);
//    and, unless the breach sets themselves are recorded, not when its target
//    would add nothing: it holds no more than the set already exposes and
//    every edge out of it leads back into the set, so both outcomes have the
//    same harm (a vendor with 16 suppliers holding the same data is 17
//    outcomes, not 2^16). Such a target still counts in `reach`. The harm of
//    each outcome comes from scoring::IncrementalHarm, kept up to date along
//    the walk (an outcome costs the populations it touches, not a fresh
//    union of every row in the set);
//  - Monte Carlo: independent cascades drawn from Random123's Philox
//    counter-based generator, keyed by the start set's stream (not a thread's),
//    with one draw per (trial, edge): the thread count never changes a result,
//    and removing one edge leaves every other edge's draws as they were.
#pragma once

#include <cstdint>
#include <random>
#include <unordered_map>
#include <span>
#include <vector>

#include "graph/access_graph.hpp"
#include "scoring/breach_harm.hpp"
#include "support/hash.hpp"
#include "support/progress.hpp"

namespace breachrank::propagation {

/// The outcomes of a cascade: each distinct breach set (sorted entity
/// indices), its weight (probability, or share of the trials) and its harm.
struct Outcome {
    std::vector<int> set;
    double weight = 0;
    double harm = 0;
};
using Distribution = std::vector<Outcome>;

/// The outcomes of a cascade as the loss simulation draws them: each
/// distinct breach set's weight and exposed people by severity level, in the
/// order the cascade first met them (enumeration or trial order: the same on
/// every run and thread count). A simulated incident picks row i with
/// probability weight_i / total; no set is kept.
struct IncidentTable {
    std::vector<double> cumulative;  ///< running sum of the weights; back() is the total
    std::vector<double> people;      ///< row-major: `levels` numbers a set
    std::size_t levels = 0;

    std::size_t size() const { return cumulative.size(); }
    /// The row that a uniform u in [0, 1) picks.
    std::size_t pick(double u) const;
};

struct CascadeEstimate {
    double mean = 0;    ///< E[H(B)]
    double standard_error = 0;  ///< 0 for exact
    double money = 0;           ///< E[people's expected cost of B] (SetHarm::money)
    double money_standard_error = 0;  ///< 0 for exact
    std::vector<std::pair<std::uint32_t, double>> by_owner;  ///< E[harm to each owner], by owner
    std::vector<double> reach;  ///< P(entity in B), when asked for; else empty
};

class Cascader {
public:
    Cascader(const graph::AccessGraph& graph, scoring::BreachHarm harm, std::size_t entities);

    CascadeEstimate exact(std::span<const int> start, bool want_reach);
    CascadeEstimate montecarlo(std::span<const int> start, std::int64_t trials, std::uint64_t stream_seed,
                               bool want_reach);

    scoring::BreachHarm& harm() { return harm_; }

    /// When set, the next exact() or montecarlo() call also fills `out` with
    /// its distribution of breach sets (for what-if evaluation: a change of
    /// coverage changes only the harms of the sets it touches, so C' = C +
    /// sum over touched sets of weight x (H'(S) - H(S)), with no new cascades).
    /// exact() records from a walk of its own that decides every edge, and
    /// stops it past kMaxRecordedSets distinct sets: `out` is then left
    /// empty and `*complete` (when given) false (what-if then cascades again:
    /// 2^16 sets of a vendor's 16 suppliers are not worth keeping). Its
    /// estimates never depend on recording. montecarlo() records every set.
    void record(Distribution* out, bool* complete = nullptr) {
        record_ = out;
        record_complete_ = complete;
    }
    static constexpr std::size_t kMaxRecordedSets = 4096;
    /// When set, the next montecarlo() call also lists every (trial, edge)
    /// that fired (edge: its index in the graph), for what-if on access edges.
    /// When every trial is the first (it drew nothing, so all repeat it), only
    /// trial 0's edges are listed and `*every_trial` says so: a certain-access
    /// cycle of n suppliers is n - 1 entries, not trials x (n - 1).
    void record_fired(std::vector<std::pair<std::uint32_t, std::uint32_t>>* out, bool* every_trial) {
        fired_ = out;
        fired_every_trial_ = every_trial;
    }
    /// When set, the next exact() or montecarlo() call also fills `out` with
    /// its table of incidents (for the loss simulation).
    void record_incidents(IncidentTable* out);

    /// montecarlo() of a start set whose every trial breaches the same set, of
    /// harm `h` (certain.hpp: every reachable edge has probability 1): the same
    /// accumulations, bit for bit, without walking the set. Records nothing
    /// but incidents; no reach.
    CascadeEstimate montecarlo_certain(std::span<const int> start, std::int64_t trials, const scoring::SetHarm& h);

    /// The breach set (sorted) of one Monte Carlo trial, as montecarlo() draws it.
    std::vector<int> trial(std::span<const int> start, std::uint64_t stream_seed, std::uint64_t trial);
    /// Cascades over another graph of the same entities (what-if on access).
    void use_graph(const graph::AccessGraph& graph) { graph_ = &graph; }
    /// Reports montecarlo()'s trials to `phase` (null: none) as worker
    /// `worker`, checking for cancellation every kTrialsPerCheck trials.
    void watch(support::Phase* phase, std::size_t worker) {
        phase_ = phase;
        worker_ = worker;
    }
    static constexpr std::int64_t kTrialsPerCheck = 1024;

private:
    // One exact walk from `start` (begin() to the last leaf; finish() is the caller's).
    void walk(std::span<const int> start, bool want_reach);
    void explore(std::size_t next, double probability);
    // Whether breaching t (not in the set) changes nothing that the current
    // exact enumeration reports (see the top of this file).
    bool adds_nothing(std::uint32_t t) const;
    void leaf(double probability);
    // The accumulations of a leaf for last_ (leaf() after finding its harm;
    // montecarlo() alone for a trial that repeats the previous one).
    void accumulate(double probability);
    // `count` more Monte Carlo trials identical to the first, just accumulated.
    void repeat_last(std::uint64_t count);
    void begin(std::span<const int> start, bool want_reach);
    CascadeEstimate finish(double weight_sum);
    // finish() over `trials` equal weights, with the standard errors.
    CascadeEstimate finish_sampled(std::int64_t trials);

    const graph::AccessGraph* graph_;
    scoring::BreachHarm harm_;
    scoring::IncrementalHarm incremental_;  // exact() only
    bool exact_ = false;                    // inside exact(): leaves read incremental_
    std::vector<char> in_set_;
    std::vector<int> set_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pending_;  // (from, edge offset) to decide
    std::vector<int> scratch_;
    // Accumulators.
    double sum_ = 0, mean_ = 0, m2_ = 0;
    double money_sum_ = 0, money_mean_ = 0, money_m2_ = 0;
    std::uint64_t count_ = 0;
    std::vector<double> owner_sum_;
    std::vector<char> owner_seen_;
    std::vector<std::uint32_t> owners_touched_;
    std::vector<double> reach_;
    bool want_reach_ = false;
    // exact(): the targets left undecided because they add nothing, with the
    // probability that none of their skipped edges fired (reach only): a
    // stack over not_reached_ of each skipped edge's target, its previous
    // value, and whether it is the target's first skipped edge on this path.
    struct Skipped {
        std::uint32_t entity;
        double before;
        bool first;
    };
    std::vector<double> not_reached_;
    std::vector<std::uint32_t> skips_;  // skipped edges into each entity on this path
    std::vector<Skipped> skipped_;
    bool abandoned_ = false;  // a recording walk passed kMaxRecordedSets
    Distribution* record_ = nullptr;
    bool* record_complete_ = nullptr;
    std::vector<std::pair<std::uint32_t, std::uint32_t>>* fired_ = nullptr;
    bool* fired_every_trial_ = nullptr;
    IncidentTable* incidents_ = nullptr;
    struct LastLeaf {
        const scoring::SetHarm* harm = nullptr;
        std::pair<double, double>* slot = nullptr;  // in recorded_, when recording
        std::uint32_t row = 0;                      // in incidents_, when recording
    } last_;
    std::uint64_t draws_made_ = 0;  // by sample() since montecarlo() reset it
    support::Phase* phase_ = nullptr;
    std::size_t worker_ = 0;
    std::unordered_map<const scoring::SetHarm*, std::uint32_t> incident_row_;  // a set's harm (stable in the cache) -> row
    struct PeopleHash {
        std::size_t operator()(const std::vector<double>& v) const;
    };
    // exact(): a row per distinct exposure (people by level), since its sets'
    // harms are not kept: the sets of one row draw alike in the simulation.
    std::unordered_map<std::vector<double>, std::uint32_t, PeopleHash> exact_row_;
    std::vector<double> people_;
    void sample(std::uint64_t seed, std::uint64_t t);
    std::unordered_map<std::vector<int>, std::pair<double, double>, support::IndexSetHash> recorded_;  // set -> (weight, harm)
};

/// A 64-bit stream seed for one vendor: the run's seed mixed with a stable hash
/// of the vendor's id (so a vendor keeps its stream when others come or go).
std::uint64_t stream_seed(std::uint64_t seed, std::string_view id);

}  // namespace breachrank::propagation
