// The public render_*() and write_score() (breachrank/report.hpp): each
// picks the format's renderer (report/render.hpp).
#include <sstream>

#include <fmt/format.h>

#include "report/render.hpp"

namespace breachrank {

std::optional<Format> parse_format(std::string_view text) {
    if (text == "table") return Format::table;
    if (text == "json") return Format::json;
    if (text == "csv") return Format::csv;
    if (text == "markdown") return Format::markdown;
    if (text == "notice") return Format::notice;
    if (text == "svg") return Format::svg;
    return std::nullopt;
}

void write_score(std::ostream& out, const ScoreResult& result, Format format, std::size_t top) {
    switch (format) {
        case Format::json: return report::write_score_json(out, result, top);
        case Format::csv: return report::write_score_csv(out, result, top);
        case Format::markdown: out << report::score_text(result, top, true); return;
        case Format::notice: throw Error("a notice is drafted for an incident (breach), not a ranking");
        case Format::svg: throw Error("an SVG picture is drawn for money (loss), not a ranking");
        case Format::table: break;
    }
    out << report::score_text(result, top, false);
}

std::string render_score(const ScoreResult& result, Format format, std::size_t top) {
    std::ostringstream out;
    write_score(out, result, format, top);
    return std::move(out).str();
}

namespace {
// SVG is drawn only for `loss`.
void refuse_svg(Format format, const char* what) {
    if (format == Format::svg) throw Error(fmt::format("an SVG picture is drawn for money (loss), not {}", what));
}
}  // namespace

std::string render_explanation(const VendorExplanation& explanation, Format format) {
    refuse_svg(format, "an explanation");
    if (format == Format::json) return report::explanation_json(explanation);
    if (format == Format::csv) throw Error("an explanation has no CSV form; use table, markdown or json");
    if (format == Format::notice) throw Error("a notice is drafted for an incident (breach), not an explanation");
    return report::explanation_text(explanation, format == Format::markdown);
}

std::string render_breach(const BreachResult& result, Format format) {
    refuse_svg(format, "an incident");
    if (format == Format::json) return report::breach_json(result);
    if (format == Format::csv) return report::breach_csv(result);
    if (format == Format::notice) return report::notice(result, {});
    return report::breach_text(result, format == Format::markdown);
}

std::string render_whatif(const std::vector<WhatIfResult>& results, Format format) {
    refuse_svg(format, "a scenario");
    if (format == Format::json) return report::whatif_json(results);
    if (format == Format::csv) return report::whatif_csv(results);
    if (format == Format::notice) throw Error("a notice is drafted for an incident (breach), not a scenario");
    return report::whatif_text(results, format == Format::markdown);
}

std::string render_suggestions(const std::vector<Suggestion>& suggestions, double total_risk, Format format) {
    refuse_svg(format, "suggestions");
    if (format == Format::json) return report::suggestions_json(suggestions, total_risk);
    if (format == Format::csv) return report::suggestions_csv(suggestions);
    if (format == Format::notice) throw Error("a notice is drafted for an incident (breach), not for suggestions");
    return report::suggestions_text(suggestions, total_risk, format == Format::markdown);
}

std::string render_loss(const LossResult& result, Format format, std::size_t top) {
    switch (format) {
        case Format::json: return report::loss_json(result, top);
        case Format::csv: return report::loss_csv(result, top);
        case Format::svg: return report::loss_svg(result);
        case Format::markdown: return report::loss_text(result, top, true);
        case Format::notice: throw Error("a notice is drafted for an incident (breach), not for money");
        case Format::table: break;
    }
    return report::loss_text(result, top, false);
}

std::string render_loss_curve_csv(const LossResult& result) { return report::loss_curve_csv(result); }

std::string render_plan(const PlanResult& result, Format format) {
    refuse_svg(format, "a plan");
    if (format == Format::json) return report::plan_json(result);
    if (format == Format::csv) return report::plan_csv(result);
    if (format == Format::notice) throw Error("a notice is drafted for an incident (breach), not for a plan");
    return report::plan_text(result, format == Format::markdown);
}

std::string render_plan_scenario(const PlanResult& result, const std::string& model_name) {
    return report::plan_scenario(result, model_name);
}

std::string render_notice(const BreachResult& result, const std::vector<Suggestion>& measures) {
    return report::notice(result, measures);
}

}  // namespace breachrank
