// The settings of one run: the caller's ScoreOptions over the rule pack's
// `propagation` defaults, validated once.
#pragma once

#include <cstdint>

#include "breachrank/options.hpp"
#include "breachrank/rules.hpp"

namespace breachrank::propagation {

struct Settings {
    CascadeMethod method;
    std::int64_t trials;
    std::uint64_t seed;
    double damping;
};

/// Throws breachrank::Error with ScoreOptions::is_valid()'s message when
/// `options` is invalid.
Settings settings_of(const RulePack& rules, const ScoreOptions& options);

}  // namespace breachrank::propagation
