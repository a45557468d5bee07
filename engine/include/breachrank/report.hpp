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
#include <utility>
#include <vector>

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

struct DotOptions {
    /// Only these entities (ids) and the flows and access edges between them;
    /// empty: every entity. An id the model lacks is ignored.
    std::vector<std::string> entities;
    /// When given: only the flows and access edges with an end among these
    /// (ids) are drawn, so a neighbourhood reads as the spokes of its centres
    /// rather than every edge among the neighbours.
    std::vector<std::string> centres;
    /// For a page (the HTML report): one arrow per pair of entities with its
    /// flows in a tooltip instead of a label each, light tier tints under dark
    /// text, and each tier's mark (squares, more for riskier) beside its name.
    bool compact = false;
};
std::string render_dot(const Model& model, const RulePack& rules, const ScoreResult& scores, const DotOptions& options);

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

// ---- the HTML report (`breachrank report`) --------------------------------

struct ReportOptions {
    /// The riskiest vendors given a section of their own (at least 1; default 20).
    std::size_t top = 20;
    /// The single changes listed (suggest(), the top this many; 0: none).
    std::size_t suggestions = 10;
    /// Above this many entities the diagram shows only the `top` vendors and
    /// their direct neighbours (by flows and access edges), and says so: a
    /// drawing of thousands of boxes is unreadable and slow to lay out.
    std::size_t diagram_entities = 150;
    /// Above this many vendors suggestions are sought among the changes about
    /// the `top` vendors only (SuggestOptions::vendors), and the page says so.
    std::size_t suggest_all_below = 2000;
};

/// What the HTML report shows, gathered by make_report(); render_html() only formats it.
struct Report {
    ScoreResult score;
    std::vector<Tier> tiers;  ///< the pack's tiers, riskiest first (for their order and thresholds)
    std::size_t entities = 0, flows = 0, access = 0;  ///< the model's size
    std::vector<VendorExplanation> sections;  ///< the `top` riskiest vendors, in rank order
    std::vector<Suggestion> suggestions;
    double total_risk = 0;  ///< the sum of the vendors' risk
    /// The vendors the suggestions were limited to (empty: every change was considered).
    std::vector<std::string> suggestions_about;
    std::vector<WhatIfResult> scenarios;  ///< one per scenario given, in order
    std::optional<LossResult> loss;       ///< with the pack's `loss` section
    /// The supply chain (or the top vendors' neighbourhoods) as Graphviz DOT
    /// (empty: nothing to draw), and what it shows in one sentence.
    std::string diagram_dot;
    std::string diagram_note;
};

/// Scores `model`, explains its `top` vendors, finds the suggestions, scores
/// each applied scenario (named, with its notes) against the baseline and,
/// with a `loss` section, runs loss(); every number as the CLI's commands
/// give it for the same inputs. Throws as score(), suggest() and loss() do.
Report make_report(const Model& model, const RulePack& rules, const ScoreOptions& options,
                   const std::vector<std::pair<std::string, AppliedScenario>>& scenarios, const ReportOptions& report = {});

/// One self-contained HTML page for a board: inline styles, script and
/// pictures (the diagram laid out by Graphviz, the loss curve as SVG), no
/// request to anything outside the file; a print stylesheet; tables sortable
/// by keyboard or mouse. The ranking lists every vendor up to
/// kReportRankingRows; beyond that it is paged by its script (100 rows a
/// page, every vendor's row kept in the page as data). Throws
/// breachrank::Error when Graphviz cannot lay out the diagram.
std::string render_html(const Report& report);

/// The most ranking rows written into the page as a table; larger rankings are paged.
inline constexpr std::size_t kReportRankingRows = 5000;

/// The step-by-step derivation of one vendor's score. CSV is not offered
/// (an explanation is not a table): callers should refuse it.
std::string render_explanation(const VendorExplanation& explanation, Format format);

}  // namespace breachrank
