// "Did you mean": the one place that guesses which known name a mistyped one
// meant, and the one wording of the hint ("; did you mean 'x'?"). Every loader,
// the scenario checks and the command line use it, so a hint reads the same
// wherever it appears.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace breachrank::support {

/// The closest candidate to `name` (optimal string alignment distance, case
/// folded, at most a third of the shorter name; or a truncation of at least 4
/// characters), or "" when none is close enough to be a plausible typo.
std::string closest(std::string_view name, const std::vector<std::string_view>& candidates);

/// "; did you mean 'x'?" with the closest candidate, or "" when none is close.
/// (breachrank::did_you_mean(), public, takes a vector of strings.)
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace breachrank::support
