// breachrank loss MODEL: money. Each vendor's expected annual loss, and the
// portfolio's simulated years: percentiles, exceedance curve, appetite.
#include <limits>

#include "common.hpp"

namespace breachrank::cli {

void add_loss_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto top = std::make_shared<std::int64_t>(0);  // signed, so that -1 is refused, not wrapped
    auto years = std::make_shared<std::optional<std::int64_t>>();
    auto curve = std::make_shared<std::string>();
    CLI::App* cmd = add_model_command(
        app, "loss", "Money: expected annual loss by vendor, simulated bad years, loss exceedance and appetite", *c);
    add_number_option<std::int64_t>(
        *cmd, "--years", *years, 1, kMaxLossYears,
        fmt::format("Simulated years (1 to {}); default: the rule pack's loss.years", kMaxLossYears));
    add_number_option<std::int64_t>(*cmd, "--top", *top, 1, std::numeric_limits<std::int64_t>::max(),
                                    "List only the N vendors with the largest expected annual loss (at least 1; "
                                    "default: all)");
    cmd->add_option("--curve-csv", *curve,
                    "Also write the loss exceedance curve as CSV (return_period_years,probability,loss) to FILE");
    add_circumstance_option(*cmd, c->args);
    add_scoring_options(*cmd, c->args, {"table", "json", "csv", "markdown", "svg"}, "vendor");
    run_on_inputs(*cmd, c, status, [c, top, years, curve](Inputs& in) {
        support::Timing run("loss");
        LossOptions lo;
        lo.years = *years;
        const LossResult result = loss(in.model, in.rules, c->args.options(), lo);
        run.stop();
        support::timing_note(result.summary.message);
        const std::string text = render_loss(result, c->args.parsed_format(), static_cast<std::size_t>(*top));
        if (!curve->empty()) {
            const int written = write_output(render_loss_curve_csv(result), *curve);
            if (written != kOk) return written;
        }
        return write_output(text, c->args.output);
    });
}

}  // namespace breachrank::cli
