// breachrank plan MODEL: a greedy sequence of mitigations, with what each costs
// and buys, optionally written as a scenario file.
#include <limits>

#include "common.hpp"

namespace breachrank::cli {

void add_plan_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto steps = std::make_shared<std::int64_t>(10);  // signed, so that -1 is refused, not wrapped
    auto budget = std::make_shared<std::optional<double>>();
    auto scenario_out = std::make_shared<std::string>();
    CLI::App* cmd = add_model_command(
        app, "plan", "A greedy plan of mitigations: the most risk removed per unit of cost, step by step", *c);
    add_number_option<std::int64_t>(*cmd, "--steps", *steps, 1, 100000,
                                    "At most this many changes (1 to 100000; default 10)");
    add_number_option<double>(*cmd, "--budget", *budget, 0.0, kMaxMoney,
                              fmt::format("The most the plan may cost a year, in the loss currency (0 to {}; default: "
                                          "no limit)", kMaxMoney));
    cmd->add_option("--scenario-out", *scenario_out,
                    "Also write the plan as a scenario file (breachrank: scenario/1) for whatif and validate");
    add_scoring_options(*cmd, c->args, kTableFormats);
    run_on_inputs(*cmd, c, status, [c, steps, budget, scenario_out](Inputs& in) {
        support::Timing run("plan");
        PlanOptions po;
        po.steps = static_cast<std::size_t>(*steps);
        po.budget = *budget;
        const PlanResult result = plan(in.model, in.rules, c->args.options(), po);
        run.stop();
        const std::string text = render_plan(result, c->args.parsed_format());
        if (!scenario_out->empty()) {
            const int written = write_output(render_plan_scenario(result, in.model.name), *scenario_out);
            if (written != kOk) return written;
        }
        return write_output(text, c->args.output);
    });
}

}  // namespace breachrank::cli
