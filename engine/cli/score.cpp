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
        auto in = load_inputs(*model, args->rules);
        if (!in) {
            status = kInvalidInput;
            return;
        }
        ScoreResult result = score(in->model, in->rules, args->options());
        status = write_output(render_score(result, args->parsed_format(), *top), args->output);
    });
}

}  // namespace breachrank::cli
