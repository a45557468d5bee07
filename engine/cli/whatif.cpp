// breachrank whatif MODEL SCENARIO...: the baseline and each scenario side by side.
#include "common.hpp"

namespace breachrank::cli {

void add_whatif_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto scenarios = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = add_model_command(app, "whatif", "Score the model and each scenario applied to it, side by side", *c);
    cmd->add_option("SCENARIO", *scenarios, "Scenario files (YAML), each applied to the model on its own")->required();
    add_scoring_options(*cmd, c->args, kTableFormats);
    run_on_inputs(*cmd, c, status, [c, scenarios](Inputs& in) {
        // Read and apply every scenario first: all their errors, then nothing else.
        std::vector<AppliedScenario> applied;
        std::vector<std::string> names;
        bool ok = true;
        for (const std::string& path : *scenarios) {
            if (path == "-" && c->model == "-") {
                print_error("only one input can come from standard input");
                return kInvalidInput;
            }
            std::string name;
            auto a = load_scenario(path, in, &name);
            if (!a) {
                ok = false;
                continue;
            }
            names.push_back(name);
            applied.push_back(std::move(*a));
        }
        if (!ok) return kInvalidInput;
        const ScoreOptions options = c->args.options();
        ScoreResult before = score(in.model, in.rules, options);
        std::vector<WhatIfResult> results;
        for (std::size_t i = 0; i < applied.size(); ++i)
            results.push_back(compare(names[i], before, score(applied[i].model, in.rules, options), applied[i].notes));
        return write_output(render_whatif(results, c->args.parsed_format()), c->args.output);
    });
}

}  // namespace breachrank::cli
