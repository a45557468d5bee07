// breachrank breach MODEL --entity ID...: what one incident exposes, and where it may spread.
#include <memory>

#include "common.hpp"

namespace breachrank::cli {

void add_breach_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ScoringArgs>();
    auto model = std::make_shared<std::string>();
    auto entities = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("breach", "What an incident at the given entities exposes, and where it may spread");
    cmd->add_option("MODEL", *model, "Model file (YAML), or - for standard input")->required();
    cmd->add_option("--entity", *entities, "A breached entity's id (repeat for several)")->required();
    add_scoring_options(*cmd, *args, {"table", "json", "csv", "markdown"});
    cmd->callback([args, model, entities, &status] {
        auto in = load_inputs(*model, args->rules);
        if (!in) {
            status = kInvalidInput;
            return;
        }
        for (const std::string& id : *entities) {
            if (in->model.find_entity(id) >= 0) continue;
            std::vector<std::string> ids;
            for (const Entity& e : in->model.entities) ids.push_back(e.id);
            print_error(fmt::format("no entity '{}' in {}{}", id, *model, did_you_mean(id, ids)));
            status = kInvalidInput;
            return;
        }
        BreachResult result = breach(in->model, in->rules, *entities, args->options());
        status = write_output(render_breach(result, args->parsed_format()), args->output);
    });
}

}  // namespace breachrank::cli
