// Scenarios (SPEC §5), whatif and suggest, against hand-derived values.
//
// Fixture rules: categories x and y of weight 1 and identifies 1, so a record's
// severity is 1 and a holder's harm is its exposed head count. Suppliers'
// likelihood 0.1, mfa halves it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "breachrank/report.hpp"
#include "breachrank/scenario.hpp"
#include "helpers.hpp"

using namespace breachrank;

namespace {

const char* kRules = R"(breachrank: rules/1
name: flat
categories: {x: {weight: 1, identifies: 1}, y: {weight: 2, identifies: 1}}
likelihood: {base: {organisation: 0.05, supplier: 0.1}, controls: {mfa: 0.5, iso: 0.8}}
)";

// O owns P (100 people, holds x and y). A receives x and y at 1; A passes x at
// 0.5 to B; B passes x at 0.5 to C. Access A -> B (0.5).
const char* kModel = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: A, kind: supplier}
  - {id: B, kind: supplier}
  - {id: C, kind: supplier}
populations:
  - {id: P, owner: O, size: 100, holds: [x, y]}
flows:
  - {from: O, to: A, population: P, categories: [x, y]}
  - {from: A, to: B, population: P, categories: [x], share: 0.5}
  - {from: B, to: C, population: P, categories: [x], share: 0.5}
access:
  - {from: A, to: B, probability: 0.5}
)";

struct Fixture {
    RulePack rules = test::rules_from(kRules);
    Model model = test::model_from(kModel, rules);

    Loaded<AppliedScenario> apply(const std::string& changes) const {
        auto sc = load_scenario_text("breachrank: scenario/1\nname: t\nchanges:\n" + changes, "s.yaml", rules);
        INFO(sc.diagnostics.str());
        REQUIRE(sc.ok());
        return apply_scenario(model, rules, *sc.value);
    }
    Model applied(const std::string& changes) const {
        auto a = apply(changes);
        INFO(a.diagnostics.str());
        REQUIRE(a.ok());
        return a.value->model;
    }
    std::vector<std::string> notes(const std::string& changes) const {
        auto a = apply(changes);
        REQUIRE(a.ok());
        return a.value->notes;
    }
    std::string errors(const std::string& changes) const {
        auto a = apply(changes);
        std::string out;
        for (const auto& d : a.diagnostics.items())
            out += std::to_string(d.mark.line) + ":" + std::to_string(d.mark.column) + ": " + d.message + "\n";
        return out;
    }
};

double direct_of(const Model& m, const RulePack& r, const std::string& id) {
    return test::vendor(score(m, r), id).direct_impact;
}

}  // namespace

TEST_CASE("scenario files are validated with positions and suggestions") {
    RulePack rules = test::rules_from(kRules);
    auto sc = load_scenario_text(R"(breachrank: scenario/1
name: bad
changes:
  - remove_flows: {from: O, to: A}
  - add_control: {entity: A, control: mfaa}
  - set_share: {from: O, to: A, population: P, share: 1.5}
  - remove_categories: {from: O, to: A, population: P, categories: [z]}
  - add_access: {from: A, to: B, probabilty: 0.5}
  - {remove_entity: A, remove_access: {from: A, to: B}}
)",
                                 "s.yaml", rules);
    std::string out;
    for (const auto& d : sc.diagnostics.items())
        out += std::to_string(d.mark.line) + ":" + std::to_string(d.mark.column) + ": " + d.message + "\n";
    CHECK(out ==
          "4:5: unknown change 'remove_flows'; did you mean 'remove_flow'?\n"
          "5:39: unknown control 'mfaa'; did you mean 'mfa'?\n"
          "6:55: 'share' must be greater than 0 and at most 1, found 1.5\n"
          "7:69: unknown category 'z'; did you mean 'x'?\n"
          "8:34: unknown key 'probabilty' in 'add_access'; did you mean 'probability'?\n"
          "9:5: a change is a mapping with exactly one key, the kind of change (for example 'remove_flow: {from: a, "
          "to: b}')\n");
    CHECK(load_scenario_text("breachrank: model/1\n", "s.yaml", rules).diagnostics.items()[0].message ==
          "expected 'breachrank: scenario/1', found 'model/1'");
}

TEST_CASE("remove_categories trims what the receiver passed on, transitively") {
    Fixture f;
    auto a = f.apply("  - remove_categories: {from: O, to: A, population: P, categories: [x]}\n");
    REQUIRE(a.ok());
    const Model& m = a.value->model;
    // A keeps y; B and C lose x, so their flows go.
    REQUIRE(m.flows.size() == 1);
    CHECK(f.rules.category_names(m.flows[0].categories) == std::vector<std::string>{"y"});
    CHECK(a.value->notes == std::vector<std::string>{
                                "trimmed 'x' of 'P' from the flow 'A' -> 'B': 'A' no longer holds it",
                                "trimmed 'x' of 'P' from the flow 'B' -> 'C': 'B' no longer holds it"});
    // H({A}) was 100 x max(1, 2) = 200 and stays 200 (y alone); B and C hold nothing.
    CHECK(direct_of(m, f.rules, "A") == 200.0);
    CHECK(direct_of(m, f.rules, "B") == 0.0);
}

TEST_CASE("set_share lowers what flows on, and may not exceed what the sender holds") {
    Fixture f;
    auto a = f.apply("  - set_share: {from: A, to: B, population: P, share: 0.25}\n");
    REQUIRE(a.ok());
    // B now holds x at 0.25; its flow to C at 0.5 is reduced to 0.25.
    CHECK(a.value->notes ==
          std::vector<std::string>{"reduced 'x' of 'P' on the flow 'B' -> 'C' from share 0.5 to 0.25: 'B' holds no more"});
    CHECK(direct_of(a.value->model, f.rules, "C") == 25.0);  // 100 x 0.25 x 1
    CHECK(f.errors("  - set_share: {from: B, to: C, population: P, records: 80}\n") ==
          "4:5: set_share: 'B' would pass 'x' of 'P' at share 0.8, but it holds it only at share 0.5\n");
}

TEST_CASE("remove_flow, add_flow") {
    Fixture f;
    auto a = f.apply("  - remove_flow: {from: O, to: A}\n");
    REQUIRE(a.ok());
    CHECK(a.value->model.flows.empty());  // A held everything it passed on
    CHECK(a.value->notes.size() == 2);
    Model m = f.applied("  - add_flow: {from: O, to: C, population: P, categories: [y], records: 10}\n");
    // C: x at 0.5 (severity 1) and y at 0.1 (severity 2): bands 0.4 {x}, 0.1 {x, y}:
    // H = 100 x (0.4 x 1 + 0.1 x 2) = 60.
    CHECK(direct_of(m, f.rules, "C") == doctest::Approx(60.0).epsilon(1e-14));
    CHECK(f.errors("  - add_flow: {from: C, to: B, population: P, categories: [y]}\n") ==
          "4:5: add_flow: 'C' would pass 'y' of 'P' at share 1, but it holds none of it\n");
    CHECK(f.errors("  - remove_flow: {from: A, to: C}\n") == "4:5: remove_flow: there is no flow from 'A' to 'C'\n");
}

TEST_CASE("controls and likelihood") {
    Fixture f;
    Model m = f.applied("  - add_control: {entity: A, control: mfa}\n");
    // 0.1 x 0.5 = 0.05.
    CHECK(test::vendor(score(m, f.rules), "A").likelihood == 0.05);
    m = f.applied("  - add_control: {entity: A, control: mfa}\n  - remove_control: {entity: A, control: mfa}\n");
    CHECK(test::vendor(score(m, f.rules), "A").likelihood == 0.1);
    CHECK(f.errors("  - remove_control: {entity: A, control: iso}\n") == "4:5: remove_control: 'A' does not have 'iso'\n");
    m = f.applied("  - set_likelihood: {entity: B, value: 0.3}\n");
    CHECK(test::vendor(score(m, f.rules), "B").likelihood == 0.3);
    m = f.applied("  - set_likelihood: {entity: B, value: 0.3}\n  - set_likelihood: {entity: B, value: null}\n");
    CHECK(test::vendor(score(m, f.rules), "B").likelihood == 0.1);
}

TEST_CASE("entities and populations come and go") {
    Fixture f;
    auto a = f.apply("  - remove_entity: O\n");
    REQUIRE(a.ok());
    CHECK(a.value->model.populations.empty());
    CHECK(a.value->model.flows.empty());
    CHECK(a.value->notes ==
          std::vector<std::string>{"removing 'O' also removes the population 'P' it owns (100 people) and the flows of "
                                   "their data"});
    Model m = f.applied("  - remove_entity: B\n");
    CHECK(m.find_entity("B") < 0);
    CHECK(m.access.empty());
    CHECK(m.flows.size() == 1);  // O -> A; A -> B went with B, B -> C too
    m = f.applied(
        "  - add_entity: {id: D, kind: supplier, name: New one, controls: [iso]}\n"
        "  - add_population: {id: Q, owner: D, size: 5, holds: [y], traits: {}}\n");
    // D holds its own staff Q: H = 5 x 2 = 10; likelihood 0.1 x 0.8.
    CHECK(direct_of(m, f.rules, "D") == 10.0);
    CHECK(test::vendor(score(m, f.rules), "D").likelihood == doctest::Approx(0.08).epsilon(1e-15));
    CHECK(f.errors("  - add_entity: {id: A, kind: supplier}\n") == "4:5: add_entity: the model already has an entity 'A'\n");
    CHECK(f.errors("  - remove_entity: Bb\n") == "4:5: remove_entity: no entity 'Bb' in the model; did you mean 'B'?\n");
}

TEST_CASE("access edges") {
    Fixture f;
    Model m = f.applied("  - remove_access: {from: A, to: B}\n");
    CHECK(m.access.empty());
    m = f.applied("  - add_access: {from: C, to: A, probability: 0.25}\n");
    REQUIRE(m.access.size() == 2);
    CHECK(f.errors("  - add_access: {from: A, to: B, probability: 0.1}\n") ==
          "4:5: add_access: there is already an access edge from 'A' to 'B'\n");
    CHECK(f.errors("  - remove_access: {from: B, to: A}\n") == "4:5: remove_access: there is no access edge from 'B' to 'A'\n");
}

TEST_CASE("whatif: hand-derived deltas and vendors on one side only") {
    Fixture f;
    // Baseline: H(A) = 200 (x, y at 1: max weight 2); B holds x at 0.5: 50; C: 50.
    // C(A) = 0.5 x H({A}) + 0.5 x H({A, B}) = 200 (B's x is inside A's).
    // risks: A 20, B 5, C 5: total 30.
    // Scenario: mfa on A (risk 10), remove C (gone), add D holding nothing (risk 0).
    Model m = f.applied(
        "  - add_control: {entity: A, control: mfa}\n  - remove_entity: C\n  - add_entity: {id: D, kind: supplier}\n");
    WhatIfResult w = compare("s", score(f.model, f.rules), score(m, f.rules), {});
    CHECK(w.total_risk_before == doctest::Approx(30.0).epsilon(1e-14));
    CHECK(w.total_risk_after == doctest::Approx(15.0).epsilon(1e-14));
    REQUIRE(w.vendors.size() == 4);
    CHECK(w.vendors[0].id == "A");
    CHECK(w.vendors[0].delta_risk == doctest::Approx(-10.0).epsilon(1e-14));
    const VendorDelta& c = w.vendors[2].id == "C" ? w.vendors[2] : w.vendors[1];
    CHECK(c.id == "C");
    CHECK_FALSE(c.after.has_value());
    CHECK(c.delta_risk == doctest::Approx(-5.0).epsilon(1e-14));
    CHECK(w.vendors[3].id == "D");
    CHECK_FALSE(w.vendors[3].before.has_value());
    auto j = nlohmann::json::parse(render_whatif({w}, Format::json));
    CHECK(j["schema"] == "breachrank.whatif/1");
    CHECK(j["vendors"][3]["before"].is_null());
    CHECK(j["vendors"][3]["after"]["rank"].is_number());
    CHECK(j["total_risk"]["after"] == doctest::Approx(15.0));
    auto two = nlohmann::json::parse(render_whatif({w, w}, Format::json));
    CHECK(two.is_array());
    CHECK(two.size() == 2);
}

namespace {

std::string key_of(const Change& c) {
    return std::string(change_name(c.kind)) + " " + c.from + ">" + c.to + " " + c.population + " " + c.entity + " " +
           c.control + " " + (c.categories.empty() ? "" : c.categories[0]);
}

// Every single candidate change, applied as a scenario and scored in full.
// Every single change's total risk after, by a full re-score of the changed
// model; with `eal`, its expected annual loss after too.
std::vector<std::pair<std::string, double>> exhaustive(const Model& model, const RulePack& rules, const ScoreOptions& o,
                                                       std::vector<std::pair<std::string, double>>* eal = nullptr) {
    std::vector<Change> changes;
    for (const Flow& fl : model.flows) {
        // What a service requires (of any flow between the pair) is never a candidate.
        CategorySet required;
        for (const Flow& g : model.flows)
            if (g.from == fl.from && g.to == fl.to && g.population == fl.population) required |= g.required;
        for (const std::string& k : rules.category_names(fl.categories & ~required)) {
            Change c;
            c.kind = ChangeKind::remove_categories;
            c.from = model.entities[static_cast<std::size_t>(fl.from)].id;
            c.to = model.entities[static_cast<std::size_t>(fl.to)].id;
            c.population = model.populations[static_cast<std::size_t>(fl.population)].id;
            c.categories = {k};
            changes.push_back(c);
        }
    }
    for (const Entity& e : model.entities)
        if (e.kind == EntityKind::supplier && !e.likelihood)
            for (std::size_t k = 0; k < rules.likelihood.controls.size(); ++k)
                if (std::find(e.controls.begin(), e.controls.end(), static_cast<int>(k)) == e.controls.end()) {
                    Change c;
                    c.kind = ChangeKind::add_control;
                    c.entity = e.id;
                    c.control = rules.likelihood.controls[k].name;
                    changes.push_back(c);
                }
    for (const Access& a : model.access) {
        Change c;
        c.kind = ChangeKind::remove_access;
        c.from = model.entities[static_cast<std::size_t>(a.from)].id;
        c.to = model.entities[static_cast<std::size_t>(a.to)].id;
        changes.push_back(c);
    }
    std::vector<std::pair<std::string, double>> out;
    for (const Change& c : changes) {
        Scenario sc{"one", "s.yaml", {c}};
        auto a = apply_scenario(model, rules, sc);
        REQUIRE(a.ok());
        double total = 0;
        const ScoreResult after = score(a.value->model, rules, o);
        for (const VendorScore& v : after.vendors) total += v.risk;
        out.emplace_back(key_of(c), total);
        if (eal) eal->emplace_back(key_of(c), after.expected_annual_loss.value_or(0));
    }
    return out;
}

void check_against_exhaustive(const Model& model, const RulePack& rules, const ScoreOptions& o) {
    SuggestOptions all;
    all.top = 0;
    std::vector<Suggestion> s = suggest(model, rules, o, all);
    REQUIRE(!s.empty());
    double before = 0;
    for (const VendorScore& v : score(model, rules, o).vendors) before += v.risk;
    CHECK(s[0].total_risk_before == doctest::Approx(before).epsilon(1e-12));
    std::vector<std::pair<std::string, double>> eal;
    auto full = exhaustive(model, rules, o, &eal);
    const double eal_before = score(model, rules, o).expected_annual_loss.value_or(0);
    double best = before;
    for (const auto& [what, total] : full) best = std::min(best, total);
    // The best suggestion is the exhaustive best.
    CHECK(s[0].total_risk_after == doctest::Approx(best).epsilon(1e-9));
    // And every suggestion's total matches its full re-score.
    for (const Suggestion& x : s) {
        const Change& c = x.change;
        std::string key = key_of(c);
        auto it = std::find_if(full.begin(), full.end(), [&](const auto& p) { return p.first == key; });
        REQUIRE_MESSAGE(it != full.end(), key);
        CHECK_MESSAGE(x.total_risk_after == doctest::Approx(it->second).epsilon(1e-9), key);
        // With a loss section, the loss avoided from the same evaluation
        // equals the drop of the re-scored expected annual loss.
        CHECK_MESSAGE(x.loss_avoided.has_value() == rules.loss.has_value(), key);
        if (rules.loss) {
            auto e = std::find_if(eal.begin(), eal.end(), [&](const auto& p) { return p.first == key; });
            const double want = eal_before - e->second;
            CHECK_MESSAGE(*x.loss_avoided == doctest::Approx(want).epsilon(1e-9).scale(eal_before), key);
            CHECK_MESSAGE(*x.net_return == doctest::Approx(want - x.cost).epsilon(1e-9).scale(eal_before), key);
        }
    }
}

}  // namespace

TEST_CASE("suggest agrees with an exhaustive re-score") {
    SUBCASE("the fixture, exact") {
        Fixture f;
        check_against_exhaustive(f.model, f.rules, {});
    }
    SUBCASE("the Met Police model, every method") {
        auto m = load_model_file(test::data("../../models/met-police-2023.yaml"), default_rules());
        REQUIRE(m.ok());
        for (CascadeMethod method : {CascadeMethod::automatic, CascadeMethod::montecarlo, CascadeMethod::linear}) {
            std::string name = method_name(method);
            CAPTURE(name);
            ScoreOptions o;
            o.method = method;
            o.trials = 500;
            check_against_exhaustive(*m.value, default_rules(), o);
        }
    }
    SUBCASE("a generated core: sampled vendors, and cuts that leave a vendor few enough edges to enumerate") {
        // suggest() re-scores a removed edge only for the vendors whose plan
        // check counted it or whose trials fired it; every other candidate's
        // total here is checked against a full re-score of the changed model.
        GenerateOptions g;
        g.organisations = 3;
        g.suppliers = 40;
        g.seed = 2;
        g.shape = GraphShape::core;
        const Model m = generate_model(g, default_rules());
        ScoreOptions o;
        o.trials = 200;
        std::size_t sampled = 0;
        for (const VendorScore& v : score(m, default_rules(), o).vendors) sampled += v.cascade_method == CascadeMethod::montecarlo;
        CHECK(sampled > 0);
        for (CascadeMethod method : {CascadeMethod::automatic, CascadeMethod::montecarlo}) {
            std::string name = method_name(method);
            CAPTURE(name);
            o.method = method;
            check_against_exhaustive(m, default_rules(), o);
        }
    }
}

TEST_CASE("suggest: hand-derived best changes on the fixture") {
    // Baseline risks A 20, B 5, C 5 (total 30). Four single changes each cut 10:
    //  - mfa on A: 0.05 x 200 = 10;
    //  - drop x on A -> B: B and C lose x (trimmed on): 5 + 5; A unchanged (B held nothing of A's y);
    //  - drop x on O -> A: A keeps y (200 either way), B and C lose x: 5 + 5;
    //  - drop y on O -> A: H(A) = 100 x 1 = 100, C(A) = 100 (B's x is inside A's): 20 -> 10.
    // Ties are ordered by description. Next: drop x on B -> C (C: 5 -> 0).
    Fixture f;
    SuggestOptions all;
    all.top = 0;
    std::vector<Suggestion> s = suggest(f.model, f.rules, {}, all);
    REQUIRE(s.size() >= 5);
    std::vector<std::string> order;
    for (std::size_t i = 0; i < 5; ++i) order.push_back(s[i].description);
    CHECK(order == std::vector<std::string>{"require 'mfa' of 'A'", "stop sending 'x' of 'P' from 'A' to 'B'",
                                            "stop sending 'x' of 'P' from 'O' to 'A'",
                                            "stop sending 'y' of 'P' from 'O' to 'A'",
                                            "stop sending 'x' of 'P' from 'B' to 'C'"});
    for (std::size_t i = 0; i < 4; ++i) CHECK(s[i].reduction == doctest::Approx(10.0).epsilon(1e-14));
    CHECK(s[4].reduction == doctest::Approx(5.0).epsilon(1e-14));
    CHECK(s[0].vendor_risk_before == doctest::Approx(20.0).epsilon(1e-14));
    CHECK(s[0].vendor_risk_after == doctest::Approx(10.0).epsilon(1e-14));
    CHECK(s[1].vendor == "B");
    CHECK(s[1].vendor_risk_after == 0.0);
    CHECK(s[0].total_risk_after == doctest::Approx(20.0).epsilon(1e-14));
    // --top keeps the first N.
    CHECK(suggest(f.model, f.rules, {}).size() <= 10);
    SuggestOptions two;
    two.top = 2;
    CHECK(suggest(f.model, f.rules, {}, two).size() == 2);
}

TEST_CASE("review: repeated flows between one pair act as one, in whatif and suggest") {
    // Two flows O -> A of P, both passing x: dropping x from the pair drops it from both.
    RulePack rules = test::rules_from(kRules);
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: A, kind: supplier}, {id: B, kind: supplier}]
populations: [{id: P, owner: O, size: 100, holds: [x, y]}]
flows:
  - {from: O, to: A, population: P, categories: [x, y]}
  - {from: O, to: A, population: P, categories: [x], share: 0.5}
  - {from: A, to: B, population: P, categories: [x], share: 0.5}
access: [{from: B, to: A, probability: 0.2}]
)",
                               rules);
    Scenario sc{"drop x", "s.yaml", {}};
    Change c;
    c.kind = ChangeKind::remove_categories;
    c.from = "O";
    c.to = "A";
    c.population = "P";
    c.categories = {"x"};
    sc.changes.push_back(c);
    auto a = apply_scenario(m, rules, sc);
    REQUIRE(a.ok());
    // A keeps y only (H = 200 either way), B loses x (trimmed on): B's risk 0.1 x ... -> 0.
    CHECK(test::vendor(score(a.value->model, rules), "B").direct_impact == 0.0);
    check_against_exhaustive(m, rules, {});
    // One candidate per (pair, category): no duplicate descriptions.
    SuggestOptions all;
    all.top = 0;
    std::vector<std::string> seen;
    for (const Suggestion& s : suggest(m, rules, {}, all)) {
        CHECK(std::find(seen.begin(), seen.end(), s.description) == seen.end());
        seen.push_back(s.description);
    }
}

TEST_CASE("review: trimming follows the local coverage of SPEC §4, so unrelated changes trim nothing") {
    // A and B pass name to each other; SPEC §4's local coverage accepts the cycle.
    RulePack rules = test::rules_from(kRules);
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: A, kind: supplier}, {id: B, kind: supplier}]
populations: [{id: P, owner: O, size: 100, holds: [x]}]
flows:
  - {from: O, to: A, population: P, categories: [x], share: 0.5}
  - {from: A, to: B, population: P, categories: [x], share: 1}
  - {from: B, to: A, population: P, categories: [x], share: 1}
)",
                               rules);
    Scenario sc{"unrelated", "s.yaml", {}};
    Change c;
    c.kind = ChangeKind::set_likelihood;
    c.entity = "A";
    c.likelihood = 0.2;
    sc.changes.push_back(c);
    auto a = apply_scenario(m, rules, sc);
    REQUIRE(a.ok());
    CHECK(a.value->notes.empty());
    CHECK(a.value->model.flows.size() == 3);
}

TEST_CASE("review: a vendor whose only access edge cannot fire is exact, C = D, whatever the method") {
    RulePack rules = test::rules_from(kRules);
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: A, kind: supplier}, {id: B, kind: supplier}]
populations: [{id: P, owner: O, size: 3, holds: [x]}]
flows: [{from: O, to: A, population: P, categories: [x], share: 0.1}]
access: [{from: A, to: B, probability: 0}]
)",
                               rules);
    for (CascadeMethod method : {CascadeMethod::montecarlo, CascadeMethod::linear, CascadeMethod::exact}) {
        ScoreOptions o;
        o.method = method;
        o.trials = 3;
        const ScoreResult r = score(m, rules, o);
        const VendorScore& a = test::vendor(r, "A");
        CHECK(a.cascade_method == CascadeMethod::exact);
        CHECK(a.cascade_impact == a.direct_impact);  // 3 x 0.1 x 1, exactly, not (3 x D) / 3
        CHECK(*a.cascade_stderr == 0.0);
    }
}

TEST_CASE("review: a breach's Monte Carlo stream does not depend on the order the entities are named in") {
    Fixture f;
    ScoreOptions o;
    o.method = CascadeMethod::montecarlo;
    BreachResult ab = breach(f.model, f.rules, {"A", "C"}, o);
    BreachResult ba = breach(f.model, f.rules, {"C", "A"}, o);
    CHECK(ab.expected_harm == ba.expected_harm);
    CHECK(ab.expected_harm_stderr == ba.expected_harm_stderr);
}

TEST_CASE("review: add_entity with a control listed twice is an error at the item") {
    RulePack rules = test::rules_from(kRules);
    auto sc = load_scenario_text(
        "breachrank: scenario/1\nchanges:\n  - add_entity: {id: D, kind: supplier, controls: [mfa, mfa, mfx]}\n", "s.yaml",
        rules);
    REQUIRE(sc.diagnostics.size() == 2);
    CHECK(sc.diagnostics.items()[0].str() == "s.yaml:3:57: error: control 'mfa' is listed twice");
    CHECK(sc.diagnostics.items()[1].str() == "s.yaml:3:62: error: unknown control 'mfx'; did you mean 'mfa'?");
}

TEST_CASE("required data: never suggested for removal; a scenario that removes it is noted, trims included") {
    // Photo weighs 3 and name 1 (max combine): dropping the photo from S would cut
    // S's severity from 3 to 1 and be the best data change, but S requires it.
    RulePack rules = test::rules_from(R"(breachrank: rules/1
categories: {name: {weight: 1, identifies: 1}, photo: {weight: 3, identifies: 1}}
)");
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: S, kind: supplier}, {id: T, kind: supplier}]
populations: [{id: p, owner: O, size: 100, holds: [name, photo]}]
flows:
  - {from: O, to: S, population: p, categories: [name, photo], required: [photo]}
  - {from: S, to: T, population: p, categories: [name, photo], required: [photo]}
)",
                               rules);
    REQUIRE(m.flows[0].required.count() == 1);
    SuggestOptions all;
    all.top = 0;
    all.add_controls = false;
    for (const Suggestion& x : suggest(m, rules, {}, all))
        for (const std::string& k : x.change.categories) CHECK(k != "photo");
    // Removing it anyway is applied, and both services it breaks are said: S's
    // directly, T's through the trim of S -> T.
    auto sc = load_scenario_text(
        "breachrank: scenario/1\nchanges:\n  - remove_categories: {from: O, to: S, population: p, categories: [photo]}\n",
        "s.yaml", rules);
    REQUIRE(sc.ok());
    auto applied = apply_scenario(m, rules, *sc.value);
    REQUIRE(applied.ok());
    const auto& notes = applied.value->notes;
    auto has = [&](const std::string& text) {
        return std::any_of(notes.begin(), notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
    };
    CHECK(has("breaks the service: 'S' requires 'photo' of 'p' (no longer sent by 'O')"));
    CHECK(has("breaks the service: 'T' requires 'photo' of 'p' (no longer sent by 'S')"));
    // The model written back keeps what each flow requires.
    CHECK(write_model_yaml(m, rules).find("required: [photo]") != std::string::npos);
    // A flow a scenario adds may say what its service requires, as in a model:
    // removing it afterwards is noted, and suggest() never proposes it.
    auto added = load_scenario_text("breachrank: scenario/1\nchanges:\n"
                                    "  - add_flow: {from: S, to: U, population: p, categories: [name, photo], required: [name]}\n"
                                    "  - remove_categories: {from: S, to: U, population: p, categories: [name]}\n",
                                    "a.yaml", rules);
    REQUIRE(added.ok());
    REQUIRE(added.value->changes[0].required == std::vector<std::string>{"name"});
    Model with_u = m;
    with_u.entities.push_back(Entity{});
    with_u.entities.back().id = "U";
    with_u.entities.back().kind = EntityKind::supplier;
    auto applied_u = apply_scenario(with_u, rules, *added.value);
    REQUIRE(applied_u.ok());
    const auto& notes_u = applied_u.value->notes;
    CHECK(std::any_of(notes_u.begin(), notes_u.end(), [](const std::string& n) {
        return n.find("breaks the service: 'U' requires 'name' of 'p' (no longer sent by 'S')") != std::string::npos;
    }));
    Scenario first_only = *added.value;
    first_only.changes.resize(1);
    auto with_flow = apply_scenario(with_u, rules, first_only);
    REQUIRE(with_flow.ok());
    REQUIRE(with_flow.value->model.flows.back().required.count() == 1);
    for (const Suggestion& x : suggest(with_flow.value->model, rules, {}, all))
        if (x.change.to == "U") CHECK(x.change.categories != std::vector<std::string>{"name"});
}

TEST_CASE("suggest: side effects through a trim on a sub-processor, and what each change costs") {
    // p: 100 people. S holds name (1) and photo (3): severity 3 (max of the
    // weights x ease 1), D = 300, risk 0.1 x 300 = 30. T, S's sub-processor,
    // holds the photo only: D = 300, risk 30. Total 60.
    RulePack rules = test::rules_from(R"(breachrank: rules/1
categories: {name: {weight: 1, identifies: 1}, photo: {weight: 3, identifies: 1}}
likelihood:
  base: {organisation: 0.05, supplier: 0.1}
  controls: {mfa: {factor: 0.5, cost: 1000}, audit: 0.9}
mitigation_costs: {remove_category: 500, remove_access: 700}
)");
    CHECK(rules.likelihood.controls[0].cost == 1000);
    CHECK(rules.likelihood.controls[1].cost == 0);
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: S, kind: supplier}, {id: T, kind: supplier}]
populations: [{id: p, owner: O, size: 100, holds: [name, photo]}]
flows:
  - {from: O, to: S, population: p, categories: [name, photo]}
  - {from: S, to: T, population: p, categories: [photo]}
)",
                               rules);
    SuggestOptions all;
    all.top = 0;
    const std::vector<Suggestion> s = suggest(m, rules, {}, all);
    // Stopping the photo to S leaves S a name (severity 1: risk 10) and trims T
    // to nothing (risk 0): total 60 -> 10, a reduction of 50, T moved most.
    auto it = std::find_if(s.begin(), s.end(), [](const Suggestion& x) {
        return x.description == "stop sending 'photo' of 'p' from 'O' to 'S'";
    });
    REQUIRE(it != s.end());
    CHECK(it->reduction == doctest::Approx(50).epsilon(1e-12));
    CHECK(it->cost == 500);
    REQUIRE(it->effects.size() == 2);
    CHECK(it->effects[0].id == "T");
    CHECK(it->effects[0].before == doctest::Approx(30).epsilon(1e-12));
    CHECK(it->effects[0].after == doctest::Approx(0).epsilon(1e-12));
    CHECK(it->effects[1].id == "S");
    CHECK(it->effects[1].after == doctest::Approx(10).epsilon(1e-12));
    // MFA on S halves its likelihood: 30 -> 15, nobody else moves; it costs 1,000.
    auto mfa = std::find_if(s.begin(), s.end(), [](const Suggestion& x) { return x.description == "require 'mfa' of 'S'"; });
    REQUIRE(mfa != s.end());
    CHECK(mfa->cost == 1000);
    REQUIRE(mfa->effects.size() == 1);
    CHECK(mfa->effects[0].after == doctest::Approx(15).epsilon(1e-12));
    // Every format carries them.
    CHECK(render_suggestions(s, 60, Format::table).find("T 30 -> 0") != std::string::npos);
    CHECK(render_suggestions(s, 60, Format::csv).find(",500,,,T:30:0;S:30:10\n") != std::string::npos);
    CHECK(render_suggestions(s, 60, Format::json).find("\"effects\": [") != std::string::npos);
}
