// Shared test helpers: load inline YAML and fail loudly with the diagnostics.
#pragma once

#include <string>

#include <doctest/doctest.h>

#include "breachrank/breachrank.hpp"

namespace test {

inline std::string data(const std::string& rel) { return std::string(BREACHRANK_SOURCE_DIR) + "/tests/data/" + rel; }

inline breachrank::RulePack rules_from(const std::string& text) {
    auto loaded = breachrank::load_rules_text(text, "rules.yaml");
    INFO(loaded.diagnostics.str());
    REQUIRE(loaded.ok());
    return *loaded.value;
}

inline breachrank::Model model_from(const std::string& text, const breachrank::RulePack& rules) {
    auto loaded = breachrank::load_model_text(text, "model.yaml", rules);
    INFO(loaded.diagnostics.str());
    REQUIRE(loaded.ok());
    return *loaded.value;
}

/// The diagnostics of loading `text` as a model, one "LINE:COL: MESSAGE" per line.
inline std::string model_errors(const std::string& text, const breachrank::RulePack& rules) {
    auto loaded = breachrank::load_model_text(text, "m.yaml", rules);
    std::string out;
    for (const auto& d : loaded.diagnostics.items())
        out += std::to_string(d.mark.line) + ":" + std::to_string(d.mark.column) + ": " + d.message + "\n";
    return out;
}

inline std::string rules_errors(const std::string& text) {
    auto loaded = breachrank::load_rules_text(text, "r.yaml");
    std::string out;
    for (const auto& d : loaded.diagnostics.items())
        out += std::to_string(d.mark.line) + ":" + std::to_string(d.mark.column) + ": " + d.message + "\n";
    return out;
}

inline const breachrank::VendorScore& vendor(const breachrank::ScoreResult& r, const std::string& id) {
    for (const auto& v : r.vendors)
        if (v.id == id) return v;
    FAIL("no vendor " << id);
    throw 0;
}

/// SPEC §8's worked example (tests/data/valid/worked-example*.yaml), loaded.
struct WorkedExample {
    breachrank::RulePack rules;
    breachrank::Model model;
    WorkedExample() {
        auto r = breachrank::load_rules_file(data("valid/worked-example-rules.yaml"));
        INFO(r.diagnostics.str());
        REQUIRE(r.ok());
        rules = *r.value;
        auto m = breachrank::load_model_file(data("valid/worked-example.yaml"), rules);
        INFO(m.diagnostics.str());
        REQUIRE(m.ok());
        model = *m.value;
    }
};

}  // namespace test
