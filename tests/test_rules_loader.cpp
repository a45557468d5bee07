#include <doctest/doctest.h>

#include <algorithm>

#include "helpers.hpp"

using namespace breachrank;

TEST_CASE("the embedded default pack loads and is rules/default.yaml") {
    const RulePack& p = default_rules();
    CHECK(p.name == "default");
    auto file = load_rules_file(test::data("../../rules/default.yaml"));
    INFO(file.diagnostics.str());
    REQUIRE(file.ok());
    CHECK(file.value->categories.size() == p.categories.size());
    CHECK(file.value->rules.size() == p.rules.size());
    // The categories of the 2023 incidents.
    for (const char* c : {"name", "rank", "photo", "vetting_level", "pay_number", "home_address", "phone", "email",
                          "bank_details", "health", "ethnicity", "criminal_record", "work_location", "unit",
                          "bodycam_footage"})
        CHECK_MESSAGE(p.find_category(c) >= 0, c);
    for (const Rule& r : p.rules) CHECK_MESSAGE(!r.because.empty(), r.id);
}

TEST_CASE("the ENISA 2013 pack loads with its levels and EI values") {
    auto p = load_rules_file(test::data("../../rules/enisa-2013.yaml"));
    INFO(p.diagnostics.str());
    REQUIRE(p.ok());
    CHECK(p.value->name == "enisa-2013");
    CHECK(p.value->severity.combine == Combine::max);
    CHECK(p.value->severity.ease_floor == 0.25);
    // ENISA: medium from 2, high from 3, very high from 4.
    std::vector<std::pair<std::string, double>> levels;
    for (const auto& l : p.value->severity.levels) levels.emplace_back(l.name, l.min);
    CHECK(std::find(levels.begin(), levels.end(), std::make_pair(std::string("medium"), 2.0)) != levels.end());
    CHECK(std::find(levels.begin(), levels.end(), std::make_pair(std::string("high"), 3.0)) != levels.end());
    for (const Category& c : p.value->categories) {
        // EI levels are 0 (not identifying), 0.25, 0.5, 0.75 or 1.
        bool ei = c.identifies == 0 || c.identifies == 0.25 || c.identifies == 0.5 || c.identifies == 0.75 ||
                  c.identifies == 1;
        CHECK_MESSAGE(ei, c.name);
    }
}

TEST_CASE("defaults of optional sections") {
    RulePack p = test::rules_from("breachrank: rules/1\ncategories: {a: {weight: 1}}\n");
    CHECK(p.name == "rules");  // the file's stem
    CHECK(p.categories[0].identifies == 0.0);
    CHECK(p.severity.combine == Combine::max);
    CHECK(p.severity.ease_floor == 0.25);
    CHECK(p.likelihood.base_supplier == 0.1);
    CHECK(p.propagation.method == CascadeMethod::automatic);
    CHECK(p.propagation.trials == 2000);
    CHECK(p.tiers.empty());
}

TEST_CASE("rule pack errors are positioned and all reported") {
    std::string text = R"(breachrank: rules/1
categories:
  name: {weight: 1, identifes: 0.5}
  photo: {weight: -1}
traits: {covert_share: 0}
severity: {combine: maximum}
rules:
  - {id: r, when: {all: [nmae]}, multiply: 2}
  - {id: r, multiply: "1 + 9 * covert_shar"}
  - {id: s, when: {any: [photo]}}
  - {id: t, add: "1 +* 2"}
propagation: {method: montecarl, trials: 0}
)";
    CHECK(test::rules_errors(text) ==
          // Columns counted by hand on the lines above (1-based).
          "3:21: unknown key 'identifes' in category 'name'; did you mean 'identifies'?\n"
          "4:19: 'weight' must be between 0 and 1000000, found -1\n"
          "6:21: 'combine' must be 'max' or 'sum', found 'maximum'\n"
          "8:26: unknown category 'nmae'; did you mean 'name'?\n"
          "9:10: duplicate rule id 'r' (first at line 8, column 10)\n"
          // The expression starts at column 24 (after the quote); the name at offset 8.
          "9:32: unknown name 'covert_shar' in expression; expressions may use the traits the rule pack declares; "
          "did you mean 'covert_share'?\n"
          "10:5: a rule needs at least one effect: base_add, base_multiply, ease_add, multiply or add\n"
          "11:22: invalid expression: Unexpected operator \"*\" found\n"
          "12:23: 'method' must be auto, exact, montecarlo or linear, found 'montecarl'; did you mean 'montecarlo'?\n"
          "12:42: 'trials' must be at least 1, found 0\n");
}

TEST_CASE("a model given as a rule pack is named as such") {
    CHECK(test::rules_errors("breachrank: model/1\nentities: []\n") ==
          "1:13: expected 'breachrank: rules/1', found 'model/1' (this is a model; pass it as MODEL, and a rule pack "
          "with --rules)\n");
}

TEST_CASE("alias bombs in a rule pack are refused quickly") {
    std::string bomb = "breachrank: rules/1\ncategories: {a: {weight: 1}}\nx0: &a0 [q, q, q, q, q, q, q, q, q, q]\n";
    for (int i = 1; i < 12; ++i)
        bomb += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + ", *a" +
                std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
                std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
                std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
    // 10^12 nodes if expanded; the budget stops it after 100,000.
    std::string errors = test::rules_errors(bomb);
    CHECK(errors.find("aliases expand to more than 100000 nodes (an alias bomb?)") != std::string::npos);
}
