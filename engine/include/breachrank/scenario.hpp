// What-if scenarios (`breachrank: scenario/1`, SPEC §5): plain data describing
// changes to a model, applied in order to give a new model, and the comparison
// of a baseline with one or more scenarios.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "breachrank/diagnostic.hpp"
#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"
#include "breachrank/score.hpp"

namespace breachrank {

enum class ChangeKind {
    remove_categories,  ///< drop categories from the flows from -> to of a population
    set_share,          ///< set the share of the flows from -> to of a population
    remove_flow,        ///< remove the flows from -> to (of one population, when given)
    add_flow,
    add_control,
    remove_control,
    set_likelihood,     ///< set (or, with no value, clear) an entity's likelihood override
    remove_entity,      ///< with its flows and access edges, and the populations it owns
    add_entity,
    add_population,
    add_access,
    remove_access,
};
const char* change_name(ChangeKind kind);

/// One change. References are by id (names), resolved when the change is
/// applied, in order, to the model as the earlier changes left it. Which
/// fields a kind uses is documented at each field.
struct Change {
    ChangeKind kind = ChangeKind::remove_flow;
    SourceMark mark;  ///< where in the scenario file (for diagnostics)

    // remove_categories, set_share, remove_flow, add_flow, add_access, remove_access
    std::string from, to;
    std::string population;  ///< optional for remove_flow (then: every population)
    std::vector<std::string> categories;  ///< remove_categories, add_flow
    std::vector<std::string> required;    ///< add_flow: what the receiver cannot work without (among `categories`)
    std::optional<double> share;          ///< set_share, add_flow (default 1), in (0, 1]
    std::optional<std::uint64_t> records; ///< instead of share: share = records / size
    double probability = 0;               ///< add_access

    // add_control, remove_control, set_likelihood, remove_entity
    std::string entity;
    std::string control;
    std::optional<double> likelihood;  ///< set_likelihood; nullopt clears the override

    // add_entity
    std::string kind_text;  ///< "organisation", "supplier" or "channel"
    std::string name;
    std::vector<std::string> tags;
    std::vector<std::string> controls;

    // add_population: entity = id, to = owner; categories = holds; tags as above
    std::uint64_t size = 0;
    std::vector<std::pair<std::string, double>> traits;
};

struct Scenario {
    std::string name;
    std::string file;  ///< where it was read from (for diagnostics)
    std::vector<Change> changes;
};

/// Reads and validates a scenario's structure (keys, types, ranges, ids), with
/// positions and "did you mean"s. References are checked by apply_scenario().
Loaded<Scenario> load_scenario_file(const std::string& path, const RulePack& rules);
Loaded<Scenario> load_scenario_text(std::string_view text, const std::string& file_name, const RulePack& rules);

struct AppliedScenario {
    Model model;
    /// What happened beyond the changes themselves: populations removed with
    /// their owner, and every trim of data a sender no longer holds.
    std::vector<std::string> notes;
};

/// Applies the changes in order. A change that names something absent (an
/// entity, population, flow, category, control or access edge) is an error
/// at the change's position. After each change, what a sender no longer holds
/// is trimmed from the flows it sends on, transitively (data must trace back
/// to its owner through flows), and each trim is noted.
Loaded<AppliedScenario> apply_scenario(const Model& model, const RulePack& rules, const Scenario& scenario);

// ---- comparison -----------------------------------------------------------

struct VendorStanding {
    double risk = 0;
    int rank = 0;
    std::string tier;
    std::optional<double> expected_annual_loss;  ///< with the pack's `loss` section
};

struct VendorDelta {
    std::string id;
    std::optional<VendorStanding> before;  ///< absent when the vendor exists only in the scenario
    std::optional<VendorStanding> after;   ///< absent when the scenario removed it
    double delta_risk = 0;                 ///< after - before (a missing side counts 0)
};

struct WhatIfResult {
    std::string scenario;
    double total_risk_before = 0;  ///< sum of the vendors' risk
    double total_risk_after = 0;
    std::vector<VendorDelta> vendors;  ///< baseline rank order, then vendors new in the scenario
    std::vector<std::string> notes;
    ScoreResult before, after;
    /// The loss currency when the pack has a `loss` section; then
    /// before.expected_annual_loss and after.expected_annual_loss are set.
    std::optional<std::string> currency;
};

/// Compares two scorings (of a baseline and of a scenario).
WhatIfResult compare(const std::string& scenario_name, const ScoreResult& before, const ScoreResult& after,
                     std::vector<std::string> notes);

// ---- suggestions ----------------------------------------------------------

/// A vendor whose risk a change moves (a side effect, or the vendor itself).
struct VendorEffect {
    std::string id;
    double before = 0;
    double after = 0;
};

struct Suggestion {
    Change change;      ///< as a scenario would state it
    std::string vendor; ///< the vendor the change is about (the holder, the controlled vendor, the edge's source)
    EntityKind vendor_kind = EntityKind::supplier;  ///< a supplier or a channel (or an organisation that holds access)
    std::string description;
    double total_risk_before = 0;
    double total_risk_after = 0;
    double reduction = 0;  ///< before - after
    double vendor_risk_before = 0;
    double vendor_risk_after = 0;
    /// Every vendor whose risk the change moves, the vendor itself included:
    /// data trimmed from a sub-processor, cascades that reached a changed
    /// holder or crossed a cut edge. Largest move first, then by id.
    std::vector<VendorEffect> effects;
    /// What the change costs a year, in the loss currency: the control's
    /// `cost`, or the pack's `mitigation_costs` for the other kinds (0 when unpriced).
    double cost = 0;
    /// With the pack's `loss` section: the expected annual loss the change
    /// avoids (as scoring the model with the change applied gives it, from the
    /// same incremental evaluation as the risk) and its return (loss avoided - cost).
    std::optional<double> loss_avoided, net_return;
};

struct SuggestOptions {
    std::size_t top = 10;  ///< how many to return (0 = all that reduce risk)
    bool drop_categories = true;  ///< data minimisation: one category from one flow
    bool add_controls = true;     ///< one control of the pack on one vendor
    bool remove_access = true;    ///< one access edge
    /// Only the changes about these vendors (ids: a data change's receiver, a
    /// control's vendor, an access edge's source); empty: every vendor. An id
    /// that is no supplier's is a breachrank::Error.
    std::vector<std::string> vendors;
};

/// Evaluates every single candidate change and returns those that reduce the
/// total risk most, largest reduction first (ties: description). Only what a
/// candidate touches is re-scored: a flow change re-scores the holders whose
/// coverage it changes and the cascades that can reach them; a control only
/// its vendor's likelihood; an access edge the cascades that can reach its source.
std::vector<Suggestion> suggest(const Model& model, const RulePack& rules, const ScoreOptions& score_options,
                                const SuggestOptions& options = {});

// ---- plans ----------------------------------------------------------------

struct PlanOptions {
    std::size_t steps = 10;         ///< at most this many changes, at least 1
    std::optional<double> budget;   ///< the most the plan may cost a year (>= 0), in the loss currency; unset: no limit
};

/// One change of a plan, as applied to the model the earlier steps left.
struct PlanStep {
    Change change;            ///< as a scenario states it
    std::string description;  ///< the change's text ("require 'mfa' of 'id-card-printer'")
    std::string vendor;       ///< the vendor the change is about
    double cost = 0;          ///< a year, in the loss currency
    double total_risk_before = 0, total_risk_after = 0;
    double reduction = 0;                ///< before - after
    std::vector<VendorEffect> effects;   ///< every vendor whose risk the step moves
    std::vector<std::string> notes;      ///< trims and broken services the step caused (none: suggest never breaks one)
    /// With the pack's `loss` section: the expected annual loss the step avoids,
    /// and its return (loss avoided - cost).
    std::optional<double> loss_avoided, net_return;
};

struct PlanResult {
    double total_risk_before = 0;
    double total_risk_after = 0;  ///< of the model with every step applied, scored afresh
    double cost = 0;              ///< the sum of the steps' costs
    std::vector<PlanStep> steps;
    std::string stopped;          ///< why the plan ends ("10 steps", "the budget", "no candidate reduces the total risk")
    std::optional<std::string> currency;  ///< with a `loss` section
    std::optional<double> loss_before, loss_after;  ///< the portfolio's expected annual loss, with a `loss` section
    Model model;  ///< the model with the plan applied
};

/// A greedy plan (SPEC §4 "Plans"): at each step, of `suggest`'s candidates on
/// the model as the earlier steps left it (required data is never one), the one
/// with the largest total-risk reduction per unit of cost, changes that cost 0
/// first (by reduction), ties by the change's text, among those within the
/// remaining budget; it stops at `steps`, at the budget, or when no candidate
/// reduces the total risk. Applying its steps as a scenario gives its total.
/// Throws breachrank::Error as suggest() does, and for steps 0 or a negative budget.
PlanResult plan(const Model& model, const RulePack& rules, const ScoreOptions& score_options = {},
                const PlanOptions& options = {});

}  // namespace breachrank
