#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "breachrank/report.hpp"
#include "helpers.hpp"

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

TEST_CASE("score JSON has exactly the SPEC §7 shape") {
    auto j = nlohmann::ordered_json::parse(render_score(worked(), Format::json));
    CHECK(keys(j) == std::vector<std::string>{"schema", "model", "rules", "method", "trials", "seed", "vendors",
                                              "organisations"});
    CHECK(j["schema"] == "breachrank.score/1");
    CHECK(j["model"] == "worked example");
    CHECK(j["rules"] == "worked");
    CHECK(j["method"] == "auto");
    CHECK(j["trials"] == 2000);
    CHECK(j["seed"] == 1);
    REQUIRE(j["vendors"].size() == 2);
    const auto& v = j["vendors"][0];
    CHECK(keys(v) == std::vector<std::string>{"rank", "id", "name", "tier", "likelihood", "direct_impact",
                                              "cascade_impact", "cascade_stderr", "cascade_method", "risk",
                                              "inherent_risk", "people_exposed", "organisations_affected",
                                              "exposures", "rules_fired"});
    CHECK(v["rank"] == 1);
    CHECK(v["id"] == "host");
    CHECK(v["direct_impact"].is_number());
    CHECK(v["direct_impact"] == 137.5);
    CHECK(v["cascade_impact"] == 431.25);
    CHECK(v["risk"] == 43.125);
    CHECK(v["tier"] == "high");
    CHECK(v["cascade_stderr"] == 0.0);
    CHECK(v["cascade_method"] == "exact");
    const auto& e = j["vendors"][1]["exposures"][0];
    CHECK(keys(e) == std::vector<std::string>{"population", "owner", "people", "harm", "bands"});
    CHECK(keys(e["bands"][0]) == std::vector<std::string>{"share", "categories", "severity", "level"});
    CHECK(e["bands"][0]["level"].is_null());  // the worked pack has no levels
    CHECK(e["bands"][0]["severity"] == 7.25);
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
          "rank,id,name,tier,likelihood,direct_impact,cascade_impact,cascade_stderr,cascade_method,risk,inherent_risk,"
          "people_exposed,organisations_affected,rules_fired\n"
          "1,host,host,high,0.1,137.5,431.25,0,exact,43.125,43.125,50,force,covert\n"
          "2,cards,cards,low,0.05,725,725,0,exact,36.25,72.5,100,force,face-and-name;covert\n");
}

TEST_CASE("table and markdown carry the ranking") {
    std::string table = render_score(worked(), Format::table);
    CHECK(table.find("host") < table.find("cards"));
    CHECK(table.find("431.25") != std::string::npos);
    std::string md = render_score(worked(), Format::markdown);
    CHECK(md.find("| rank | vendor |") != std::string::npos);
    CHECK(md.find("| 1 | host | high | 43.12 |") != std::string::npos);
}
