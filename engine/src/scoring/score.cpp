// score(), explain() and breach(): direct impact, cascades over access edges,
// likelihood, risk, rank, tier and organisation exposure (SPEC §4).
//
// The pipeline: coverage -> severity (rules compiled once) -> direct harm of
// every entity -> a cascade plan per vendor (exact, Monte Carlo or linear) ->
// cascades on worker threads -> ranking.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "breachrank/score.hpp"
#include "graph/coverage.hpp"
#include "propagation/access_graph.hpp"
#include "propagation/breach_harm.hpp"
#include "propagation/cascade.hpp"
#include "propagation/linear.hpp"
#include "scoring/harm.hpp"
#include "scoring/severity.hpp"

namespace breachrank {

namespace {

using propagation::CascadeEstimate;

double clamp01(double x) { return std::min(std::max(x, 0.0), 1.0); }

void check_faults(const Model& model, const RulePack& rules, const scoring::SeverityModel& sev) {
    if (sev.faults().empty()) return;
    const scoring::ExpressionFault& f = sev.faults().front();
    throw Error(fmt::format("rule '{}': '{}' evaluates to {} for population '{}'", rules.rules[f.rule].id, f.where,
                            std::isnan(f.value) ? "NaN" : "infinity", model.populations[f.population].id));
}

std::size_t worker_count(int requested, std::size_t tasks) {
    std::size_t n = requested > 0 ? static_cast<std::size_t>(requested)
                                  : std::max(1u, std::thread::hardware_concurrency());
    return std::max<std::size_t>(1, std::min(n, tasks));
}

/// Runs f(worker, i) for i in [0, tasks) on `workers` threads. Which thread
/// runs a task never matters: every task writes only its own result.
template <class F>
void parallel_for(std::size_t workers, std::size_t tasks, F&& f) {
    if (workers <= 1) {
        for (std::size_t i = 0; i < tasks; ++i) f(0, i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (std::size_t w = 0; w < workers; ++w)
        pool.emplace_back([&, w] {
            for (std::size_t i = next++; i < tasks; i = next++) f(w, i);
        });
    for (std::thread& t : pool) t.join();
}

// Everything that does not depend on the vendor, computed once.
struct Context {
    const Model& model;
    const RulePack& rules;
    graph::Coverage coverage;
    scoring::SeverityModel severity;
    propagation::AccessGraph graph;
    std::vector<propagation::SetHarm> direct;  // H({e}) for every entity, split by owner

    Context(const Model& m, const RulePack& r, std::size_t workers)
        : model(m), rules(r), coverage(m), severity(m, r), graph(m), direct(m.entities.size()) {
        check_faults(m, r, severity);
        parallel_for(workers, m.entities.size(), [&](std::size_t, std::size_t e) {
            const int set[] = {static_cast<int>(e)};
            direct[e] = propagation::BreachHarm::score(model, coverage, severity, set);
        });
    }

    propagation::Cascader cascader() const {
        return propagation::Cascader(graph, propagation::BreachHarm(model, coverage, severity, direct),
                                     model.entities.size());
    }
};

PopulationExposure to_public(const Context& cx, const scoring::Exposure& e) {
    const Population& pop = cx.model.populations[e.population];
    PopulationExposure out;
    out.population = pop.id;
    out.owner = cx.model.entities[static_cast<std::size_t>(pop.owner)].id;
    out.people = e.people;
    out.harm = e.harm;
    for (const scoring::Band& b : e.bands)
        out.bands.push_back(
            BandScore{b.share, cx.rules.category_names(b.categories), b.severity, cx.severity.level(b.severity)});
    return out;
}

// The direct part of a vendor's score: exposures, people, owners, rules fired.
void describe_direct(const Context& cx, std::span<const int> set, std::vector<PopulationExposure>& exposures,
                     double& people, std::vector<std::string>* owners_out, std::vector<std::string>* fired_out) {
    std::set<std::string> owners;
    std::vector<bool> fired(cx.rules.rules.size(), false);
    for (const scoring::Exposure& e : scoring::expose(cx.model, cx.coverage, cx.severity, set)) {
        people += e.people;
        exposures.push_back(to_public(cx, e));
        owners.insert(exposures.back().owner);
        for (const scoring::Band& b : e.bands)
            for (std::size_t r = 0; r < fired.size(); ++r)
                if (!fired[r] && cx.severity.fires(e.population, r, b.categories)) fired[r] = true;
    }
    if (owners_out) owners_out->assign(owners.begin(), owners.end());
    if (fired_out)
        for (std::size_t r = 0; r < fired.size(); ++r)
            if (fired[r]) fired_out->push_back(cx.rules.rules[r].id);
}

std::string tier_of(const RulePack& rules, double risk) {
    for (const Tier& t : rules.tiers)
        if (risk >= t.min_risk) return t.name;
    return {};
}

enum class Plan { direct, exact, montecarlo, linear };

Plan plan_for(const Context& cx, std::span<const int> start, CascadeMethod method, const std::string& who) {
    if (method == CascadeMethod::linear) return Plan::linear;
    if (method == CascadeMethod::montecarlo) return Plan::montecarlo;
    std::size_t limit = method == CascadeMethod::exact ? kMaxExactEdges : kAutoExactEdges;
    std::size_t edges = cx.graph.reachable_edges(start, limit);
    if (edges <= limit) return Plan::exact;
    if (method == CascadeMethod::exact)
        throw Error(fmt::format("{} can reach more than {} access edges; exact enumeration allows at most {} "
                                "(2^{} outcomes): use --method montecarlo or auto",
                                who, kMaxExactEdges, kMaxExactEdges, kMaxExactEdges));
    return Plan::montecarlo;
}

struct Settings {
    CascadeMethod method;
    std::int64_t trials;
    std::uint64_t seed;
};

Settings settings_of(const RulePack& rules, const ScoreOptions& options) {
    std::string why;
    if (!options.is_valid(&why)) throw Error(why);
    return Settings{options.method.value_or(rules.propagation.method),
                    options.trials.value_or(rules.propagation.trials), options.seed.value_or(rules.propagation.seed)};
}

std::vector<ReachProbability> reach_list(const Model& model, const std::vector<double>& reach,
                                         std::span<const int> breached, bool keep_zero) {
    std::vector<ReachProbability> out;
    for (std::size_t e = 0; e < reach.size(); ++e) {
        if (std::find(breached.begin(), breached.end(), static_cast<int>(e)) != breached.end()) continue;
        if (!keep_zero && reach[e] <= 0) continue;
        out.push_back(ReachProbability{model.entities[e].id, reach[e]});
    }
    std::sort(out.begin(), out.end(), [](const ReachProbability& a, const ReachProbability& b) {
        return a.probability != b.probability ? a.probability > b.probability : a.id < b.id;
    });
    return out;
}

}  // namespace

bool ScoreOptions::is_valid(std::string* why) const {
    auto fail = [&](std::string msg) {
        if (why) *why = std::move(msg);
        return false;
    };
    if (trials && (*trials < 1 || *trials > 1'000'000'000)) return fail("trials must be between 1 and 1000000000");
    if (threads < 0) return fail("threads must be 0 (all cores) or more");
    return true;
}

LikelihoodTrace trace_likelihood(const Model& model, const RulePack& rules, int entity) {
    const Entity& e = model.entities.at(static_cast<std::size_t>(entity));
    LikelihoodTrace t;
    t.kind = kind_name(e.kind);
    t.base = e.kind == EntityKind::organisation ? rules.likelihood.base_organisation : rules.likelihood.base_supplier;
    double controls = 1, tags = 1;
    for (int c : e.controls) {
        const NamedFactor& f = rules.likelihood.controls.at(static_cast<std::size_t>(c));
        t.controls.push_back(f);
        controls *= f.factor;
    }
    for (const NamedFactor& f : rules.likelihood.tags) {
        if (std::find(e.tags.begin(), e.tags.end(), f.name) == e.tags.end()) continue;
        t.tags.push_back(f);
        tags *= f.factor;
    }
    t.override_value = e.likelihood;
    t.likelihood = e.likelihood ? *e.likelihood : clamp01(t.base * controls * tags);
    t.inherent = e.likelihood ? *e.likelihood : clamp01(t.base * tags);
    return t;
}

ScoreResult score(const Model& model, const RulePack& rules, const ScoreOptions& options) {
    const Settings st = settings_of(rules, options);
    const std::size_t n = model.entities.size();
    Context cx(model, rules, worker_count(options.threads, n));

    ScoreResult result;
    result.model = model.name;
    result.rules = rules.name;
    result.method = method_name(st.method);
    if (st.method == CascadeMethod::automatic || st.method == CascadeMethod::montecarlo) result.trials = st.trials;
    result.seed = st.seed;

    // Plan every vendor's cascade (single-threaded: cheap, bounded walks).
    std::vector<int> vendors;
    std::vector<Plan> plan;
    for (std::size_t v = 0; v < n; ++v) {
        if (model.entities[v].kind != EntityKind::supplier) continue;
        vendors.push_back(static_cast<int>(v));
        const int start[] = {static_cast<int>(v)};
        plan.push_back(!cx.graph.has_out(v) ? Plan::direct
                                            : plan_for(cx, start, st.method, fmt::format("vendor '{}'", model.entities[v].id)));
    }

    // Sampled and enumerated cascades, on worker threads.
    std::vector<std::size_t> tasks;
    for (std::size_t i = 0; i < vendors.size(); ++i)
        if (plan[i] == Plan::exact || plan[i] == Plan::montecarlo) tasks.push_back(i);
    std::vector<CascadeEstimate> estimate(vendors.size());
    const std::size_t workers = worker_count(options.threads, tasks.size());
    std::vector<propagation::Cascader> cascaders;
    for (std::size_t w = 0; w < workers; ++w) cascaders.push_back(cx.cascader());
    parallel_for(workers, tasks.size(), [&](std::size_t w, std::size_t k) {
        const std::size_t i = tasks[k];
        const int start[] = {vendors[i]};
        estimate[i] = plan[i] == Plan::exact
                          ? cascaders[w].exact(start, false)
                          : cascaders[w].montecarlo(start, st.trials,
                                                    propagation::stream_seed(st.seed, model.entities[static_cast<std::size_t>(vendors[i])].id),
                                                    false);
    });

    std::vector<LikelihoodTrace> likelihood(vendors.size());
    for (std::size_t i = 0; i < vendors.size(); ++i) likelihood[i] = trace_likelihood(model, rules, vendors[i]);

    // The linear screen: one sparse solve for all vendors.
    std::vector<double> exposure(n, 0.0);
    std::optional<propagation::LinearScreen> screen;
    if (st.method == CascadeMethod::linear) {
        std::vector<double> d(n), p(n, 0.0);
        for (std::size_t e = 0; e < n; ++e) d[e] = cx.direct[e].total;
        for (std::size_t i = 0; i < vendors.size(); ++i) p[static_cast<std::size_t>(vendors[i])] = likelihood[i].likelihood;
        screen = propagation::solve_linear(model, cx.graph, rules.propagation.damping, d, p);
        // exposure(O) = sum_v P(v) U_O(v) = w^T D_O with (I - damping Q)^T w = P.
        for (std::size_t e = 0; e < n; ++e)
            for (const auto& [owner, harm] : cx.direct[e].by_owner) exposure[owner] += screen->weights_through[e] * harm;
    }

    for (std::size_t i = 0; i < vendors.size(); ++i) {
        const auto v = static_cast<std::size_t>(vendors[i]);
        const Entity& ent = model.entities[v];
        VendorScore s;
        s.id = ent.id;
        s.name = ent.name;
        s.likelihood = likelihood[i].likelihood;
        s.direct_impact = cx.direct[v].total;
        const std::vector<std::pair<std::uint32_t, double>>* by_owner = &cx.direct[v].by_owner;
        switch (plan[i]) {
            case Plan::direct:
                s.cascade_method = "exact";
                s.cascade_impact = s.direct_impact;
                s.cascade_stderr = 0.0;
                break;
            case Plan::exact:
            case Plan::montecarlo:
                s.cascade_method = plan[i] == Plan::exact ? "exact" : "montecarlo";
                s.cascade_impact = estimate[i].mean;
                s.cascade_stderr = estimate[i].stderr;
                by_owner = &estimate[i].by_owner;
                break;
            case Plan::linear:
                s.cascade_method = "linear";
                s.cascade_impact = screen->impact[v];
                break;
        }
        s.risk = s.likelihood * s.cascade_impact;
        s.inherent_risk = likelihood[i].inherent * s.cascade_impact;
        const int self[] = {vendors[i]};
        describe_direct(cx, self, s.exposures, s.people_exposed, &s.organisations_affected, &s.rules_fired);
        // Organisation exposure: P(v) x E[harm of B_v to each owner's populations].
        if (!screen)
            for (const auto& [owner, harm] : *by_owner) exposure[owner] += s.likelihood * harm;
        result.vendors.push_back(std::move(s));
    }

    std::sort(result.vendors.begin(), result.vendors.end(), [](const VendorScore& a, const VendorScore& b) {
        if (a.risk != b.risk) return a.risk > b.risk;
        if (a.cascade_impact != b.cascade_impact) return a.cascade_impact > b.cascade_impact;
        return a.id < b.id;
    });
    for (std::size_t i = 0; i < result.vendors.size(); ++i) {
        result.vendors[i].rank = static_cast<int>(i + 1);
        result.vendors[i].tier = tier_of(rules, result.vendors[i].risk);
    }

    std::vector<double> people(n, 0.0);
    for (const Population& p : model.populations) people[static_cast<std::size_t>(p.owner)] += static_cast<double>(p.size);
    for (std::size_t e = 0; e < n; ++e) {
        if (model.entities[e].kind != EntityKind::organisation) continue;
        result.organisations.push_back(OrganisationScore{model.entities[e].id, model.entities[e].name, people[e], exposure[e]});
    }
    std::sort(result.organisations.begin(), result.organisations.end(),
              [](const OrganisationScore& a, const OrganisationScore& b) {
                  return a.exposure != b.exposure ? a.exposure > b.exposure : a.id < b.id;
              });
    return result;
}

SeverityTrace trace_severity(const Model& model, const RulePack& rules, int population, const CategorySet& exposed) {
    scoring::SeverityModel sev(model, rules);
    return sev.trace(static_cast<std::size_t>(population), exposed);
}

VendorExplanation explain(const Model& model, const RulePack& rules, const std::string& vendor_id,
                          const ScoreOptions& options) {
    int v = model.find_entity(vendor_id);
    if (v < 0 || model.entities[static_cast<std::size_t>(v)].kind != EntityKind::supplier)
        throw Error(fmt::format("no supplier has the id '{}'", vendor_id));
    ScoreResult all = score(model, rules, options);
    VendorExplanation out;
    out.vendors = all.vendors.size();
    for (VendorScore& s : all.vendors)
        if (s.id == vendor_id) out.score = std::move(s);
    Context cx(model, rules, 1);
    const int set[] = {v};
    for (const scoring::Exposure& e : scoring::expose(model, cx.coverage, cx.severity, set)) {
        std::vector<SeverityTrace> traces;
        for (const scoring::Band& b : e.bands) traces.push_back(cx.severity.trace(e.population, b.categories));
        out.bands.push_back(std::move(traces));
    }
    out.likelihood = trace_likelihood(model, rules, v);
    // Where the breach spreads, by the method that scored the vendor (the
    // linear screen has no reach: it is then sampled with the same settings).
    if (cx.graph.has_out(static_cast<std::size_t>(v))) {
        const Settings st = settings_of(rules, options);
        propagation::Cascader c = cx.cascader();
        CascadeEstimate est = out.score.cascade_method == "exact"
                                  ? c.exact(set, true)
                                  : c.montecarlo(set, st.trials, propagation::stream_seed(st.seed, vendor_id), true);
        out.reach = reach_list(model, est.reach, set, false);
    }
    return out;
}

BreachResult breach(const Model& model, const RulePack& rules, const std::vector<std::string>& entities,
                    const ScoreOptions& options) {
    const Settings st = settings_of(rules, options);
    if (entities.empty()) throw Error("name at least one breached entity");
    if (st.method == CascadeMethod::linear)
        throw Error("the linear screen gives no reach probabilities; use --method exact, montecarlo or auto");
    std::vector<int> set;
    for (const std::string& id : entities) {
        int e = model.find_entity(id);
        if (e < 0) throw Error(fmt::format("no entity has the id '{}'", id));
        if (std::find(set.begin(), set.end(), e) != set.end()) throw Error(fmt::format("'{}' is named twice", id));
        set.push_back(e);
    }
    Context cx(model, rules, 1);
    BreachResult out;
    out.breached = entities;
    describe_direct(cx, set, out.exposures, out.people_exposed, nullptr, nullptr);
    for (const PopulationExposure& e : out.exposures) out.harm += e.harm;
    std::string who = entities.size() == 1 ? fmt::format("'{}'", entities[0]) : "the breached set";
    Plan plan = plan_for(cx, set, st.method, who);
    propagation::Cascader c = cx.cascader();
    std::string key;
    for (const std::string& id : entities) key += id + '\n';
    CascadeEstimate est = plan == Plan::exact ? c.exact(set, true)
                                              : c.montecarlo(set, st.trials, propagation::stream_seed(st.seed, key), true);
    out.method = plan == Plan::exact ? "exact" : "montecarlo";
    if (plan == Plan::montecarlo) out.trials = st.trials;
    out.expected_harm = est.mean;
    out.expected_harm_stderr = est.stderr;
    out.reach = reach_list(model, est.reach, set, true);
    return out;
}

}  // namespace breachrank
