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
        if (*model == "-" && args->rules == "-") {
            print_error("only one input can come from standard input");
            status = kInvalidInput;
            return;
        }
        auto rules = load_rules(args->rules);
        if (!rules) {
            status = kInvalidInput;
            return;
        }
        auto m = load_model(*model, *rules);
        if (!m) {
            status = kInvalidInput;
            return;
        }
        ScoreResult result = score(*m, *rules, args->options());
        status = write_output(render_score(result, args->parsed_format(), *top), args->output);
    });
}

}  // namespace breachrank::cli
