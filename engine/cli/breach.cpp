// breachrank breach MODEL --entity ID...: what one incident exposes, and where it may spread.
#include "common.hpp"

namespace breachrank::cli {

void add_breach_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto entities = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd =
        add_model_command(app, "breach", "What an incident at the given entities exposes, and where it may spread", *c);
    cmd->add_option("--entity", *entities, "A breached entity's id (repeat for several)")->required();
    add_scoring_options(*cmd, c->args, kTableFormats);
    run_on_inputs(*cmd, c, status, [c, entities](Inputs& in) {
        for (const std::string& id : *entities) {
            if (in.model.find_entity(id) >= 0) continue;
            std::vector<std::string> ids;
            for (const Entity& e : in.model.entities) ids.push_back(e.id);
            print_error(fmt::format("no entity '{}' in {}{}", id, c->model, did_you_mean(id, ids)));
            return kInvalidInput;
        }
        BreachResult result = breach(in.model, in.rules, *entities, c->args.options());
        return write_output(render_breach(result, c->args.parsed_format()), c->args.output);
    });
}

}  // namespace breachrank::cli
