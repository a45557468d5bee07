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
//  - Removing an access edge a -> b re-scores only the vendors whose plan
//    check counted the edge (every exact vendor that can reach it) and the
//    sampled vendors with a trial that fired it, over the graph without it.
// The linear screen needs no cascades: a changed D is one solve with the
// factors already computed, and a removed edge a Sherman-Morrison update.
#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "breachrank/scenario.hpp"
#include "scenario/evaluator.hpp"
#include "scenario/trim.hpp"
#include "propagation/vendor_runs.hpp"
#include "rank/ranking.hpp"
#include "scoring/likelihood.hpp"
#include "support/finite.hpp"
#include "support/parallel.hpp"
#include "support/progress.hpp"
#include "support/timing.hpp"

namespace breachrank {

using scenario::Candidate;
using scenario::CandidateKey;
using scenario::CountedBy;
using scenario::Evaluator;
using scenario::FiredAt;
using scenario::Outcome;
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


std::vector<Suggestion> suggest(const Model& model, const RulePack& rules, const ScoreOptions& score_options,
                                const SuggestOptions& options) {
    return scenario::suggest_with_cache(model, rules, score_options, options, nullptr, nullptr);
}

namespace scenario {

namespace {

// The vendors (entities) whose state differs between the previous evaluation
// and this model: whose likelihood changed, whose cascades reached a holder
// whose coverage changed, or could reach the source of a changed access edge;
// and the (population, category) pairs whose coverage changed anywhere (a data
// change of that pair follows the flows of that category, which then differ).
CandidateKey key_of(const Candidate& c, const Model& model, const graph::AccessGraph& graph) {
    auto u = [](auto x) { return static_cast<std::uint32_t>(x); };
    switch (c.kind) {
        case Candidate::drop: {
            const Flow& f = model.flows[c.flows.front()];
            return {0, u(f.from), u(f.to), u(f.population), c.category};
        }
        case Candidate::add_control: return {1, u(c.vendor), u(c.control), 0, 0};
        case Candidate::cut_access: return {2, u(c.from), graph.out(static_cast<std::size_t>(c.from))[c.edge].to, 0, 0};
    }
    return {};
}

double cost_of(const Candidate& c, const RulePack& rules) {
    switch (c.kind) {
        case Candidate::drop: return rules.mitigation_costs.remove_category;
        case Candidate::add_control: return rules.likelihood.controls[static_cast<std::size_t>(c.control)].cost;
        case Candidate::cut_access: return rules.mitigation_costs.remove_access;
    }
    return 0;
}

std::vector<std::tuple<int, int, double>> access_list(const Model& model) {
    std::vector<std::tuple<int, int, double>> out;
    out.reserve(model.access.size());
    for (const Access& x : model.access) out.emplace_back(x.from, x.to, x.probability);
    std::sort(out.begin(), out.end());
    return out;
}

void changed_since(const CandidateCache& prev, const Model& model, const Context& cx, const std::vector<double>& likelihood,
                   std::vector<char>& vendors, std::vector<char>& pairs, std::vector<char>& holders,
                   std::vector<char>& reached) {
    const std::size_t n = model.entities.size();
    const std::size_t categories = cx.rules.categories.size();
    vendors.assign(n, 0);
    pairs.assign(model.populations.size() * categories, 0);
    const model::Coverage& old = prev.coverage;
    for (std::size_t e = 0; e < n; ++e) {
        auto a = old.of(e), b = cx.coverage.of(e);
        const bool same = a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
                              return x.population == y.population && x.category == y.category && x.share == y.share;
                          });
        if (same) continue;
        // The items in one row and not the other (rows are sorted the same way).
        auto key = [](const model::CoverageItem& x) { return std::make_tuple(x.population, x.category, x.share); };
        std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> ka, kb, diff;
        for (const auto& it : a) ka.push_back(key(it));
        for (const auto& it : b) kb.push_back(key(it));
        std::sort(ka.begin(), ka.end());
        std::sort(kb.begin(), kb.end());
        std::set_symmetric_difference(ka.begin(), ka.end(), kb.begin(), kb.end(), std::back_inserter(diff));
        for (const auto& d : diff) pairs[std::get<0>(d) * categories + std::get<1>(d)] = 1;
        for (int v : prev.touching[e]) vendors[static_cast<std::size_t>(v)] = 1;
    }
    for (std::size_t e = 0; e < n; ++e)
        if (likelihood[e] != prev.likelihood[e]) vendors[e] = 1;
    // Access edges that differ: everyone who could reach their source (in the old graph).
    const std::vector<std::tuple<int, int, double>> na = access_list(model);
    std::vector<std::tuple<int, int, double>> diff;
    std::set_symmetric_difference(prev.access.begin(), prev.access.end(), na.begin(), na.end(), std::back_inserter(diff));
    std::vector<char> seen(n, 0);
    std::vector<int> queue;
    for (const auto& d : diff) {
        const int a = std::get<0>(d);
        if (!seen[static_cast<std::size_t>(a)]) seen[static_cast<std::size_t>(a)] = 1, queue.push_back(a);
    }
    for (std::size_t h = 0; h < queue.size(); ++h)
        for (int u : prev.reverse[static_cast<std::size_t>(queue[h])])
            if (!seen[static_cast<std::size_t>(u)]) seen[static_cast<std::size_t>(u)] = 1, queue.push_back(u);
    for (int e : queue) vendors[static_cast<std::size_t>(e)] = 1;
    // A holder is dirty when a changed vendor's cascade reaches it; an entity is
    // reached when a changed vendor can reach it over the old access graph.
    holders.assign(n, 0);
    for (std::size_t e = 0; e < n; ++e)
        for (int v : prev.touching[e])
            if (vendors[static_cast<std::size_t>(v)]) {
                holders[e] = 1;
                break;
            }
    std::vector<std::vector<int>> out(n);
    for (std::size_t e = 0; e < n; ++e)
        for (int u : prev.reverse[e]) out[static_cast<std::size_t>(u)].push_back(static_cast<int>(e));
    reached.assign(n, 0);
    queue.clear();
    for (std::size_t e = 0; e < n; ++e)
        if (vendors[e]) reached[e] = 1, queue.push_back(static_cast<int>(e));
    for (std::size_t h = 0; h < queue.size(); ++h)
        for (int w : out[static_cast<std::size_t>(queue[h])])
            if (!reached[static_cast<std::size_t>(w)]) reached[static_cast<std::size_t>(w)] = 1, queue.push_back(w);
}

}  // namespace

std::vector<Suggestion> suggest_with_cache(const Model& model, const RulePack& rules, const ScoreOptions& score_options,
                                           const SuggestOptions& options, CandidateCache* previous,
                                           CandidateCache* next, PlanPick* pick, const GivenBaseline* given) {
    const Settings st = settings_of(rules, score_options);
    std::optional<Context> own_cx;
    if (!given) own_cx.emplace(model, rules, worker_count(score_options.threads, model.entities.size()), st.circumstances);
    const Context& cx = given ? given->cx : *own_cx;
    // Record every cascade's breach sets: a coverage change then re-weighs the
    // sets it touches instead of cascading again.
    support::Timing t_base("suggest: baseline");
    std::optional<Baseline> own_base;
    if (!given) own_base = run_vendors(cx, st, score_options.threads, {.outcomes = st.method != CascadeMethod::linear});
    const Baseline& base = given ? given->base : *own_base;
    const std::size_t n = model.entities.size();
    std::vector<int> vendor_of(n, -1);
    double total = 0;
    for (std::size_t i = 0; i < base.vendors.size(); ++i) {
        vendor_of[static_cast<std::size_t>(base.vendors[i].entity)] = static_cast<int>(i);
        total += base.vendors[i].likelihood.likelihood * base.vendors[i].cascade;
    }
    if (pick && pick->scored) *pick->scored = rank::score_result(cx, base, st, score_options);
    t_base.stop();
    support::Timing t_index("suggest: candidates and indexes");
    std::vector<std::vector<int>> reverse(next ? n : 0);  // for plan()'s next step only
    for (std::size_t v = 0; v < reverse.size(); ++v)
        for (const graph::OutEdge& e : cx.graph.out(v))
            if (e.probability > 0) reverse[e.to].push_back(static_cast<int>(v));
    const scenario::FlowIndex flow_index(model);
    // touching[e]: the vendors whose cascade can breach e (by their recorded
    // outcomes, or every entity their live access reaches when too many were
    // left unrecorded), and a vendor without access touches only itself.
    std::vector<std::vector<int>> touching(n);
    std::vector<char> met(n, 0);
    for (std::size_t i = 0; i < base.vendors.size(); ++i) {
        const VendorRun& r = base.vendors[i];
        if (r.plan == Plan::direct) {
            touching[static_cast<std::size_t>(r.entity)].push_back(static_cast<int>(i));
            continue;
        }
        std::vector<int> seen;
        for (const propagation::Outcome& o : r.outcomes) seen.insert(seen.end(), o.set.begin(), o.set.end());
        if (!r.outcomes_complete) {
            seen.assign(1, r.entity);
            met[static_cast<std::size_t>(r.entity)] = 1;
            for (std::size_t head = 0; head < seen.size(); ++head)
                for (const graph::OutEdge& e : cx.graph.out(static_cast<std::size_t>(seen[head])))
                    if (e.probability > 0 && !met[e.to]) met[e.to] = 1, seen.push_back(static_cast<int>(e.to));
            for (int e : seen) met[static_cast<std::size_t>(e)] = 0;
        }
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        for (int e : seen) touching[static_cast<std::size_t>(e)].push_back(static_cast<int>(i));
    }

    // The vendors whose changes are wanted (SuggestOptions::vendors; all when none are named).
    std::vector<char> wanted(n, options.vendors.empty() ? 1 : 0);
    for (const std::string& id : options.vendors) {
        const int e = model.find_entity(id);
        if (e < 0 || !is_vendor(model.entities[static_cast<std::size_t>(e)].kind))
            throw Error(fmt::format("no supplier or channel has the id '{}'", id));
        wanted[static_cast<std::size_t>(e)] = 1;
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
            const CategorySet proposed = wanted[static_cast<std::size_t>(model.flows[group.front()].to)] ? all & ~required
                                                                                                      : CategorySet{};
            model::for_each_category(proposed, [&](std::uint32_t k) {
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
            if (!wanted[static_cast<std::size_t>(r.entity)]) continue;
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
                if (wanted[v] && cx.graph.out(v)[k].probability > 0) {
                    Candidate c;
                    c.kind = Candidate::cut_access;
                    c.from = static_cast<int>(v);
                    c.edge = k;
                    candidates.push_back(c);
                }

    require_finite(total, "the total risk");
    // The indexes below are looked up only for the access edges that are
    // candidates: when suggestions are about a few vendors (--vendor, or the
    // report of a large model), the rest of the graph's entries are left out.
    std::vector<char> cut_candidate(cx.graph.edge_count(), 0);
    for (const Candidate& c : candidates)
        if (c.kind == Candidate::cut_access) cut_candidate[cx.graph.offset(static_cast<std::size_t>(c.from)) + c.edge] = 1;
    std::vector<FiredAt> fired_by_edge;
    for (std::size_t i = 0; i < base.vendors.size(); ++i)
        for (const auto& [trial, edge] : base.vendors[i].fired)
            if (cut_candidate[edge]) fired_by_edge.push_back({edge, static_cast<int>(i), trial});
    std::sort(fired_by_edge.begin(), fired_by_edge.end(), [](const FiredAt& a, const FiredAt& b) {
        if (a.edge != b.edge) return a.edge < b.edge;
        if (a.vendor != b.vendor) return a.vendor < b.vendor;
        return a.trial < b.trial;
    });
    // The edges each vendor's plan check counts (scenario::CountedBy), with the
    // limit its method checks against: a removed edge among them can change
    // the plan or an exact result; no other can.
    std::vector<CountedBy> counted_by_edge;
    if (st.method != CascadeMethod::linear) {
        const std::size_t limit = st.method == CascadeMethod::exact        ? kMaxExactEdges
                                  : st.method == CascadeMethod::montecarlo ? 0
                                                                           : kAutoExactEdges;
        std::vector<std::uint32_t> counted;
        for (std::size_t i = 0; i < base.vendors.size(); ++i) {
            const int start[] = {base.vendors[i].entity};
            cx.graph.reachable_edges(start, limit, &counted);
            for (std::uint32_t e : counted)
                if (cut_candidate[e]) counted_by_edge.push_back({e, static_cast<int>(i)});
        }
        std::sort(counted_by_edge.begin(), counted_by_edge.end(), [](const CountedBy& a, const CountedBy& b) {
            return a.edge != b.edge ? a.edge < b.edge : a.vendor < b.vendor;
        });
    }

    // Each candidate as a scenario states it. Built only for what is returned
    // (a plan asks for one of a million), and for ties broken by the text.
    auto describe = [&](std::size_t i) {
        const Candidate& c = candidates[i];
        Suggestion s;
        int vendor = -1;
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
                vendor = f.to;
                break;
            }
            case Candidate::add_control:
                s.change.kind = ChangeKind::add_control;
                s.change.entity = model.entities[static_cast<std::size_t>(c.vendor)].id;
                s.change.control = rules.likelihood.controls[static_cast<std::size_t>(c.control)].name;
                s.vendor = s.change.entity;
                s.description = fmt::format("require '{}' of '{}'", s.change.control, s.change.entity);
                vendor = c.vendor;
                break;
            case Candidate::cut_access:
                s.change.kind = ChangeKind::remove_access;
                s.change.from = model.entities[static_cast<std::size_t>(c.from)].id;
                s.change.to = model.entities[cx.graph.out(static_cast<std::size_t>(c.from))[c.edge].to].id;
                s.vendor = s.change.from;
                s.description = fmt::format("cut the access of '{}' into '{}'", s.change.from, s.change.to);
                vendor = c.from;
                break;
        }
        s.cost = cost_of(c, rules);
        s.vendor_kind = model.entities[static_cast<std::size_t>(vendor)].kind;
        return s;
    };
    std::vector<CandidateKey> keys(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) keys[i] = key_of(candidates[i], model, cx.graph);

    t_index.stop();
    support::Timing t_reuse("suggest: carrying over");
    // What the previous evaluation (a plan's previous step) already knows: a
    // candidate keeps its outcome when nothing it read has changed.
    std::vector<double> likelihood(n, -1.0);
    for (const VendorRun& r : base.vendors) likelihood[static_cast<std::size_t>(r.entity)] = r.likelihood.likelihood;
    std::vector<Outcome> outcome(candidates.size());
    std::vector<char> reused(candidates.size(), 0);
    // The linear screen couples every vendor to everything downstream (U =
    // A^-1 D has no recorded breach sets to say what it read): nothing carries over.
    if (previous && st.method != CascadeMethod::linear) {
        std::vector<char> moved_vendors, moved_pairs, dirty_holders, reached;
        changed_since(*previous, model, cx, likelihood, moved_vendors, moved_pairs, dirty_holders, reached);
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            CandidateCache::Entry* e = previous->find(keys[i]);
            if (!e) continue;
            e->spent = true;  // taken by this candidate, whether reused or not
            if (e->outcome.global) continue;
            const Outcome& o = e->outcome;
            if (e->population >= 0 &&
                moved_pairs[static_cast<std::size_t>(e->population) * rules.categories.size() + e->category])
                continue;
            if (o.vendor >= 0 && moved_vendors[static_cast<std::size_t>(o.vendor)]) continue;
            if (o.source >= 0 && reached[static_cast<std::size_t>(o.source)]) continue;
            if (std::any_of(o.holders.begin(), o.holders.end(),
                            [&](int h) { return dirty_holders[static_cast<std::size_t>(h)] != 0; }))
                continue;
            outcome[i] = std::move(e->outcome);  // the previous cache is spent after this step
            outcome[i].total_after = total - e->reduction;
            reused[i] = 1;
        }
    }
    t_reuse.stop();
    support::Timing t_eval("suggest: evaluation");
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (!reused[i]) todo.push_back(i);
    const std::size_t workers = worker_count(score_options.threads, todo.size());
    std::vector<std::unique_ptr<Evaluator>> evaluators;
    for (std::size_t w = 0; w < workers; ++w)
        evaluators.push_back(
            std::make_unique<Evaluator>(cx, base, st, flow_index, vendor_of, touching, fired_by_edge, counted_by_edge, total));
    support::Phase phase(st.progress, "suggest: candidates", todo.size());
    parallel_for(workers, todo.size(), [&](std::size_t w, std::size_t k) {
        phase.check(w);
        outcome[todo[k]] = evaluators[w]->evaluate(candidates[todo[k]]);
        phase.advance();
    });
    phase.finish();
    evaluators.clear();
    support::timing_note(fmt::format("suggest: {} candidates, {} evaluated, {} carried over", candidates.size(),
                                     todo.size(), candidates.size() - todo.size()));
    t_eval.stop();

    support::Timing t_results("suggest: results");
    // A change's result: its text, numbers and side effects.
    auto suggestion = [&](std::size_t i) {
        Suggestion s = describe(i);
        s.total_risk_before = total;
        s.total_risk_after = outcome[i].total_after;
        s.reduction = total - outcome[i].total_after;
        s.vendor_risk_before = outcome[i].vendor_before;
        s.vendor_risk_after = outcome[i].vendor_after;
        // Money: the expected annual loss the change avoids, from the same
        // evaluation as the risk (Outcome::loss_change).
        if (rules.loss) {
            s.loss_avoided = -outcome[i].loss_change;
            s.net_return = *s.loss_avoided - s.cost;
        }
        // Side effects: every vendor whose risk moves (beyond rounding), the
        // largest move first, then by id.
        for (const auto& [e, d] : outcome[i].moved) {
            const VendorRun& r = base.vendors[static_cast<std::size_t>(vendor_of[static_cast<std::size_t>(e)])];
            const double before = r.likelihood.likelihood * r.cascade;
            if (std::fabs(d) <= 1e-12 * std::max(1.0, std::fabs(before))) continue;
            s.effects.push_back(VendorEffect{model.entities[static_cast<std::size_t>(e)].id, before, before + d});
        }
        std::sort(s.effects.begin(), s.effects.end(), [](const VendorEffect& a, const VendorEffect& b) {
            const double da = std::fabs(a.after - a.before), db = std::fabs(b.after - b.before);
            return da != db ? da > db : a.id < b.id;
        });
        return s;
    };
    std::vector<Suggestion> out;
    std::size_t reducing = 0;
    std::size_t best = candidates.size();  // pick: the plan's choice
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        require_finite(outcome[i].total_after, "a suggestion's total risk");
        const double reduction = total - outcome[i].total_after;
        if (!(reduction > 0)) continue;
        ++reducing;
        if (!pick) {
            out.push_back(suggestion(i));
            continue;
        }
        const double cost = cost_of(candidates[i], rules);
        if (cost > pick->remaining) {
            pick->priced_out = true;
            continue;
        }
        if (best == candidates.size()) {
            best = i;
            continue;
        }
        const double best_cost = cost_of(candidates[best], rules);
        const int order = plan_order(reduction, cost, total - outcome[best].total_after, best_cost);
        if (order < 0 || (order == 0 && describe(i).description < describe(best).description)) best = i;
    }
    if (pick) {
        pick->reducing = reducing;
        if (best < candidates.size()) out.push_back(suggestion(best));
    }
    std::sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
        return a.reduction != b.reduction ? a.reduction > b.reduction : a.description < b.description;
    });
    if (options.top > 0 && out.size() > options.top) out.resize(options.top);
    t_results.stop();

    support::Timing t_keep("suggest: keeping the evaluations");
    if (next) {
        next->entries.clear();
        next->entries.resize(candidates.size());
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            CandidateCache::Entry& e = next->entries[i];
            e.key = keys[i];
            e.reduction = total - outcome[i].total_after;
            e.outcome = std::move(outcome[i]);
            if (candidates[i].kind == Candidate::drop) {
                e.population = model.flows[candidates[i].flows.front()].population;
                e.category = candidates[i].category;
            }
        }
        std::stable_sort(next->entries.begin(), next->entries.end(),
                  [](const CandidateCache::Entry& a, const CandidateCache::Entry& b) { return a.key < b.key; });
        next->coverage = cx.coverage;
        next->access = access_list(model);
        next->likelihood = std::move(likelihood);
        next->reverse = std::move(reverse);
        for (auto& vendors : touching)
            for (int& i : vendors) i = base.vendors[static_cast<std::size_t>(i)].entity;
        next->touching = std::move(touching);
    }
    t_keep.stop();
    return out;
}

}  // namespace scenario

}  // namespace breachrank
