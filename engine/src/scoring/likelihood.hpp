// The annual breach probability of an entity (SPEC §4 "Likelihood"): the
// pack's base for its kind, times its controls' and listed tags' factors,
// clamped to [0, 1], unless the model overrides it. likelihood.cpp implements
// the public trace_likelihood() (breachrank/score.hpp), which keeps every
// factor for `explain`; this header holds the clamp that suggest() shares.
#pragma once

#include <algorithm>

namespace breachrank::scoring {

inline double clamp01(double x) { return std::min(std::max(x, 0.0), 1.0); }

}  // namespace breachrank::scoring
