// Plans (SPEC §4 "Plans", issue 15): greedy steps by reduction per unit of
// cost, budgets, required data, ties, and the plan written as a scenario.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "helpers.hpp"

using namespace breachrank;

namespace {

// S holds name (weight 1) and photo (weight 3) of 100 people: severity 3
// (max of the weights x ease 1), D = 300, P = 0.1, risk 30.
const char* kPack = R"(breachrank: rules/1
categories: {name: {weight: 1, identifies: 1}, photo: {weight: 3, identifies: 1}}
likelihood:
  base: {organisation: 0.05, supplier: 0.1}
  controls: {mfa: {factor: 0.2, cost: 1000}}
mitigation_costs: {remove_category: 100, remove_access: 5000}
)";

std::string one_supplier(const std::string& required) {
    return R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: S, kind: supplier}]
populations: [{id: p, owner: O, size: 100, holds: [name, photo]}]
flows:
  - {from: O, to: S, population: p, categories: [name, photo], required: )" +
           required + "}\n";
}

double total(const ScoreResult& r) {
    double t = 0;
    for (const VendorScore& v : r.vendors) t += v.risk;
    return t;
}

}  // namespace

TEST_CASE("plan: reduction per unit of cost, not reduction, picks each step") {
    RulePack rules = test::rules_from(kPack);
    Model m = test::model_from(one_supplier("[name]"), rules);
    // By reduction, MFA first: 30 -> 6 (24, for 1,000). Dropping the photo: 30 -> 10
    // (20, for 100): 0.2 a pound against 0.024.
    SuggestOptions top1;
    top1.top = 1;
    CHECK(suggest(m, rules, {}, top1).front().description == "require 'mfa' of 'S'");
    const PlanResult p = plan(m, rules);
    // Step 1 drops the photo (30 -> 10); step 2 adds MFA (10 -> 2: 8 for 1,000); the
    // name is required, so nothing is left: the plan stops.
    REQUIRE(p.steps.size() == 2);
    CHECK(p.steps[0].description == "stop sending 'photo' of 'p' from 'O' to 'S'");
    CHECK(p.steps[0].total_risk_after == doctest::Approx(10).epsilon(1e-12));
    CHECK(p.steps[0].cost == 100);
    CHECK(p.steps[1].description == "require 'mfa' of 'S'");
    CHECK(p.steps[1].total_risk_after == doctest::Approx(2).epsilon(1e-12));
    CHECK(p.total_risk_before == doctest::Approx(30).epsilon(1e-12));
    CHECK(p.total_risk_after == doctest::Approx(2).epsilon(1e-12));
    CHECK(p.cost == 1100);
    CHECK(p.stopped == "no candidate reduces the total risk");
}

TEST_CASE("plan: a budget that excludes the best single change") {
    RulePack rules = test::rules_from(kPack);
    Model m = test::model_from(one_supplier("[name]"), rules);
    PlanOptions o;
    o.budget = 500;
    const PlanResult p = plan(m, rules, {}, o);
    // MFA (1,000) is out of reach from the start; the photo (100) fits, then MFA
    // still costs more than the 400 left.
    REQUIRE(p.steps.size() == 1);
    CHECK(p.steps[0].description == "stop sending 'photo' of 'p' from 'O' to 'S'");
    CHECK(p.cost == 100);
    CHECK(p.total_risk_after == doctest::Approx(10).epsilon(1e-12));
    CHECK(p.stopped.rfind("the budget", 0) == 0);
    PlanOptions one;
    one.steps = 1;
    CHECK(plan(m, rules, {}, one).stopped == "1 step");
}

TEST_CASE("plan: a required category that would be the best step is never taken") {
    RulePack rules = test::rules_from(kPack);
    // The photo is what the service needs: only MFA (30 -> 6) helps; dropping the
    // name leaves the photo's severity 3, so it helps nothing.
    Model m = test::model_from(one_supplier("[photo]"), rules);
    const PlanResult p = plan(m, rules);
    REQUIRE(p.steps.size() == 1);
    CHECK(p.steps[0].description == "require 'mfa' of 'S'");
    CHECK(p.total_risk_after == doctest::Approx(6).epsilon(1e-12));
    for (const PlanStep& s : p.steps)
        for (const std::string& k : s.change.categories) CHECK(k != "photo");
}

TEST_CASE("plan: ties broken by the change's text") {
    // Two identical suppliers and a free control that halves each one's risk (30 -> 15).
    RulePack rules = test::rules_from(R"(breachrank: rules/1
categories: {name: {weight: 1, identifies: 1}}
likelihood:
  base: {organisation: 0.05, supplier: 0.1}
  controls: {audit: 0.5}
)");
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: S2, kind: supplier}, {id: S1, kind: supplier}]
populations: [{id: p, owner: O, size: 300, holds: [name]}]
flows:
  - {from: O, to: S2, population: p, categories: [name], required: [name]}
  - {from: O, to: S1, population: p, categories: [name], required: [name]}
)",
                               rules);
    const PlanResult p = plan(m, rules);
    REQUIRE(p.steps.size() == 2);
    CHECK(p.steps[0].description == "require 'audit' of 'S1'");
    CHECK(p.steps[1].description == "require 'audit' of 'S2'");
    CHECK(p.steps[0].reduction == doctest::Approx(15).epsilon(1e-12));
    CHECK(p.steps[1].reduction == doctest::Approx(15).epsilon(1e-12));
    CHECK(p.cost == 0);
}

TEST_CASE("plan: its scenario, applied by whatif, gives its total, every method") {
    const RulePack& rules = default_rules();
    auto loaded = load_model_file(test::data("../../models/met-police-2023.yaml"), rules);
    REQUIRE(loaded.ok());
    const Model& m = *loaded.value;
    for (CascadeMethod method : {CascadeMethod::automatic, CascadeMethod::exact, CascadeMethod::montecarlo,
                                 CascadeMethod::linear}) {
        CAPTURE(method_name(method));
        ScoreOptions o;
        o.method = method;
        o.trials = 500;
        PlanOptions po;
        po.steps = 6;
        const PlanResult p = plan(m, rules, o, po);
        REQUIRE(p.steps.size() == 6);
        // Each step's total is the next step's starting point, and the last is the plan's.
        for (std::size_t i = 1; i < p.steps.size(); ++i)
            CHECK(p.steps[i].total_risk_before == doctest::Approx(p.steps[i - 1].total_risk_after).epsilon(1e-9));
        CHECK(p.steps.back().total_risk_after == doctest::Approx(p.total_risk_after).epsilon(1e-9));
        const std::string text = render_plan_scenario(p, m.name);
        CHECK(text.find("# step 1: ") != std::string::npos);
        auto sc = load_scenario_text(text, "plan.yaml", rules);
        REQUIRE(sc.ok());
        auto applied = apply_scenario(m, rules, *sc.value);
        REQUIRE(applied.ok());
        CHECK(total(score(applied.value->model, rules, o)) == doctest::Approx(p.total_risk_after).epsilon(1e-9));
        // With the pack's loss section, every step says what it avoids and returns.
        for (const PlanStep& s : p.steps) {
            REQUIRE(s.loss_avoided.has_value());
            CHECK(*s.net_return == doctest::Approx(*s.loss_avoided - s.cost).epsilon(1e-12));
        }
    }
}

TEST_CASE("suggest and plan price the expected annual loss avoided, by hand") {
    // Every exposed person costs 2 and a breach 1,000: S's incident costs 1,000 +
    // 100 x 2 = 1,200, EAL 0.1 x 1,200 = 120. Dropping the photo exposes the same
    // 100 people: nothing avoided (return -100). MFA (0.1 -> 0.02): EAL 24, 96
    // avoided for 1,000 (return -904).
    RulePack rules = test::rules_from(std::string(kPack) + R"(severity: {levels: [{name: any, min: 0}]}
loss: {currency: GBP, per_breach: 1000, per_person: {any: 2}}
)");
    Model m = test::model_from(one_supplier("[name]"), rules);
    SuggestOptions o;
    o.top = 5;
    const std::vector<Suggestion> s = suggest(m, rules, {}, o);
    REQUIRE(s.size() == 2);
    CHECK(s[0].description == "require 'mfa' of 'S'");
    CHECK(*s[0].loss_avoided == doctest::Approx(96).epsilon(1e-12));
    CHECK(*s[0].net_return == doctest::Approx(-904).epsilon(1e-12));
    CHECK(*s[1].loss_avoided == doctest::Approx(0).epsilon(1e-12));
    CHECK(*s[1].net_return == doctest::Approx(-100).epsilon(1e-12));
    const PlanResult p = plan(m, rules);
    REQUIRE(p.steps.size() == 2);
    CHECK(*p.loss_before == doctest::Approx(120).epsilon(1e-12));
    CHECK(*p.steps[1].loss_avoided == doctest::Approx(96).epsilon(1e-12));
    CHECK(*p.loss_after == doctest::Approx(24).epsilon(1e-12));
}

TEST_CASE("plan: carrying candidates over between steps changes nothing (against suggest step by step)") {
    // The greedy rule applied by hand to suggest()'s full evaluation at every
    // step must give the same steps as plan(), which re-evaluates only the
    // candidates each step touched.
    const RulePack& rules = default_rules();
    GenerateOptions g;
    g.organisations = 5;
    g.suppliers = 120;
    g.seed = 3;
    for (GraphShape shape : {GraphShape::core, GraphShape::clusters}) {
        g.shape = shape;
        const Model start = generate_model(g, rules);
        for (CascadeMethod method : {CascadeMethod::automatic, CascadeMethod::montecarlo, CascadeMethod::linear}) {
            const std::string where = std::string(shape_name(shape)) + " " + method_name(method);
            CAPTURE(where);
            ScoreOptions o;
            o.method = method;
            o.trials = 200;
            PlanOptions po;
            po.steps = 5;
            const PlanResult p = plan(start, rules, o, po);
            Model m = start;
            SuggestOptions all;
            all.top = 0;
            for (std::size_t k = 0; k < p.steps.size(); ++k) {
                const PlanStep& step = p.steps[k];
                CAPTURE(k);
                std::vector<Suggestion> s = suggest(m, rules, o, all);
                REQUIRE(!s.empty());
                auto value = [](const Suggestion& x) { return x.cost <= 0 ? x.reduction : x.reduction / x.cost; };
                const Suggestion* best = &s.front();
                for (const Suggestion& x : s) {
                    const bool xf = x.cost <= 0, bf = best->cost <= 0;
                    if (xf != bf ? xf : value(x) != value(*best) ? value(x) > value(*best) : x.description < best->description)
                        best = &x;
                }
                CHECK(best->description == step.description);
                CHECK(best->total_risk_after == doctest::Approx(step.total_risk_after).epsilon(1e-12));
                Scenario one{"one", "s", {best->change}};
                auto applied = apply_scenario(m, rules, one);
                REQUIRE(applied.ok());
                m = applied.value->model;
            }
        }
    }
}
