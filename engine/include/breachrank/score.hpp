// Scoring (SPEC §4): per-vendor harm, likelihood, risk, rank and tier, and
// per-organisation exposure.
//
// The model (what is valued) is kept apart from the options (how it is
// valued): score() takes a validated Model, the RulePack it was loaded
// against, and ScoreOptions, and returns a ScoreResult of plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "breachrank/model.hpp"
#include "breachrank/options.hpp"
#include "breachrank/rules.hpp"

namespace breachrank {

/// One band of an exposed segment: its people who share the same set of exposed categories.
struct BandScore {
    double share = 0;                     ///< fraction of the population (and of each segment) in this band
    double people = 0;                    ///< the segment's size x share
    std::vector<std::string> categories;  ///< exposed categories, in pack order
    double severity = 0;                  ///< severity of one record in the band, for this segment
    std::string level;                    ///< the pack's label for that severity ("" if none)
};

/// What a breach exposes of one segment of a population (SPEC §4 "Segments").
struct SegmentExposure {
    std::string segment;  ///< the segment's id; the population's id for the remainder
    double people = 0;    ///< segment size x the largest exposed share
    double harm = 0;      ///< segment size x sum over bands of share x severity
    std::vector<BandScore> bands;  ///< widest share first
};

/// What a breach exposes of one population.
struct PopulationExposure {
    std::string population;
    std::string owner;
    double people = 0;  ///< size x the largest exposed share
    double harm = 0;    ///< the sum of the segments' harm
    /// The remainder first (when it has people), then the segments in model
    /// order; a population without segments has one, its remainder.
    std::vector<SegmentExposure> segments;
};

struct VendorScore {
    int rank = 0;  ///< 1 = riskiest
    std::string id;
    std::string name;
    EntityKind kind = EntityKind::supplier;
    std::string tier;  ///< "" when no tier's min_risk is reached
    double likelihood = 0;      ///< P(v), annual breach probability
    double direct_impact = 0;   ///< D(v) = H({v})
    double cascade_impact = 0;  ///< C(v) = E[H(B_v)]
    std::optional<double> cascade_stderr;  ///< 0 for exact, the standard error for montecarlo, unset for linear
    /// How C was computed: exact (always for a vendor without outgoing
    /// access, where C = D), montecarlo or linear; never automatic.
    CascadeMethod cascade_method = CascadeMethod::exact;
    double risk = 0;           ///< P(v) x C(v)
    double inherent_risk = 0;  ///< the same without the vendor's controls
    double people_exposed = 0;
    std::vector<std::string> organisations_affected;  ///< owner ids, sorted
    /// What a breach of the vendor itself exposes (the direct part), in model
    /// order of populations; people_exposed and organisations_affected likewise.
    std::vector<PopulationExposure> exposures;
    std::vector<std::string> rules_fired;             ///< rule ids, in pack order
    /// Money (SPEC §4 "Loss"), set only when the pack has a `loss` section:
    /// E[L(B_v)] = E[X_breach] + sum over levels of E[people_l(B_v)] x E[X_l],
    /// by the vendor's cascade method (linear: the screen solved for the
    /// people's costs, so overlapping holders are added, not united);
    /// its Monte Carlo standard error (0 for exact; unset for linear); and the
    /// expected annual loss P(v) x E[L(B_v)].
    std::optional<double> expected_incident_loss;
    std::optional<double> expected_incident_loss_stderr;
    std::optional<double> expected_annual_loss;
};

struct OrganisationScore {
    std::string id;
    std::string name;
    double people = 0;    ///< people in the populations it owns
    double exposure = 0;  ///< sum over vendors of P(v) x harm of B_v to its populations
};

/// How a scoring ran (in the spirit of Ceres's Solver::Summary): how many
/// vendors each method scored, and why.
struct ScoreSummary {
    std::size_t vendors = 0;  ///< suppliers ranked
    /// Vendors with no access edge that can fire: C = D exactly, whatever the method.
    std::size_t without_access = 0;
    /// Enumerated exactly: every vendor with access under `exact`; under
    /// `automatic`, those that reach at most kAutoExactEdges access edges.
    std::size_t exact = 0;
    /// Sampled: every vendor with access under `montecarlo`; under
    /// `automatic`, those that reach more than kAutoExactEdges access edges.
    std::size_t montecarlo = 0;
    std::size_t linear = 0;  ///< every vendor with access under `linear`
    /// The linear screen's strongly connected components of more than one
    /// entity, and the size of the largest (0 unless the method is linear).
    std::size_t cyclic_components = 0;
    std::size_t largest_component = 0;
    /// The counts above in one sentence, with the reason for each ("auto: 40
    /// vendors without access that can fire (C = D), 12 vendors enumerated
    /// exactly (at most 16 reachable access edges each), 3 vendors sampled with
    /// 2000 trials (more than 16 reachable access edges)").
    std::string message;
};

struct ScoreResult {
    std::string model;
    std::string rules;
    std::vector<std::string> circumstances;  ///< the incident's, as selected (pack order)
    CascadeMethod method = CascadeMethod::automatic;  ///< as requested (JSON prints method_name())
    std::optional<std::int64_t> trials;  ///< set when the method may sample
    std::uint64_t seed = 0;
    std::vector<VendorScore> vendors;  ///< every supplier, ranked: risk desc, cascade desc, id asc
    std::vector<OrganisationScore> organisations;  ///< exposure desc, then id
    ScoreSummary summary;
    /// With a `loss` section: its currency and the portfolio's expected annual
    /// loss, the sum of the vendors' (unset without one).
    std::optional<std::string> currency;
    std::optional<double> expected_annual_loss;
};

/// Scores every supplier of `model`. Cascades run on `options.threads` threads;
/// the result does not depend on the thread count.
/// Throws breachrank::Error when `options` is invalid, when `exact` meets a
/// vendor with more than kMaxExactEdges reachable access edges, when the
/// linear screen diverges (the message names a cycle), or when an expression
/// evaluates to a non-finite number.
ScoreResult score(const Model& model, const RulePack& rules, const ScoreOptions& options = {});

// ---- incident look-up -----------------------------------------------------

struct ReachProbability {
    std::string id;
    double probability = 0;  ///< that the cascade from the breached set reaches this entity
};

/// How breach() treats the incident beyond scoring it (SPEC §4 "Notification").
struct IncidentOptions {
    /// The data was unintelligible to whoever took it (encrypted, key safe):
    /// no notice to individuals is required (GDPR Art. 34(3)(a)).
    bool unintelligible = false;
    /// When the controller became aware of the breach: an ISO 8601 date
    /// ("2023-08-26"), or date-time with minutes or seconds, optionally with
    /// "Z" or an offset ("2023-08-26T18:30+01:00"); without an offset, UTC.
    /// Unset: no deadline is computed. Invalid text: breachrank::Error.
    std::optional<std::string> discovered;
};

/// People in one population and segment whose records reach one level.
struct NotificationGroup {
    std::string population;
    std::string segment;  ///< the population's id for its remainder
    double people = 0;
    std::string level;
};

/// GDPR Art. 33 (the supervisory authority) and Art. 34 (the individuals).
struct NotificationDecision {
    /// False when the rule pack has no `notification` section: then nothing
    /// was decided (`required` is false and the reasons say why).
    bool assessed = false;
    struct Authority {
        bool required = false;
        std::optional<std::string> deadline;  ///< UTC, "2023-08-29T18:30:00Z", when discovered is given
        std::string reason;
    } authority;
    struct Individuals {
        bool required = false;
        double people = 0;  ///< whose records reach the individuals' level (told unless unintelligible)
        std::string reason;
        std::vector<NotificationGroup> groups;  ///< by population, segment, then level from the highest
    } individuals;
};

/// What one incident exposes and where it may spread (`breachrank breach`).
struct BreachResult {
    std::string model;                  ///< the model's name
    std::string rules;                  ///< the rule pack's name
    std::vector<std::string> breached;  ///< the breached entities, as given
    std::vector<std::string> breached_names;  ///< their display names, aligned with `breached`
    std::vector<std::string> circumstances;  ///< the incident's, as selected (pack order)
    std::optional<std::string> discovered;   ///< IncidentOptions::discovered in UTC ("2023-08-30T08:15:00Z")
    bool unintelligible = false;             ///< as IncidentOptions::unintelligible
    double harm = 0;                    ///< H(breached set)
    double people_exposed = 0;
    std::vector<PopulationExposure> exposures;  ///< of the breached set itself
    CascadeMethod method = CascadeMethod::exact;  ///< exact or montecarlo
    std::optional<std::int64_t> trials;  ///< set for montecarlo
    double expected_harm = 0;           ///< E[H] over the cascade from the breached set
    std::optional<double> expected_harm_stderr;  ///< 0 for exact, set for montecarlo
    std::vector<ReachProbability> reach;  ///< every other entity, most probable first, then by id
    NotificationDecision notification;
    /// The rules that fired for the breached set's records, with their reasons
    /// (the likely consequences of a notice), in pack order.
    std::vector<std::pair<std::string, std::string>> consequences;
};

/// Throws breachrank::Error for invalid `options` (ScoreOptions::is_valid(),
/// an unknown circumstance), for no entity, an unknown or repeated id, for
/// --method linear (it has no notion of reach), for exact beyond
/// kMaxExactEdges, and for a `discovered` time that is not ISO 8601.
BreachResult breach(const Model& model, const RulePack& rules, const std::vector<std::string>& entities,
                    const ScoreOptions& options = {}, const IncidentOptions& incident = {});

// ---- explanations -------------------------------------------------------

/// One fired rule and the values of its effects for this segment.
struct RuleApplication {
    std::string rule;
    std::string because;
    std::vector<std::pair<std::string, double>> effects;  ///< ("multiply", 2.0), in apply order
    std::vector<std::string> expressions;  ///< aligned with effects: the expression that gave it, "" for a number
    std::string condition;                 ///< the rule's `if`, "" when none
    std::vector<std::pair<std::string, double>> traits;  ///< the traits its expressions use, with this segment's values
};

/// How the severity of one record was reached (SPEC §4 steps 1-4).
struct SeverityTrace {
    double base = 0;     ///< after step 1 (combined weights)
    double ease = 0;     ///< after step 2 (combined identifies, clamped to [floor, 1])
    std::vector<RuleApplication> rules;  ///< step 3, in pack order
    double ruled_base = 0;  ///< after base_add / base_multiply (step 3)
    double final_base = 0;  ///< after the pack's base_range (step 4); ruled_base when it has none
    double final_ease = 0;  ///< after ease_add, clamped to [0, 1]
    double mult = 1;
    double add = 0;
    double circumstances = 0;
    double severity = 0;  ///< step 4
    std::string level;
};

/// Traces the severity of one record of population `population` (index into
/// model.populations) with categories `exposed`, for the population's
/// remainder (`segment` -1) or its segment `segment`, under no circumstances.
SeverityTrace trace_severity(const Model& model, const RulePack& rules, int population,
                             const CategorySet& exposed, int segment = -1);

struct LikelihoodTrace {
    std::string kind;                    ///< "organisation", "supplier" or "channel"
    double base = 0;                     ///< the pack's base for that kind
    bool base_fallback = false;          ///< a channel on the supplier's base: the pack gives none for channels
    std::vector<NamedFactor> controls;   ///< the vendor's controls and their factors
    std::vector<NamedFactor> tags;       ///< the vendor's tags that the pack lists
    std::optional<double> override_value;  ///< the model's `likelihood`, which wins
    double likelihood = 0;
    double inherent = 0;
};

LikelihoodTrace trace_likelihood(const Model& model, const RulePack& rules, int entity);

/// Everything `breachrank explain` shows for one vendor.
struct VendorExplanation {
    VendorScore score;
    std::size_t vendors = 0;  ///< how many suppliers were ranked (score.rank is "of" this)
    /// Where a breach of the vendor spreads: the probability of reaching each
    /// other entity (those above 0, most probable first). Empty without access.
    std::vector<ReachProbability> reach;
    /// [exposure][segment][band], aligned with score.exposures
    std::vector<std::vector<std::vector<SeverityTrace>>> bands;
    LikelihoodTrace likelihood;
};

/// Scores the model and explains vendor `vendor_id`. Throws breachrank::Error
/// when no supplier has that id, and as score() does.
VendorExplanation explain(const Model& model, const RulePack& rules, const std::string& vendor_id,
                          const ScoreOptions& options = {});

/// Explains several vendors off a score already made (`scored`, from
/// score(model, rules, options) with the same arguments): the model's
/// coverage and severity are prepared once, not once per vendor. Throws as
/// explain() does for an id that is no supplier's.
std::vector<VendorExplanation> explain(const Model& model, const RulePack& rules, const ScoreResult& scored,
                                       const std::vector<std::string>& vendor_ids, const ScoreOptions& options = {});

}  // namespace breachrank
