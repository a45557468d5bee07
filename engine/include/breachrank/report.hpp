// Rendering results for people and programs: tables, Markdown, CSV, and the
// JSON of SPEC §7. Every format carries the same facts. JSON and CSV numbers
// are plain numbers printed as the shortest text that reads back to the same
// double (JSON adds ".0" to an integral value: 725.0).
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "breachrank/loss.hpp"
#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"
#include "breachrank/scenario.hpp"
#include "breachrank/score.hpp"

namespace breachrank {

/// `notice` is for `breach` only: a draft GDPR Art. 33(3) notification in
/// Markdown; `svg` for `loss` only: the loss exceedance curve as a picture.
enum class Format { table, json, csv, markdown, notice, svg };
std::optional<Format> parse_format(std::string_view text);

/// The ranking. `top` limits the vendors listed (0 = all); organisations are
/// always listed whole.
std::string render_score(const ScoreResult& result, Format format, std::size_t top = 0);

/// The same text as render_score(), written to `out` as it is rendered: JSON
/// and CSV are rendered in slices of 1,000 vendors on two threads and written
/// in order, so neither the text nor a document tree is ever held whole
/// (memory stays at a few megabytes above the result at any size). I/O errors
/// are left in `out`'s state for the caller to check; nothing is thrown for them.
void write_score(std::ostream& out, const ScoreResult& result, Format format, std::size_t top = 0);

/// An incident look-up (`breachrank breach`). CSV has one row per population,
/// segment and band, then, after a blank line, the reach (`id,probability`).
/// Format::notice is render_notice() without measures.
std::string render_breach(const BreachResult& result, Format format);
/// A draft GDPR Art. 33(3) notification (Markdown) for a DPO to check and
/// edit: the nature of the breach, the people and records concerned per
/// population and segment, the likely consequences (the rules that fired and
/// why), the measures proposed (`measures`, for example the top suggestions
/// for the breached entities), and the decisions with their reasons.
std::string render_notice(const BreachResult& result, const std::vector<Suggestion>& measures);

/// The supply chain as a Graphviz DOT digraph: entities coloured by tier
/// (organisations as boxes), flows as solid edges labelled with their
/// population, categories and share, access edges dashed with their probability.
std::string render_dot(const Model& model, const RulePack& rules, const ScoreResult& scores);

/// Baseline and scenarios side by side (`breachrank whatif`). JSON is one
/// object per SPEC §7 for one scenario, an array of them for several.
std::string render_whatif(const std::vector<WhatIfResult>& results, Format format);

/// The candidate changes that cut total risk the most (`breachrank suggest`).
std::string render_suggestions(const std::vector<Suggestion>& suggestions, double total_risk, Format format);

/// Money (`breachrank loss`): the expected annual loss, the bad years, the
/// appetite check, the vendors by expected annual loss (`top` of them; 0 =
/// all) with their tail shares, and the exceedance curve. CSV has one row
/// per vendor (the curve is render_loss_curve_csv()); JSON is
/// `breachrank.loss/1` (SPEC §7); SVG is the exceedance curve with the
/// appetite over it, drawn as a standalone picture.
std::string render_loss(const LossResult& result, Format format, std::size_t top = 0);
/// The exceedance curve as CSV: return_period_years,probability,loss, one row
/// per point, most probable first.
std::string render_loss_curve_csv(const LossResult& result);

/// A greedy plan (`breachrank plan`): its steps with cost, reduction, side
/// effects and (with a `loss` section) loss avoided and return. CSV has one
/// row per step; JSON is `breachrank.plan/1` (SPEC §7) with additions.
std::string render_plan(const PlanResult& result, Format format);
/// The plan as a `breachrank: scenario/1` file that `whatif` and `validate
/// --scenario` accept, with one comment per change (its step, cost and
/// reduction); `model_name` names the plan.
std::string render_plan_scenario(const PlanResult& result, const std::string& model_name);

/// The step-by-step derivation of one vendor's score. CSV is not offered
/// (an explanation is not a table): callers should refuse it.
std::string render_explanation(const VendorExplanation& explanation, Format format);

}  // namespace breachrank
