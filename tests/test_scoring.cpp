// Scoring semantics (SPEC §4), each expected number derived by hand in the comments.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <random>
#include <unordered_map>

#include "breachrank/generate.hpp"
#include "helpers.hpp"
#include "model/coverage.hpp"
#include "propagation/context.hpp"
#include "scoring/breach_harm.hpp"
#include "scoring/harm.hpp"

using namespace breachrank;

namespace {

// weights a 1, b 2, c 4; identifies a 0.5, b 0.75, c 0.
std::string pack(const std::string& severity, const std::string& rules = "[]", const std::string& extra = "") {
    return fmt::format(R"(breachrank: rules/1
name: t
categories:
  a: {{weight: 1, identifies: 0.5}}
  b: {{weight: 2, identifies: 0.75}}
  c: {{weight: 4}}
traits: {{k: 0}}
severity: {}
rules: {}
likelihood:
  base: {{organisation: 0.05, supplier: 0.1}}
  controls: {{mfa: 0.5, iso: 0.8}}
  tags: {{offshore: 1.5, risky: 20}}
{}
)",
                       severity, rules, extra);
}

// O owns P (size 200, holds a b c); S receives a at 1, b at 0.5, c at 0.25.
const char* kBands = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: S, kind: supplier}
populations:
  - {id: P, owner: O, size: 200, holds: [a, b, c]}
flows:
  - {from: O, to: S, population: P, categories: [a], share: 1}
  - {from: O, to: S, population: P, categories: [b], share: 0.5}
  - {from: O, to: S, population: P, categories: [c], records: 50}
)";

double direct(const std::string& rules_text, const std::string& model_text, const std::string& id = "S") {
    RulePack rules = test::rules_from(rules_text);
    Model model = test::model_from(model_text, rules);
    return test::vendor(score(model, rules), id).direct_impact;
}

}  // namespace

TEST_CASE("nested bands, combine max") {
    // records 50 of 200 = share 0.25. Bands: v = 1 {a}, 0.5 {a,b}, 0.25 {a,b,c};
    // band shares 1-0.5 = 0.5, 0.5-0.25 = 0.25, 0.25.
    // severities (max): {a} 1 x 0.5 = 0.5; {a,b} 2 x 0.75 = 1.5; {a,b,c} 4 x 0.75 = 3.
    // H = 200 x (0.5 x 0.5 + 0.25 x 1.5 + 0.25 x 3) = 200 x 1.375 = 275.
    RulePack rules = test::rules_from(pack("{combine: max, ease_combine: max, ease_floor: 0.25}"));
    Model model = test::model_from(kBands, rules);
    ScoreResult r = score(model, rules);
    const VendorScore& s = test::vendor(r, "S");
    REQUIRE(s.exposures.size() == 1);
    const auto& bands = s.exposures[0].segments.at(0).bands;
    REQUIRE(bands.size() == 3);
    CHECK(bands[0].share == 0.5);
    CHECK(bands[0].categories == std::vector<std::string>{"a"});
    CHECK(bands[1].share == 0.25);
    CHECK(bands[1].categories == std::vector<std::string>{"a", "b"});
    CHECK(bands[2].share == 0.25);
    CHECK(bands[2].categories == std::vector<std::string>{"a", "b", "c"});
    CHECK(bands[0].severity == 0.5);
    CHECK(bands[1].severity == 1.5);
    CHECK(bands[2].severity == 3.0);
    CHECK(s.direct_impact == 275.0);
    CHECK(s.people_exposed == 200.0);
}

TEST_CASE("combine sum and ease_combine sum") {
    // base sums: {a} 1, {a,b} 3, {a,b,c} 7; ease sums: 0.5, 1.25 -> clamp 1, 1.25 -> 1.
    // severities 0.5, 3, 7; H = 200 x (0.5 x 0.5 + 0.25 x 3 + 0.25 x 7) = 200 x 2.75 = 550.
    CHECK(direct(pack("{combine: sum, ease_combine: sum, ease_floor: 0.25}"), kBands) == 550.0);
}

TEST_CASE("ease floor applies when nothing identifying is exposed") {
    // Only c (identifies 0) flows: ease = max(0, floor 0.4) = 0.4; severity 4 x 0.4 = 1.6;
    // H = 200 x 0.25 x 1.6 = 80.
    const char* model = R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: S, kind: supplier}]
populations: [{id: P, owner: O, size: 200, holds: [a, b, c]}]
flows: [{from: O, to: S, population: P, categories: [c], share: 0.25}]
)";
    CHECK(direct(pack("{ease_floor: 0.4}"), model) == doctest::Approx(80.0).epsilon(1e-14));
}

TEST_CASE("effects apply in the order base_add, base_multiply, ease_add, multiply, add") {
    // One rule with base_add 1 and base_multiply 2 on {a,b,c} (base 4, ease 0.75):
    // (4 + 1) x 2 = 10, not 4 x 2 + 1 = 9. ease_add 0.5 -> 1.25, clamped to 1.
    // multiply 3, add 2: severity = 10 x 1 x 3 + 2 = 32. Only the share-0.25 band
    // has c, the rule needs all [c]: other bands 0.5 x 0.5 + 0.25 x 1.5 = 0.625.
    // H = 200 x (0.625 + 0.25 x 32) = 200 x 8.625 = 1725.
    std::string rules = R"([{id: r, when: {all: [c]}, add: 2, multiply: 3, ease_add: 0.5, base_multiply: 2, base_add: 1}])";
    CHECK(direct(pack("{}", rules), kBands) == 1725.0);
}

TEST_CASE("rules apply in file order") {
    // r1 base_multiply 2 then r2 base_add 1 on every band:
    // {a}: (1 x 2 + 1) x 0.5 = 1.5; {a,b}: (2 x 2 + 1) x 0.75 = 3.75; {a,b,c}: (4 x 2 + 1) x 0.75 = 6.75.
    // H = 200 x (0.5 x 1.5 + 0.25 x 3.75 + 0.25 x 6.75) = 200 x 3.375 = 675.
    CHECK(direct(pack("{}", "[{id: r1, base_multiply: 2}, {id: r2, base_add: 1}]"), kBands) == 675.0);
    // Reversed: (1 + 1) x 2 x 0.5 = 2; (2 + 1) x 2 x 0.75 = 4.5; (4 + 1) x 2 x 0.75 = 7.5.
    // H = 200 x (0.5 x 2 + 0.25 x 4.5 + 0.25 x 7.5) = 200 x 4 = 800.
    CHECK(direct(pack("{}", "[{id: r2, base_add: 1}, {id: r1, base_multiply: 2}]"), kBands) == 800.0);
}

TEST_CASE("conditions: any, none, if over traits, population_tags") {
    // none [c] fires on {a} and {a,b} only: add 10 there.
    // severities 10.5, 11.5, 3: H = 200 x (0.5 x 10.5 + 0.25 x 11.5 + 0.25 x 3) = 200 x 8.875 = 1775.
    CHECK(direct(pack("{}", "[{id: r, when: {none: [c]}, add: 10}]"), kBands) == 1775.0);
    // any [b, c] fires on {a,b} and {a,b,c}: add 10: 0.5 x 0.5 + 0.25 x 11.5 + 0.25 x 13 = 6.375 -> 1275.
    CHECK(direct(pack("{}", "[{id: r, when: {any: [b, c]}, add: 10}]"), kBands) == 1275.0);
    // if "k > 1" with the pack default k = 0: never fires: 275 as with no rules.
    CHECK(direct(pack("{}", "[{id: r, when: {if: \"k > 1\"}, add: 10}]"), kBands) == 275.0);
    // An expression effect over a trait set by the population: multiply 1 + k, k = 3:
    // every severity x 4: 275 x 4 = 1100.
    std::string with_trait = kBands;
    with_trait.replace(with_trait.find("holds: [a, b, c]}"), 17, "holds: [a, b, c], traits: {k: 3}, tags: [v]}");
    CHECK(direct(pack("{}", "[{id: r, multiply: \"1 + k\"}]"), with_trait) == 1100.0);
    // population_tags [v] holds on that population, [w] does not.
    CHECK(direct(pack("{}", "[{id: r, when: {population_tags: [v]}, multiply: 2}]"), with_trait) == 550.0);
    CHECK(direct(pack("{}", "[{id: r, when: {population_tags: [v, w]}, multiply: 2}]"), with_trait) == 275.0);
}

TEST_CASE("severity is never negative") {
    // add -1 on every band: {a} 0.5 - 1 -> 0; {a,b} 0.5; {a,b,c} 2.
    // H = 200 x (0 + 0.25 x 0.5 + 0.25 x 2) = 125.
    CHECK(direct(pack("{}", "[{id: r, add: -1}]"), kBands) == 125.0);
}

TEST_CASE("levels label the first level whose min the severity reaches") {
    RulePack rules = test::rules_from(pack("{levels: [{name: high, min: 3}, {name: medium, min: 1}]}"));
    Model model = test::model_from(kBands, rules);
    const ScoreResult r = score(model, rules);
    const auto& bands = test::vendor(r, "S").exposures[0].segments.at(0).bands;
    CHECK(bands[0].level == "");  // 0.5 reaches no level
    CHECK(bands[1].level == "medium");  // 1.5
    CHECK(bands[2].level == "high");    // 3
}

TEST_CASE("flows between the same pair merge by maximum share") {
    // Two flows of a at 0.5 and 0.8: c(S, P, a) = 0.8. H = 200 x 0.8 x (1 x 0.5) = 80.
    const char* model = R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: S, kind: supplier}]
populations: [{id: P, owner: O, size: 200, holds: [a]}]
flows:
  - {from: O, to: S, population: P, categories: [a], share: 0.5}
  - {from: O, to: S, population: P, categories: [a], share: 0.8}
)";
    CHECK(direct(pack("{}"), model) == doctest::Approx(80.0).epsilon(1e-14));
}

TEST_CASE("likelihood: controls, tags, clamp, override, inherent") {
    RulePack rules = test::rules_from(pack("{}"));
    const char* model = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: plain, kind: supplier}
  - {id: guarded, kind: supplier, controls: [mfa, iso], tags: [offshore, unlisted]}
  - {id: capped, kind: supplier, tags: [risky]}
  - {id: fixed, kind: supplier, controls: [mfa], likelihood: 0.3}
populations: [{id: P, owner: O, size: 10, holds: [a]}]
flows:
  - {from: O, to: plain, population: P, categories: [a]}
  - {from: O, to: guarded, population: P, categories: [a]}
  - {from: O, to: capped, population: P, categories: [a]}
  - {from: O, to: fixed, population: P, categories: [a]}
)";
    Model m = test::model_from(model, rules);
    ScoreResult r = score(m, rules);
    // H = 10 x 1 x 0.5 = 5 for each.
    CHECK(test::vendor(r, "plain").likelihood == 0.1);
    // 0.1 x 0.5 x 0.8 x 1.5 = 0.06 (the unlisted tag has no factor); inherent 0.1 x 1.5 = 0.15.
    CHECK(test::vendor(r, "guarded").likelihood == doctest::Approx(0.06).epsilon(1e-15));
    CHECK(test::vendor(r, "guarded").inherent_risk == doctest::Approx(0.15 * 5).epsilon(1e-15));
    // 0.1 x 20 = 2, clamped to 1.
    CHECK(test::vendor(r, "capped").likelihood == 1.0);
    CHECK(test::vendor(r, "capped").risk == 5.0);
    // The override stands, with or without controls.
    CHECK(test::vendor(r, "fixed").likelihood == 0.3);
    CHECK(test::vendor(r, "fixed").inherent_risk == doctest::Approx(1.5).epsilon(1e-15));
}

TEST_CASE("rank ties: risk desc, then cascade impact desc, then id asc; tiers") {
    RulePack rules = test::rules_from(pack("{}", "[]", "tiers: [{name: top, min_risk: 0.5}]"));
    // x gets a at share 1 (H 10 x 0.5 = 5), likelihood 0.1 -> risk 0.5.
    // y gets a and c (H = 10 x max(1,4) x 0.5 = 20), likelihood 0.025 -> risk 0.5, larger C.
    // z and w like x: risk 0.5, C 5: order by id (w before x before z).
    // v gets nothing: risk 0, below every tier: tier "".
    const char* model = R"(breachrank: model/1
entities:
  - {id: O, kind: organisation}
  - {id: z, kind: supplier}
  - {id: x, kind: supplier}
  - {id: y, kind: supplier, likelihood: 0.025}
  - {id: w, kind: supplier}
  - {id: v, kind: supplier}
populations: [{id: P, owner: O, size: 10, holds: [a, c]}]
flows:
  - {from: O, to: x, population: P, categories: [a]}
  - {from: O, to: y, population: P, categories: [a, c]}
  - {from: O, to: z, population: P, categories: [a]}
  - {from: O, to: w, population: P, categories: [a]}
)";
    Model m = test::model_from(model, rules);
    ScoreResult r = score(m, rules);
    std::vector<std::string> order;
    for (const auto& v : r.vendors) order.push_back(v.id);
    CHECK(order == std::vector<std::string>{"y", "w", "x", "z", "v"});
    CHECK(r.vendors[0].tier == "top");
    CHECK(r.vendors[4].tier == "");
    CHECK(r.vendors[4].rank == 5);
    CHECK(r.vendors[4].direct_impact == 0.0);
    CHECK(r.vendors[4].exposures.empty());
}

TEST_CASE("organisation exposure splits a vendor's harm by owner") {
    RulePack rules = test::rules_from(pack("{}"));
    // S holds a of P1 (owner O1, size 10: harm 5) and of P2 (owner O2, size 30: harm 15),
    // likelihood 0.1: exposure(O1) = 0.5, exposure(O2) = 1.5. S's own staff (owner S,
    // size 4, holds a: harm 2) count for S but S is not an organisation.
    const char* model = R"(breachrank: model/1
entities:
  - {id: O1, kind: organisation}
  - {id: O2, kind: organisation, name: Second}
  - {id: S, kind: supplier}
populations:
  - {id: P1, owner: O1, size: 10, holds: [a]}
  - {id: P2, owner: O2, size: 30, holds: [a]}
  - {id: staff, owner: S, size: 4, holds: [a]}
flows:
  - {from: O1, to: S, population: P1, categories: [a]}
  - {from: O2, to: S, population: P2, categories: [a]}
)";
    Model m = test::model_from(model, rules);
    ScoreResult r = score(m, rules);
    const VendorScore& s = test::vendor(r, "S");
    CHECK(s.direct_impact == 22.0);
    CHECK(s.organisations_affected == std::vector<std::string>{"O1", "O2", "S"});
    REQUIRE(r.organisations.size() == 2);
    CHECK(r.organisations[0].id == "O2");
    CHECK(r.organisations[0].name == "Second");
    CHECK(r.organisations[0].exposure == doctest::Approx(1.5).epsilon(1e-15));
    CHECK(r.organisations[0].people == 30.0);
    CHECK(r.organisations[1].exposure == doctest::Approx(0.5).epsilon(1e-15));
}

TEST_CASE("mosaic: two holders together expose more than either alone") {
    // A holds name-like a of P at 1, B holds c at 1. H({A}) = 10 x 0.5 = 5,
    // H({B}) = 10 x 4 x 0.25 (ease floor) = 10, H({A,B}): one band {a, c}:
    // 10 x 4 x 0.5 = 20 != 5 + 10.
    RulePack rules = test::rules_from(pack("{}"));
    const char* model = R"(breachrank: model/1
entities: [{id: O, kind: organisation}, {id: A, kind: supplier}, {id: B, kind: supplier}]
populations: [{id: P, owner: O, size: 10, holds: [a, c]}]
flows:
  - {from: O, to: A, population: P, categories: [a]}
  - {from: O, to: B, population: P, categories: [c]}
)";
    Model m = test::model_from(model, rules);
    ScoreResult r = score(m, rules);
    CHECK(test::vendor(r, "A").direct_impact == 5.0);
    CHECK(test::vendor(r, "B").direct_impact == 10.0);
    model::Coverage coverage(m);
    scoring::SeverityModel severity(m, rules);
    const int both[] = {m.find_entity("A"), m.find_entity("B")};
    CHECK(scoring::total_harm(scoring::expose(m, coverage, severity, both)) == 20.0);
}

TEST_CASE("score options are validated") {
    ScoreOptions o;
    o.trials = 0;
    std::string why;
    CHECK_FALSE(o.is_valid(&why));
    CHECK(why.find("trials") != std::string::npos);
    RulePack rules = test::rules_from(pack("{}"));
    Model m = test::model_from(kBands, rules);
    CHECK_THROWS_AS(score(m, rules, o), Error);
    CHECK_THROWS_AS(explain(m, rules, "O"), Error);  // an organisation, not a vendor
}

namespace {

// Random walks of adds and undos over `m`'s entities: at every step the
// incremental harm must be, bit for bit, BreachHarm::score() of the same set
// (with `rows` as its overlay), and adds_nothing(e) must say whether every
// item e holds is held at least as largely by the set.
void check_incremental(const breachrank::Model& m, const breachrank::RulePack& rules, std::uint64_t seed,
                       const breachrank::scoring::RowOverlay* rows = nullptr) {
    using namespace breachrank;
    const propagation::Context cx(m, rules, 1);
    scoring::BreachHarm bh(m, cx.coverage, cx.severity, cx.direct);
    std::unordered_map<int, scoring::SetHarm> direct;
    if (rows) bh.set_overlay(rows, &direct);
    scoring::IncrementalHarm inc;
    inc.reset(bh, true);
    std::mt19937_64 rng(seed);
    const int n = static_cast<int>(m.entities.size());
    std::vector<int> set;
    std::vector<std::size_t> marks;
    std::vector<char> in(static_cast<std::size_t>(n), 0);
    auto row = [&](int e) { return bh.row(e); };
    for (int step = 0; step < 400; ++step) {
        const bool grow = set.empty() || (set.size() < 12 && rng() % 3 != 0);
        if (grow) {
            int e = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
            if (in[static_cast<std::size_t>(e)]) continue;
            // adds_nothing by its definition, from the rows.
            bool covered = !set.empty();
            for (const model::CoverageItem& item : row(e)) {
                double held = 0;
                for (int s : set)
                    for (const model::CoverageItem& x : row(s))
                        if (x.population == item.population && x.category == item.category) held = std::max(held, x.share);
                if (held < item.share) covered = false;
            }
            if (!set.empty()) CHECK(inc.adds_nothing(e) == covered);
            marks.push_back(inc.add(e));
            set.push_back(e);
            in[static_cast<std::size_t>(e)] = 1;
        } else {
            inc.undo(marks.back());
            marks.pop_back();
            in[static_cast<std::size_t>(set.back())] = 0;
            set.pop_back();
            if (set.empty()) continue;
        }
        const scoring::SetHarm want = scoring::BreachHarm::score(m, cx.coverage, cx.severity, set, rows, true);
        const scoring::SetHarm& got = inc.current();
        CAPTURE(step);
        CHECK(got.total == want.total);
        CHECK(got.money == want.money);
        CHECK(got.by_owner == want.by_owner);
        CHECK(got.people == want.people);
    }
}

}  // namespace

TEST_CASE("incremental harm: bit for bit the union harm of the set, along random walks of adds and undos") {
    using namespace breachrank;
    const RulePack& rules = default_rules();
    for (const char* name : {"met-police-2023.yaml", "norfolk-suffolk-2023.yaml", "psni-2023.yaml", "south-yorkshire-2023.yaml"}) {
        CAPTURE(name);
        auto m = load_model_file(std::string(BREACHRANK_SOURCE_DIR) + "/models/" + name, rules);
        REQUIRE(m.ok());
        check_incremental(*m.value, rules, 1);
    }
    // A generated model with segments (several scoring groups a population).
    GenerateOptions g;
    g.organisations = 5;
    g.suppliers = 200;
    g.segments = 3;
    const Model gen = generate_model(g, rules);
    check_incremental(gen, rules, 2);
    // With an overlay (what-if): entity 3 (the first supplier's rows) keeps
    // half of every share, entity 4 holds nothing.
    const propagation::Context cx(gen, rules, 1);
    scoring::RowOverlay rows;
    for (const model::CoverageItem& it : cx.coverage.of(3)) rows[3].push_back({it.population, it.category, it.share / 2});
    rows[4] = {};
    check_incremental(gen, rules, 3, &rows);
}
