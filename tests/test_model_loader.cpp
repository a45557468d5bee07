#include <doctest/doctest.h>

#include <fmt/format.h>

#include "helpers.hpp"
#include "model/coverage.hpp"

using namespace breachrank;

namespace {
const char* kRules = R"(breachrank: rules/1
categories: {name: {weight: 1, identifies: 0.5}, photo: {weight: 1.5}, vetting: {weight: 3}}
traits: {covert_share: 0, rare: 0.1}
likelihood: {base: {organisation: 0.05, supplier: 0.1}, controls: {mfa: 0.5}}
)";
}  // namespace

TEST_CASE("sections may come in any order; ids resolve to indices") {
    RulePack rules = test::rules_from(kRules);
    Model m = test::model_from(R"(breachrank: model/1
flows:
  - {from: org, to: sup, population: pop, categories: [name, photo], records: 25}
populations:
  - {id: pop, owner: org, size: 100, holds: [name, photo], traits: {covert_share: 0.3}, tags: [x]}
access:
  - {from: sup, to: org, probability: 0.25}
entities:
  - {id: org, kind: organisation}
  - id: sup
    kind: supplier
    name: The Supplier
    controls: [mfa]
    tags: [t1]
    likelihood: 0.2
name: ordered
)",
                               rules);
    CHECK(m.name == "ordered");
    REQUIRE(m.entities.size() == 2);
    CHECK(m.entities[0].name == "org");  // defaults to the id
    CHECK(m.entities[1].name == "The Supplier");
    CHECK(m.entities[1].controls == std::vector<int>{0});
    CHECK(m.entities[1].likelihood == 0.2);
    REQUIRE(m.populations.size() == 1);
    CHECK(m.populations[0].owner == 0);
    CHECK(m.populations[0].traits == std::vector<double>{0.3, 0.1});  // rare from the pack's default
    REQUIRE(m.flows.size() == 1);
    CHECK(m.flows[0].from == 0);
    CHECK(m.flows[0].to == 1);
    CHECK(m.flows[0].share == 0.25);  // 25 records of 100
    REQUIRE(m.access.size() == 1);
    CHECK(m.access[0].from == 1);
    CHECK(m.access[0].probability == 0.25);
    model::Coverage c(m);
    CHECK(c.get(0, 0, 1) == 1.0);  // the owner holds its categories at 1
    CHECK(c.get(0, 0, 2) == 0.0);  // and nothing else
    CHECK(c.get(1, 0, 0) == 0.25);
    CHECK(c.get(1, 0, 2) == 0.0);
}

TEST_CASE("anchors and aliases work within budget; CRLF and a BOM are accepted") {
    RulePack rules = test::rules_from(kRules);
    std::string text =
        "\xEF\xBB\xBF"
        "breachrank: model/1\r\n"
        "entities:\r\n"
        "  - {id: org, kind: organisation}\r\n"
        "  - {id: sup, kind: supplier}\r\n"
        "populations:\r\n"
        "  - {id: pop, owner: org, size: 10, holds: &both [name, photo]}\r\n"
        "flows:\r\n"
        "  - {from: org, to: sup, population: pop, categories: *both}\r\n";
    Model m = test::model_from(text, rules);
    CHECK(m.flows[0].categories.count() == 2);
}

TEST_CASE("every error is reported with its position") {
    RulePack rules = test::rules_from(kRules);
    std::string errors = test::model_errors(R"(breachrank: model/1
entities:
  - {id: org, kind: organisation}
  - {id: org, kind: supplier}
  - {id: sup, kind: suplier, controls: [mfaa]}
  - {id: "bad id", kind: supplier}
populations:
  - {id: pop, owner: orgg, size: 1.5, holds: [name, fotos], traits: {covert: 1}}
flows:
  - {from: org, to: org, population: pop, categories: [name]}
  - {from: org, to: sup, population: popp, categories: [name], sahre: 1}
  - {from: org, to: sup, population: pop, categories: [name], share: 1, records: 3}
access:
  - {from: sup, to: org, probability: 1.5}
  - {from: sup, to: org, probability: .nan}
)",
                                           rules);
    CHECK(errors ==
          // Columns counted by hand on the lines above (1-based).
          "4:10: duplicate entity id 'org' (first at line 3, column 10)\n"
          "5:21: an entity's kind must be 'organisation', 'supplier' or 'channel', found 'suplier'; did you mean 'supplier'?\n"
          "5:41: unknown control 'mfaa'; the rule pack defines mfa; did you mean 'mfa'?\n"
          "6:10: an entity id 'bad id' is not a valid id: use letters, digits and . _ : - , starting with a letter or "
          "digit\n"
          "8:34: 'size' must be a whole number, found 1.5\n"
          "8:53: unknown category 'fotos'\n"
          "8:70: unknown trait 'covert'; did you mean 'covert_share'?\n"
          "10:21: a flow from 'org' to itself; 'from' and 'to' must differ\n"
          "11:64: unknown key 'sahre' in a flow; did you mean 'share'?\n"
          "12:82: a flow gives either 'share' or 'records', not both\n"
          "14:39: 'probability' must be between 0 and 1, found 1.5\n"
          "15:39: 'probability' must be a finite number, found '.nan'\n"
          "8:22: unknown entity 'orgg'; did you mean 'org'?\n"
          "11:38: unknown population 'popp'; did you mean 'pop'?\n");
}

TEST_CASE("flows may pass only what the sender holds") {
    RulePack rules = test::rules_from(kRules);
    std::string errors = test::model_errors(R"(breachrank: model/1
entities:
  - {id: org, kind: organisation}
  - {id: a, kind: supplier}
  - {id: b, kind: supplier}
populations:
  - {id: pop, owner: org, size: 10, holds: [name, photo]}
flows:
  - {from: org, to: a, population: pop, categories: [name], share: 0.5}
  - {from: a, to: b, population: pop, categories: [name], share: 0.5}
  - {from: a, to: b, population: pop, categories: [name], share: 0.6}
  - {from: a, to: b, population: pop, categories: [photo]}
  - {from: org, to: a, population: pop, categories: [vetting]}
access:
  - {from: a, to: b, probability: 0.1}
  - {from: a, to: b, probability: 0.2}
)",
                                           rules);
    CHECK(errors ==
          // Reference checks come first, then the holding checks in flow order,
          // each at the category it names.
          "16:5: repeated access edge from 'a' to 'b' (first at line 15); give one edge with the combined "
          "probability\n"
          "11:52: the flow from 'a' to 'b' passes 'name' of 'pop' at share 0.6, but 'a' holds it only at share 0.5\n"
          "12:52: the flow from 'a' to 'b' passes 'photo' of 'pop' at share 1, but 'a' holds none of it\n"
          "13:54: the flow from 'org' to 'a' passes 'vetting' of 'pop' at share 1, but 'org' holds none of it\n");
}

TEST_CASE("structural problems") {
    RulePack rules = test::rules_from(kRules);
    CHECK(test::model_errors("", rules) == "1:1: the file is empty; expected a model ('breachrank: model/1')\n");
    CHECK(test::model_errors("# only a comment\n", rules) ==
          "1:1: the file is empty; expected a model ('breachrank: model/1')\n");
    CHECK(test::model_errors("- a\n- b\n", rules) ==
          "1:1: expected a model (a mapping starting 'breachrank: model/1'), found a list\n");
    CHECK(test::model_errors("breachrank: model/1\nentities: []\n---\nx: 1\n", rules) ==
          "3:1: the file holds several YAML documents; a model is exactly one\n");
    CHECK(test::model_errors("breachrank: model/1\nentities: [\n", rules).find("YAML syntax error") !=
          std::string::npos);
    CHECK(test::model_errors("entities: []\nentitis: []\n", rules) ==
          "2:1: unknown key 'entitis' in the model; did you mean 'entities'?\n"
          "1:1: missing the header 'breachrank: model/1'\n");
    CHECK(test::model_errors("breachrank: rules/1\n", rules) ==
          "1:13: expected 'breachrank: model/1', found 'rules/1' (this is a rule pack; pass it with --rules)\n");
    CHECK(test::model_errors("breachrank: model/1\nentities: []\nname: a\nname: b\n", rules) ==
          "4:1: duplicate key 'name' (first at line 3, column 1)\n");
    std::string deep = "breachrank: model/1\nentities:\n  - {id: a, kind: supplier, tags: " + std::string(100, '[') +
                       std::string(100, ']') + "}\n";
    // The tags list opens at column 35; with the root mapping, the entities list
    // and the entity's mapping around it, the 62nd '[' (column 96) is the 65th level.
    CHECK(test::model_errors(deep, rules) == "3:96: nesting deeper than 64 levels\n");
    CHECK(test::model_errors(std::string("breachrank: model/1\nentities: []\nname: \"a\0b\"\n", 45), rules) ==
          "3:9: the file contains a NUL byte; is it a text file?\n");
    CHECK(test::model_errors("breachrank: model/1\nentities: []\nname: \"\xff\"\n", rules) ==
          "3:8: invalid UTF-8 byte sequence; files must be UTF-8 text\n");
}

TEST_CASE("an alias bomb in a model is refused, not expanded") {
    RulePack rules = test::rules_from(kRules);
    std::string bomb = "breachrank: model/1\nentities:\n  - {id: a, kind: supplier, tags: &a0 [q, q, q, q, q, q, q, q, q, q]}\n";
    for (int i = 1; i < 10; ++i) {
        std::string prev = "*a" + std::to_string(i - 1);
        bomb += "  - {id: a" + std::to_string(i) + ", kind: supplier, tags: &a" + std::to_string(i) + " [" + prev;
        for (int k = 0; k < 9; ++k) bomb += ", " + prev;
        bomb += "]}\n";
    }
    std::string errors = test::model_errors(bomb, rules);
    CHECK(errors.find("aliases expand to more than 100000 nodes (an alias bomb?)") != std::string::npos);
}

TEST_CASE("errors stop at the limit") {
    RulePack rules = test::rules_from(kRules);
    std::string text = "breachrank: model/1\nentities:\n";
    for (int i = 0; i < 200; ++i) text += "  - {id: e" + std::to_string(i) + ", kind: x}\n";
    auto loaded = load_model_text(text, "m.yaml", rules);
    CHECK(loaded.diagnostics.size() == Diagnostics::kDefaultLimit);
    CHECK(loaded.diagnostics.truncated());
}

TEST_CASE("a missing file is a diagnostic without a position") {
    auto loaded = load_model_file("/nonexistent/model.yaml", default_rules());
    REQUIRE(loaded.diagnostics.size() == 1);
    CHECK(loaded.diagnostics.items()[0].str() == "/nonexistent/model.yaml: error: cannot open: No such file or directory");
}

TEST_CASE("an expression that divides by zero for a population is an error naming both") {
    RulePack rules = test::rules_from(R"(breachrank: rules/1
categories: {name: {weight: 1}}
traits: {k: 1}
rules: [{id: inverse, multiply: "1 / k"}]
)");
    std::string errors = test::model_errors(R"(breachrank: model/1
entities: [{id: org, kind: organisation}]
populations:
  - {id: pop, owner: org, size: 10, holds: [name], traits: {k: 0}}
)",
                                           rules);
    CHECK(errors == "4:10: rule 'inverse': 'multiply' evaluates to infinity for population 'pop' (check its traits)\n");
}

TEST_CASE("the bundled models validate with both bundled rule packs") {
    for (const char* pack : {"default.yaml", "enisa-2013.yaml"}) {
        auto rules = load_rules_file(test::data(std::string("../../rules/") + pack));
        REQUIRE(rules.ok());
        auto m = load_model_file(test::data("../../models/met-police-2023.yaml"), *rules.value);
        INFO(pack, m.diagnostics.str());
        CHECK(m.ok());
    }
}

TEST_CASE("a whole number may be written in any notation: size 1e10 is 10,000,000,000 people") {
    RulePack rules = test::rules_from(kRules);
    Model m = test::model_from(R"(breachrank: model/1
entities: [{id: o, kind: organisation}, {id: s, kind: supplier}]
populations:
  - {id: big, owner: o, size: 1e10, holds: [name]}
  - {id: small, owner: o, size: 5.0, holds: [name]}
flows: [{from: o, to: s, population: big, categories: [name], records: 2.5e9}]
)",
                               rules);
    CHECK(m.populations[0].size == 10'000'000'000ULL);
    CHECK(m.populations[1].size == 5);
    CHECK(m.flows[0].share == 0.25);  // 2,500,000,000 of 10,000,000,000
    // Not whole, or beyond the limit, in any notation: the message says which.
    auto bad = [&](const char* size) {
        return load_model_text(fmt::format("breachrank: model/1\nentities: [{{id: o, kind: organisation}}]\n"
                                           "populations: [{{id: p, owner: o, size: {}, holds: [name]}}]\n",
                                           size),
                               "m.yaml", rules)
            .diagnostics.str();
    };
    CHECK(bad("1.5") == "m.yaml:3:39: error: 'size' must be a whole number, found 1.5\n");
    CHECK(bad("1e11") == "m.yaml:3:39: error: 'size' must be at most 10000000000, found 1e11\n");
    CHECK(bad("1e400") == "m.yaml:3:39: error: 'size' must be at most 10000000000, found 1e400\n");
}
