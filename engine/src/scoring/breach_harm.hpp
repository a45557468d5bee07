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
    /// Entity e's coverage row: the overlay's (what-if), else the base one.
    std::span<const model::CoverageItem> row(int e) const;
    const Model& model() const { return model_; }
    const SeverityModel& severity() const { return severity_; }
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

    /// Scores a breach by its x (scoring::expose_union()'s items): score() of
    /// any set whose union is x, bit for bit.
    static SetHarm score_union(const Model& model, const scoring::SeverityModel& severity,
                               std::span<const model::CoverageItem> x, bool want_people);

    /// Scores a set without the cache (also used to precompute direct harms).
    static SetHarm score(const Model& model, const model::Coverage& coverage,
                         const scoring::SeverityModel& severity, std::span<const int> set,
                         const scoring::RowOverlay* rows = nullptr, bool want_people = false);

private:
    static SetHarm score_exposures(const Model& model, const scoring::SeverityModel& severity,
                                   const std::vector<Exposure>& exposures, bool want_people);

    const Model& model_;
    const model::Coverage& coverage_;
    const scoring::SeverityModel& severity_;
    const std::vector<SetHarm>& direct_;
    const scoring::RowOverlay* rows_ = nullptr;
    const std::unordered_map<int, SetHarm>* direct_overlay_ = nullptr;
    bool want_people_ = false;
    std::unordered_map<std::vector<int>, SetHarm, support::IndexSetHash> cache_;
};

/// The harm of a breach set kept up to date while the set grows and shrinks
/// one entity at a time, as the exact enumeration walks its tree: adding an
/// entity re-scores only the populations whose x_k it raises, and a leaf
/// sums the populations' terms. current() is bit for bit what
/// BreachHarm::score() gives for the same set (the same terms, added in the
/// same order), at a cost in the populations touched, not in the set's rows.
class IncrementalHarm {
public:
    /// Starts from the empty set, reading rows (and their overlay) through
    /// `harm`, which must outlive the walk; with `want_people`, current()
    /// also fills SetHarm::people.
    void reset(const BreachHarm& harm, bool want_people);
    /// Adds entity e (not in the set); returns the mark that undo() takes.
    std::size_t add(int e);
    /// Removes everything added since `mark`, newest first.
    void undo(std::size_t mark);
    /// Whether adding e would raise no x_k: every (population, category) e
    /// holds is held by the set at a share at least as large, so the harm of
    /// the set and of every set containing it stays the same with e.
    bool adds_nothing(int e) const;
    /// H of the set (for a set of at least one entity).
    const SetHarm& current();

private:
    // One population's term for some x: its items (x_k > 0, by category) and
    // what BreachHarm::score() adds for it, band by band.
    struct Term {
        std::vector<model::CoverageItem> items;
        double harm = 0;
        std::vector<double> money;                       // people x person_cost, per group band
        std::vector<std::pair<std::size_t, double>> people;  // (level, people), per group band with a level
    };
    struct Slot {
        std::uint32_t depth = 0;   // terms[depth - 1] is the current term; 0: untouched
        std::vector<Term> terms;   // kept past depth for their storage
    };
    void score(std::uint32_t p, Term& t);

    const BreachHarm* harm_ = nullptr;
    bool want_people_ = false;
    std::vector<Slot> slots_;             // by population
    std::vector<std::uint32_t> active_;   // the populations with depth > 0, ascending
    std::vector<std::uint32_t> log_;      // the population of each term pushed, for undo()
    std::vector<model::CoverageItem> merged_, sorted_;
    Exposure exposure_;
    SetHarm out_;
};

}  // namespace breachrank::scoring
