// breachrank explain MODEL VENDOR: how one vendor's score was reached.
#include "common.hpp"

namespace breachrank::cli {

void add_explain_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto vendor = std::make_shared<std::string>();
    CLI::App* cmd = add_model_command(app, "explain", "Show step by step how a vendor's score was reached", *c);
    cmd->add_option("VENDOR", *vendor, "The id of a supplier or channel")->required();
    add_circumstance_option(*cmd, c->args);
    // An explanation is not a table: no CSV.
    add_scoring_options(*cmd, c->args, {"table", "json", "markdown"});
    run_on_inputs(*cmd, c, status, [c, vendor](Inputs& in) {
        const Model& m = in.model;
        int v = m.find_entity(*vendor);
        if (v < 0 || !is_vendor(m.entities[static_cast<std::size_t>(v)].kind)) {
            std::vector<std::string> suppliers;
            for (const Entity& e : m.entities)
                if (is_vendor(e.kind)) suppliers.push_back(e.id);
            std::string hint = v >= 0 ? " ('" + *vendor + "' is an organisation, not a vendor)"
                                      : did_you_mean(*vendor, suppliers);
            print_error(fmt::format("no supplier or channel '{}' in {}{}", *vendor, c->model, hint));
            return kInvalidInput;
        }
        VendorExplanation x = explain(in.model, in.rules, *vendor, c->args.options());
        return write_output(render_explanation(x, c->args.parsed_format()), c->args.output);
    });
}

}  // namespace breachrank::cli
