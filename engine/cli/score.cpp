// breachrank score MODEL: rank every supplier by risk.
#include <limits>

#include "common.hpp"

namespace breachrank::cli {

void add_score_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto top = std::make_shared<std::int64_t>(0);  // signed, so that -1 is refused, not wrapped
    CLI::App* cmd = add_model_command(app, "score", "Rank the suppliers of a model by the risk of their breaches", *c);
    add_number_option<std::int64_t>(*cmd, "--top", *top, 1, std::numeric_limits<std::int64_t>::max(),
                                    "List only the N riskiest vendors (at least 1; default: all)");
    add_circumstance_option(*cmd, c->args);
    add_scoring_options(*cmd, c->args, kTableFormats);
    run_on_inputs(*cmd, c, status, [c, top](Inputs& loaded) {
        const Inputs& in = keep_until_exit(std::move(loaded));
        support::Timing scoring("score");
        ScoreOptions options = c->args.options();
        options.exposures = c->args.parsed_format() == Format::json;  // only JSON prints them
        const ScoreResult& result = keep_until_exit(score(in.model, in.rules, options));
        scoring.stop();
        support::timing_note(result.summary.message);
        // Rendered straight into the output (JSON and CSV in slices on two threads).
        support::timing_note(fmt::format("peak memory before rendering: {} MB", peak_memory_mb()));
        support::Timing write("render and write");
        const int written = write_output(c->args.output,
                                       [&](std::ostream& out) { write_score(out, result, c->args.parsed_format(), static_cast<std::size_t>(*top)); });
        write.stop();
        support::timing_note(fmt::format("peak memory after rendering: {} MB", peak_memory_mb()));
        return written;
    });
}

}  // namespace breachrank::cli
