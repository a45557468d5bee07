// SPEC §8, the worked example, derived by hand in the comments.
//
// Rules: name {w 1, id 0.5}, photo {w 1.5, id 0.75}, vetting_level {w 3, id 0};
// combine max, ease_combine max, ease_floor 0.25, circumstances 0.5;
// face-and-name (all [name, photo]) multiply 1.5;
// covert (any [name, photo], if covert_share > 0) multiply 1 + 5 covert_share.
// officers: size 100, covert_share 0.2.
#include <doctest/doctest.h>

#include <cmath>

#include "helpers.hpp"
#include "model/coverage.hpp"
#include "scoring/harm.hpp"

using namespace breachrank;

using Example = test::WorkedExample;

TEST_CASE("worked example: cards") {
    Example ex;
    ScoreResult r = score(ex.model, ex.rules);
    const VendorScore& cards = test::vendor(r, "cards");
    // One band: share 1 of officers, with {name, photo, vetting_level}.
    REQUIRE(cards.exposures.size() == 1);
    REQUIRE(cards.exposures[0].segments.at(0).bands.size() == 1);
    const BandScore& band = cards.exposures[0].segments.at(0).bands[0];
    CHECK(band.share == 1.0);
    CHECK(band.categories == std::vector<std::string>{"name", "photo", "vetting_level"});
    // base = max(1, 1.5, 3) = 3; ease = max(0.5, 0.75, 0) = 0.75;
    // mult = 1.5 (face-and-name) x (1 + 5 x 0.2) = 1.5 x 2 = 3;
    // severity = 3 x 0.75 x 3 + 0 + 0.5 = 7.25.
    CHECK(band.severity == 7.25);
    // D = 100 x 1 x 7.25 = 725.
    CHECK(cards.direct_impact == 725.0);
    CHECK(cards.people_exposed == 100.0);
    // No outgoing access: C = D exactly.
    CHECK(cards.cascade_method == CascadeMethod::exact);
    CHECK(cards.cascade_impact == 725.0);
    REQUIRE(cards.cascade_stderr.has_value());
    CHECK(*cards.cascade_stderr == 0.0);
    // P = 0.1 (supplier) x 0.5 (mfa) = 0.05; risk = 0.05 x 725 = 36.25;
    // inherent: 0.1 x 725 = 72.5.
    CHECK(cards.likelihood == doctest::Approx(0.05).epsilon(1e-15));
    CHECK(cards.risk == doctest::Approx(36.25).epsilon(1e-15));
    CHECK(cards.inherent_risk == doctest::Approx(72.5).epsilon(1e-15));
    // 36.25 < 40: tier low.
    CHECK(cards.tier == "low");
    CHECK(cards.rules_fired == std::vector<std::string>{"face-and-name", "covert"});
    CHECK(cards.organisations_affected == std::vector<std::string>{"force"});
}

TEST_CASE("worked example: host, with its cascade") {
    Example ex;
    ScoreResult r = score(ex.model, ex.rules);
    const VendorScore& host = test::vendor(r, "host");
    // One band: share 0.5 with {photo}: base 1.5, ease 0.75;
    // face-and-name does not fire (no name); covert fires (any photo): mult 2;
    // severity = 1.5 x 0.75 x 2 + 0.5 = 2.75; D = 100 x 0.5 x 2.75 = 137.5.
    REQUIRE(host.exposures.size() == 1);
    REQUIRE(host.exposures[0].segments.at(0).bands.size() == 1);
    CHECK(host.exposures[0].segments.at(0).bands[0].share == 0.5);
    CHECK(host.exposures[0].segments.at(0).bands[0].severity == 2.75);
    CHECK(host.direct_impact == 137.5);
    CHECK(host.people_exposed == 50.0);
    CHECK(host.likelihood == 0.1);
    CHECK(host.rules_fired == std::vector<std::string>{"covert"});
    // One reachable edge host -> cards (p 0.5), enumerated exactly:
    // C = 0.5 x H({host}) + 0.5 x H({host, cards}) = 0.5 x 137.5 + 0.5 x 725 = 431.25.
    CHECK(host.cascade_method == CascadeMethod::exact);
    CHECK(host.cascade_impact == 431.25);
    REQUIRE(host.cascade_stderr.has_value());
    CHECK(*host.cascade_stderr == 0.0);
    // risk = 0.1 x 431.25 = 43.125 >= 40: tier high, rank 1 (cards: 36.25, rank 2).
    CHECK(host.risk == doctest::Approx(43.125).epsilon(1e-15));
    CHECK(host.inherent_risk == doctest::Approx(43.125).epsilon(1e-15));
    CHECK(host.tier == "high");
    CHECK(host.rank == 1);
    CHECK(test::vendor(r, "cards").rank == 2);
    // exposure(force) = 0.05 x 725 + 0.1 x 431.25 = 36.25 + 43.125 = 79.375.
    REQUIRE(r.organisations.size() == 1);
    CHECK(r.organisations[0].id == "force");
    CHECK(r.organisations[0].people == 100.0);
    CHECK(r.organisations[0].exposure == doctest::Approx(79.375).epsilon(1e-15));
}

TEST_CASE("worked example: the linear screen adds both harms") {
    // U = (I - Q)^-1 D: U(cards) = 725; U(host) = 137.5 + 0.5 x 725 = 500.
    Example ex;
    ScoreOptions o;
    o.method = CascadeMethod::linear;
    ScoreResult r = score(ex.model, ex.rules, o);
    CHECK(r.method == CascadeMethod::linear);
    CHECK_FALSE(r.trials.has_value());
    const VendorScore& host = test::vendor(r, "host");
    CHECK(host.cascade_method == CascadeMethod::linear);
    CHECK(host.cascade_impact == doctest::Approx(500.0).epsilon(1e-12));
    CHECK_FALSE(host.cascade_stderr.has_value());
    // cards has no outgoing access: exact whatever the method.
    CHECK(test::vendor(r, "cards").cascade_method == CascadeMethod::exact);
    CHECK(test::vendor(r, "cards").cascade_impact == 725.0);
    // exposure(force) = 0.05 x 725 + 0.1 x 500 = 86.25.
    CHECK(r.organisations[0].exposure == doctest::Approx(86.25).epsilon(1e-12));
}

TEST_CASE("worked example: Monte Carlo agrees with exact within 4 standard errors") {
    Example ex;
    ScoreOptions o;
    o.method = CascadeMethod::montecarlo;
    o.trials = 20000;
    ScoreResult r = score(ex.model, ex.rules, o);
    const VendorScore& host = test::vendor(r, "host");
    CHECK(host.cascade_method == CascadeMethod::montecarlo);
    REQUIRE(host.cascade_stderr.has_value());
    // H is 137.5 or 725 with probability 1/2 each: sd = (725 - 137.5) / 2 = 293.75,
    // so the standard error of 20,000 trials is about 293.75 / sqrt(20000) = 2.08.
    CHECK(*host.cascade_stderr == doctest::Approx(2.077).epsilon(0.02));
    CHECK(std::abs(host.cascade_impact - 431.25) < 4 * *host.cascade_stderr);
}

TEST_CASE("worked example: union harm of {host, cards} is 725, not 725 + 137.5") {
    // x_name = 1, x_photo = max(1, 0.5) = 1, x_vetting = 1: one band of share 1
    // with all three categories, severity 7.25: H = 725 (SPEC §8's H({host, cards})).
    Example ex;
    model::Coverage coverage(ex.model);
    scoring::SeverityModel severity(ex.model, ex.rules);
    const int both[] = {ex.model.find_entity("host"), ex.model.find_entity("cards")};
    auto exposures = scoring::expose(ex.model, coverage, severity, both);
    CHECK(scoring::total_harm(exposures) == 725.0);
}

TEST_CASE("worked example: explain traces the severity") {
    Example ex;
    VendorExplanation x = explain(ex.model, ex.rules, "cards");
    REQUIRE(x.bands.size() == 1);     // one exposure
    REQUIRE(x.bands[0].size() == 1);  // one segment: the remainder
    REQUIRE(x.bands[0][0].size() == 1);
    const SeverityTrace& t = x.bands[0][0][0];
    CHECK(t.base == 3.0);
    CHECK(t.ease == 0.75);
    REQUIRE(t.rules.size() == 2);
    CHECK(t.rules[0].rule == "face-and-name");
    CHECK(t.rules[0].effects[0].first == "multiply");
    CHECK(t.rules[0].effects[0].second == 1.5);
    CHECK(t.rules[1].effects[0].second == 2.0);
    CHECK(t.mult == 3.0);
    CHECK(t.circumstances == 0.5);
    CHECK(t.severity == 7.25);
    CHECK(x.likelihood.base == 0.1);
    REQUIRE(x.likelihood.controls.size() == 1);
    CHECK(x.likelihood.controls[0].name == "mfa");
    CHECK(x.likelihood.inherent == 0.1);
    CHECK(x.vendors == 2);
    CHECK(x.reach.empty());  // cards has no outgoing access
    VendorExplanation h = explain(ex.model, ex.rules, "host");
    REQUIRE(h.reach.size() == 1);
    CHECK(h.reach[0].id == "cards");
    CHECK(h.reach[0].probability == 0.5);
}
