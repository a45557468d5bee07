// Money (SPEC §3 `loss`, §4 "Loss"), part 1: ranges and the pack's loss section.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "helpers.hpp"
#include "propagation/context.hpp"

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

// The same means from their formula, not rounded (26,639.80 and 266.398 to the digits shown above).
const double kSigma = std::log(100.0) / (2 * 1.6448536);
const double kBreachMean = 10000 * std::exp(kSigma * kSigma / 2);  // {1000, 100000}
const double kHighMean = 100 * std::exp(kSigma * kSigma / 2);      // {10, 1000}

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
    CHECK(*r.p50 == 0);
    CHECK(*r.p95 == 5000);
    CHECK(*r.p99 == 5000);
    // About 10% of years lose 5,000: within 4 binomial standard deviations, sqrt(0.1 x 0.9 / 10,000) = 0.3%.
    CHECK(std::fabs(r.years_with_loss - 0.1) < 4 * std::sqrt(0.09 / 10000));
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
        CHECK(*r.p50 <= *r.p90);
        CHECK(*r.p90 <= *r.p95);
        CHECK(*r.p95 <= *r.p99);
        // The tail shares add up to 1.
        double s20 = 0, s100 = 0;
        for (const VendorLoss& v : r.vendors) s20 += v.tail_share_20, s100 += v.tail_share_100;
        CHECK(s20 == doctest::Approx(1).epsilon(1e-9));
        CHECK(s100 == doctest::Approx(1).epsilon(1e-9));
        // The curve runs from the median to the 1-in-1,000-year loss, falling in probability, rising in loss.
        REQUIRE(r.exceedance.size() == 28);
        CHECK(r.exceedance.front().probability == 0.5);
        CHECK(r.exceedance.front().loss == *r.p50);
        CHECK(r.exceedance.back().probability == doctest::Approx(0.001).epsilon(1e-12));
        for (std::size_t i = 1; i < r.exceedance.size(); ++i) CHECK(r.exceedance[i].loss >= r.exceedance[i - 1].loss);
        // The appetite, by bounds worked out by hand. A year without a breach loses
        // nothing: P(loss > 30,000) <= P(a breach) = 1 - 0.9^4 = 0.344. B breached
        // (P 0.1) exposes 200 high people: 200 x X_high > 30,000 when X_high > 150,
        // z = ln 1.5 / 1.39987 = 0.29, P = 0.386: P >= 0.1 x 0.386 = 0.0386.
        REQUIRE(r.appetite.size() == 2);
        CHECK(r.appetite[0].simulated_probability > 0.0386 - 0.005);
        CHECK(r.appetite[0].simulated_probability < 0.344 + 0.005);
        // Above 1m: a year has at most 4 breaches, so one of them costs more than
        // 250,000: X_breach > 125,000 (z = ln 12.5 / 1.39987 = 1.80, P 0.036) or
        // 200 X_high + 1,600 > 125,000 (X_high > 617: z = 1.30, P 0.097) -- at most
        // 0.133 a breach, and 0.4 breaches a year on average: at most 0.053 of years.
        CHECK(r.appetite[1].simulated_probability < 0.053 + 0.003);
        CHECK(r.appetite[0].interval_low < r.appetite[0].simulated_probability);
        CHECK(r.appetite[0].interval_high > r.appetite[0].simulated_probability);
    }
}

TEST_CASE("the simulated years do not depend on the thread count, and follow the seed") {
    RulePack rules = test::rules_from(kMoneyPack);
    Model m = test::model_from(kMoneyModel, rules);
    LossOptions lo;
    lo.years = 5000;  // several blocks of years
    std::string first;
    for (CascadeMethod method : {CascadeMethod::exact, CascadeMethod::montecarlo}) {
        first.clear();
        for (int threads : {1, 2, 3, 8}) {
            CAPTURE(threads);
            ScoreOptions o;
            o.method = method;
            o.threads = threads;
            const std::string json = render_loss(loss(m, rules, o, lo), Format::json);
            if (first.empty())
                first = json;
            else
                CHECK(json == first);
        }
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

namespace {

// A costs 100 a breach (it holds no one), B 100 + 9,900 people x 1 = 10,000.
const char* kTwoCosts = R"(breachrank: rules/1
categories: {name: {weight: 1}}
severity: {levels: [{name: any, min: 0}]}
loss: {currency: GBP, per_breach: 100, per_person: {any: 1}, years: 100000}
)";

std::string two_costs_model(double pa, double pb) {
    return fmt::format(R"(breachrank: model/1
name: "A & B <two costs>"
entities:
  - {{id: O, kind: organisation}}
  - {{id: A, kind: supplier, likelihood: {}}}
  - {{id: B, kind: supplier, likelihood: {}}}
  - {{id: Z, kind: supplier, likelihood: 0}}
populations: [{{id: p, owner: O, size: 9900, holds: [name]}}]
flows:
  - {{from: O, to: B, population: p, categories: [name]}}
  - {{from: O, to: Z, population: p, categories: [name]}}
)",
                       pa, pb);
}

}  // namespace

TEST_CASE("percentiles and tail shares worked out by hand: two constant costs") {
    RulePack rules = test::rules_from(kTwoCosts);
    Model m = test::model_from(two_costs_model(0.5, 0.03), rules);
    const LossResult r = loss(m, rules);
    // A year loses 0 (0.5 x 0.97 = 0.485), 100 (0.485), 10,000 (0.015) or 10,100 (0.015).
    CHECK(r.expected_annual_loss == doctest::Approx(0.5 * 100 + 0.03 * 10000).epsilon(1e-12));
    // P(L <= 0) = 0.485 < 0.5: the median year loses 100; P(L <= 100) = 0.97 >= 0.95
    // (and 0.90); P(L <= 10,000) = 0.985 < 0.99: the 1-in-100 year loses 10,100.
    // Every margin is over 9 binomial standard deviations at 100,000 years.
    CHECK(*r.p50 == 100);
    CHECK(*r.p90 == 100);
    CHECK(*r.p95 == 100);
    CHECK(*r.p99 == 10100);
    // The 1-in-100 tail is the years both were breached: A 100 of every 10,100.
    const VendorLoss& a = loss_of(r, "A");
    const VendorLoss& b = loss_of(r, "B");
    CHECK(a.tail_share_100 == doctest::Approx(100.0 / 10100).epsilon(1e-12));
    CHECK(b.tail_share_100 == doctest::Approx(10000.0 / 10100).epsilon(1e-12));
    // The 1-in-20 tail is every year that lost something: A's share about 50 / 350.
    CHECK(std::fabs(a.tail_share_20 - 50.0 / 350) < 0.01);
    // Z is never breached: no loss, no share.
    const VendorLoss& z = loss_of(r, "Z");
    CHECK(z.expected_annual_loss == 0);
    CHECK(z.tail_share_20 == 0);
    CHECK(r.vendors.back().id == "Z");
    // The curve CSV: the median first, at its return period.
    const std::string curve = render_loss_curve_csv(r);
    CHECK(curve.rfind("return_period_years,probability,loss\n2,0.5,100\n", 0) == 0);
    CHECK(std::count(curve.begin(), curve.end(), '\n') == 29);
    // Names are escaped in the picture.
    const std::string svg = render_loss(r, Format::svg);
    CHECK(svg.find("A &amp; B &lt;two costs&gt;") != std::string::npos);
    CHECK(svg.find("A & B") == std::string::npos);
}

TEST_CASE("a vendor breached every year, and a single simulated year") {
    RulePack rules = test::rules_from(kTwoCosts);
    Model m = test::model_from(two_costs_model(1, 0.03), rules);
    const LossResult r = loss(m, rules);
    CHECK(r.years_with_loss == 1);
    CHECK(*r.p50 == 100);
    CHECK(r.expected_annual_loss == doctest::Approx(100 + 0.03 * 10000).epsilon(1e-12));
    LossOptions one;
    one.years = 1;
    const LossResult y = loss(m, rules, {}, one);
    CHECK(y.years == 1);
    CHECK(y.simulated_stderr == 0);
    CHECK(y.simulated_mean >= 100);
    CHECK_FALSE(y.p50.has_value());
    CHECK(y.exceedance.empty());
    CHECK(render_loss(y, Format::table).find("(needs 2 simulated years)") != std::string::npos);
    CHECK(render_loss(y, Format::json).find("\"p50\": null") != std::string::npos);
}

TEST_CASE("the table of incidents the simulation draws from: A's cascade by hand, exact and sampled") {
    // From A (kMoneyModel): A -> B fires with 0.3, then B -> C with 0.5 (C -> A
    // reaches A, already breached). People by level [high, low]: A exposes
    // 1,000 names (low); B adds health to its 200 (high), leaving 800 low; C's
    // names are people A already exposed, and C's only edge leads back into
    // the set: C adds nothing, so the enumeration leaves B -> C undecided and
    // {A, B} stands for {A, B} (0.15) and {A, B, C} (0.15). Dead edge first:
    // {A} (0.7), then {A, B} (0.3).
    RulePack rules = test::rules_from(kMoneyPack);
    Model m = test::model_from(kMoneyModel, rules);
    const propagation::Context cx(m, rules, 1);
    propagation::Cascader c = cx.cascader();
    const int a[] = {1};
    propagation::IncidentTable t;
    c.record_incidents(&t);
    c.exact(a, false);
    REQUIRE(t.size() == 2);
    CHECK(t.levels == 2);
    CHECK(t.cumulative[0] == doctest::Approx(0.7).epsilon(1e-12));
    CHECK(t.cumulative[1] == doctest::Approx(1.0).epsilon(1e-12));
    const std::vector<double> people{0, 1000, 200, 800};
    CHECK(t.people == people);
    // A uniform picks the row whose share of [0, 1) holds it.
    CHECK(t.pick(0.0) == 0);
    CHECK(t.pick(0.69) == 0);
    CHECK(t.pick(0.71) == 1);
    CHECK(t.pick(0.999999) == 1);
    // The next run records nothing unless asked again.
    c.exact(a, false);
    CHECK(t.size() == 2);
    // Reach still counts C: P(C in B) = 0.3 x 0.5.
    const auto with_reach = c.exact(a, true);
    CHECK(with_reach.reach[static_cast<std::size_t>(m.find_entity("C"))] == doctest::Approx(0.15).epsilon(1e-12));
    // Recording the breach sets (what-if) decides every edge: three sets.
    propagation::Distribution d;
    c.record(&d);
    c.exact(a, false);
    CHECK(d.size() == 3);

    // Sampled: the weights are counts of the 20,000 trials, each share within
    // 4 binomial standard deviations of the exact one.
    propagation::IncidentTable s;
    c.record_incidents(&s);
    c.montecarlo(a, 20000, 7, false);
    REQUIRE(s.size() == 3);
    CHECK(s.cumulative.back() == 20000);
    double previous = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const double share = (s.cumulative[i] - previous) / 20000;
        previous = s.cumulative[i];
        const bool alone = s.people[2 * i] == 0;  // {A}; the two larger sets expose the same people
        const double p = alone ? 0.7 : 0.15;
        CAPTURE(i);
        CHECK(std::fabs(share - p) < 4 * std::sqrt(p * (1 - p) / 20000));
        CHECK(s.people[2 * i + 1] == (alone ? 1000 : 800));
    }
}
