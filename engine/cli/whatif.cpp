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
        const auto applied = load_scenarios(*scenarios, in, c->model);
        if (!applied) return kInvalidInput;
        const ScoreOptions options = c->args.options();
        ScoreResult before = score(in.model, in.rules, options);
        std::vector<WhatIfResult> results;
        for (const auto& [name, scenario] : *applied)
            results.push_back(compare(name, before, score(scenario.model, in.rules, options), scenario.notes));
        return write_output(render_whatif(results, c->args.parsed_format()), c->args.output);
    });
}

}  // namespace breachrank::cli
