// The report stage: one file per output format, each rendering every result
// type it offers, and render.cpp choosing among them for the public
// render_*() entry points (breachrank/report.hpp):
//   tables.cpp       plain-text tables and Markdown (score, breach, whatif, suggest)
//   explanation.cpp  an explanation as text or Markdown
//   csv.cpp          CSV (the ranking streamed in slices)
//   json.cpp         the JSON of SPEC §7 (the ranking streamed in slices)
//   dot.cpp          the supply chain for Graphviz
//   loss_text.cpp    money (`loss`) as text or Markdown; loss_svg.cpp its chart
// with text_format (numbers and tables for people), json_writer (RapidJSON
// with breachrank's number format) and slices (ordered two-thread rendering).
// The report stage reads results only: it may use the public types and its
// own folder, never the stages that computed them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "breachrank/loss.hpp"
#include "breachrank/report.hpp"

namespace breachrank::report {

/// How many vendors a ranking lists for `top` (0 = all).
inline std::size_t listed(const ScoreResult& r, std::size_t top) {
    return top == 0 ? r.vendors.size() : std::min(top, r.vendors.size());
}

// ---- dot.cpp ----------------------------------------------------------------
/// render_dot() of the entities marked in `keep` (all when null) and the
/// flows and access edges between them; when some are marked 2 (centres),
/// only the edges with a centre at one end. `compact` (the HTML report): one
/// arrow per pair with its flows in a tooltip, light tier tints with each
/// tier's mark.
std::string supply_chain_dot(const Model& model, const RulePack& rules, const ScoreResult& scores,
                             const std::vector<char>* keep, bool compact = false);

// ---- tables.cpp and explanation.cpp (`markdown` false: plain text) ----------
std::string score_text(const ScoreResult& result, std::size_t top, bool markdown);
std::string breach_text(const BreachResult& result, bool markdown);
std::string whatif_text(const std::vector<WhatIfResult>& results, bool markdown);
std::string suggestions_text(const std::vector<Suggestion>& suggestions, double total_risk, bool markdown);
std::string explanation_text(const VendorExplanation& explanation, bool markdown);
/// The notification decisions as lines of text or Markdown (tables.cpp).
std::string notification_text(const NotificationDecision& decision, bool markdown);
/// The same without the heading.
std::string notification_lines(const NotificationDecision& decision, bool markdown);
/// "officers, segment covert" or "officers (the rest, in no segment)".
std::string group_label(const std::string& population, const std::string& segment);

// ---- notice.cpp -------------------------------------------------------------
std::string notice(const BreachResult& result, const std::vector<Suggestion>& measures);

// ---- csv.cpp ----------------------------------------------------------------
/// Streamed: written to `out` in slices as they are rendered.
void write_score_csv(std::ostream& out, const ScoreResult& result, std::size_t top);
std::string breach_csv(const BreachResult& result);
std::string whatif_csv(const std::vector<WhatIfResult>& results);
std::string suggestions_csv(const std::vector<Suggestion>& suggestions);
std::string loss_csv(const LossResult& result, std::size_t top);
std::string plan_csv(const PlanResult& result);
std::string loss_curve_csv(const LossResult& result);

// ---- json.cpp ---------------------------------------------------------------
/// Streamed: written to `out` in slices as they are rendered.
void write_score_json(std::ostream& out, const ScoreResult& result, std::size_t top);
std::string explanation_json(const VendorExplanation& explanation);
std::string breach_json(const BreachResult& result);
std::string whatif_json(const std::vector<WhatIfResult>& results);
std::string suggestions_json(const std::vector<Suggestion>& suggestions, double total_risk);
std::string loss_json(const LossResult& result, std::size_t top);  ///< json_loss.cpp
std::string plan_json(const PlanResult& result);                    ///< json_plan.cpp
class JsonWriter;
/// `[{"id", "before", "after"}]`: the vendors a change moves (json.cpp; suggestions and plan steps).
void write_effects(JsonWriter& w, const std::vector<VendorEffect>& effects);
/// "loss_avoided" and "return" of a suggestion or plan step, when priced.
void write_loss_avoided(JsonWriter& w, const std::optional<double>& loss_avoided, const std::optional<double>& net_return);

// ---- plan_text.cpp ------------------------------------------------------------
std::string plan_text(const PlanResult& result, bool markdown);
/// The plan as a `breachrank: scenario/1` file, one comment per change.
std::string plan_scenario(const PlanResult& result, const std::string& model_name);

// ---- loss_text.cpp and loss_svg.cpp -------------------------------------------
std::string loss_text(const LossResult& result, std::size_t top, bool markdown);
/// The loss exceedance curve with the appetite over it, as a standalone SVG.
std::string loss_svg(const LossResult& result);

}  // namespace breachrank::report
