// breachrank breach MODEL --entity ID...: what one incident exposes, where it
// may spread, and whether the authority and the people must be told.
#include <algorithm>

#include "common.hpp"

namespace breachrank::cli {

namespace {

// The notice's proposed measures: the top suggestions about the breached
// entities (at most three).
std::vector<Suggestion> measures_for(const Inputs& in, const std::vector<std::string>& entities,
                                     const ScoreOptions& options) {
    SuggestOptions so;
    so.top = 0;
    std::vector<Suggestion> out;
    for (Suggestion& s : suggest(in.model, in.rules, options, so)) {
        if (std::find(entities.begin(), entities.end(), s.vendor) == entities.end()) continue;
        out.push_back(std::move(s));
        if (out.size() == 3) break;
    }
    return out;
}

}  // namespace

void add_breach_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto entities = std::make_shared<std::vector<std::string>>();
    auto incident = std::make_shared<IncidentOptions>();
    auto discovered = std::make_shared<std::string>();
    CLI::App* cmd = add_model_command(
        app, "breach", "What an incident at the given entities exposes, where it may spread, and whom to tell", *c);
    cmd->add_option("--entity", *entities, "A breached entity's id (repeat for several)")->required();
    add_circumstance_option(*cmd, c->args);
    cmd->add_flag("--unintelligible", incident->unintelligible,
                  "The data was unintelligible to whoever took it (encrypted, key safe): no notice to individuals "
                  "(GDPR Art. 34(3)(a))");
    cmd->add_option("--discovered", *discovered,
                    "When the breach was discovered (ISO 8601 date or date-time; no offset: UTC); the authority's "
                    "deadline is counted from it")
        ->type_name("TIME");
    add_scoring_options(*cmd, c->args, {"table", "json", "csv", "markdown", "notice"}, "incident");
    run_on_inputs(*cmd, c, status, [c, entities, incident, discovered](Inputs& in) {
        for (const std::string& id : *entities) {
            if (in.model.find_entity(id) >= 0) continue;
            std::vector<std::string> ids;
            for (const Entity& e : in.model.entities) ids.push_back(e.id);
            print_error(fmt::format("no entity '{}' in {}{}", id, c->model, did_you_mean(id, ids)));
            return kInvalidInput;
        }
        if (!discovered->empty()) incident->discovered = *discovered;
        const ScoreOptions options = c->args.options();
        BreachResult result = breach(in.model, in.rules, *entities, options, *incident);
        if (c->args.parsed_format() == Format::notice)
            return write_output(render_notice(result, measures_for(in, *entities, options)), c->args.output);
        return write_output(render_breach(result, c->args.parsed_format()), c->args.output);
    });
}

}  // namespace breachrank::cli
