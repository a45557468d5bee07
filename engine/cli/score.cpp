// breachrank score MODEL: rank every supplier by risk.
#include <memory>

#include "common.hpp"

namespace breachrank::cli {

void add_score_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ScoringArgs>();
    auto model = std::make_shared<std::string>();
    auto top = std::make_shared<std::size_t>(0);
    CLI::App* cmd = app.add_subcommand("score", "Rank the suppliers of a model by the risk of their breaches");
    cmd->add_option("MODEL", *model, "Model file (YAML), or - for standard input")->required();
    cmd->add_option("--top", *top, "List only the N riskiest vendors (0 = all)");
    add_scoring_options(*cmd, *args, {"table", "json", "csv", "markdown"});
    cmd->callback([args, model, top, &status] {
        Timing load("load");
        auto loaded = load_inputs(*model, args->rules);
        load.stop();
        if (!loaded) {
            status = kInvalidInput;
            return;
        }
        const Inputs& in = keep_until_exit(std::move(*loaded));
        Timing scoring("score");
        ScoreOptions options = args->options();
        options.exposures = args->parsed_format() == Format::json;  // only JSON prints them
        const ScoreResult& result = keep_until_exit(score(in.model, in.rules, options));
        scoring.stop();
        // Rendered straight into the output (JSON and CSV in slices on two threads).
        timing_note(fmt::format("peak memory before rendering: {} MB", peak_memory_mb()));
        Timing write("render and write");
        status = write_output(args->output,
                              [&](std::ostream& out) { write_score(out, result, args->parsed_format(), *top); });
        write.stop();
        timing_note(fmt::format("peak memory after rendering: {} MB", peak_memory_mb()));
    });
}

}  // namespace breachrank::cli
