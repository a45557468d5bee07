// breachrank report MODEL --output FILE.html: one self-contained page for a
// board: the ranking, the riskiest vendors explained, the supply chain, what
// to change, each scenario and the money.
#include <limits>

#include "common.hpp"

namespace breachrank::cli {

void add_report_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto scenarios = std::make_shared<std::vector<std::string>>();
    auto top = std::make_shared<std::int64_t>(20);  // signed, so that -1 is refused, not wrapped
    CLI::App* cmd = add_model_command(
        app, "report", "One self-contained HTML page: ranking, explanations, diagram, suggestions, scenarios, money", *c);
    cmd->add_option("--scenario", *scenarios, "A scenario file to show before and after (repeatable)");
    add_number_option<std::int64_t>(*cmd, "--top", *top, 1, 1000,
                                    "Vendors with a section of their own, the riskiest first (1 to 1000; default 20)");
    add_circumstance_option(*cmd, c->args);
    c->args.format = "html";
    add_scoring_options(*cmd, c->args, {"html"});
    cmd->get_option("--output")->required();
    run_on_inputs(*cmd, c, status, [c, scenarios, top](Inputs& in) {
        // Every scenario is read and applied first: all their errors, then nothing else.
        const auto applied = load_scenarios(*scenarios, in, c->model);
        if (!applied) return kInvalidInput;
        support::Timing run("report: gather");
        ReportOptions ro;
        ro.top = static_cast<std::size_t>(*top);
        const Report report = make_report(in.model, in.rules, c->args.options(), *applied, ro);
        run.stop();
        support::Timing page("report: page");
        std::string html = render_html(report);
        page.stop();
        return write_output(html, c->args.output);
    });
}

}  // namespace breachrank::cli
