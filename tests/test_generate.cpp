// generate_model() and write_model_yaml().
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "breachrank/generate.hpp"
#include "breachrank/report.hpp"
#include "helpers.hpp"
#include "graph/access_graph.hpp"

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

namespace {
Model shaped(GraphShape shape, std::size_t orgs, std::size_t suppliers, std::uint64_t seed = 1) {
    GenerateOptions g;
    g.organisations = orgs;
    g.suppliers = suppliers;
    g.seed = seed;
    g.shape = shape;
    return generate_model(g, default_rules());
}

// Sizes of the strongly connected components, largest first.
std::vector<std::size_t> component_sizes(const Model& m) {
    graph::AccessGraph g(m);
    int count = 0;
    std::vector<int> comp = g.components(&count);
    std::vector<std::size_t> sizes(static_cast<std::size_t>(count), 0);
    for (int c : comp) ++sizes[static_cast<std::size_t>(c)];
    std::sort(sizes.rbegin(), sizes.rend());
    return sizes;
}
}  // namespace

TEST_CASE("every shape is a valid model that round-trips and that the linear screen can score") {
    for (GraphShape shape : kGraphShapes) {
        CAPTURE(shape_name(shape));
        CHECK(parse_shape(shape_name(shape)) == shape);
        Model m = shaped(shape, 10, 1000, 2);
        std::string text = write_model_yaml(m, default_rules());
        auto back = load_model_text(text, "generated.yaml", default_rules());
        INFO(back.diagnostics.str());
        REQUIRE(back.ok());
        CHECK(write_model_yaml(*back.value, default_rules()) == text);
        ScoreOptions linear;
        linear.method = CascadeMethod::linear;
        CHECK_NOTHROW(score(m, default_rules(), linear));  // spectral radius below 1
        CHECK(text == write_model_yaml(shaped(shape, 10, 1000, 2), default_rules()));  // deterministic
    }
    CHECK_FALSE(parse_shape("ring").has_value());
}

TEST_CASE("core: one strongly connected component holds 30-40% of the entities") {
    for (std::size_t suppliers : {1000, 5000}) {
        Model m = shaped(GraphShape::core, suppliers / 100, suppliers);
        const double share = static_cast<double>(component_sizes(m)[0]) / static_cast<double>(m.entities.size());
        CAPTURE(suppliers);
        CHECK(share >= 0.30);
        CHECK(share <= 0.40);
        // Clients have access back: organisations are sources of access here.
        CHECK(std::any_of(m.access.begin(), m.access.end(), [&](const Access& a) {
            return m.entities[static_cast<std::size_t>(a.from)].kind == EntityKind::organisation;
        }));
    }
    // The tiered shape has no such core.
    Model t = shaped(GraphShape::tiered, 50, 5000);
    CHECK(static_cast<double>(component_sizes(t)[0]) / static_cast<double>(t.entities.size()) < 0.05);
}

TEST_CASE("clusters: partnerships of organisations with access between every pair, sharing a provider") {
    Model m = shaped(GraphShape::clusters, 60, 3000);
    std::set<std::pair<int, int>> edges;
    for (const Access& a : m.access) edges.insert({a.from, a.to});
    auto org = [&](int e) { return m.entities[static_cast<std::size_t>(e)].kind == EntityKind::organisation; };
    // Find three organisations with access both ways between each pair, all
    // sending data to one supplier that has access into each of them.
    std::map<int, std::set<int>> mutual;  // organisation -> organisations with access both ways
    for (const auto& [a, b] : edges)
        if (org(a) && org(b) && edges.count({b, a})) mutual[a].insert(b);
    std::map<int, std::set<int>> senders;  // supplier -> organisations that send it data
    for (const Flow& f : m.flows)
        if (org(f.from)) senders[f.to].insert(f.from);
    std::size_t partnerships = 0;
    for (const auto& [p, from] : senders) {
        std::vector<int> members;
        for (int o : from)
            if (edges.count({p, o}) && edges.count({o, p})) members.push_back(o);
        if (members.size() < 3) continue;
        bool complete = true;
        for (int a : members)
            for (int b : members)
                if (a != b && !mutual[a].count(b)) complete = false;
        partnerships += complete ? 1 : 0;
    }
    CHECK(partnerships >= 3);
}

TEST_CASE("chains: sub-processors six tiers deep, each fed by its parent") {
    Model m = shaped(GraphShape::chains, 20, 2000);
    // Depth of a supplier: 1 + the depth of the supplier that sends it data
    // (organisations are depth 0); deeper tiers have one sender each.
    std::vector<int> sender(m.entities.size(), -1);
    for (const Flow& f : m.flows)
        if (m.entities[static_cast<std::size_t>(f.from)].kind == EntityKind::supplier) sender[static_cast<std::size_t>(f.to)] = f.from;
    std::size_t deepest = 0;
    for (std::size_t e = 0; e < m.entities.size(); ++e) {
        if (m.entities[e].kind != EntityKind::supplier) continue;
        std::size_t depth = 1;
        for (int s = sender[e]; s >= 0; s = sender[static_cast<std::size_t>(s)]) ++depth;
        deepest = std::max(deepest, depth);
        CHECK(depth <= 6);
    }
    CHECK(deepest == 6);
    // Access runs along the chains: most sub-processors reach up into their parent.
    std::size_t up = 0, deep = 0;
    std::set<std::pair<int, int>> edges;
    for (const Access& a : m.access) edges.insert({a.from, a.to});
    for (std::size_t e = 0; e < m.entities.size(); ++e)
        if (sender[e] >= 0) ++deep, up += edges.count({static_cast<int>(e), sender[e]});
    CHECK(up > deep / 2);
}

TEST_CASE("--segments: every population gets its segments, and the rest of the model is unchanged") {
    GenerateOptions g;
    g.organisations = 5;
    g.suppliers = 200;
    g.seed = 3;
    const Model plain = generate_model(g, default_rules());
    g.segments = 3;
    const Model segmented = generate_model(g, default_rules());
    REQUIRE(segmented.populations.size() == plain.populations.size());
    for (std::size_t p = 0; p < plain.populations.size(); ++p) {
        const Population& s = segmented.populations[p];
        REQUIRE(s.segments.size() == 3);
        // size / 10, size / 20, size / 30, at least 1 each.
        CHECK(s.segments[0].size == std::max<std::uint64_t>(1, s.size / 10));
        CHECK(s.segments[2].size == std::max<std::uint64_t>(1, s.size / 30));
        CHECK(s.segments[1].traits == std::vector<std::pair<int, double>>{{1, 1.0}});
        CHECK(s.size == plain.populations[p].size);
        CHECK(s.holds == plain.populations[p].holds);
    }
    CHECK(segmented.flows.size() == plain.flows.size());
    CHECK(segmented.access.size() == plain.access.size());
    // It round-trips through YAML.
    const std::string text = write_model_yaml(segmented, default_rules());
    auto back = load_model_text(text, "segmented.yaml", default_rules());
    INFO(back.diagnostics.str());
    REQUIRE(back.ok());
    CHECK(write_model_yaml(*back.value, default_rules()) == text);
}
