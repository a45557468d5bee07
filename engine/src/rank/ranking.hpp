// Ranking and tiers (SPEC §4 "Rank"): vendors by risk, highest first, ties
// broken by cascade impact and then by id, so the order never depends on the
// order of the file or on the threads; a vendor's tier is the first of the
// pack's tiers whose min_risk its risk reaches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "breachrank/rules.hpp"
#include "propagation/vendor_runs.hpp"

namespace breachrank::rank {

/// The pack's tier for a risk ("" when no tier's min_risk is reached).
inline std::string tier_of(const RulePack& rules, double risk) {
    for (const Tier& t : rules.tiers)
        if (risk >= t.min_risk) return t.name;
    return {};
}

/// One vendor's place in the ranking.
struct Ranked {
    double risk, cascade;
    std::uint32_t index;  ///< into Baseline::vendors
};

/// The baseline's vendors in rank order. Throws breachrank::Error when a
/// vendor's direct impact, cascade impact or risk is not finite (a NaN would
/// break the sort's ordering).
std::vector<Ranked> ranking(const Model& model, const propagation::Baseline& base,
                            const std::vector<scoring::SetHarm>& direct);

/// score()'s result from a baseline already run with `st` over `cx` (suggest()
/// runs one to evaluate its candidates, and plan() reads the model's scores
/// off it instead of scoring the same model again).
ScoreResult score_result(const propagation::Context& cx, const propagation::Baseline& base,
                         const propagation::Settings& st, const ScoreOptions& options);

/// ScoreResult::summary for a baseline run with `st`.
ScoreSummary summarise(const propagation::Baseline& base, const propagation::Settings& st);

}  // namespace breachrank::rank
