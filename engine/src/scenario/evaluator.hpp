// The incremental evaluation of one candidate change against a baseline run,
// for suggest() and plan() (scenario/suggest.cpp): see the comment there for
// what each kind of change re-scores. One Evaluator per worker thread.
#pragma once

#include <algorithm>
#include <compare>
#include <memory>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "breachrank/scenario.hpp"
#include "propagation/vendor_runs.hpp"
#include "scenario/trim.hpp"
#include "scoring/likelihood.hpp"

namespace breachrank::scenario {

using propagation::Baseline;
using propagation::Cascader;
using propagation::Context;
using propagation::Plan;
using propagation::Settings;
using propagation::VendorRun;
using propagation::cascade_of;
using scoring::BreachHarm;
using scoring::RowOverlay;
using scoring::clamp01;


struct Candidate {
    enum Kind { drop, add_control, cut_access } kind = drop;
    std::vector<std::size_t> flows;  // drop: every flow from -> to of the population (repeated flows merge)
    std::uint32_t category = 0;      // drop: the category
    int vendor = -1;            // control: the vendor
    int control = -1;           // control: index into the pack's controls
    int from = -1;              // access: the edge's source
    std::size_t edge = 0;       // access: k-th edge out of `from`
};

struct Outcome {
    double total_after = 0;
    double vendor_before = 0, vendor_after = 0;
    std::vector<std::pair<int, double>> moved;  // (entity, change of its risk), every vendor the change moves
    // With the pack's `loss` section: the change of the total expected annual
    // loss, sum over the vendors it moves of P'(v) E[L'(B_v)] - P(v) E[L(B_v)],
    // from the same runs and streams as the risk (SPEC §4 "Loss").
    double loss_change = 0;
    // What the evaluation read, for plan()'s reuse across steps, kept small:
    // the vendor itself (a control's, or a data change's receiver), the
    // holders whose coverage a data change alters (it read the runs of every
    // vendor whose cascade reaches one), the source of a cut edge (it read
    // every vendor that can reach it); `global` when it read everything (the
    // linear screen's solves), so it cannot be reused.
    int vendor = -1;
    std::vector<int> holders;
    int source = -1;
    bool global = false;
};

// A candidate's identity across plan steps, by indices (no step adds or
// removes entities, populations or categories): drop (from, to, population,
// category), control (vendor, control), access (from, to).
struct CandidateKey {
    std::uint32_t kind = 0, a = 0, b = 0, c = 0, d = 0;
    auto operator<=>(const CandidateKey&) const = default;
};

// What one evaluation of every candidate leaves for plan()'s next step: each
// candidate's outcome by its key, and the state it was evaluated against.
// A candidate whose footprint meets nothing the step changed keeps its
// outcome exactly (the same runs, streams and harms give the same numbers).
struct CandidateCache {
    struct Entry {
        CandidateKey key;
        double reduction = 0;
        Outcome outcome;
        int population = -1;  // a data change: its population and category (a change to that pair's
        std::uint32_t category = 0;  // coverage anywhere changes the flows it follows: re-evaluated)
        bool spent = false;   // its outcome was moved to the next step (a model built in code may repeat a key)
    };
    std::vector<Entry> entries;  // sorted by key
    model::Coverage coverage;
    std::vector<std::tuple<int, int, double>> access;  // (from, to, probability), sorted
    std::vector<std::vector<int>> touching;  // entity -> the vendors (entities) whose cascades reach it
    std::vector<std::vector<int>> reverse;   // entity -> the entities with a live access edge into it
    std::vector<double> likelihood;          // entity -> P (-1 for a non-vendor)

    /// The first entry of `key` not yet spent (a model built in code may
    /// repeat an access edge: its copies keep their order, stable-sorted).
    Entry* find(const CandidateKey& key) {
        auto it = std::lower_bound(entries.begin(), entries.end(), key,
                                   [](const Entry& e, const CandidateKey& k) { return e.key < k; });
        for (; it != entries.end() && it->key == key; ++it)
            if (!it->spent) return &*it;
        return nullptr;
    }
};

/// plan()'s order of two changes by (reduction, cost): -1 when the first
/// comes first, 1 when the second does, 0 for a tie (then the text decides).
/// A change that costs nothing comes first, by reduction; the others by
/// reduction per unit of cost.
inline int plan_order(double reduction_a, double cost_a, double reduction_b, double cost_b) {
    const bool a_free = cost_a <= 0, b_free = cost_b <= 0;
    if (a_free != b_free) return a_free ? -1 : 1;
    const double va = a_free ? reduction_a : reduction_a / cost_a;
    const double vb = b_free ? reduction_b : reduction_b / cost_b;
    return va > vb ? -1 : va < vb ? 1 : 0;
}

/// What plan() asks of an evaluation: the one change it takes next.
struct PlanPick {
    double remaining = 0;     ///< in: the budget left (infinity: none)
    bool priced_out = false;  ///< out: a change that helps cost more than is left
    std::size_t reducing = 0; ///< out: how many changes reduce the total risk
    ScoreResult* scored = nullptr;  ///< out, when given: score() of the model, off the evaluation's own baseline
};

/// suggest() with the cache of the previous evaluation (`previous`, may be
/// null; its outcomes are moved out, so it is spent) and one to fill for the
/// next (`next`, may be null). Candidates that cost nothing to re-check are
/// taken from `previous`; the result is the same as without it. With `pick`,
/// only plan()'s next change is returned (or none), by plan_order() and then
/// the text, among those within pick->remaining.
/// With `given` (its context and a baseline run with recording over it, as
/// run_vendors(cx, st, threads, {.outcomes = method != linear})), no baseline is run again.
struct GivenBaseline {
    const propagation::Context& cx;
    const propagation::Baseline& base;
};
std::vector<Suggestion> suggest_with_cache(const Model& model, const RulePack& rules, const ScoreOptions& score_options,
                                           const SuggestOptions& options, CandidateCache* previous,
                                           CandidateCache* next, PlanPick* pick = nullptr,
                                           const GivenBaseline* given = nullptr);

// A Monte Carlo trial of a vendor's baseline in which an access edge fired.
struct FiredAt {
    std::uint32_t edge;
    int vendor;  // index into Baseline::vendors
    std::uint32_t trial;
};

// An access edge among those a vendor's plan check counted (the search that
// chose exact or Monte Carlo, AccessGraph::reachable_edges): removing any
// other edge leaves the vendor's plan, and an exact plan's result, as they
// were; a sampled plan then changes only in the trials that fired the edge.
struct CountedBy {
    std::uint32_t edge;
    int vendor;  // index into Baseline::vendors
};

class Evaluator {
public:
    Evaluator(const Context& cx, const Baseline& base, const Settings& st, const scenario::FlowIndex& flows,
              const std::vector<int>& vendor_of,
              const std::vector<std::vector<int>>& touching, const std::vector<FiredAt>& fired_by_edge,
              const std::vector<CountedBy>& counted_by_edge, double total)
        : cx_(cx),
          base_(base),
          st_(st),
          flows_(flows),
          vendor_of_(vendor_of),
          touching_(touching),
          fired_by_edge_(fired_by_edge),
          counted_by_edge_(counted_by_edge),
          total_(total),
          graph_(cx.graph),
          cascader_(cx.cascader()),
          loss_(cx.rules.loss.has_value()),
          per_breach_(loss_ ? cx.rules.loss->per_breach.mean() : 0.0),
          slot_(cx.model.entities.size(), 0) {
        cascader_.use_graph(graph_);
    }

    Outcome evaluate(const Candidate& c) {
        switch (c.kind) {
            case Candidate::add_control: return control(c);
            case Candidate::drop: return drop(c);
            case Candidate::cut_access: return access(c);
        }
        return {};
    }

private:
    double risk(int entity) const {
        int i = vendor_of_[static_cast<std::size_t>(entity)];
        return i < 0 ? 0.0 : base_.vendors[static_cast<std::size_t>(i)].likelihood.likelihood *
                                 base_.vendors[static_cast<std::size_t>(i)].cascade;
    }

    Outcome control(const Candidate& c) {
        const VendorRun& r = base_.vendors[static_cast<std::size_t>(vendor_of_[static_cast<std::size_t>(c.vendor)])];
        // The same products, in the same order, as trace_likelihood() on the changed model.
        double controls = 1, tags = 1;
        for (const NamedFactor& f : r.likelihood.controls) controls *= f.factor;
        controls *= cx_.rules.likelihood.controls[static_cast<std::size_t>(c.control)].factor;
        for (const NamedFactor& f : r.likelihood.tags) tags *= f.factor;
        double p = clamp01(r.likelihood.base * controls * tags);
        Outcome o;
        o.vendor_before = r.likelihood.likelihood * r.cascade;
        o.vendor_after = p * r.cascade;
        o.total_after = total_ + (o.vendor_after - o.vendor_before);
        o.moved.emplace_back(c.vendor, o.vendor_after - o.vendor_before);
        o.vendor = c.vendor;
        if (loss_) o.loss_change = (p - r.likelihood.likelihood) * (per_breach_ + r.money);
        return o;
    }

    Outcome drop(const Candidate& c) {
        const Model& m = cx_.model;
        const Flow& flow = m.flows[c.flows.front()];
        const auto p = static_cast<std::uint32_t>(flow.population);
        // Holders whose coverage of (p, k) changes, and their new rows.
        rows_.clear();
        direct_.clear();
        std::vector<int> changed;
        shares_.clear();
        for (const auto& [e, share] : flows_.drop(cx_.coverage, p, c.category, c.flows)) {
            shares_.push_back(share);
            std::vector<model::CoverageItem> next;
            for (const model::CoverageItem& it : cx_.coverage.of(static_cast<std::size_t>(e))) {
                if (it.population == p && it.category == c.category) {
                    if (share > 0) next.push_back({p, c.category, share});
                } else {
                    next.push_back(it);
                }
            }
            rows_.emplace(e, std::move(next));
            changed.push_back(e);
        }
        for (int e : changed) {
            const int set[] = {e};
            direct_.emplace(e, scoring::BreachHarm::score(m, cx_.coverage, cx_.severity, set, &rows_));
        }
        Outcome o;
        o.vendor_before = risk(flow.to);
        o.vendor_after = o.vendor_before;
        o.total_after = total_;
        o.vendor = flow.to;
        o.holders = changed;
        if (changed.empty()) return o;
        if (base_.screen) {
            // U' = U + A^-1 dD; total' = total + P . A^-1 dD.
            std::vector<double> dd(m.entities.size(), 0.0);
            for (const auto& [e, h] : direct_) dd[static_cast<std::size_t>(e)] = h.total - cx_.direct[static_cast<std::size_t>(e)].total;
            std::vector<double> x = base_.screen->solve(dd);
            std::vector<double> xm;
            if (loss_) {
                // The same solve for the people's costs.
                std::vector<double> dm(m.entities.size(), 0.0);
                for (const auto& [e, h] : direct_)
                    dm[static_cast<std::size_t>(e)] = h.money - cx_.direct[static_cast<std::size_t>(e)].money;
                xm = base_.screen->solve(dm);
            }
            return linear_outcome(x, xm, flow.to);
        }
        // The vendors whose recorded cascades include a changed holder: only the
        // harms of those breach sets change (the sets themselves do not), and
        // of each only population p's term (H is a sum over populations), and
        // only when the set's largest share of (p, k) moves.
        std::vector<int> vendors;
        for (std::size_t j = 0; j < changed.size(); ++j) {
            const int e = changed[j];
            slot_[static_cast<std::size_t>(e)] = static_cast<int>(j) + 1;
            vendors.insert(vendors.end(), touching_[static_cast<std::size_t>(e)].begin(),
                           touching_[static_cast<std::size_t>(e)].end());
        }
        std::sort(vendors.begin(), vendors.end());
        vendors.erase(std::unique(vendors.begin(), vendors.end()), vendors.end());
        for (int i : vendors) {
            const VendorRun& r = base_.vendors[static_cast<std::size_t>(i)];
            double after = r.cascade, money_after = r.money;
            if (r.plan == Plan::direct) {
                after = direct_.at(r.entity).total;
                money_after = direct_.at(r.entity).money;
            } else if (!r.outcomes_complete) {
                // Too many breach sets were met to record: cascade again with
                // the changed holders' rows (the same plan, stream and walk
                // as the baseline's run).
                propagation::CascadeEstimate est;
                cascader_.harm().set_overlay(&rows_, &direct_);
                struct Restore {
                    scoring::BreachHarm& harm;
                    ~Restore() { harm.set_overlay(nullptr, nullptr); }
                } restore{cascader_.harm()};
                after = cascade_of(cascader_, cx_, r.entity, r.plan, st_, &est);
                money_after = est.money;
            } else {
                for (const propagation::Outcome& out : r.outcomes) {
                    bool touched = std::any_of(out.set.begin(), out.set.end(),
                                               [&](int e) { return slot_[static_cast<std::size_t>(e)] != 0; });
                    if (!touched) continue;
                    double was = 0, now = 0;
                    for (int e : out.set) {
                        const double base = cx_.coverage.get(static_cast<std::size_t>(e), p, c.category);
                        const int slot = slot_[static_cast<std::size_t>(e)];
                        was = std::max(was, base);
                        now = std::max(now, slot ? shares_[static_cast<std::size_t>(slot - 1)] : base);
                    }
                    if (was == now) continue;
                    const scoring::SetHarm term = BreachHarm::population_term(m, cx_.coverage, cx_.severity, out.set, p, &rows_);
                    const scoring::SetHarm old = BreachHarm::population_term(m, cx_.coverage, cx_.severity, out.set, p);
                    after += out.weight * (term.total - old.total);
                    money_after += out.weight * (term.money - old.money);
                }
            }
            double d = r.likelihood.likelihood * (after - r.cascade);
            o.loss_change += r.likelihood.likelihood * (money_after - r.money);
            o.total_after += d;
            o.moved.emplace_back(r.entity, d);
            if (r.entity == flow.to) o.vendor_after = o.vendor_before + d;
        }
        for (int e : changed) slot_[static_cast<std::size_t>(e)] = 0;
        return o;
    }

    // `x`: the change of every entity's cascade impact (the screen's U);
    // `xm`: the same for the people's costs (empty without a loss section).
    Outcome linear_outcome(const std::vector<double>& x, const std::vector<double>& xm, int vendor) {
        Outcome o;
        o.global = true;
        o.vendor_before = risk(vendor);
        o.vendor_after = o.vendor_before;
        o.total_after = total_;
        for (const VendorRun& r : base_.vendors) {
            double d = r.likelihood.likelihood * x[static_cast<std::size_t>(r.entity)];
            o.total_after += d;
            if (!xm.empty()) o.loss_change += r.likelihood.likelihood * xm[static_cast<std::size_t>(r.entity)];
            if (d != 0) o.moved.emplace_back(r.entity, d);
            if (r.entity == vendor) o.vendor_after += d;
        }
        return o;
    }

    Outcome access(const Candidate& c) {
        const graph::OutEdge edge = cx_.graph.out(static_cast<std::size_t>(c.from))[c.edge];
        if (base_.screen) {
            // A' = A + dp e_a e_b^T: U' = U - x dp U_b / (1 + dp x_b), x = A^-1 e_a.
            const std::size_t n = cx_.model.entities.size();
            std::vector<double> ea(n, 0.0);
            ea[static_cast<std::size_t>(c.from)] = 1;
            std::vector<double> x = base_.screen->solve(ea);
            const double dp = st_.damping * edge.probability;
            std::vector<double> xm;
            if (loss_) {  // the same update of the screen solved for the people's costs
                const double scale_m = -dp * base_.screen_money[edge.to] / (1 + dp * x[edge.to]);
                xm = x;
                for (double& v : xm) v *= scale_m;
            }
            const double scale = -dp * base_.screen->impact[edge.to] / (1 + dp * x[edge.to]);
            for (double& v : x) v *= scale;
            return linear_outcome(x, xm, c.from);
        }
        graph_.set_probability(static_cast<std::size_t>(c.from), c.edge, 0.0);
        const auto edge_index = static_cast<std::uint32_t>(cx_.graph.offset(static_cast<std::size_t>(c.from)) + c.edge);
        Outcome o;
        o.vendor_before = risk(c.from);
        o.vendor_after = o.vendor_before;
        o.total_after = total_;
        auto add = [&](int v, double after, double before, double money_after) {
            const VendorRun& run = base_.vendors[static_cast<std::size_t>(vendor_of_[static_cast<std::size_t>(v)])];
            double d = run.likelihood.likelihood * (after - before);
            o.loss_change += run.likelihood.likelihood * (money_after - run.money);
            o.total_after += d;
            o.moved.emplace_back(v, d);
            if (v == c.from) o.vendor_after = o.vendor_before + d;
        };
        o.source = c.from;
        // The vendors the cut can change: those whose plan check counted the
        // edge (every exact vendor that can reach it), and those with a
        // sampled trial that fired it. Any other vendor that can reach the
        // edge keeps its plan, and as a sampled plan none of its trials change.
        affected_.clear();
        {
            auto [lo, hi] = std::equal_range(counted_by_edge_.begin(), counted_by_edge_.end(), CountedBy{edge_index, 0},
                                             [](const CountedBy& a, const CountedBy& b) { return a.edge < b.edge; });
            for (auto it = lo; it != hi; ++it) affected_.push_back(it->vendor);
            auto [flo, fhi] = std::equal_range(fired_by_edge_.begin(), fired_by_edge_.end(), FiredAt{edge_index, 0, 0},
                                               [](const FiredAt& a, const FiredAt& b) { return a.edge < b.edge; });
            for (auto it = flo; it != fhi; ++it)
                if (affected_.empty() || affected_.back() != it->vendor) affected_.push_back(it->vendor);
            std::sort(affected_.begin(), affected_.end());
            affected_.erase(std::unique(affected_.begin(), affected_.end()), affected_.end());
        }
        for (int i : affected_) {
            const VendorRun& r = base_.vendors[static_cast<std::size_t>(i)];
            const int v = r.entity;
            const int start[] = {v};
            if (graph_.reachable_edges(start, 0) == 0) {  // no edge left that can fire: C = D
                add(v, cx_.direct[static_cast<std::size_t>(v)].total, r.cascade, cx_.direct[static_cast<std::size_t>(v)].money);
                continue;
            }
            Plan plan = Plan::montecarlo;
            if (st_.method != CascadeMethod::montecarlo) {
                std::size_t limit = st_.method == CascadeMethod::exact ? kMaxExactEdges : kAutoExactEdges;
                plan = graph_.reachable_edges(start, limit) <= limit ? Plan::exact : Plan::montecarlo;
            }
            if (plan == Plan::exact) {
                propagation::CascadeEstimate est;
                const double after = cascade_of(cascader_, cx_, v, plan, st_, &est);  // before est.money is read
                add(v, after, r.cascade, est.money);
                continue;
            }
            // Still sampled: only the trials in which the edge fired change
            // (every other edge keeps its draws), so re-run just those.
            auto [lo, hi] = std::equal_range(fired_by_edge_.begin(), fired_by_edge_.end(),
                                             FiredAt{edge_index, vendor_of_[static_cast<std::size_t>(v)], 0},
                                             [](const FiredAt& a, const FiredAt& b) {
                                                 return a.edge != b.edge ? a.edge < b.edge : a.vendor < b.vendor;
                                             });
            if (lo == hi) continue;
            if (r.fired_every_trial) {
                // Every baseline trial was trial 0 and fired the edge: each
                // changes, so the vendor is sampled again over the graph
                // without it (the same draws: common random numbers still).
                propagation::CascadeEstimate est;
                const double after = cascade_of(cascader_, cx_, v, Plan::montecarlo, st_, &est);
                add(v, after, r.cascade, est.money);
                continue;
            }
            const std::uint64_t seed = propagation::stream_seed(st_.seed, cx_.model.entities[static_cast<std::size_t>(v)].id);
            double delta = 0, delta_money = 0;
            for (auto it = lo; it != hi; ++it) {
                cascader_.use_graph(cx_.graph);
                std::vector<int> was = cascader_.trial(start, seed, it->trial);
                cascader_.use_graph(graph_);
                std::vector<int> now = cascader_.trial(start, seed, it->trial);
                // Copied out: the second look-up may grow the cache the first reference points into.
                const double harm_now = cascader_.harm()(now).total, money_now = cascader_.harm()(now).money;
                const scoring::SetHarm& before_trial = cascader_.harm()(was);
                delta += harm_now - before_trial.total;
                delta_money += money_now - before_trial.money;
            }
            add(v, r.cascade + delta / static_cast<double>(st_.trials), r.cascade,
                r.money + delta_money / static_cast<double>(st_.trials));
        }
        graph_.set_probability(static_cast<std::size_t>(c.from), c.edge, edge.probability);
        return o;
    }

    const Context& cx_;
    const Baseline& base_;
    const Settings& st_;
    const scenario::FlowIndex& flows_;
    const std::vector<int>& vendor_of_;
    const std::vector<std::vector<int>>& touching_;
    const std::vector<FiredAt>& fired_by_edge_;  // sorted by (edge, vendor, trial)
    const std::vector<CountedBy>& counted_by_edge_;  // sorted by (edge, vendor)
    const double total_;
    graph::AccessGraph graph_;  // this worker's copy, edited per candidate
    propagation::Cascader cascader_;
    const bool loss_;          // the pack has a `loss` section: money moves with harm
    const double per_breach_;  // E[X_breach]
    std::vector<int> slot_;        // a changed holder of drop(): 1 + its index in shares_; else 0
    std::vector<double> shares_;   // drop(): each changed holder's new share of (p, k)
    std::vector<int> scratch_, affected_;
    RowOverlay rows_;
    std::unordered_map<int, scoring::SetHarm> direct_;
};


}  // namespace breachrank::scenario
