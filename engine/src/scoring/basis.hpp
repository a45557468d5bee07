// The scoring facts that do not depend on the vendor, computed once per run:
// coverage, the compiled severity, and every entity's direct harm H({e})
// split by owner. Also turns the scoring stage's exposures into the public
// result records (PopulationExposure) that score() and breach() report.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "breachrank/score.hpp"
#include "model/coverage.hpp"
#include "scoring/breach_harm.hpp"
#include "scoring/harm.hpp"
#include "scoring/severity.hpp"

namespace breachrank::scoring {

struct Basis {
    const Model& model;
    const RulePack& rules;
    model::Coverage coverage;
    SeverityModel severity;
    std::vector<SetHarm> direct;  ///< H({e}) for every entity, split by owner

    /// Computes the direct harms on `workers` threads under the incident's
    /// `circumstances` (one flag per RulePack::circumstances; empty: none).
    /// Throws breachrank::Error when a rule expression gives NaN or infinity
    /// for a population or segment.
    Basis(const Model& model, const RulePack& rules, std::size_t workers, std::vector<char> circumstances = {});
};

/// The public record of one exposure, with category names and level labels.
PopulationExposure to_public(const Basis& b, const Exposure& e);

/// The direct part of a score: what breaching `set` exposes (`exposures`,
/// unless `with_exposures` is false), the people exposed (added to `people`),
/// the owners affected (sorted ids) and the rules fired (pack order), each
/// when its pointer is given. Runs once per vendor in score(), so it keeps
/// allocation down: owners are gathered as indices and the fired-rule flags
/// reuse one buffer per thread.
void describe_direct(const Basis& b, std::span<const int> set, std::vector<PopulationExposure>& exposures,
                     double& people, std::vector<std::string>* owners_out, std::vector<std::string>* fired_out,
                     bool with_exposures = true);

}  // namespace breachrank::scoring
