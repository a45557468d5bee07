// plan(): a greedy sequence of suggest()'s changes (SPEC §4 "Plans"). Each step
// re-runs suggest() on the model the earlier steps left, which re-scores only
// what each candidate touches, and applies the chosen change as a scenario
// would (trims included). The scores of each step's model (its totals and
// expected annual loss) come off the next step's own baseline run; only the
// last model is scored on its own.
#include <algorithm>
#include <cmath>
#include <chrono>
#include <limits>

#include <fmt/format.h>

#include "breachrank/scenario.hpp"
#include "scenario/evaluator.hpp"
#include "support/timing.hpp"
#include "support/progress.hpp"

namespace breachrank {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double total_risk(const ScoreResult& r) {
    double t = 0;
    for (const VendorScore& v : r.vendors) t += v.risk;
    return t;
}

}  // namespace

PlanResult plan(const Model& model, const RulePack& rules, const ScoreOptions& score_options, const PlanOptions& options) {
    if (options.steps < 1) throw Error("steps must be at least 1");
    if (options.budget && !(*options.budget >= 0 && std::isfinite(*options.budget)))
        throw Error(fmt::format("the budget must be a finite amount of at least 0, found {}", *options.budget));
    PlanResult out;
    out.model = model;
    double remaining = options.budget.value_or(std::numeric_limits<double>::infinity());
    SuggestOptions all;
    all.top = 0;
    out.stopped = fmt::format("{} {}", options.steps, options.steps == 1 ? "step" : "steps");
    // Where the time goes (BREACHRANK_TIMINGS): the candidates, applying, re-scoring.
    double t_suggest = 0, t_apply = 0, t_score = 0;
    std::size_t evaluated = 0;
    // Each step's evaluation carries over to the next every candidate whose
    // footprint the applied change did not touch (scenario/evaluator.hpp),
    // and gives the scores of the model it evaluated: a step's loss avoided
    // is known at the next step's evaluation (or the final score).
    scenario::CandidateCache caches[2];
    scenario::CandidateCache* previous = nullptr;
    ScoreResult scored;  // of out.model, once `fresh`
    bool fresh = false;
    auto record = [&](const ScoreResult& now) {
        if (out.steps.empty()) {
            out.total_risk_before = total_risk(now);
            if (rules.loss) {
                out.currency = rules.loss->currency;
                out.loss_before = now.expected_annual_loss;
            }
        } else if (rules.loss) {
            PlanStep& last = out.steps.back();
            last.loss_avoided = scored.expected_annual_loss.value_or(0) - now.expected_annual_loss.value_or(0);
            last.net_return = *last.loss_avoided - last.cost;
        }
    };
    // Progress in steps, between the phases each step's suggest() and scoring report.
    support::Phase phase(score_options.progress ? &score_options.progress : nullptr, "plan: steps", options.steps);
    while (out.steps.size() < options.steps) {
        phase.check(0, true);
        auto t0 = Clock::now();
        scenario::CandidateCache& next = caches[out.steps.size() % 2];
        scenario::PlanPick pick;
        pick.remaining = remaining;
        ScoreResult now;
        pick.scored = &now;
        const std::vector<Suggestion> chosen =
            scenario::suggest_with_cache(out.model, rules, score_options, all, previous, &next, &pick);
        previous = &next;
        t_suggest += since(t0);
        evaluated += pick.reducing;
        record(now);
        scored = std::move(now);
        fresh = true;
        if (chosen.empty()) {
            out.stopped = pick.priced_out ? "the budget: every change that reduces the total risk costs more than is left"
                                          : "no candidate reduces the total risk";
            break;
        }
        const Suggestion* best = &chosen.front();
        Scenario one{"plan step", "plan", {best->change}};
        t0 = Clock::now();
        Loaded<AppliedScenario> applied = apply_scenario(out.model, rules, one);
        t_apply += since(t0);
        if (!applied.ok()) throw Error("plan: a suggested change could not be applied: " + applied.diagnostics.str());
        PlanStep step;
        step.change = best->change;
        step.description = best->description;
        step.vendor = best->vendor;
        step.cost = best->cost;
        step.total_risk_before = best->total_risk_before;
        step.total_risk_after = best->total_risk_after;
        step.reduction = best->reduction;
        step.effects = best->effects;
        step.notes = std::move(applied.value->notes);
        out.model = std::move(applied.value->model);
        fresh = false;
        remaining -= step.cost;
        out.cost += step.cost;
        out.steps.push_back(std::move(step));
        phase.advance();
    }
    phase.finish();
    if (!fresh) {  // the last step's model: scored once more, for its totals and the last loss avoided
        auto t0 = Clock::now();
        ScoreResult now = score(out.model, rules, score_options);
        t_score += since(t0);
        record(now);
        scored = std::move(now);
    }
    out.total_risk_after = total_risk(scored);
    if (rules.loss) out.loss_after = scored.expected_annual_loss;
    support::timing_note(fmt::format("plan: {} steps: suggest {:.3f} s ({} changes that reduce the risk, over all "
                                     "steps), apply {:.3f} s, last score {:.3f} s",
                                     out.steps.size(), t_suggest, evaluated, t_apply, t_score));
    return out;
}

}  // namespace breachrank
