// breachrank whatif MODEL SCENARIO...: the baseline and each scenario side by side.
#include <memory>

#include "breachrank/scenario.hpp"
#include "common.hpp"

namespace breachrank::cli {

void add_whatif_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ScoringArgs>();
    auto model = std::make_shared<std::string>();
    auto scenarios = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("whatif", "Score the model and each scenario applied to it, side by side");
    cmd->add_option("MODEL", *model, "Model file (YAML), or - for standard input")->required();
    cmd->add_option("SCENARIO", *scenarios, "Scenario files (YAML), each applied to the model on its own")->required();
    add_scoring_options(*cmd, *args, {"table", "json", "csv", "markdown"});
    cmd->callback([args, model, scenarios, &status] {
        auto in = load_inputs(*model, args->rules);
        if (!in) {
            status = kInvalidInput;
            return;
        }
        // Read and apply every scenario first: all their errors, then nothing else.
        std::vector<AppliedScenario> applied;
        std::vector<std::string> names;
        bool ok = true;
        for (const std::string& path : *scenarios) {
            if (path == "-" && *model == "-") {
                print_error("only one input can come from standard input");
                status = kInvalidInput;
                return;
            }
            std::string name;
            auto a = load_scenario(path, *in, &name);
            if (!a) {
                ok = false;
                continue;
            }
            names.push_back(name);
            applied.push_back(std::move(*a));
        }
        if (!ok) {
            status = kInvalidInput;
            return;
        }
        ScoreOptions options = args->options();
        ScoreResult before = score(in->model, in->rules, options);
        std::vector<WhatIfResult> results;
        for (std::size_t i = 0; i < applied.size(); ++i)
            results.push_back(compare(names[i], before, score(applied[i].model, in->rules, options), applied[i].notes));
        status = write_output(render_whatif(results, args->parsed_format()), args->output);
    });
}

void add_suggest_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ScoringArgs>();
    auto model = std::make_shared<std::string>();
    auto options = std::make_shared<SuggestOptions>();
    CLI::App* cmd = app.add_subcommand("suggest", "The single changes that cut the total risk the most");
    cmd->add_option("MODEL", *model, "Model file (YAML), or - for standard input")->required();
    cmd->add_option("--top", options->top, "How many suggestions (0 = every change that reduces risk)");
    add_scoring_options(*cmd, *args, {"table", "json", "csv", "markdown"});
    cmd->callback([args, model, options, &status] {
        auto in = load_inputs(*model, args->rules);
        if (!in) {
            status = kInvalidInput;
            return;
        }
        ScoreOptions so = args->options();
        std::vector<Suggestion> s = suggest(in->model, in->rules, so, *options);
        double total = s.empty() ? 0.0 : s.front().total_risk_before;
        if (s.empty())
            for (const VendorScore& v : score(in->model, in->rules, so).vendors) total += v.risk;
        status = write_output(render_suggestions(s, total, args->parsed_format()), args->output);
    });
}

}  // namespace breachrank::cli
