// The report stage's formats, one file each: report.cpp (tables, Markdown,
// CSV, DOT, and the public render_* entry points) and json.cpp (SPEC §7).
#pragma once

#include <algorithm>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "breachrank/report.hpp"

namespace breachrank::report {

/// How many vendors a ranking lists for `top` (0 = all).
inline std::size_t listed(const ScoreResult& r, std::size_t top) {
    return top == 0 ? r.vendors.size() : std::min(top, r.vendors.size());
}

/// Streamed: written to `out` in slices as they are rendered.
void write_score_json(std::ostream& out, const ScoreResult& result, std::size_t top);

std::string explanation_json(const VendorExplanation& explanation);
std::string breach_json(const BreachResult& result);
std::string whatif_json(const std::vector<WhatIfResult>& results);
std::string suggestions_json(const std::vector<Suggestion>& suggestions, double total_risk);

}  // namespace breachrank::report
