// Shared by the fuzz targets: what every input must satisfy whatever it is.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <algorithm>
#include <cmath>
#include <functional>

#include <nlohmann/json.hpp>

#include "breachrank/breachrank.hpp"

namespace fuzz {

/// Invalid input must be reported with a position-formatted diagnostic, never
/// an empty failure: a load that fails says why.
template <class T>
void check_failure_explained(const breachrank::Loaded<T>& loaded) {
    if (!loaded.ok() && loaded.diagnostics.empty()) {
        std::fprintf(stderr, "a load failed without any diagnostic\n");
        std::abort();
    }
    for (const breachrank::Diagnostic& d : loaded.diagnostics.items()) {
        if (d.message.empty() || d.mark.line < 0 || d.mark.column < 0) {
            std::fprintf(stderr, "malformed diagnostic: %s\n", d.str().c_str());
            std::abort();
        }
    }
}

/// No output may carry NaN or infinity (SPEC §6). Checked on the JSON
/// rendering, walking its numbers (text search would trip on names such as
/// "illustrative.nan"); nlohmann/json writes a non-finite double as null, so a
/// null where the schema has a number is a failure too.
inline void check_finite_json(const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text);
    std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& v,
                                                                              const std::string& key) {
        if (v.is_number_float() && !std::isfinite(v.get<double>())) std::abort();
        // Fields that may be null by the schema; any other null stands for a non-finite number.
        static const char* nullable[] = {"tier", "level", "trials", "cascade_stderr", "override", "before", "after",
                                         "expected_harm_stderr", "deadline", "if",
                                         "expected_incident_loss_stderr"};  // unset for the linear screen
        if (v.is_null() && std::find(std::begin(nullable), std::end(nullable), key) == std::end(nullable)) {
            std::fprintf(stderr, "null (a non-finite number?) at '%s' in:\n%s\n", key.c_str(), text.c_str());
            std::abort();
        }
        if (v.is_object())
            for (auto it = v.begin(); it != v.end(); ++it) walk(*it, it.key());
        if (v.is_array())
            for (const auto& x : v) walk(x, key);
    };
    walk(j, "");
}

}  // namespace fuzz
