// Incident day (SPEC §2 segments, §3 circumstances and notification, §4):
// numbers worked out by hand in the comments.
//
// Pack: name {weight 2, identifies 1}; ease floor 0.25; levels critical >= 10,
// high >= 4, low >= 0; rule covert (all [name], if covert_share > 0) multiply
// 1 + 9 covert_share; rule tagged (population_tags [covert]) add 1; rule leak
// (circumstances [leak]) multiply 2; circumstances malicious 0.5, leak 1.
// Model: officers (size 100, holds name) with segments cov (size 10,
// covert_share 1, tag covert) and half (share 0.25: size 25); the remainder
// has 65 people. S receives name at share 0.5.
#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace breachrank;

namespace {

std::string pack(const std::string& notification) {
    return R"(breachrank: rules/1
name: incident
categories:
  name: {weight: 2, identifies: 1}
traits: {covert_share: 0}
severity:
  ease_floor: 0.25
  levels:
    - {name: critical, min: 10}
    - {name: high, min: 4}
    - {name: low, min: 0}
circumstances: {malicious: 0.5, leak: 1}
rules:
  - id: covert
    when: {all: [name], if: "covert_share > 0"}
    multiply: "1 + 9 * covert_share"
    because: Covert officers are endangered.
  - id: tagged
    when: {population_tags: [covert]}
    add: 1
  - id: leak
    when: {circumstances: [leak]}
    multiply: 2
)" + notification;
}

const char* kModel = R"(breachrank: model/1
name: segmented
entities:
  - {id: O, kind: organisation}
  - {id: S, kind: supplier}
populations:
  - id: officers
    owner: O
    size: 100
    holds: [name]
    segments:
      - {id: cov, size: 10, traits: {covert_share: 1}, tags: [covert]}
      - {id: half, share: 0.25}
flows:
  - {from: O, to: S, population: officers, categories: [name], share: 0.5}
)";

// One population of 100 with no segments; S receives name at share 0.5: severity 2 (low), 50 people.
const char* kPlainModel = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: S, kind: supplier}
populations:
  - {id: p, owner: O, size: 100, holds: [name]}
flows:
  - {from: O, to: S, population: p, categories: [name], share: 0.5}
)";

struct Incident {
    RulePack rules;
    Model model;
    explicit Incident(const std::string& notification = "")
        : rules(test::rules_from(pack(notification))), model(test::model_from(kModel, rules)) {}
};

const SegmentExposure& segment(const PopulationExposure& e, const std::string& id) {
    for (const SegmentExposure& s : e.segments)
        if (s.segment == id) return s;
    FAIL("no segment " << id);
    return e.segments.front();
}

}  // namespace

TEST_CASE("segments: sizes, the remainder, and each segment's own severity and level") {
    Incident in;
    const Population& p = in.model.populations[0];
    REQUIRE(p.segments.size() == 2);
    CHECK(p.segments[1].size == 25);  // round(0.25 x 100)
    CHECK(p.remainder() == 65);

    ScoreResult r = score(in.model, in.rules);
    const VendorScore& s = test::vendor(r, "S");
    // One band (share 0.5, {name}): base 2, ease 1.
    //   remainder: 2 x 1 x 1 = 2 (low); people 32.5; harm 65 x 0.5 x 2 = 65
    //   cov: 2 x 1 x 10 + 1 = 21 (critical); people 5; harm 10 x 0.5 x 21 = 105
    //   half: 2 (low); people 12.5; harm 25 x 0.5 x 2 = 25
    CHECK(s.direct_impact == 195.0);
    CHECK(s.people_exposed == 50.0);
    REQUIRE(s.exposures.size() == 1);
    const PopulationExposure& e = s.exposures[0];
    CHECK(e.harm == 195.0);
    REQUIRE(e.segments.size() == 3);
    CHECK(e.segments[0].segment == "officers");  // the remainder first, under the population's id
    CHECK(e.segments[0].people == 32.5);
    CHECK(e.segments[0].harm == 65.0);
    CHECK(e.segments[0].bands[0].severity == 2.0);
    CHECK(e.segments[0].bands[0].level == "low");
    CHECK(segment(e, "cov").people == 5.0);
    CHECK(segment(e, "cov").harm == 105.0);
    CHECK(segment(e, "cov").bands[0].severity == 21.0);
    CHECK(segment(e, "cov").bands[0].people == 5.0);
    CHECK(segment(e, "cov").bands[0].level == "critical");
    CHECK(segment(e, "half").harm == 25.0);
    CHECK(segment(e, "half").bands[0].level == "low");
    // Both rules fired, for the covert segment.
    CHECK(s.rules_fired == std::vector<std::string>{"covert", "tagged"});
}

TEST_CASE("segments: a model without segments scores as before (one group, the whole population)") {
    RulePack rules = test::rules_from(pack(""));
    Model m = test::model_from(R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: S, kind: supplier}
populations:
  - {id: p, owner: O, size: 100, holds: [name], traits: {covert_share: 0.1}}
flows:
  - {from: O, to: S, population: p, categories: [name], share: 0.5}
)",
                               rules);
    // Severity 2 x 1 x (1 + 0.9) = 3.8; D = 100 x 0.5 x 3.8 = 190.
    const ScoreResult r = score(m, rules);
    const VendorScore& s = test::vendor(r, "S");
    CHECK(s.direct_impact == doctest::Approx(190.0).epsilon(1e-12));
    REQUIRE(s.exposures[0].segments.size() == 1);
    CHECK(s.exposures[0].segments[0].segment == "p");
}

TEST_CASE("circumstances: added to every record's severity, and they make rules eligible") {
    Incident in;
    ScoreOptions o;
    o.circumstances = {"malicious"};
    // +0.5 on every record: remainder 2.5, cov 21.5, half 2.5;
    // D = 65 x 0.5 x 2.5 + 10 x 0.5 x 21.5 + 25 x 0.5 x 2.5 = 81.25 + 107.5 + 31.25 = 220.
    ScoreResult r = score(in.model, in.rules, o);
    CHECK(r.circumstances == std::vector<std::string>{"malicious"});
    CHECK(test::vendor(r, "S").direct_impact == 220.0);
    // leak: +1, and rule leak multiplies by 2: remainder 2 x 1 x 2 + 1 = 5 (high),
    // cov 2 x 1 x 20 + 1 + 1 = 42, half 5; D = 162.5 + 210 + 62.5 = 435.
    o.circumstances = {"leak"};
    const ScoreResult leak = score(in.model, in.rules, o);
    const VendorScore& s = test::vendor(leak, "S");
    CHECK(s.direct_impact == 435.0);
    CHECK(s.exposures[0].segments[0].bands[0].level == "high");
    CHECK(s.rules_fired == std::vector<std::string>{"covert", "tagged", "leak"});
    // Unknown and repeated names are refused, with "did you mean".
    o.circumstances = {"malicous"};
    CHECK_THROWS_WITH_AS(score(in.model, in.rules, o), "unknown circumstance 'malicous'; did you mean 'malicious'?",
                         Error);
    o.circumstances = {"leak", "leak"};
    CHECK_THROWS_WITH_AS(score(in.model, in.rules, o), "circumstance 'leak' is given twice", Error);
}

TEST_CASE("notification: the authority and the individuals of one segment only") {
    Incident in("notification: {authority: high, individuals: critical, deadline_hours: 72}\n");
    BreachResult b = breach(in.model, in.rules, {"S"});
    // Levels: remainder low, cov critical, half low. The authority's level
    // (high) is reached by cov's records; the individuals' (critical) too.
    CHECK(b.notification.authority.required);
    CHECK_FALSE(b.notification.authority.deadline.has_value());  // no discovery time given
    CHECK(b.notification.authority.reason.find("within 72 hours of becoming aware") != std::string::npos);
    CHECK(b.notification.individuals.required);
    CHECK(b.notification.individuals.people == 5.0);  // 10 covert officers x share 0.5
    REQUIRE(b.notification.individuals.groups.size() == 1);
    CHECK(b.notification.individuals.groups[0].population == "officers");
    CHECK(b.notification.individuals.groups[0].segment == "cov");
    CHECK(b.notification.individuals.groups[0].level == "critical");
    CHECK(b.consequences == std::vector<std::pair<std::string, std::string>>{{"covert", "Covert officers are endangered."},
                                                                              {"tagged", ""}});
}

TEST_CASE("notification: the authority only, nobody, and data unintelligible to whoever took it") {
    // Individuals at critical, but with no covert segment nobody reaches it.
    RulePack rules = test::rules_from(pack("notification: {authority: low, individuals: critical}\n"));
    Model m = test::model_from(kPlainModel, rules);
    BreachResult b = breach(m, rules, {"S"});
    CHECK(b.notification.authority.required);  // severity 2 is level low, the authority's level
    CHECK_FALSE(b.notification.individuals.required);
    CHECK(b.notification.individuals.people == 0.0);
    CHECK(b.notification.individuals.reason.find("no exposed record reaches level 'critical'") == 0);

    // With the authority at high, nothing is required: the breach is documented only.
    RulePack high = test::rules_from(pack("notification: {authority: high, individuals: critical}\n"));
    Model m2 = test::model_from(kPlainModel, high);
    b = breach(m2, high, {"S"});
    CHECK_FALSE(b.notification.authority.required);
    CHECK(b.notification.authority.reason.find("Art. 33(5)") != std::string::npos);

    // --unintelligible: the covert officers' records reach critical, but no notice to them (Art. 34(3)(a)).
    Incident in("notification: {authority: high, individuals: critical}\n");
    IncidentOptions unintelligible;
    unintelligible.unintelligible = true;
    b = breach(in.model, in.rules, {"S"}, {}, unintelligible);
    CHECK(b.notification.authority.required);
    CHECK_FALSE(b.notification.individuals.required);
    CHECK(b.notification.individuals.people == 5.0);
    CHECK(b.notification.individuals.reason.find("Art. 34(3)(a)") != std::string::npos);
}

TEST_CASE("notification: the deadline is the discovery time plus deadline_hours, in UTC") {
    Incident in("notification: {authority: high, individuals: critical, deadline_hours: 72}\n");
    IncidentOptions at;
    // 10:15 at UTC+2 on 30 August is 08:15 UTC; 72 hours later is 2 September, across the month end.
    at.discovered = "2023-08-30T10:15:00+02:00";
    CHECK(breach(in.model, in.rules, {"S"}, {}, at).notification.authority.deadline == "2023-09-02T08:15:00Z");
    // A date alone is midnight UTC; 2024 is a leap year: 28 Feb + 3 days = 2 March.
    at.discovered = "2024-02-28";
    CHECK(breach(in.model, in.rules, {"S"}, {}, at).notification.authority.deadline == "2024-03-02T00:00:00Z");
    // 2023 is not: 28 Feb + 3 days = 3 March; "Z" and minutes only are fine.
    at.discovered = "2023-02-28T23:30Z";
    CHECK(breach(in.model, in.rules, {"S"}, {}, at).notification.authority.deadline == "2023-03-03T23:30:00Z");
    for (const char* bad : {"2023-02-29", "2023-13-01", "2023-08-30T25:00", "30/08/2023", "2023-08-30T10:15+2"}) {
        at.discovered = bad;
        CHECK_THROWS_AS(breach(in.model, in.rules, {"S"}, {}, at), Error);
    }
}

TEST_CASE("breach CSV: one row per population, segment and band, then the reach") {
    Incident in("notification: {authority: high, individuals: critical}\n");
    const std::string csv = render_breach(breach(in.model, in.rules, {"S"}), Format::csv);
    CHECK(csv ==
          "population,owner,segment,people,share,categories,severity,level,notify\n"
          "officers,O,officers,32.5,0.5,name,2,low,no\n"
          "officers,O,cov,5,0.5,name,21,critical,yes\n"
          "officers,O,half,12.5,0.5,name,2,low,no\n"
          "\n"
          "id,probability\n"
          "O,0\n"
          "\n"
          "notify,required,deadline,people,reason\n"
          "authority,yes,,,the records of 5 people reach level 'high' or above (the highest is 'critical'): tell the "
          "supervisory authority without undue delay and within 72 hours of becoming aware (Art. 33(1))\n"
          "individuals,yes,,5,\"the records of 5 people reach level 'critical' or above: a likely high risk to them, "
          "so tell each of them without undue delay (Art. 34(1))\"\n");  // quoted: the reason holds a comma
}

TEST_CASE("notice: the draft names the people, the consequences, the measures and the decisions") {
    Incident in("notification: {authority: high, individuals: critical}\n");
    BreachResult b = breach(in.model, in.rules, {"S"});
    Suggestion measure;
    measure.description = "stop sending name of officers from O to S";
    measure.reduction = 19.5;
    const std::string notice = render_notice(b, {measure});
    INFO(notice);
    for (const char* part : {"# Draft notification of a personal data breach (GDPR Art. 33(3))",
                             "## (a) Nature of the breach", "- Breached: S.",
                             "| officers | cov | 5 | name | critical |", "| officers | (the rest) | 32.50 | name | low |",
                             "## (b) Contact point", "## (c) Likely consequences",
                             "- Covert officers are endangered. (covert)", "## (d) Measures taken or proposed",
                             "- Proposed, to lower the risk of a repeat: stop sending name of officers from O to S",
                             "Supervisory authority (Art. 33): must be told within the deadline.",
                             "Individuals (Art. 34): must be told, 5 people.", "officers, segment cov: 5 people at level critical",
                             "- Discovered: [date and time: to be completed]."})
        CHECK_MESSAGE(notice.find(part) != std::string::npos, part);
}

TEST_CASE("EDPB Guidelines 01/2021, case 01 (ransomware with backup, no exfiltration): neither notice (para. 25)") {
    auto m = load_model_file(test::data("edpb/case01.yaml"), default_rules());
    INFO(m.diagnostics.str());
    REQUIRE(m.ok());
    ScoreOptions o;
    o.circumstances = {"availability-temporary", "malicious"};
    IncidentOptions unintelligible;
    unintelligible.unintelligible = true;
    BreachResult b = breach(*m.value, default_rules(), {"manufacturer"}, o, unintelligible);
    // Default pack: base max(1, 1, 1) = 1, ease max(0.5, 0.5, 0.5) = 0.5, no rule fires;
    // severity 1 x 0.5 + 0.25 + 0.5 = 1.25: level low, below the authority's medium.
    REQUIRE(b.exposures.size() == 1);
    CHECK(b.exposures[0].segments[0].bands[0].severity == 1.25);
    CHECK(b.exposures[0].segments[0].bands[0].level == "low");
    CHECK_FALSE(b.notification.authority.required);
    CHECK_FALSE(b.notification.individuals.required);
}

TEST_CASE("segments: more errors than the limit stop the load cleanly (regression: flows were checked unresolved)") {
    std::string text = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: S, kind: supplier}
populations:
  - id: p
    owner: O
    size: 5
    holds: [name]
    segments:
)";
    for (int i = 0; i < 60; ++i) text += "      - {id: s" + std::to_string(i) + ", size: 1}\n";
    text += "flows:\n  - {from: O, to: S, population: p, categories: [name]}\n";
    auto loaded = load_model_text(text, "many.yaml", default_rules());
    CHECK_FALSE(loaded.ok());
    CHECK(loaded.diagnostics.truncated());
    // The sixth segment is the first that no longer fits.
    CHECK(loaded.diagnostics.items().front().message ==
          "the segments of population 'p' would hold 6 people, more than its size 5");
}

TEST_CASE("generate: segments are bounded so that every generated model is valid") {
    GenerateOptions g;
    g.organisations = 3;
    g.suppliers = 10;
    g.segments = kMaxGeneratedSegments + 1;
    CHECK_THROWS_WITH_AS(generate_model(g, default_rules()), "segments must be at most 9 per population, found 10", Error);
    g.segments = kMaxGeneratedSegments;
    const std::string text = write_model_yaml(generate_model(g, default_rules()), default_rules());
    auto back = load_model_text(text, "nine.yaml", default_rules());
    INFO(back.diagnostics.str());
    CHECK(back.ok());
}
