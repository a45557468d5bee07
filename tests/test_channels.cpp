// Channels (SPEC §1, §2: an organisation's own disclosure routes), the base
// range of SPEC §4 step 4, and a loss of availability scored through
// circumstances; numbers worked out by hand in the comments.
#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace breachrank;

namespace {

const char* kPack = R"(breachrank: rules/1
name: channels
categories:
  name: {weight: 2, identifies: 1}
likelihood:
  base: {organisation: 0.05, supplier: 0.1, channel: 0.02}
tiers:
  - {name: high, min_risk: 10}
  - {name: low, min_risk: 0}
)";

const char* kModel = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: S, kind: supplier}
  - {id: foi, kind: channel, name: FOI replies}
populations:
  - {id: p, owner: O, size: 100, holds: [name]}
flows:
  - {from: O, to: S, population: p, categories: [name], share: 0.5}
  - {from: O, to: foi, population: p, categories: [name]}
)";

}  // namespace

TEST_CASE("channels: likelihood from likelihood.base.channel, ranked beside suppliers") {
    RulePack rules = test::rules_from(kPack);
    Model m = test::model_from(kModel, rules);
    ScoreResult r = score(m, rules);
    // S: D = 100 x 0.5 x 2 = 100, P = 0.1, risk 10 (high).
    // foi: D = 100 x 1 x 2 = 200, P = 0.02, risk 4 (low).
    REQUIRE(r.vendors.size() == 2);
    CHECK(r.vendors[0].id == "S");
    CHECK(r.vendors[0].risk == doctest::Approx(10.0).epsilon(1e-12));
    CHECK(r.vendors[1].id == "foi");
    CHECK(r.vendors[1].kind == EntityKind::channel);
    CHECK(r.vendors[1].likelihood == 0.02);
    CHECK(r.vendors[1].direct_impact == 200.0);
    CHECK(r.vendors[1].risk == doctest::Approx(4.0).epsilon(1e-12));
    CHECK(r.vendors[1].tier == "low");
    CHECK(render_score(r, Format::table).find("foi (channel)") != std::string::npos);
    CHECK(render_score(r, Format::csv).find("2,foi,FOI replies,channel,low,0.02,") != std::string::npos);
    // Without likelihood.base.channel a channel takes the supplier's base: P = 0.1,
    // risk 20, now ranked first.
    RulePack no_base = rules;
    no_base.likelihood.base_channel.reset();
    ScoreResult r2 = score(m, no_base);
    CHECK(r2.vendors[0].id == "foi");
    CHECK(r2.vendors[0].risk == doctest::Approx(20.0).epsilon(1e-12));
    // explain says what a channel's likelihood stands for.
    VendorExplanation x = explain(m, rules, "foi");
    CHECK(x.likelihood.kind == "channel");
    CHECK(x.likelihood.base == 0.02);
    CHECK(render_explanation(x, Format::table).find("disclosing data in error") != std::string::npos);
}

TEST_CASE("channels: no access edge may start or end at one") {
    RulePack rules = test::rules_from(kPack);
    std::string text = std::string(kModel) + "access:\n  - {from: foi, to: S, probability: 0.5}\n";
    CHECK(test::model_errors(text, rules) ==
          "12:12: 'foi' is a channel (a disclosure route), which has no standing access: an access edge may not "
          "start or end at it\n");
}

TEST_CASE("channels: a scenario cannot give one access either") {
    RulePack rules = test::rules_from(kPack);
    Model m = test::model_from(kModel, rules);
    auto sc = load_scenario_text("breachrank: scenario/1\nchanges:\n  - add_access: {from: S, to: foi, probability: 0.1}\n",
                                 "s.yaml", rules);
    REQUIRE(sc.ok());
    auto applied = apply_scenario(m, rules, *sc.value);
    CHECK_FALSE(applied.ok());
    CHECK(applied.diagnostics.str() ==
          "s.yaml:3:5: error: add_access: 'foi' is a channel (a disclosure route), which has no standing access\n");
}

TEST_CASE("base_range clamps the base after the rules, at both ends") {
    RulePack rules = test::rules_from(R"(breachrank: rules/1
categories:
  big: {weight: 5, identifies: 1}
  small: {weight: 0.2, identifies: 1}
  mid: {weight: 0.5, identifies: 1}
severity: {base_range: [1, 4]}
rules:
  - {id: triple, when: {all: [mid]}, base_multiply: 3}
)");
    Model m = test::model_from(R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: A, kind: supplier}
  - {id: B, kind: supplier}
  - {id: C, kind: supplier}
populations:
  - {id: p, owner: O, size: 10, holds: [big, small, mid]}
flows:
  - {from: O, to: A, population: p, categories: [big]}
  - {from: O, to: B, population: p, categories: [small]}
  - {from: O, to: C, population: p, categories: [mid]}
)",
                               rules);
    ScoreResult r = score(m, rules);
    // A: base 5 clamped to 4, severity 4 x 1 = 4, D = 40.
    // B: base 0.2 clamped to 1, severity 1, D = 10.
    // C: base 0.5 x 3 = 1.5 after the rule, inside the range: D = 15.
    CHECK(test::vendor(r, "A").direct_impact == 40.0);
    CHECK(test::vendor(r, "B").direct_impact == 10.0);
    CHECK(test::vendor(r, "C").direct_impact == 15.0);
    CHECK(test::rules_errors(R"(breachrank: rules/1
categories: {a: {weight: 1}}
severity: {base_range: [4, 1]}
)") == "3:24: 'base_range' goes from 4 down to 1: give the low end first\n");
}

TEST_CASE("a loss of availability scored through circumstances") {
    // footage {weight 3, identifies 0.75}: 3 x 0.75 = 2.25 with nothing known.
    // Lost for good (availability-permanent, +0.5) the rule lost-evidence fires:
    // 3 x 0.75 x 2 + 0.5 = 5.
    RulePack rules = test::rules_from(R"(breachrank: rules/1
categories: {footage: {weight: 3, identifies: 0.75}}
circumstances: {availability-permanent: 0.5}
rules:
  - id: lost-evidence
    when: {all: [footage], circumstances: [availability-permanent]}
    multiply: 2
    because: Cases may fail and victims must give evidence again.
)");
    Model m = test::model_from(R"(breachrank: model/1
entities:
  - {id: force, kind: organisation}
  - {id: store, kind: supplier}
populations:
  - {id: victims, owner: force, size: 69, holds: [footage]}
flows:
  - {from: force, to: store, population: victims, categories: [footage]}
)",
                               rules);
    CHECK(breach(m, rules, {"store"}).harm == doctest::Approx(69 * 2.25).epsilon(1e-12));
    ScoreOptions lost;
    lost.circumstances = {"availability-permanent"};
    BreachResult b = breach(m, rules, {"store"}, lost);
    CHECK(b.harm == doctest::Approx(69 * 5.0).epsilon(1e-12));
    REQUIRE(b.consequences.size() == 1);
    CHECK(b.consequences[0].second == "Cases may fail and victims must give evidence again.");
}
