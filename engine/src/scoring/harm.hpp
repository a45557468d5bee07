// Exposure and harm of a breach set (SPEC §4): for each population, the
// largest coverage over the breached entities of each category, cut into
// nested bands, each band's people scored at the severity of its categories.
#pragma once

#include <span>
#include <unordered_map>
#include <vector>

#include "model/coverage.hpp"
#include "scoring/severity.hpp"

namespace breachrank::scoring {

struct Band {
    double share = 0;  ///< v_j - v_{j+1}
    CategorySet categories;
    double severity = 0;  ///< for the population's first scoring group
};

struct Exposure {
    std::uint32_t population = 0;
    double top = 0;     ///< v_1, the largest exposed share
    double people = 0;  ///< size x v_1
    double harm = 0;    ///< sum over groups g of size_g x sum over bands of share x severity(band, g)
    std::vector<Band> bands;
    /// The severities of the population's other groups (segments), band by
    /// band: [band * (groups - 1) + g - 1]. Empty for a population without
    /// segments, so the common case allocates nothing more.
    std::vector<double> more;

    /// Severity of band j for the population's g-th group (0 = its first).
    double severity(std::size_t j, std::size_t g, std::size_t groups) const {
        return g == 0 ? bands[j].severity : more[j * (groups - 1) + g - 1];
    }
};

/// Coverage rows replacing the base coverage's for a few entities (what-if
/// evaluation changes one holder's data without copying the model). Each row
/// is sorted by (population, category), one item per pair, as Coverage's are
/// (IncrementalHarm merges rows in that order).
using RowOverlay = std::unordered_map<int, std::vector<model::CoverageItem>>;

/// What breaching all of `breached` (entity indices) exposes, one Exposure
/// per population touched, in population order. Rows of entities in
/// `overlay` (when given) replace the coverage's.
std::vector<Exposure> expose(const Model& model, const model::Coverage& coverage, const SeverityModel& severity,
                             std::span<const int> breached, const RowOverlay* overlay = nullptr);

/// What a breach exposes given its x: one item per (population, category)
/// with x_k > 0, sorted by (population, category). expose() is this of the
/// union of the set's rows.
std::vector<Exposure> expose_union(const Model& model, const SeverityModel& severity,
                                   std::span<const model::CoverageItem> x);

/// What breaching all of `breached` (with `overlay`'s rows, when given)
/// exposes of population `p` alone: expose()'s Exposure for p, or false when
/// the set holds nothing of p. H(B) is the sum of these exposures' harms, so a
/// change to one population's coverage moves only its own term (suggest()
/// re-weighs just that: BreachHarm::population_term()).
bool expose_population(const Model& model, const model::Coverage& coverage, const SeverityModel& severity,
                       std::span<const int> breached, std::uint32_t p, const RowOverlay* overlay, Exposure& out);

/// The Exposure of population p from its items (category, x_k > 0; any
/// order: sorted here by share), as expose() computes it. Overwrites `out`
/// (reusing its storage: the incremental harm keeps one per population).
void expose_items(const Model& model, const SeverityModel& severity, std::uint32_t p,
                  std::vector<model::CoverageItem>& items, Exposure& out);

/// H(B): the total harm of the exposures.
double total_harm(const std::vector<Exposure>& exposures);

}  // namespace breachrank::scoring
