#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "breachrank/report.hpp"
#include "helpers.hpp"
#include "report/slices.hpp"

using namespace breachrank;

namespace {
ScoreResult worked() {
    auto rules = load_rules_file(test::data("valid/worked-example-rules.yaml"));
    REQUIRE(rules.ok());
    auto model = load_model_file(test::data("valid/worked-example.yaml"), *rules.value);
    REQUIRE(model.ok());
    return score(*model.value, *rules.value);
}

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
    std::vector<std::string> out;
    for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
    return out;
}
}  // namespace

TEST_CASE("score JSON has exactly the SPEC §7 shape (schema 2)") {
    auto j = nlohmann::ordered_json::parse(render_score(worked(), Format::json));
    CHECK(keys(j) == std::vector<std::string>{"schema", "model", "rules", "method", "trials", "seed", "vendors",
                                              "organisations"});
    CHECK(j["schema"] == "breachrank.score/2");
    CHECK(j["model"] == "worked example");
    CHECK(j["rules"] == "worked");
    CHECK(j["method"] == "auto");
    CHECK(j["trials"] == 2000);
    CHECK(j["seed"] == 1);
    REQUIRE(j["vendors"].size() == 2);
    const auto& v = j["vendors"][0];
    CHECK(keys(v) == std::vector<std::string>{"rank", "id", "name", "kind", "tier", "likelihood", "direct_impact",
                                              "cascade_impact", "cascade_stderr", "cascade_method", "risk",
                                              "inherent_risk", "people_exposed", "organisations_affected",
                                              "exposures", "rules_fired"});
    CHECK(v["rank"] == 1);
    CHECK(v["id"] == "host");
    CHECK(v["kind"] == "supplier");
    CHECK(v["direct_impact"].is_number());
    CHECK(v["direct_impact"] == 137.5);
    CHECK(v["cascade_impact"] == 431.25);
    CHECK(v["risk"] == 43.125);
    CHECK(v["tier"] == "high");
    CHECK(v["cascade_stderr"] == 0.0);
    CHECK(v["cascade_method"] == "exact");
    const auto& e = j["vendors"][1]["exposures"][0];
    CHECK(keys(e) == std::vector<std::string>{"population", "owner", "people", "harm", "segments"});
    // No segments in the model: one, the remainder, under the population's id.
    REQUIRE(e["segments"].size() == 1);
    const auto& s = e["segments"][0];
    CHECK(keys(s) == std::vector<std::string>{"segment", "people", "harm", "bands"});
    CHECK(s["segment"] == "officers");
    CHECK(s["people"] == 100.0);
    CHECK(s["harm"] == 725.0);
    CHECK(keys(s["bands"][0]) == std::vector<std::string>{"share", "people", "categories", "severity", "level"});
    CHECK(s["bands"][0]["people"] == 100.0);
    CHECK(s["bands"][0]["level"].is_null());  // the worked pack has no levels
    CHECK(s["bands"][0]["severity"] == 7.25);
    const auto& o = j["organisations"][0];
    CHECK(keys(o) == std::vector<std::string>{"id", "name", "people", "exposure"});
    CHECK(o["name"] == "The Force");
}

TEST_CASE("--top limits vendors, not organisations") {
    auto j = nlohmann::json::parse(render_score(worked(), Format::json, 1));
    CHECK(j["vendors"].size() == 1);
    CHECK(j["organisations"].size() == 1);
}

TEST_CASE("CSV has a header and one row per vendor, numbers in full precision") {
    std::string csv = render_score(worked(), Format::csv);
    CHECK(csv ==
          "rank,id,name,kind,tier,likelihood,direct_impact,cascade_impact,cascade_stderr,cascade_method,risk,"
          "inherent_risk,people_exposed,organisations_affected,rules_fired\n"
          "1,host,host,supplier,high,0.1,137.5,431.25,0,exact,43.125,43.125,50,force,covert\n"
          "2,cards,cards,supplier,low,0.05,725,725,0,exact,36.25,72.5,100,force,face-and-name;covert\n");
}

TEST_CASE("table and markdown carry the ranking") {
    std::string table = render_score(worked(), Format::table);
    CHECK(table.find("host") < table.find("cards"));
    CHECK(table.find("431.25") != std::string::npos);
    std::string md = render_score(worked(), Format::markdown);
    CHECK(md.find("| rank | vendor |") != std::string::npos);
    CHECK(md.find("| 1 | host | high | 43.12 |") != std::string::npos);
}

namespace {
// A ranking of n vendors with hand-made figures (no scoring involved).
ScoreResult synthetic_ranking(std::size_t n) {
    ScoreResult r;
    r.model = "synthetic \"ranking\"";
    r.rules = "r";
    r.method = CascadeMethod::linear;
    r.seed = 7;
    for (std::size_t i = 0; i < n; ++i) {
        VendorScore v;
        v.rank = static_cast<int>(i + 1);
        v.id = "v" + std::to_string(i);
        v.name = i == 3 ? "quote \" backslash \\ newline \n tab \t" : "Vendor " + std::to_string(i);
        v.likelihood = 0.1;
        v.direct_impact = static_cast<double>(i);
        v.cascade_impact = 1000.0 + static_cast<double>(i);
        v.cascade_method = CascadeMethod::linear;
        v.risk = 0.1 * v.cascade_impact;
        v.inherent_risk = v.risk;
        v.organisations_affected = {"o"};
        v.exposures.push_back(
            PopulationExposure{"p", "o", 5, 10, {SegmentExposure{"p", 5, 10, {BandScore{0.5, 5, {"name", "photo"}, 2, ""}}}}});
        r.vendors.push_back(std::move(v));
    }
    r.organisations.push_back(OrganisationScore{"o", "Org", 100, 12.5});
    return r;
}
}  // namespace

TEST_CASE("JSON numbers: the shortest text that reads back, with .0 on integral values") {
    ScoreResult r = synthetic_ranking(1);
    VendorScore& v = r.vendors[0];
    v.likelihood = 0.15000000000000002;  // Grisu2 writers print ...03 here; both read back, this one is shortest
    v.direct_impact = 725;
    v.cascade_impact = 1e-5;
    v.risk = 1.5e20;
    v.people_exposed = -0.0;
    std::string j = render_score(r, Format::json);
    CHECK(j.find("\"likelihood\": 0.15000000000000002,") != std::string::npos);
    CHECK(j.find("\"direct_impact\": 725.0,") != std::string::npos);
    CHECK(j.find("\"cascade_impact\": 1e-05,") != std::string::npos);
    CHECK(j.find("\"risk\": 1.5e+20,") != std::string::npos);
    CHECK(j.find("\"seed\": 7,") != std::string::npos);  // integers stay integers
    CHECK(j.find("\"trials\": null,") != std::string::npos);
    auto parsed = nlohmann::json::parse(j);
    CHECK(parsed["vendors"][0]["likelihood"].get<double>() == 0.15000000000000002);
    CHECK(parsed["vendors"][0]["cascade_impact"].get<double>() == 1e-5);
}

TEST_CASE("a streamed ranking spans slices in order and equals the rendered text") {
    // 2,500 vendors: three slices of 1,000, rendered on two threads.
    ScoreResult r = synthetic_ranking(2500);
    std::ostringstream out;
    write_score(out, r, Format::json);
    const std::string j = out.str();
    CHECK(j == render_score(r, Format::json));
    CHECK(j.back() == '\n');
    auto parsed = nlohmann::ordered_json::parse(j);
    REQUIRE(parsed["vendors"].size() == 2500);
    for (std::size_t i = 0; i < 2500; ++i) {
        CHECK(parsed["vendors"][i]["rank"] == i + 1);
        CHECK(parsed["vendors"][i]["cascade_impact"] == 1000.0 + static_cast<double>(i));
    }
    CHECK(parsed["vendors"][3]["name"] == "quote \" backslash \\ newline \n tab \t");
    CHECK(parsed["model"] == "synthetic \"ranking\"");
    CHECK(parsed["organisations"][0]["exposure"] == 12.5);
    // Indentation continues across slices exactly as within one.
    CHECK(j.find("\n  \"vendors\": [\n    {\n      \"rank\": 1,") != std::string::npos);
    CHECK(j.find("\n    },\n    {\n      \"rank\": 1001,") != std::string::npos);
    CHECK(j.find("\n    }\n  ],\n  \"organisations\": [") != std::string::npos);
    // --top within the first slice, and an empty ranking.
    CHECK(nlohmann::json::parse(render_score(r, Format::json, 1500))["vendors"].size() == 1500);
    std::string none = render_score(synthetic_ranking(0), Format::json);
    CHECK(none.find("\"vendors\": [],") != std::string::npos);
    CHECK(nlohmann::json::parse(none)["vendors"].empty());
    // CSV streams the same way: a header and one row per vendor, in rank order.
    std::string csv = render_score(r, Format::csv);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 2500 + 1 + 1);  // one row's name holds a line break
    CHECK(csv.find("\n2500,v2499,Vendor 2499,") != std::string::npos);
    CHECK(csv.find("\n1001,v1000,") != std::string::npos);
}

TEST_CASE("slices: an error while rendering reaches the caller, whichever thread met it") {
    for (std::size_t bad : {0, 1, 4}) {
        CAPTURE(bad);
        std::ostringstream out;
        auto render = [&](std::size_t begin, std::size_t, std::string& text) {
            if (begin == bad * 10) throw std::runtime_error("slice failed");
            text += std::to_string(begin) + ";";
        };
        CHECK_THROWS_WITH(report::write_in_slices(out, 100, 10, render), "slice failed");
    }
    std::ostringstream out;
    report::write_in_slices(out, 35, 10, [](std::size_t b, std::size_t e, std::string& t) {
        t += std::to_string(b) + "-" + std::to_string(e) + ";";
    });
    CHECK(out.str() == "0-10;10-20;20-30;30-35;");
}
