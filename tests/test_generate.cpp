// generate_model() and write_model_yaml().
#include <doctest/doctest.h>

#include <set>

#include "breachrank/generate.hpp"
#include "breachrank/report.hpp"
#include "helpers.hpp"

using namespace breachrank;

namespace {
Model generated(std::size_t orgs, std::size_t suppliers, std::uint64_t seed) {
    GenerateOptions g;
    g.organisations = orgs;
    g.suppliers = suppliers;
    g.seed = seed;
    return generate_model(g, default_rules());
}
}  // namespace

TEST_CASE("generated models are valid, of the requested size, and round-trip through YAML") {
    for (std::uint64_t seed : {1, 2, 3}) {
        CAPTURE(seed);
        Model m = generated(10, 1000, seed);
        std::size_t orgs = 0, sups = 0;
        for (const Entity& e : m.entities) (e.kind == EntityKind::organisation ? orgs : sups)++;
        CHECK(orgs == 10);
        CHECK(sups == 1000);
        CHECK(m.flows.size() >= 1000);  // every supplier receives data
        CHECK(!m.access.empty());
        std::string text = write_model_yaml(m, default_rules());
        auto back = load_model_text(text, "generated.yaml", default_rules());
        INFO(back.diagnostics.str());
        REQUIRE(back.ok());
        // Written again, the loaded model gives the same text: nothing was lost.
        CHECK(write_model_yaml(*back.value, default_rules()) == text);
        // And scores identically.
        CHECK(render_score(score(m, default_rules()), Format::csv) ==
              render_score(score(*back.value, default_rules()), Format::csv));
    }
}

TEST_CASE("generation is deterministic per seed") {
    std::string a = write_model_yaml(generated(5, 300, 7), default_rules());
    CHECK(a == write_model_yaml(generated(5, 300, 7), default_rules()));
    CHECK(a != write_model_yaml(generated(5, 300, 8), default_rules()));
}

TEST_CASE("preferential attachment: a few suppliers serve many organisations") {
    Model m = generated(100, 2000, 1);
    std::vector<std::set<int>> clients(m.entities.size());
    for (const Flow& f : m.flows)
        if (m.entities[static_cast<std::size_t>(f.from)].kind == EntityKind::organisation)
            clients[static_cast<std::size_t>(f.to)].insert(f.from);
    std::size_t most = 0, served = 0, total = 0;
    for (const auto& c : clients) {
        most = std::max(most, c.size());
        if (!c.empty()) ++served, total += c.size();
    }
    double mean = static_cast<double>(total) / static_cast<double>(served);
    // Heavy tail: the busiest supplier serves many times the average.
    CHECK(most >= 5 * mean);
    // Some cycles in the access graph: an edge whose reverse also exists, or longer.
    std::set<std::pair<int, int>> edges;
    for (const Access& a : m.access) edges.insert({a.from, a.to});
    bool two_cycle = false;
    for (const auto& [f, t] : edges) two_cycle |= edges.count({t, f}) > 0;
    CHECK(two_cycle);
}

TEST_CASE("the writer quotes names and keeps every field") {
    Model m = test::model_from(R"(breachrank: model/1
name: "quotes \" and: colons"
entities:
  - {id: o, kind: organisation, name: "Org: \"A\""}
  - {id: s, kind: supplier, controls: [mfa], tags: [offshore-hosting], likelihood: 0.25}
populations: [{id: p, owner: o, size: 7, holds: [name, photo], traits: {covert_share: 0.5}, tags: [victims]}]
flows: [{from: o, to: s, population: p, categories: [photo], records: 2}]
access: [{from: s, to: o, probability: 0.125}]
)",
                                default_rules());
    std::string text = write_model_yaml(m, default_rules());
    auto back = load_model_text(text, "w.yaml", default_rules());
    INFO(text, back.diagnostics.str());
    REQUIRE(back.ok());
    const Model& b = *back.value;
    CHECK(b.name == "quotes \" and: colons");
    CHECK(b.entities[0].name == "Org: \"A\"");
    CHECK(b.entities[1].likelihood == 0.25);
    CHECK(b.entities[1].tags == std::vector<std::string>{"offshore-hosting"});
    CHECK(b.populations[0].traits == m.populations[0].traits);
    CHECK(b.populations[0].tags == std::vector<std::string>{"victims"});
    CHECK(b.flows[0].share == 2.0 / 7.0);
    CHECK(b.access[0].probability == 0.125);
}
