// The harm of a breach set with its split by owner, cached by set: cascades
// from one vendor reach the same few sets again and again, so each distinct
// set is scored once (SPEC §4 "Harm" is the union harm, never a sum).
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "model/coverage.hpp"
#include "scoring/harm.hpp"
#include "scoring/severity.hpp"
#include "support/hash.hpp"

namespace breachrank::scoring {

struct SetHarm {
    double total = 0;
    std::vector<std::pair<std::uint32_t, double>> by_owner;  ///< (owner entity, harm), by owner
    /// The expected cost of the exposed people: sum over levels l of
    /// people_l x E[X_l] (SPEC §4 "Loss", without the per-breach part); 0
    /// when the pack has no `loss` section.
    double money = 0;
    /// The exposed people of each severity level (as people_by_level()),
    /// only from a BreachHarm asked for them (want_people) and for sets of
    /// more than one entity; otherwise empty.
    std::vector<double> people;
};

/// The exposed people of each severity level (index into the pack's levels),
/// summed over `exposures`' bands and scoring groups; people whose record
/// reaches no level are not counted. `out` is resized to the levels.
void people_by_level(const SeverityModel& severity, const std::vector<Exposure>& exposures,
                     std::vector<double>& out);

class BreachHarm {
public:
    BreachHarm(const Model& model, const model::Coverage& coverage, const scoring::SeverityModel& severity,
               const std::vector<SetHarm>& direct)
        : model_(model), coverage_(coverage), severity_(severity), direct_(direct) {}

    /// H(B) for a set of entity indices (any order, no repeats). Sets of one
    /// entity come from the precomputed direct harms.
    const SetHarm& operator()(std::vector<int>& set);

    /// Drops the cache (kept small per vendor).
    void clear() { cache_.clear(); }

    /// Also count each set's people by level (SetHarm::people), for the loss
    /// simulation's table of incidents. Clears the cache.
    void want_people(bool on) {
        want_people_ = on;
        cache_.clear();
    }
    /// The people by level of any set (computed, not cached): for the sets
    /// of one entity, whose SetHarm comes precomputed without them.
    void people(std::span<const int> set, std::vector<double>& out) const;
    /// Whether breaching entity `t` as well as `set` exposes nothing more:
    /// every (population, category) t holds, some entity of `set` holds at a
    /// share at least as large, so H(set + t) = H(set) and so for every
    /// superset of `set` (x_k is a maximum). Reads the overlay's rows, if any.
    bool covered(int t, std::span<const int> set) const;
    /// The pack's severity levels (the length of SetHarm::people).
    std::size_t levels() const { return severity_.rules().severity.levels.size(); }

    /// What-if evaluation: coverage rows and direct harms that replace the
    /// base ones for a few entities (nullptr: none). Clears the cache.
    void set_overlay(const scoring::RowOverlay* rows, const std::unordered_map<int, SetHarm>* direct) {
        rows_ = rows;
        direct_overlay_ = direct;
        cache_.clear();
    }

    /// Population p's term of H(B) and of its money (total and money only; no
    /// owners): with score(), H(B) is the sum of these over the populations.
    static SetHarm population_term(const Model& model, const model::Coverage& coverage,
                                   const scoring::SeverityModel& severity, std::span<const int> set, std::uint32_t p,
                                   const scoring::RowOverlay* rows = nullptr);

    /// Scores a set without the cache (also used to precompute direct harms).
    static SetHarm score(const Model& model, const model::Coverage& coverage,
                         const scoring::SeverityModel& severity, std::span<const int> set,
                         const scoring::RowOverlay* rows = nullptr, bool want_people = false);

private:
    std::span<const model::CoverageItem> row(int e) const;

    const Model& model_;
    const model::Coverage& coverage_;
    const scoring::SeverityModel& severity_;
    const std::vector<SetHarm>& direct_;
    const scoring::RowOverlay* rows_ = nullptr;
    const std::unordered_map<int, SetHarm>* direct_overlay_ = nullptr;
    bool want_people_ = false;
    std::unordered_map<std::vector<int>, SetHarm, support::IndexSetHash> cache_;
};

}  // namespace breachrank::scoring
