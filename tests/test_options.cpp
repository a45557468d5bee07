// ScoreOptions (breachrank/options.hpp): its limits, its one validation, the
// damping option, and the summary of a run (ScoreResult::summary), on the
// worked example of SPEC §8 (hand figures in test_worked_example.cpp):
// D(cards) = 725, D(host) = 137.5, one access edge host -> cards at 0.5.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "helpers.hpp"

using namespace breachrank;

using Example = test::WorkedExample;

namespace {
std::string why_invalid(const ScoreOptions& o) {
    std::string why;
    CHECK_FALSE(o.is_valid(&why));
    return why;
}
}  // namespace

TEST_CASE("score options: every limit is checked at its bounds, with a message naming the option") {
    ScoreOptions o;
    CHECK(o.is_valid());
    o.trials = kMinTrials;
    CHECK(o.is_valid());
    o.trials = kMaxTrials;
    CHECK(o.is_valid());
    o.trials = kMaxTrials + 1;
    CHECK(why_invalid(o) == "trials must be between 1 and 1000000000, found 1000000001");
    o.trials = 0;
    CHECK(why_invalid(o) == "trials must be between 1 and 1000000000, found 0");
    o.trials.reset();

    o.damping = 0.0;
    CHECK(o.is_valid());
    o.damping = kMaxDamping;
    CHECK(o.is_valid());
    o.damping = -0.5;
    CHECK(why_invalid(o) == "damping must be between 0 and 1000000, found -0.5");
    o.damping = std::numeric_limits<double>::quiet_NaN();
    CHECK(why_invalid(o).find("damping must be between 0 and 1000000") == 0);
    o.damping.reset();

    o.threads = kMaxThreads;
    CHECK(o.is_valid());
    o.threads = kMaxThreads + 1;
    CHECK(why_invalid(o) == "threads must be between 0 (all cores) and 1024, found 1025");
    o.threads = -1;
    CHECK(why_invalid(o) == "threads must be between 0 (all cores) and 1024, found -1");
}

TEST_CASE("score options: an invalid option is refused by every entry point with is_valid()'s message") {
    Example ex;
    ScoreOptions o;
    o.trials = 0;
    CHECK_THROWS_WITH_AS(score(ex.model, ex.rules, o), "trials must be between 1 and 1000000000, found 0", Error);
    CHECK_THROWS_WITH_AS(breach(ex.model, ex.rules, {"cards"}, o), "trials must be between 1 and 1000000000, found 0",
                         Error);
    CHECK_THROWS_WITH_AS(suggest(ex.model, ex.rules, o), "trials must be between 1 and 1000000000, found 0", Error);
}

TEST_CASE("score options: damping overrides the pack's in the linear screen") {
    // U = (I - damping Q)^-1 D: U(host) = 137.5 + damping x 0.5 x 725.
    Example ex;
    ScoreOptions o;
    o.method = CascadeMethod::linear;
    CHECK(test::vendor(score(ex.model, ex.rules, o), "host").cascade_impact == doctest::Approx(500.0).epsilon(1e-12));
    o.damping = 0.0;
    CHECK(test::vendor(score(ex.model, ex.rules, o), "host").cascade_impact == 137.5);
    o.damping = 0.5;
    CHECK(test::vendor(score(ex.model, ex.rules, o), "host").cascade_impact ==
          doctest::Approx(318.75).epsilon(1e-12));
    // The exact cascade has no damping: the option changes nothing there.
    o.method = CascadeMethod::exact;
    CHECK(test::vendor(score(ex.model, ex.rules, o), "host").cascade_impact ==
          test::vendor(score(ex.model, ex.rules, ScoreOptions{}), "host").cascade_impact);
}

TEST_CASE("score summary: how many vendors each method scored, and why") {
    // cards has no access out (C = D whatever the method); host reaches one edge.
    Example ex;
    ScoreSummary s = score(ex.model, ex.rules).summary;
    CHECK(s.vendors == 2);
    CHECK(s.without_access == 1);
    CHECK(s.exact == 1);
    CHECK(s.montecarlo == 0);
    CHECK(s.linear == 0);
    CHECK(s.message ==
          "auto: 1 vendor without access that can fire (C = D), 1 vendor enumerated exactly (at most 16 reachable "
          "access edges each)");

    ScoreOptions mc;
    mc.method = CascadeMethod::montecarlo;
    mc.trials = 500;
    s = score(ex.model, ex.rules, mc).summary;
    CHECK(s.without_access == 1);
    CHECK(s.montecarlo == 1);
    CHECK(s.exact == 0);
    CHECK(s.message == "montecarlo: 1 vendor without access that can fire (C = D), 1 vendor sampled with 500 trials");

    ScoreOptions lin;
    lin.method = CascadeMethod::linear;
    s = score(ex.model, ex.rules, lin).summary;
    CHECK(s.linear == 1);
    CHECK(s.without_access == 1);
    CHECK(s.cyclic_components == 0);  // host -> cards has no cycle
    CHECK(s.message ==
          "linear: 1 vendor without access that can fire (C = D), 1 vendor by the linear screen (no cycle of access)");
}
