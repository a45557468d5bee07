// Cascades over access edges (SPEC §4 "Cascade"), against values derived by hand.
//
// Fixture: organisation O owns PA (100 people), PB (10), PC (1), PD (1000), each
// holding category x (weight 1, identifies 1, so a record's severity is 1 and
// the harm of a population is its exposed head count). O passes PA to A, PB to
// B, PC to C, PD to D: H({A}) = 100, H({B}) = 10, H({C}) = 1, H({D}) = 1000, and
// since they hold different people, the union harm of a set is the sum.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "breachrank/generate.hpp"
#include "breachrank/report.hpp"
#include "graph/access_graph.hpp"
#include "helpers.hpp"
#include "propagation/cascade.hpp"
#include "propagation/certain.hpp"
#include "propagation/context.hpp"
#include "propagation/linear.hpp"

using namespace breachrank;

namespace {

const char* kRules = R"(breachrank: rules/1
name: flat
categories: {x: {weight: 1, identifies: 1}, name: {weight: 1, identifies: 0.5}, photo: {weight: 1.5, identifies: 0.75}}
rules: [{id: face-and-name, when: {all: [name, photo]}, multiply: 2}]
likelihood: {base: {organisation: 0.05, supplier: 0.1}}
)";

std::string model_with(const std::string& access) {
    return R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: A, kind: supplier}
  - {id: B, kind: supplier}
  - {id: C, kind: supplier}
  - {id: D, kind: supplier}
populations:
  - {id: PA, owner: O, size: 100, holds: [x]}
  - {id: PB, owner: O, size: 10, holds: [x]}
  - {id: PC, owner: O, size: 1, holds: [x]}
  - {id: PD, owner: O, size: 1000, holds: [x]}
flows:
  - {from: O, to: A, population: PA, categories: [x]}
  - {from: O, to: B, population: PB, categories: [x]}
  - {from: O, to: C, population: PC, categories: [x]}
  - {from: O, to: D, population: PD, categories: [x]}
access:
)" + access;
}

struct Fixture {
    RulePack rules = test::rules_from(kRules);
    Model model;
    explicit Fixture(const std::string& access) : model(test::model_from(model_with(access), rules)) {}
    ScoreResult run(CascadeMethod m, std::int64_t trials = 2000, int threads = 0) const {
        ScoreOptions o;
        o.method = m;
        o.trials = trials;
        o.threads = threads;
        return score(model, rules, o);
    }
};

}  // namespace

TEST_CASE("exact: a chain") {
    // A -0.5-> B -0.4-> C. C(A) = 100 + 0.5 x 10 + 0.5 x 0.4 x 1 = 105.2;
    // C(B) = 10 + 0.4 x 1 = 10.4; C(C) = 1 (no outgoing access).
    Fixture f("  - {from: A, to: B, probability: 0.5}\n  - {from: B, to: C, probability: 0.4}\n");
    ScoreResult r = f.run(CascadeMethod::exact);
    CHECK(test::vendor(r, "A").cascade_impact == doctest::Approx(105.2).epsilon(1e-14));
    CHECK(test::vendor(r, "B").cascade_impact == doctest::Approx(10.4).epsilon(1e-14));
    CHECK(test::vendor(r, "C").cascade_impact == 1.0);
    CHECK(test::vendor(r, "A").cascade_method == CascadeMethod::exact);
    // exposure(O) = 0.1 x (105.2 + 10.4 + 1 + 1000) = 111.66.
    CHECK(r.organisations[0].exposure == doctest::Approx(111.66).epsilon(1e-13));
}

TEST_CASE("exact: a cycle") {
    // A -0.5-> B -0.5-> A: C(A) = 100 + 0.5 x 10 = 105 (the edge back into A changes
    // nothing); C(B) = 10 + 0.5 x 100 = 60.
    Fixture f("  - {from: A, to: B, probability: 0.5}\n  - {from: B, to: A, probability: 0.5}\n");
    ScoreResult r = f.run(CascadeMethod::exact);
    CHECK(test::vendor(r, "A").cascade_impact == 105.0);
    CHECK(test::vendor(r, "B").cascade_impact == 60.0);
}

TEST_CASE("exact: a diamond") {
    // A -0.5-> B -0.5-> D and A -0.5-> C -0.5-> D. P(D reached) = 1 - (1 - 0.25)^2 = 0.4375.
    // C(A) = 100 + 0.5 x 10 + 0.5 x 1 + 0.4375 x 1000 = 543.
    Fixture f("  - {from: A, to: B, probability: 0.5}\n  - {from: A, to: C, probability: 0.5}\n"
              "  - {from: B, to: D, probability: 0.5}\n  - {from: C, to: D, probability: 0.5}\n");
    ScoreResult r = f.run(CascadeMethod::exact);
    CHECK(test::vendor(r, "A").cascade_impact == doctest::Approx(543.0).epsilon(1e-14));
    // The incident look-up reaches D with the same probability.
    BreachResult b = breach(f.model, f.rules, {"A"});
    CHECK(b.method == CascadeMethod::exact);
    CHECK(b.harm == 100.0);
    CHECK(b.expected_harm == doctest::Approx(543.0).epsilon(1e-14));
    REQUIRE(b.reach.size() == 4);  // every other entity: B, C, D and O
    CHECK(b.reach[0].id == "B");
    CHECK(b.reach[0].probability == 0.5);
    CHECK(b.reach[1].id == "C");
    CHECK(b.reach[2].id == "D");
    CHECK(b.reach[2].probability == doctest::Approx(0.4375).epsilon(1e-15));
    CHECK(b.reach[3].id == "O");
    CHECK(b.reach[3].probability == 0.0);

    SUBCASE("Monte Carlo within 4 standard errors of exact") {
        ScoreResult mc = f.run(CascadeMethod::montecarlo, 20000);
        const VendorScore& a = test::vendor(mc, "A");
        CHECK(a.cascade_method == CascadeMethod::montecarlo);
        REQUIRE(a.cascade_stderr.has_value());
        CHECK(*a.cascade_stderr > 0);
        CHECK(std::abs(a.cascade_impact - 543.0) < 4 * *a.cascade_stderr);
        // A vendor without outgoing access is exact, with no sampling.
        CHECK(test::vendor(mc, "D").cascade_method == CascadeMethod::exact);
        CHECK(test::vendor(mc, "D").cascade_impact == 1000.0);
    }
}

TEST_CASE("breach of a set: harm of the set, expected harm of its cascade") {
    // {A, C} breached, A -0.5-> B: harm 101, expected 101 + 0.5 x 10 = 106.
    Fixture f("  - {from: A, to: B, probability: 0.5}\n");
    BreachResult b = breach(f.model, f.rules, {"A", "C"});
    CHECK(b.harm == 101.0);
    CHECK(b.people_exposed == 101.0);
    CHECK(b.expected_harm == 106.0);
    CHECK(b.exposures.size() == 2);
    CHECK_THROWS_AS(breach(f.model, f.rules, {"A", "A"}), Error);
    CHECK_THROWS_AS(breach(f.model, f.rules, {"Z"}), Error);
    ScoreOptions lin;
    lin.method = CascadeMethod::linear;
    CHECK_THROWS_AS(breach(f.model, f.rules, {"A"}, lin), Error);
}

TEST_CASE("union harm: a mosaic that neither vendor holds alone") {
    // P (100 people). A holds name, B holds photo; A -0.5-> B.
    // H({A}) = 100 x 1 x 0.5 = 50; H({B}) = 100 x 1.5 x 0.75 = 112.5;
    // H({A, B}) = 100 x 1.5 x 0.75 x 2 (face-and-name) = 225, not 50 + 112.5.
    // C(A) = 0.5 x 50 + 0.5 x 225 = 137.5; the linear screen gives 50 + 0.5 x 112.5 = 106.25.
    RulePack rules = test::rules_from(kRules);
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: A, kind: supplier}, {id: B, kind: supplier}]
populations: [{id: P, owner: O, size: 100, holds: [name, photo]}]
flows:
  - {from: O, to: A, population: P, categories: [name]}
  - {from: O, to: B, population: P, categories: [photo]}
access: [{from: A, to: B, probability: 0.5}]
)",
                               rules);
    ScoreResult r = score(m, rules);
    CHECK(test::vendor(r, "A").direct_impact == 50.0);
    CHECK(test::vendor(r, "B").direct_impact == 112.5);
    CHECK(test::vendor(r, "A").cascade_impact == 137.5);
    ScoreOptions lin;
    lin.method = CascadeMethod::linear;
    CHECK(test::vendor(score(m, rules, lin), "A").cascade_impact == doctest::Approx(106.25).epsilon(1e-14));
}

TEST_CASE("linear: a hand-solved 3x3 system") {
    // A -0.5-> B -0.4-> C -0.25-> A, D = (100, 10, 1):
    //   U_A = 100 + 0.5 U_B, U_B = 10 + 0.4 U_C, U_C = 1 + 0.25 U_A
    //   => U_A = 105.2 / 0.95 = 2104/19, U_B = 408/19, U_C = 545/19.
    Fixture f("  - {from: A, to: B, probability: 0.5}\n  - {from: B, to: C, probability: 0.4}\n"
              "  - {from: C, to: A, probability: 0.25}\n");
    ScoreResult r = f.run(CascadeMethod::linear);
    CHECK(test::vendor(r, "A").cascade_impact == doctest::Approx(2104.0 / 19).epsilon(1e-12));
    CHECK(test::vendor(r, "B").cascade_impact == doctest::Approx(408.0 / 19).epsilon(1e-12));
    CHECK(test::vendor(r, "C").cascade_impact == doctest::Approx(545.0 / 19).epsilon(1e-12));
    // exposure(O) = 0.1 x (U_A + U_B + U_C + 1000) = 0.1 x (3057/19 + 1000).
    CHECK(r.organisations[0].exposure == doctest::Approx(0.1 * (3057.0 / 19 + 1000)).epsilon(1e-12));
}

TEST_CASE("linear: a divergent screen is an error naming the cycle") {
    // A -1-> B -1-> A: spectral radius of Q is 1.
    Fixture f("  - {from: A, to: B, probability: 1}\n  - {from: B, to: A, probability: 1}\n");
    try {
        f.run(CascadeMethod::linear);
        FAIL("expected an error");
    } catch (const Error& e) {
        std::string msg = e.what();
        CHECK(msg.find("spectral radius of damping x Q is 1, not below 1") != std::string::npos);
        CHECK(msg.find("A -(1)-> B -(1)-> A") != std::string::npos);
    }
}

TEST_CASE("exact refuses more than 20 reachable edges; auto samples beyond 16") {
    // A ring of 24 suppliers, each with an edge to the next: 24 reachable edges from any.
    RulePack rules = test::rules_from(kRules);
    std::string text = "breachrank: model/1\nentities:\n";
    for (int i = 0; i < 24; ++i) text += "  - {id: s" + std::to_string(i) + ", kind: supplier}\n";
    text += "access:\n";
    for (int i = 0; i < 24; ++i)
        text += "  - {from: s" + std::to_string(i) + ", to: s" + std::to_string((i + 1) % 24) + ", probability: 0.3}\n";
    Model m = test::model_from(text, rules);
    ScoreOptions exact;
    exact.method = CascadeMethod::exact;
    try {
        score(m, rules, exact);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("use --method montecarlo or auto") != std::string::npos);
    }
    ScoreResult r = score(m, rules);
    CHECK(r.vendors[0].cascade_method == CascadeMethod::montecarlo);
}

TEST_CASE("the thread count never changes a result") {
    // 40 suppliers in a ring with chords: Monte Carlo for every one of them.
    RulePack rules = test::rules_from(kRules);
    std::string text = "breachrank: model/1\nentities:\n  - {id: O, kind: organisation}\n";
    for (int i = 0; i < 40; ++i) text += "  - {id: s" + std::to_string(i) + ", kind: supplier}\n";
    text += "populations:\n";
    for (int i = 0; i < 40; ++i)
        text += "  - {id: p" + std::to_string(i) + ", owner: O, size: " + std::to_string(10 + i) + ", holds: [x]}\n";
    text += "flows:\n";
    for (int i = 0; i < 40; ++i)
        text += "  - {from: O, to: s" + std::to_string(i) + ", population: p" + std::to_string(i) + ", categories: [x]}\n";
    text += "access:\n";
    for (int i = 0; i < 40; ++i) {
        text += "  - {from: s" + std::to_string(i) + ", to: s" + std::to_string((i + 1) % 40) + ", probability: 0.3}\n";
        text += "  - {from: s" + std::to_string(i) + ", to: s" + std::to_string((i + 7) % 40) + ", probability: 0.1}\n";
    }
    Model m = test::model_from(text, rules);
    ScoreOptions one, two, four;
    one.threads = 1;
    two.threads = 2;
    four.threads = 4;
    std::string a = render_score(score(m, rules, one), Format::json);
    CHECK(a.find("\"montecarlo\"") != std::string::npos);
    CHECK(a == render_score(score(m, rules, two), Format::json));
    CHECK(a == render_score(score(m, rules, four), Format::json));
    // A different seed gives different estimates.
    ScoreOptions other = two;
    other.seed = 2;
    CHECK(a != render_score(score(m, rules, other), Format::json));
}

TEST_CASE("linear: components in any order, a large cycle (iterative branch) and the transposed solve") {
    // Built directly on the screen. Entities 0..299 form a ring v -> v+1 (mod
    // 300) of probability 0.5 (one component of 300 > 256 members: the iterative
    // branch); 300 -> 0 feeds the ring from outside (probability 0.2); 301 -> 302
    // is a separate chain (probability 0.25). Damping 1, every D = 1 except D(302) = 8.
    //   Ring: U_v = 1 + 0.5 U_{v+1} for every v, so U_v = 1 / (1 - 0.5) = 2.
    //   U_300 = 1 + 0.2 U_0 = 1.4; U_302 = 8; U_301 = 1 + 0.25 x 8 = 3.
    // Transposed, weights P = 1 on entity 300 only: w solves w = P + Q^T w.
    //   w_300 = 1; w_0 = 0.2 + 0.5 w_299; w_v = 0.5 w_{v-1} for v = 1..299,
    //   so w_0 = 0.2 + 0.5^300 w_0, w_0 = 0.2 / (1 - 2^-300) = 0.2 to double precision,
    //   w_v = 0.2 x 0.5^v; w_301 = w_302 = 0.
    Model m;
    for (int i = 0; i < 303; ++i) {
        Entity e;
        e.id = "e" + std::to_string(i);
        e.kind = EntityKind::supplier;
        m.entities.push_back(e);
    }
    for (int v = 0; v < 300; ++v) m.access.push_back(Access{v, (v + 1) % 300, 0.5});
    m.access.push_back(Access{300, 0, 0.2});
    m.access.push_back(Access{301, 302, 0.25});
    graph::AccessGraph g(m);
    std::vector<double> d(303, 1.0), p(303, 0.0);
    d[302] = 8;
    p[300] = 1;
    propagation::LinearScreen s = propagation::solve_linear(m, g, 1.0, d, p);
    for (int v : {0, 1, 150, 299}) CHECK(s.impact[static_cast<std::size_t>(v)] == doctest::Approx(2.0).epsilon(1e-12));
    CHECK(s.impact[300] == doctest::Approx(1.4).epsilon(1e-12));
    CHECK(s.impact[301] == doctest::Approx(3.0).epsilon(1e-12));
    CHECK(s.impact[302] == doctest::Approx(8.0).epsilon(1e-12));
    CHECK(s.weights_through[300] == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(s.weights_through[0] == doctest::Approx(0.2).epsilon(1e-12));
    CHECK(s.weights_through[10] == doctest::Approx(0.2 / 1024).epsilon(1e-12));
    CHECK(s.weights_through[301] == 0.0);
    CHECK(s.spectral_radius == doctest::Approx(0.5).epsilon(1e-9));
    // A second solve on the same factors (what-if): D = 0 except D(0) = 1 gives
    // U_0 = 1 / (1 - 0.5^300) = 1, and U_v = 0.5^(300 - v) for v = 1..299.
    std::vector<double> d0(303, 0.0);
    d0[0] = 1;
    std::vector<double> u = s.solve(d0);
    CHECK(u[0] == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(u[299] == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(u[290] == doctest::Approx(1.0 / 1024).epsilon(1e-12));
    CHECK(u[300] == doctest::Approx(0.2).epsilon(1e-12));
}

TEST_CASE("Monte Carlo over certain access: every trial is the first, repeated, with the same numbers") {
    // A -1-> B -1-> C -1-> D -1-> A: every breach reaches all four, H = 100 + 10 + 1
    // + 1000 = 1111 in every trial, standard error 0; each reaches the other
    // three with probability 1. One edge of 0.5 (D -> C, into the set) draws
    // nothing either: the target is always breached first.
    Fixture f("  - {from: A, to: B, probability: 1}\n  - {from: B, to: C, probability: 1}\n"
              "  - {from: C, to: D, probability: 1}\n  - {from: D, to: A, probability: 1}\n"
              "  - {from: D, to: C, probability: 0.5}\n");
    for (int threads : {1, 2}) {
        ScoreResult r = f.run(CascadeMethod::montecarlo, 2000, threads);
        for (const char* id : {"A", "B", "C", "D"}) {
            CAPTURE(id);
            CHECK(test::vendor(r, id).cascade_impact == 1111.0);
            CHECK(*test::vendor(r, id).cascade_stderr == 0.0);
            CHECK(test::vendor(r, id).cascade_method == CascadeMethod::montecarlo);
        }
        // exposure(O) = 0.1 x 4 x 1111 = 444.4.
        CHECK(r.organisations[0].exposure == doctest::Approx(444.4).epsilon(1e-13));
    }
    ScoreOptions o;
    o.method = CascadeMethod::montecarlo;
    const BreachResult b = breach(f.model, f.rules, {"A"}, o);
    CHECK(b.expected_harm == 1111.0);
    REQUIRE(b.reach.size() == 4);  // O, never reached, is listed at 0
    for (const ReachProbability& p : b.reach) CHECK(p.probability == (p.id == "O" ? 0.0 : 1.0));
    // suggest reads the recorded trials: cutting A -> B leaves A alone (100),
    // a reduction of 0.1 x 1011 = 101.1 for A.
    SuggestOptions so;
    so.top = 0;
    so.drop_categories = false;
    so.add_controls = false;
    bool found = false;
    for (const Suggestion& s : suggest(f.model, f.rules, o, so))
        if (s.description == "cut the access of 'A' into 'B'") {
            found = true;
            CHECK(s.vendor_risk_after == doctest::Approx(0.1 * 100).epsilon(1e-12));
            // C -> D -> A still breaches A but no longer B: 0.1 x (1 + 1000 +
            // 100). C's trials were all its first, recorded once, and C is
            // sampled again without the edge.
            const auto c = std::find_if(s.effects.begin(), s.effects.end(), [](const VendorEffect& e) { return e.id == "C"; });
            REQUIRE(c != s.effects.end());
            CHECK(c->before == doctest::Approx(0.1 * 1111).epsilon(1e-12));
            CHECK(c->after == doctest::Approx(0.1 * 1101).epsilon(1e-12));
        }
    CHECK(found);
}

TEST_CASE("exact: suppliers that add nothing are left undecided, with the same numbers") {
    // V reaches 16 suppliers L1..L16 with 0.5 each, and L1 reaches L2 with 0.5.
    // Each L holds the same 10 people's x (share 0.01 of 1,000; severity 1), V
    // nothing: any reached L exposes those 10, and more Ls expose nothing
    // more. C(V) = 10 x P(some L reached) = 10 x (1 - 2^-16). The enumeration
    // stops deciding edges into Ls once one is reached (17 outcomes, not 2^17),
    // yet every L keeps its reach: P(L2) = 1 - (1 - 0.5)(1 - 0.5 x 0.5) = 0.625.
    std::string m = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: V, kind: supplier}
)";
    std::string flows, access;
    for (int i = 1; i <= 16; ++i) {
        m += "  - {id: L" + std::to_string(i) + ", kind: supplier}\n";
        flows += "  - {from: O, to: L" + std::to_string(i) + ", population: P, categories: [x], share: 0.01}\n";
        access += "  - {from: V, to: L" + std::to_string(i) + ", probability: 0.5}\n";
    }
    access += "  - {from: L1, to: L2, probability: 0.5}\n";
    m += "populations:\n  - {id: P, owner: O, size: 1000, holds: [x]}\nflows:\n" + flows + "access:\n" + access;
    RulePack rules = test::rules_from(kRules);
    Model model = test::model_from(m, rules);
    ScoreOptions exact;
    exact.method = CascadeMethod::exact;
    const double reached = 1 - std::ldexp(1.0, -16);
    CHECK(test::vendor(score(model, rules, exact), "V").cascade_impact == doctest::Approx(10 * reached).epsilon(1e-14));
    const BreachResult b = breach(model, rules, {"V"}, exact);
    CHECK(b.expected_harm == doctest::Approx(10 * reached).epsilon(1e-14));
    for (const ReachProbability& p : b.reach) {
        CAPTURE(p.id);
        const double want = p.id == "O" ? 0.0 : p.id == "L2" ? 0.625 : 0.5;
        CHECK(p.probability == doctest::Approx(want).epsilon(1e-14));
    }
    // Re-scored with a changed holder (suggest's overlay): once L1 no longer
    // holds x, only L2..L16 expose the 10. None is reached with probability
    // P(no L2) x 2^-14 = 0.5 x (1 - 0.25) x 2^-14.
    SuggestOptions so;
    so.top = 0;
    so.add_controls = false;
    so.remove_access = false;
    bool found = false;
    for (const Suggestion& s : suggest(model, rules, exact, so))
        if (s.description == "stop sending 'x' of 'P' from 'O' to 'L1'") {
            found = true;
            // V's risk after: 0.1 x 10 x (1 - 0.375 x 2^-14).
            const auto v = std::find_if(s.effects.begin(), s.effects.end(), [](const VendorEffect& e) { return e.id == "V"; });
            REQUIRE(v != s.effects.end());
            CHECK(v->before == doctest::Approx(0.1 * 10 * reached).epsilon(1e-14));
            CHECK(v->after == doctest::Approx(0.1 * 10 * (1 - 0.375 * std::ldexp(1.0, -14))).epsilon(1e-14));
        }
    CHECK(found);

    // Recording the breach sets (suggest, report) never changes a figure:
    // with 0.3 instead of 0.5 the merged and the unmerged sums would round
    // differently, yet suggest's V is score's V to the last digit.
    std::string m3 = m;
    for (std::size_t at = m3.find("probability: 0.5"); at != std::string::npos; at = m3.find("probability: 0.5", at))
        m3.replace(at, 16, "probability: 0.3");
    Model model3 = test::model_from(m3, rules);
    const double risk3 = test::vendor(score(model3, rules, exact), "V").risk;
    CHECK(risk3 == doctest::Approx(0.1 * 10 * (1 - std::pow(0.7, 16))).epsilon(1e-14));
    bool found3 = false;
    for (const Suggestion& s : suggest(model3, rules, exact, so))
        for (const VendorEffect& e : s.effects)
            if (e.id == "V") {
                found3 = true;
                CHECK(e.before == risk3);
            }
    CHECK(found3);
}

TEST_CASE("exact: a target left undecided twice counts its reach once, even after an edge of 1e-17") {
    // V and T hold the same 10 people's x, so T adds nothing to any set with V.
    // V -1e-17-> T and V -1-> B -0.5-> T: both edges into T are skipped, the
    // first leaving P(T not reached) at 1 - 1e-17 = 1 in doubles. P(T) = 0.5.
    const char* text = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: V, kind: supplier}
  - {id: T, kind: supplier}
  - {id: B, kind: supplier}
populations:
  - {id: P, owner: O, size: 1000, holds: [x]}
flows:
  - {from: O, to: V, population: P, categories: [x], share: 0.01}
  - {from: O, to: T, population: P, categories: [x], share: 0.01}
access:
  - {from: V, to: T, probability: 1e-17}
  - {from: V, to: B, probability: 1}
  - {from: B, to: T, probability: 0.5}
)";
    RulePack rules = test::rules_from(kRules);
    Model model = test::model_from(text, rules);
    const BreachResult b = breach(model, rules, {"V"});
    CHECK(b.method == CascadeMethod::exact);
    CHECK(b.expected_harm == 10.0);
    for (const ReachProbability& p : b.reach) {
        CAPTURE(p.id);
        CHECK(p.probability == doctest::Approx(p.id == "T" ? 0.5 : p.id == "B" ? 1.0 : 0.0).epsilon(1e-14));
    }
}

TEST_CASE("suggest past the recorded sets' limit: a data change cascades again, with the same numbers") {
    // V reaches L1..L13 with 0.5 each; Li holds x of i people (share i/1000 of
    // 1,000; severity 1), V nothing. H(B) = the largest i in B, so
    // C(V) = sum over k of k x P(max = k) = sum of k x 2^-(14 - k): 2^13 = 8,192
    // distinct breach sets, past Cascader::kMaxRecordedSets. Once L13 holds
    // nothing, C'(V) = sum over k <= 12 of k x 2^-(13 - k).
    std::string m = "breachrank: model/1\nentities:\n  - {id: O, kind: organisation}\n  - {id: V, kind: supplier}\n";
    std::string flows, access;
    for (int i = 1; i <= 13; ++i) {
        const std::string l = "L" + std::to_string(i);
        m += "  - {id: " + l + ", kind: supplier}\n";
        flows += "  - {from: O, to: " + l + ", population: P, categories: [x], share: " + std::to_string(i / 1000.0) + "}\n";
        access += "  - {from: V, to: " + l + ", probability: 0.5}\n";
    }
    m += "populations:\n  - {id: P, owner: O, size: 1000, holds: [x]}\nflows:\n" + flows + "access:\n" + access;
    RulePack rules = test::rules_from(kRules);
    Model model = test::model_from(m, rules);
    static_assert(propagation::Cascader::kMaxRecordedSets < 8192);
    double before = 0, after = 0;
    for (int k = 1; k <= 13; ++k) before += k * std::ldexp(1.0, -(14 - k));
    for (int k = 1; k <= 12; ++k) after += k * std::ldexp(1.0, -(13 - k));
    CHECK(test::vendor(score(model, rules), "V").cascade_impact == doctest::Approx(before).epsilon(1e-13));
    SuggestOptions so;
    so.top = 0;
    so.add_controls = false;
    so.remove_access = false;
    bool found = false;
    for (const Suggestion& s : suggest(model, rules, {}, so))
        if (s.description == "stop sending 'x' of 'P' from 'O' to 'L13'") {
            found = true;
            const auto v = std::find_if(s.effects.begin(), s.effects.end(), [](const VendorEffect& e) { return e.id == "V"; });
            REQUIRE(v != s.effects.end());
            CHECK(v->before == doctest::Approx(0.1 * before).epsilon(1e-13));
            CHECK(v->after == doctest::Approx(0.1 * after).epsilon(1e-13));
        }
    CHECK(found);
}

TEST_CASE("certain cascades: one pass over the components gives each closure's union harm") {
    // A <-> B -> C and D -> C, all with probability 1; E -> D with 0.5.
    // R(A) = R(B) = {A, B, C}: 100 + 10 + 1 = 111; R(D) = {C, D}: 1001; R(C) = {C}: 1.
    // E reaches an edge of 0.5: not certain.
    Fixture f("  - {from: A, to: B, probability: 1}\n  - {from: B, to: A, probability: 1}\n"
              "  - {from: B, to: C, probability: 1}\n  - {from: D, to: C, probability: 1}\n");
    {
        const propagation::Context cx(f.model, f.rules, 1);
        const std::vector<char> wanted(f.model.entities.size(), 1);
        const propagation::CertainHarms h = propagation::certain_harms(cx, wanted, true);
        REQUIRE(h.slot.size() == f.model.entities.size());
        auto harm = [&](const char* id) {
            const int s = h.slot[static_cast<std::size_t>(f.model.find_entity(id))];
            REQUIRE(s >= 0);
            return h.harms[static_cast<std::size_t>(s)].total;
        };
        CHECK(harm("A") == 111.0);
        CHECK(harm("B") == 111.0);
        CHECK(h.slot[static_cast<std::size_t>(f.model.find_entity("A"))] ==
              h.slot[static_cast<std::size_t>(f.model.find_entity("B"))]);  // one component, one harm
        CHECK(harm("D") == 1001.0);
        CHECK(harm("C") == 1.0);
    }
    // Sampled, the vendors get the same figures with no spread.
    const ScoreResult r = f.run(CascadeMethod::montecarlo);
    CHECK(test::vendor(r, "A").cascade_impact == 111.0);
    CHECK(*test::vendor(r, "A").cascade_stderr == 0.0);
    CHECK(test::vendor(r, "D").cascade_impact == 1001.0);

    Fixture g("  - {from: A, to: B, probability: 1}\n  - {from: B, to: C, probability: 0.5}\n");
    const propagation::Context cx(g.model, g.rules, 1);
    const std::vector<char> wanted(g.model.entities.size(), 1);
    const propagation::CertainHarms h = propagation::certain_harms(cx, wanted, false);
    REQUIRE(h.slot.size() == g.model.entities.size());
    CHECK(h.slot[static_cast<std::size_t>(g.model.find_entity("A"))] == -1);  // A -> B -> C with 0.5
    CHECK(h.slot[static_cast<std::size_t>(g.model.find_entity("B"))] == -1);
}

TEST_CASE("certain cascades: bit for bit the union harm of the walked closure, on a generated model") {
    // Every access edge of a generated model set to 1: every closure is
    // certain. Each vendor's harm from the pass must be BreachHarm::score()
    // of the set a walk reaches, to the last bit, people and money included.
    const RulePack& rules = default_rules();
    GenerateOptions o;
    o.organisations = 5;
    o.suppliers = 300;
    o.segments = 2;
    o.shape = GraphShape::core;
    Model m = generate_model(o, rules);
    REQUIRE(!m.access.empty());
    for (Access& a : m.access) a.probability = 1;
    const propagation::Context cx(m, rules, 1);
    const std::vector<char> wanted(m.entities.size(), 1);
    const propagation::CertainHarms h = propagation::certain_harms(cx, wanted, true);
    REQUIRE(h.slot.size() == m.entities.size());
    for (std::size_t v = 0; v < m.entities.size(); ++v) {
        CAPTURE(v);
        REQUIRE(h.slot[v] >= 0);
        std::vector<int> set{static_cast<int>(v)};
        std::vector<char> in(m.entities.size(), 0);
        in[v] = 1;
        for (std::size_t head = 0; head < set.size(); ++head)
            for (const graph::OutEdge& e : cx.graph.out(static_cast<std::size_t>(set[head])))
                if (!in[e.to]) in[e.to] = 1, set.push_back(static_cast<int>(e.to));
        const scoring::SetHarm want = scoring::BreachHarm::score(m, cx.coverage, cx.severity, set, nullptr, true);
        const scoring::SetHarm& got = h.harms[static_cast<std::size_t>(h.slot[v])];
        CHECK(got.total == want.total);
        CHECK(got.money == want.money);
        CHECK(got.by_owner == want.by_owner);
        CHECK(got.people == want.people);
    }
}
