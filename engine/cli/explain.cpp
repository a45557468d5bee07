// breachrank explain MODEL VENDOR: how one vendor's score was reached.
#include <memory>

#include <fmt/format.h>

#include "common.hpp"

namespace breachrank::cli {

void add_explain_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ScoringArgs>();
    auto model = std::make_shared<std::string>();
    auto vendor = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("explain", "Show step by step how a vendor's score was reached");
    cmd->add_option("MODEL", *model, "Model file (YAML), or - for standard input")->required();
    cmd->add_option("VENDOR", *vendor, "The supplier's id")->required();
    add_scoring_options(*cmd, *args, {"table", "json", "markdown"});
    cmd->callback([args, model, vendor, &status] {
        auto in = load_inputs(*model, args->rules);
        if (!in) {
            status = kInvalidInput;
            return;
        }
        const Model* m = &in->model;
        int v = m->find_entity(*vendor);
        if (v < 0 || m->entities[static_cast<std::size_t>(v)].kind != EntityKind::supplier) {
            std::vector<std::string> suppliers;
            for (const Entity& e : m->entities)
                if (e.kind == EntityKind::supplier) suppliers.push_back(e.id);
            std::string hint = v >= 0 ? " ('" + *vendor + "' is an organisation, not a vendor)"
                                      : did_you_mean(*vendor, suppliers);
            print_error(fmt::format("no supplier '{}' in {}{}", *vendor, *model, hint));
            status = kInvalidInput;
            return;
        }
        VendorExplanation x = explain(in->model, in->rules, *vendor, args->options());
        status = write_output(render_explanation(x, args->parsed_format()), args->output);
    });
}

}  // namespace breachrank::cli
