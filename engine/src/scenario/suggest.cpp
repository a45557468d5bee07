// suggest(): every single candidate change, each re-scoring only what it
// touches.
//  - A control on vendor v changes P(v) only: risk' = P'(v) C(v).
//  - Dropping category k from the flows a -> b of population p changes the
//    coverage of (p, k) at b and whoever b passes k on to (the fixpoint of
//    SPEC §5's trimming, scenario/trim.hpp); those holders get
//    new coverage rows and direct harms (as an overlay on the base), and only
//    the vendors whose cascades can reach them are re-scored, with the same
//    random streams as the baseline (common random numbers: a Monte Carlo
//    delta is not swamped by sampling noise).
//  - Removing an access edge a -> b re-scores the vendors that can reach a,
//    over the graph without the edge.
// The linear screen needs no cascades: a changed D is one solve with the
// factors already computed, and a removed edge a Sherman-Morrison update.
#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "breachrank/scenario.hpp"
#include "scenario/trim.hpp"
#include "propagation/vendor_runs.hpp"
#include "scoring/likelihood.hpp"
#include "support/finite.hpp"
#include "support/parallel.hpp"

namespace breachrank {

using propagation::Baseline;
using propagation::Cascader;
using propagation::Context;
using propagation::Plan;
using propagation::Settings;
using propagation::cascade_of;
using propagation::run_vendors;
using propagation::settings_of;
using propagation::VendorRun;
using scoring::RowOverlay;
using scoring::clamp01;
using support::parallel_for;
using support::require_finite;
using support::worker_count;

namespace {

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
};

// A Monte Carlo trial of a vendor's baseline in which an access edge fired.
struct FiredAt {
    std::uint32_t edge;
    int vendor;  // index into Baseline::vendors
    std::uint32_t trial;
};

class Evaluator {
public:
    Evaluator(const Context& cx, const Baseline& base, const Settings& st, const scenario::FlowIndex& flows,
              const std::vector<int>& vendor_of, const std::vector<std::vector<int>>& reverse,
              const std::vector<std::vector<int>>& touching, const std::vector<FiredAt>& fired_by_edge,
              double total)
        : cx_(cx),
          base_(base),
          st_(st),
          flows_(flows),
          vendor_of_(vendor_of),
          reverse_(reverse),
          touching_(touching),
          fired_by_edge_(fired_by_edge),
          total_(total),
          graph_(cx.graph),
          cascader_(cx.cascader()),
          seen_(cx.model.entities.size(), 0),
          is_changed_(cx.model.entities.size(), 0) {
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
        return o;
    }

    // The vendors whose cascades can reach any of `targets` (themselves included).
    std::vector<int> reaching(const std::vector<int>& targets) {
        std::vector<int> queue;
        for (int t : targets)
            if (!seen_[static_cast<std::size_t>(t)]) seen_[static_cast<std::size_t>(t)] = 1, queue.push_back(t);
        for (std::size_t h = 0; h < queue.size(); ++h)
            for (int u : reverse_[static_cast<std::size_t>(queue[h])])
                if (!seen_[static_cast<std::size_t>(u)]) seen_[static_cast<std::size_t>(u)] = 1, queue.push_back(u);
        std::vector<int> out;
        for (int e : queue) {
            seen_[static_cast<std::size_t>(e)] = 0;
            if (vendor_of_[static_cast<std::size_t>(e)] >= 0) out.push_back(e);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    Outcome drop(const Candidate& c) {
        const Model& m = cx_.model;
        const Flow& flow = m.flows[c.flows.front()];
        const auto p = static_cast<std::uint32_t>(flow.population);
        // Holders whose coverage of (p, k) changes, and their new rows.
        rows_.clear();
        direct_.clear();
        std::vector<int> changed;
        for (const auto& [e, share] : flows_.drop(cx_.coverage, p, c.category, c.flows)) {
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
        if (changed.empty()) return o;
        if (base_.screen) {
            // U' = U + A^-1 dD; total' = total + P . A^-1 dD.
            std::vector<double> dd(m.entities.size(), 0.0);
            for (const auto& [e, h] : direct_) dd[static_cast<std::size_t>(e)] = h.total - cx_.direct[static_cast<std::size_t>(e)].total;
            std::vector<double> x = base_.screen->solve(dd);
            return linear_outcome(x, flow.to);
        }
        // The vendors whose recorded cascades include a changed holder: only the
        // harms of those breach sets change (the sets themselves do not).
        cascader_.harm().set_overlay(&rows_, &direct_);
        std::vector<int> vendors;
        for (int e : changed) {
            is_changed_[static_cast<std::size_t>(e)] = 1;
            vendors.insert(vendors.end(), touching_[static_cast<std::size_t>(e)].begin(),
                           touching_[static_cast<std::size_t>(e)].end());
        }
        std::sort(vendors.begin(), vendors.end());
        vendors.erase(std::unique(vendors.begin(), vendors.end()), vendors.end());
        for (int i : vendors) {
            const VendorRun& r = base_.vendors[static_cast<std::size_t>(i)];
            double after = r.cascade;
            if (r.plan == Plan::direct) {
                after = direct_.at(r.entity).total;
            } else {
                for (const propagation::Outcome& out : r.outcomes) {
                    bool touched = std::any_of(out.set.begin(), out.set.end(),
                                               [&](int e) { return is_changed_[static_cast<std::size_t>(e)] != 0; });
                    if (!touched) continue;
                    scratch_ = out.set;
                    after += out.weight * (cascader_.harm()(scratch_).total - out.harm);
                }
            }
            double d = r.likelihood.likelihood * (after - r.cascade);
            o.total_after += d;
            o.moved.emplace_back(r.entity, d);
            if (r.entity == flow.to) o.vendor_after = o.vendor_before + d;
        }
        for (int e : changed) is_changed_[static_cast<std::size_t>(e)] = 0;
        cascader_.harm().set_overlay(nullptr, nullptr);
        return o;
    }

    Outcome linear_outcome(const std::vector<double>& x, int vendor) {
        Outcome o;
        o.vendor_before = risk(vendor);
        o.vendor_after = o.vendor_before;
        o.total_after = total_;
        for (const VendorRun& r : base_.vendors) {
            double d = r.likelihood.likelihood * x[static_cast<std::size_t>(r.entity)];
            o.total_after += d;
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
            const double scale = -dp * base_.screen->impact[edge.to] / (1 + dp * x[edge.to]);
            for (double& v : x) v *= scale;
            return linear_outcome(x, c.from);
        }
        graph_.set_probability(static_cast<std::size_t>(c.from), c.edge, 0.0);
        const auto edge_index = static_cast<std::uint32_t>(cx_.graph.offset(static_cast<std::size_t>(c.from)) + c.edge);
        Outcome o;
        o.vendor_before = risk(c.from);
        o.vendor_after = o.vendor_before;
        o.total_after = total_;
        auto add = [&](int v, double after, double before) {
            double d = base_.vendors[static_cast<std::size_t>(vendor_of_[static_cast<std::size_t>(v)])].likelihood.likelihood *
                       (after - before);
            o.total_after += d;
            o.moved.emplace_back(v, d);
            if (v == c.from) o.vendor_after = o.vendor_before + d;
        };
        for (int v : reaching({c.from})) {
            const VendorRun& r = base_.vendors[static_cast<std::size_t>(vendor_of_[static_cast<std::size_t>(v)])];
            const int start[] = {v};
            if (graph_.reachable_edges(start, 0) == 0) {  // no edge left that can fire: C = D
                add(v, cx_.direct[static_cast<std::size_t>(v)].total, r.cascade);
                continue;
            }
            Plan plan = Plan::montecarlo;
            if (st_.method != CascadeMethod::montecarlo) {
                std::size_t limit = st_.method == CascadeMethod::exact ? kMaxExactEdges : kAutoExactEdges;
                plan = graph_.reachable_edges(start, limit) <= limit ? Plan::exact : Plan::montecarlo;
            }
            if (plan == Plan::exact) {
                add(v, cascade_of(cascader_, cx_, v, plan, st_), r.cascade);
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
            const std::uint64_t seed = propagation::stream_seed(st_.seed, cx_.model.entities[static_cast<std::size_t>(v)].id);
            double delta = 0;
            for (auto it = lo; it != hi; ++it) {
                cascader_.use_graph(cx_.graph);
                std::vector<int> was = cascader_.trial(start, seed, it->trial);
                cascader_.use_graph(graph_);
                std::vector<int> now = cascader_.trial(start, seed, it->trial);
                delta += cascader_.harm()(now).total - cascader_.harm()(was).total;
            }
            add(v, r.cascade + delta / static_cast<double>(st_.trials), r.cascade);
        }
        graph_.set_probability(static_cast<std::size_t>(c.from), c.edge, edge.probability);
        return o;
    }

    const Context& cx_;
    const Baseline& base_;
    const Settings& st_;
    const scenario::FlowIndex& flows_;
    const std::vector<int>& vendor_of_;
    const std::vector<std::vector<int>>& reverse_;
    const std::vector<std::vector<int>>& touching_;
    const std::vector<FiredAt>& fired_by_edge_;  // sorted by (edge, vendor, trial)
    const double total_;
    graph::AccessGraph graph_;  // this worker's copy, edited per candidate
    propagation::Cascader cascader_;
    std::vector<char> seen_, is_changed_;
    std::vector<int> scratch_;
    RowOverlay rows_;
    std::unordered_map<int, scoring::SetHarm> direct_;
};

}  // namespace

std::vector<Suggestion> suggest(const Model& model, const RulePack& rules, const ScoreOptions& score_options,
                                const SuggestOptions& options) {
    const Settings st = settings_of(rules, score_options);
    Context cx(model, rules, worker_count(score_options.threads, model.entities.size()), st.circumstances);
    // Record every cascade's breach sets: a coverage change then re-weighs the
    // sets it touches instead of cascading again.
    const Baseline base = run_vendors(cx, st, score_options.threads, st.method != CascadeMethod::linear);
    const std::size_t n = model.entities.size();
    std::vector<int> vendor_of(n, -1);
    double total = 0;
    for (std::size_t i = 0; i < base.vendors.size(); ++i) {
        vendor_of[static_cast<std::size_t>(base.vendors[i].entity)] = static_cast<int>(i);
        total += base.vendors[i].likelihood.likelihood * base.vendors[i].cascade;
    }
    std::vector<std::vector<int>> reverse(n);
    for (std::size_t v = 0; v < n; ++v)
        for (const graph::OutEdge& e : cx.graph.out(v))
            if (e.probability > 0) reverse[e.to].push_back(static_cast<int>(v));
    const scenario::FlowIndex flow_index(model);
    // touching[e]: the vendors whose cascade can breach e (by their recorded
    // outcomes), and a vendor without access touches only itself.
    std::vector<std::vector<int>> touching(n);
    for (std::size_t i = 0; i < base.vendors.size(); ++i) {
        const VendorRun& r = base.vendors[i];
        if (r.plan == Plan::direct) {
            touching[static_cast<std::size_t>(r.entity)].push_back(static_cast<int>(i));
            continue;
        }
        std::vector<int> seen;
        for (const propagation::Outcome& o : r.outcomes) seen.insert(seen.end(), o.set.begin(), o.set.end());
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        for (int e : seen) touching[static_cast<std::size_t>(e)].push_back(static_cast<int>(i));
    }

    std::vector<Candidate> candidates;
    if (options.drop_categories) {
        // One candidate per (from, to, population, category): remove_categories
        // acts on every flow between the pair, as repeated flows merge.
        std::vector<std::size_t> order(model.flows.size());
        for (std::size_t f = 0; f < order.size(); ++f) order[f] = f;
        auto pair_of = [&](std::size_t f) {
            const Flow& fl = model.flows[f];
            return std::make_tuple(fl.from, fl.to, fl.population);
        };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pair_of(a) < pair_of(b); });
        for (std::size_t i = 0; i < order.size();) {
            std::size_t j = i;
            CategorySet all, required;
            std::vector<std::size_t> group;
            while (j < order.size() && pair_of(order[j]) == pair_of(order[i])) {
                all |= model.flows[order[j]].categories;
                required |= model.flows[order[j]].required;
                group.push_back(order[j++]);
            }
            // What the receiving service cannot work without is never proposed (SPEC §2).
            model::for_each_category(all & ~required, [&](std::uint32_t k) {
                Candidate c;
                c.kind = Candidate::drop;
                c.category = k;
                for (std::size_t f : group)
                    if (model.flows[f].categories.test(k)) c.flows.push_back(f);
                candidates.push_back(std::move(c));
            });
            i = j;
        }
    }
    if (options.add_controls)
        for (const VendorRun& r : base.vendors) {
            const Entity& e = model.entities[static_cast<std::size_t>(r.entity)];
            if (e.likelihood) continue;  // an override: controls change nothing
            // A channel's likelihood is disclosure in error, which the pack's security controls do not address.
            if (e.kind == EntityKind::channel) continue;
            for (std::size_t k = 0; k < rules.likelihood.controls.size(); ++k) {
                if (std::find(e.controls.begin(), e.controls.end(), static_cast<int>(k)) != e.controls.end()) continue;
                Candidate c;
                c.kind = Candidate::add_control;
                c.vendor = r.entity;
                c.control = static_cast<int>(k);
                candidates.push_back(c);
            }
        }
    if (options.remove_access)
        for (std::size_t v = 0; v < n; ++v)
            for (std::size_t k = 0; k < cx.graph.out(v).size(); ++k)
                if (cx.graph.out(v)[k].probability > 0) {
                    Candidate c;
                    c.kind = Candidate::cut_access;
                    c.from = static_cast<int>(v);
                    c.edge = k;
                    candidates.push_back(c);
                }

    require_finite(total, "the total risk");
    std::vector<FiredAt> fired_by_edge;
    for (std::size_t i = 0; i < base.vendors.size(); ++i)
        for (const auto& [trial, edge] : base.vendors[i].fired) fired_by_edge.push_back({edge, static_cast<int>(i), trial});
    std::sort(fired_by_edge.begin(), fired_by_edge.end(), [](const FiredAt& a, const FiredAt& b) {
        if (a.edge != b.edge) return a.edge < b.edge;
        if (a.vendor != b.vendor) return a.vendor < b.vendor;
        return a.trial < b.trial;
    });

    std::vector<Outcome> outcome(candidates.size());
    const std::size_t workers = worker_count(score_options.threads, candidates.size());
    std::vector<std::unique_ptr<Evaluator>> evaluators;
    for (std::size_t w = 0; w < workers; ++w)
        evaluators.push_back(
            std::make_unique<Evaluator>(cx, base, st, flow_index, vendor_of, reverse, touching, fired_by_edge, total));
    parallel_for(workers, candidates.size(),
                 [&](std::size_t w, std::size_t i) { outcome[i] = evaluators[w]->evaluate(candidates[i]); });

    std::vector<Suggestion> out;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        require_finite(outcome[i].total_after, "a suggestion's total risk");
        const double reduction = total - outcome[i].total_after;
        if (!(reduction > 0)) continue;
        const Candidate& c = candidates[i];
        Suggestion s;
        s.total_risk_before = total;
        s.total_risk_after = outcome[i].total_after;
        s.reduction = reduction;
        s.vendor_risk_before = outcome[i].vendor_before;
        s.vendor_risk_after = outcome[i].vendor_after;
        // Side effects: every vendor whose risk moves (beyond rounding), the
        // largest move first, then by id.
        for (const auto& [e, d] : outcome[i].moved) {
            const double before = base.vendors[static_cast<std::size_t>(vendor_of[static_cast<std::size_t>(e)])].likelihood.likelihood *
                                  base.vendors[static_cast<std::size_t>(vendor_of[static_cast<std::size_t>(e)])].cascade;
            if (std::fabs(d) <= 1e-12 * std::max(1.0, std::fabs(before))) continue;
            s.effects.push_back(VendorEffect{model.entities[static_cast<std::size_t>(e)].id, before, before + d});
        }
        std::sort(s.effects.begin(), s.effects.end(), [](const VendorEffect& a, const VendorEffect& b) {
            const double da = std::fabs(a.after - a.before), db = std::fabs(b.after - b.before);
            return da != db ? da > db : a.id < b.id;
        });
        switch (c.kind) {
            case Candidate::drop: {
                const Flow& f = model.flows[c.flows.front()];
                s.change.kind = ChangeKind::remove_categories;
                s.change.from = model.entities[static_cast<std::size_t>(f.from)].id;
                s.change.to = model.entities[static_cast<std::size_t>(f.to)].id;
                s.change.population = model.populations[static_cast<std::size_t>(f.population)].id;
                s.change.categories = {rules.categories[c.category].name};
                s.vendor = s.change.to;
                s.description = fmt::format("stop sending '{}' of '{}' from '{}' to '{}'", s.change.categories[0],
                                            s.change.population, s.change.from, s.change.to);
                s.cost = rules.mitigation_costs.remove_category;
                break;
            }
            case Candidate::add_control:
                s.change.kind = ChangeKind::add_control;
                s.change.entity = model.entities[static_cast<std::size_t>(c.vendor)].id;
                s.change.control = rules.likelihood.controls[static_cast<std::size_t>(c.control)].name;
                s.vendor = s.change.entity;
                s.description = fmt::format("require '{}' of '{}'", s.change.control, s.change.entity);
                s.cost = rules.likelihood.controls[static_cast<std::size_t>(c.control)].cost;
                break;
            case Candidate::cut_access:
                s.change.kind = ChangeKind::remove_access;
                s.change.from = model.entities[static_cast<std::size_t>(c.from)].id;
                s.change.to = model.entities[cx.graph.out(static_cast<std::size_t>(c.from))[c.edge].to].id;
                s.vendor = s.change.from;
                s.description = fmt::format("cut the access of '{}' into '{}'", s.change.from, s.change.to);
                s.cost = rules.mitigation_costs.remove_access;
                break;
        }
        if (const int e = model.find_entity(s.vendor); e >= 0) s.vendor_kind = model.entities[static_cast<std::size_t>(e)].kind;
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
        return a.reduction != b.reduction ? a.reduction > b.reduction : a.description < b.description;
    });
    if (options.top > 0 && out.size() > options.top) out.resize(options.top);
    // Money: the expected annual loss each change avoids, from a fresh score of
    // the changed model (the incremental evaluation above carries harm only).
    if (rules.loss && options.top > 0 && options.top <= kMaxPricedSuggestions && !out.empty()) {
        const double before = score(model, rules, score_options).expected_annual_loss.value_or(0);
        for (Suggestion& x : out) {
            Scenario one{"suggestion", "suggest", {x.change}};
            Loaded<AppliedScenario> applied = apply_scenario(model, rules, one);
            if (!applied.ok()) continue;
            x.loss_avoided = before - score(applied.value->model, rules, score_options).expected_annual_loss.value_or(0);
            x.net_return = *x.loss_avoided - x.cost;
        }
    }
    return out;
}

}  // namespace breachrank
