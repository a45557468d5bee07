// Money (SPEC §3 `loss`, §4 "Loss"), part 1: ranges and the pack's loss section.
#include <doctest/doctest.h>

#include <cmath>

#include "helpers.hpp"

using namespace breachrank;

TEST_CASE("a range is the lognormal with those 5th and 95th percentiles") {
    // {1000, 100000}: mu = (ln 1000 + ln 100000) / 2 = ln 10,000 = 9.2103404;
    // sigma = ln 100 / (2 x 1.6448536) = 4.6051702 / 3.2897072 = 1.3998724;
    // mean = exp(mu + sigma^2 / 2) = 10,000 x exp(0.9798214) = 26,639.80.
    const Range r{1000, 100000};
    CHECK(r.mu() == doctest::Approx(std::log(10000.0)).epsilon(1e-12));
    CHECK(r.sigma() == doctest::Approx(1.3998724).epsilon(1e-7));
    CHECK(r.mean() == doctest::Approx(26639.80).epsilon(1e-6));
    // The mean lies above the median exp(mu) = 10,000: the long right tail of breach costs.
    CHECK(r.mean() > std::exp(r.mu()));
    // A constant.
    CHECK(Range{500, 500}.mean() == 500);
    CHECK(Range{500, 500}.sigma() == 0);
}

TEST_CASE("the loss section: currency, ranges, costs per person by level, years and appetite") {
    RulePack rules = test::rules_from(R"(breachrank: rules/1
categories: {name: {weight: 1}}
severity:
  levels:
    - {name: high, min: 3}
    - {name: low, min: 0}
loss:
  currency: EUR
  per_breach: {low: 50000, high: 2000000}
  per_person: {high: {low: 100, high: 2000}, low: 5}
  years: 500
  appetite:
    - {loss: 1000000, probability: 0.1}
    - {loss: 10000000, probability: 0.01}
)");
    REQUIRE(rules.loss.has_value());
    const LossSettings& l = *rules.loss;
    CHECK(l.currency == "EUR");
    CHECK(l.per_breach.low == 50000);
    CHECK(l.per_breach.high == 2000000);
    REQUIRE(l.per_person.size() == 2);
    CHECK(l.per_person[0].first == 0);  // high
    CHECK(l.per_person[1].first == 1);  // low
    CHECK(l.per_person[1].second.mean() == 5);
    CHECK(l.years == 500);
    REQUIRE(l.appetite.size() == 2);
    CHECK(l.appetite[1].loss == 10000000);
    CHECK(l.appetite[1].probability == 0.01);
}

// ---- part 2: expected losses and the simulated years --------------------------

namespace {

// Two levels: a record with health data is high (severity 4 x 1), one with
// only a name low (1 x 1). Costs: per breach {1000, 100000} (mean 26,639.80,
// above), a high person {10, 1000}, a low person 2.
// {10, 1000}: mu = ln 100, sigma = ln 100 / 3.2897072 = 1.3998724, the same
// sigma as above, so mean = 100 x exp(0.9798214) = 266.39800.
const char* kMoneyPack = R"(breachrank: rules/1
categories:
  name: {weight: 1, identifies: 1}
  health: {weight: 4, identifies: 1}
severity:
  levels:
    - {name: high, min: 3}
    - {name: low, min: 0}
likelihood:
  base: {organisation: 0.05, supplier: 0.1}
loss:
  currency: GBP
  per_breach: {low: 1000, high: 100000}
  per_person: {high: {low: 10, high: 1000}, low: 2}
  years: 20000
  appetite:
    - {loss: 30000, probability: 0.2}
    - {loss: 1000000, probability: 0.0001}
)";

// A cascade A -> B -> C -> A (probabilities 0.3, 0.5, 0.2) and D without access.
const char* kMoneyModel = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: A, kind: supplier}
  - {id: B, kind: supplier}
  - {id: C, kind: supplier}
  - {id: D, kind: supplier}
populations:
  - {id: p, owner: O, size: 1000, holds: [name, health]}
flows:
  - {from: O, to: A, population: p, categories: [name]}
  - {from: O, to: B, population: p, categories: [name, health], share: 0.2}
  - {from: O, to: C, population: p, categories: [name], share: 0.5}
  - {from: O, to: D, population: p, categories: [name], share: 0.1}
access:
  - {from: A, to: B, probability: 0.3}
  - {from: B, to: C, probability: 0.5}
  - {from: C, to: A, probability: 0.2}
)";

constexpr double kBreachMean = 26639.80;  // {1000, 100000}
constexpr double kHighMean = 266.39800;   // {10, 1000}

const VendorLoss& loss_of(const LossResult& r, const std::string& id) {
    for (const VendorLoss& v : r.vendors)
        if (v.id == id) return v;
    FAIL("no vendor " << id);
    throw;
}

}  // namespace

TEST_CASE("expected losses by hand: a vendor without access, and a cascade enumerated") {
    RulePack rules = test::rules_from(kMoneyPack);
    Model m = test::model_from(kMoneyModel, rules);
    ScoreOptions o;
    o.method = CascadeMethod::exact;
    LossOptions lo;
    lo.years = 100;
    const LossResult r = loss(m, rules, o, lo);
    // D: 100 people, names only (low, 2 each): E[L] = 26,639.80 + 200; EAL = 0.1 x that.
    const VendorLoss& d = loss_of(r, "D");
    CHECK(d.expected_incident_loss == doctest::Approx(kBreachMean + 200).epsilon(1e-7));
    CHECK(d.expected_annual_loss == doctest::Approx(0.1 * (kBreachMean + 200)).epsilon(1e-7));
    CHECK(*d.expected_incident_loss_stderr == 0);
    // A: {A} with 0.7 (1,000 low people: 2,000); {A,B} 0.15 and {A,B,C} 0.15,
    // each 200 high people (health and name) and 800 low: 200 x 266.398 + 1,600.
    const double a_people = 0.7 * 2000 + 0.3 * (200 * kHighMean + 1600);
    const VendorLoss& a = loss_of(r, "A");
    CHECK(a.expected_incident_loss == doctest::Approx(kBreachMean + a_people).epsilon(1e-7));
    CHECK(a.expected_annual_loss == doctest::Approx(0.1 * (kBreachMean + a_people)).epsilon(1e-7));
    // The portfolio is the sum; vendors ranked by EAL (A first: its cascade costs most).
    double sum = 0;
    for (const VendorLoss& v : r.vendors) sum += v.expected_annual_loss;
    CHECK(r.expected_annual_loss == doctest::Approx(sum).epsilon(1e-12));
    CHECK(r.vendors.front().expected_annual_loss >= r.vendors.back().expected_annual_loss);
    // score() shows the same beside the risk.
    const ScoreResult s = score(m, rules, o);
    CHECK(*test::vendor(s, "A").expected_annual_loss == doctest::Approx(a.expected_annual_loss).epsilon(1e-12));
    CHECK(*s.expected_annual_loss == doctest::Approx(r.expected_annual_loss).epsilon(1e-12));
    CHECK(*s.currency == "GBP");
}

TEST_CASE("a constant loss with probability 0.1: the median year loses nothing, the 1-in-20 year the constant") {
    RulePack rules = test::rules_from(R"(breachrank: rules/1
categories: {name: {weight: 1}}
likelihood: {base: {organisation: 0.05, supplier: 0.1}}
loss: {currency: GBP, per_breach: 5000, years: 10000}
)");
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: S, kind: supplier}]
populations: [{id: p, owner: O, size: 10, holds: [name]}]
flows: [{from: O, to: S, population: p, categories: [name]}]
)",
                               rules);
    const LossResult r = loss(m, rules);
    // EAL = 0.1 x 5,000 exactly; P(a year loses 5,000) = 0.1 < 0.5 < 0.95.
    CHECK(r.expected_annual_loss == doctest::Approx(500).epsilon(1e-12));
    CHECK(r.p50 == 0);
    CHECK(r.p95 == 5000);
    CHECK(r.p99 == 5000);
    // About 10% of years lose 5,000 (binomial sd 0.3% over 10,000 years).
    CHECK(r.years_with_loss == doctest::Approx(0.1).epsilon(0.05));
    CHECK(std::fabs(r.simulated_mean - 500) < 4 * r.simulated_stderr);
    // The only vendor makes the whole tail.
    CHECK(r.vendors[0].tail_share_20 == doctest::Approx(1).epsilon(1e-12));
}

TEST_CASE("the simulated mean agrees with the expected annual loss within 4 standard errors, every method") {
    RulePack rules = test::rules_from(kMoneyPack);
    Model m = test::model_from(kMoneyModel, rules);
    for (CascadeMethod method : {CascadeMethod::exact, CascadeMethod::montecarlo, CascadeMethod::linear,
                                 CascadeMethod::automatic}) {
        CAPTURE(method_name(method));
        ScoreOptions o;
        o.method = method;
        const LossResult r = loss(m, rules, o);
        CHECK(r.years == 20000);
        CHECK(r.simulated_stderr > 0);
        CHECK(std::fabs(r.simulated_mean - r.expected_annual_loss) < 4 * r.simulated_stderr);
        CHECK(r.p50 <= r.p90);
        CHECK(r.p90 <= r.p95);
        CHECK(r.p95 <= r.p99);
        // The tail shares add up to 1.
        double s20 = 0, s100 = 0;
        for (const VendorLoss& v : r.vendors) s20 += v.tail_share_20, s100 += v.tail_share_100;
        CHECK(s20 == doctest::Approx(1).epsilon(1e-9));
        CHECK(s100 == doctest::Approx(1).epsilon(1e-9));
        // The curve runs from the median to the 1-in-1,000-year loss, falling in probability, rising in loss.
        REQUIRE(r.exceedance.size() == 28);
        CHECK(r.exceedance.front().probability == 0.5);
        CHECK(r.exceedance.front().loss == r.p50);
        CHECK(r.exceedance.back().probability == doctest::Approx(0.001).epsilon(1e-12));
        for (std::size_t i = 1; i < r.exceedance.size(); ++i) CHECK(r.exceedance[i].loss >= r.exceedance[i - 1].loss);
        // The appetite: a loss above 30,000 is tolerated 1 year in 5; with P(any
        // breach) = 1 - 0.9^4 = 34% and most breaches costing more than 30,000
        // (the per-breach median is 10,000, its mean 26,640), the simulation says
        // more often than that; a loss above 1m 1 year in 10,000 it does not hold either.
        REQUIRE(r.appetite.size() == 2);
        for (const AppetiteCheck& a : r.appetite) CHECK(a.within == (a.simulated_probability <= a.probability));
        CHECK(r.appetite[0].simulated_probability > 0.1);
    }
}

TEST_CASE("the simulated years do not depend on the thread count, and follow the seed") {
    RulePack rules = test::rules_from(kMoneyPack);
    Model m = test::model_from(kMoneyModel, rules);
    LossOptions lo;
    lo.years = 5000;  // several blocks of years
    std::string first;
    for (int threads : {1, 2, 3, 8}) {
        ScoreOptions o;
        o.method = CascadeMethod::montecarlo;
        o.threads = threads;
        const std::string json = render_loss(loss(m, rules, o, lo), Format::json);
        if (first.empty())
            first = json;
        else
            CHECK(json == first);
    }
    ScoreOptions other;
    other.method = CascadeMethod::montecarlo;
    other.seed = 2;
    CHECK(render_loss(loss(m, rules, other, lo), Format::json) != first);
}

TEST_CASE("loss needs the pack's loss section, and years in range") {
    RulePack rules = test::rules_from("breachrank: rules/1\ncategories: {name: {weight: 1}}\n");
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: S, kind: supplier}]
populations: [{id: p, owner: O, size: 10, holds: [name]}]
)",
                               rules);
    CHECK_THROWS_WITH_AS(loss(m, rules), doctest::Contains("has no 'loss' section"), Error);
    CHECK_FALSE(score(m, rules).currency.has_value());
    RulePack money = test::rules_from(kMoneyPack);
    Model mm = test::model_from(kMoneyModel, money);
    LossOptions lo;
    lo.years = 0;
    CHECK_THROWS_WITH_AS(loss(mm, money, {}, lo), doctest::Contains("years must be between 1 and 10000000"), Error);
}

TEST_CASE("whatif shows the expected annual loss before and after") {
    RulePack rules = test::rules_from(kMoneyPack);
    Model m = test::model_from(kMoneyModel, rules);
    auto sc = load_scenario_text("breachrank: scenario/1\nname: drop D\nchanges:\n  - remove_entity: D\n", "s.yaml", rules);
    REQUIRE(sc.value);
    auto applied = apply_scenario(m, rules, *sc.value);
    REQUIRE(applied.value);
    ScoreOptions o;
    o.method = CascadeMethod::exact;
    const WhatIfResult w = compare("drop D", score(m, rules, o), score(applied.value->model, rules, o), {});
    REQUIRE(w.currency);
    // No cascade reaches D, so removing it saves exactly its own EAL: 0.1 x (26,639.80 + 200).
    CHECK(*w.before.expected_annual_loss - *w.after.expected_annual_loss ==
          doctest::Approx(0.1 * (kBreachMean + 200)).epsilon(1e-7));
    const std::string table = render_whatif({w}, Format::table);
    CHECK(table.find("Expected annual loss GBP") != std::string::npos);
    CHECK(table.find("EAL before") != std::string::npos);
    CHECK(render_whatif({w}, Format::csv).find(",eal_before,eal_after\n") != std::string::npos);
    const std::string json = render_whatif({w}, Format::json);
    CHECK(json.find("\"currency\": \"GBP\",\n  \"expected_annual_loss\": {\n    \"before\": ") != std::string::npos);
}
