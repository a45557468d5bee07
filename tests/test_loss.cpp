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
