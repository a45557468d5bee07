// breachrank suggest MODEL: the single changes that cut the total risk the most.
#include "common.hpp"

namespace breachrank::cli {

void add_suggest_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto options = std::make_shared<SuggestOptions>();
    CLI::App* cmd = add_model_command(app, "suggest", "The single changes that cut the total risk the most", *c);
    cmd->add_option("--top", options->top, "How many suggestions (0 = every change that reduces risk)");
    add_scoring_options(*cmd, c->args, kTableFormats);
    run_on_inputs(*cmd, c, status, [c, options](Inputs& in) {
        const ScoreOptions so = c->args.options();
        std::vector<Suggestion> s = suggest(in.model, in.rules, so, *options);
        double total = s.empty() ? 0.0 : s.front().total_risk_before;
        if (s.empty())
            for (const VendorScore& v : score(in.model, in.rules, so).vendors) total += v.risk;
        return write_output(render_suggestions(s, total, c->args.parsed_format()), c->args.output);
    });
}

}  // namespace breachrank::cli
