// breachrank suggest MODEL: the single changes that cut the total risk the most.
#include <limits>

#include "common.hpp"

namespace breachrank::cli {

void add_suggest_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto options = std::make_shared<SuggestOptions>();
    auto top = std::make_shared<std::int64_t>(10);  // signed, so that -1 is refused, not wrapped
    CLI::App* cmd = add_model_command(app, "suggest", "The single changes that cut the total risk the most", *c);
    add_number_option<std::int64_t>(*cmd, "--top", *top, 1, std::numeric_limits<std::int64_t>::max(),
                                    "How many suggestions (at least 1; default 10)");
    cmd->add_option("--vendor", options->vendors,
                    "Only the changes about this vendor (repeatable): its data, its controls, its access edges");
    add_scoring_options(*cmd, c->args, kTableFormats);
    run_on_inputs(*cmd, c, status, [c, options, top](Inputs& in) {
        options->top = static_cast<std::size_t>(*top);
        const ScoreOptions so = c->args.options();
        std::vector<Suggestion> s = suggest(in.model, in.rules, so, *options);  // an unknown --vendor: Error, exit 2
        double total = s.empty() ? 0.0 : s.front().total_risk_before;
        if (s.empty())
            for (const VendorScore& v : score(in.model, in.rules, so).vendors) total += v.risk;
        return write_output(render_suggestions(s, total, c->args.parsed_format()), c->args.output);
    });
}

}  // namespace breachrank::cli
