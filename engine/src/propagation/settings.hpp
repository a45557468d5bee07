// The settings of one run: the caller's ScoreOptions over the rule pack's
// `propagation` defaults, validated once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "breachrank/options.hpp"
#include "breachrank/rules.hpp"

namespace breachrank::propagation {

struct Settings {
    CascadeMethod method;
    std::int64_t trials;
    std::uint64_t seed;
    double damping;
    std::vector<char> circumstances;  ///< one flag per RulePack::circumstances: selected for the incident
    /// ScoreOptions::progress (the caller's, which outlives the run), or null.
    const ProgressCallback* progress = nullptr;
};

/// The names of the selected circumstances, in pack order.
std::vector<std::string> circumstance_names(const RulePack& rules, const Settings& st);

/// Throws breachrank::Error with ScoreOptions::is_valid()'s message when
/// `options` is invalid, and for a circumstance the pack does not define
/// (with "did you mean") or one named twice.
Settings settings_of(const RulePack& rules, const ScoreOptions& options);

}  // namespace breachrank::propagation
