// breachrank validate MODEL: check a model (and rule pack) and summarise what was read.
#include <memory>

#include <fmt/format.h>

#include "breachrank/scenario.hpp"
#include "common.hpp"

namespace breachrank::cli {

void add_validate_command(CLI::App& app, int& status) {
    auto model = std::make_shared<std::string>();
    auto rules_path = std::make_shared<std::string>();
    auto scenarios = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("validate", "Check a model and rule pack; print a summary or every error");
    cmd->add_option("MODEL", *model, "Model file (YAML), or - for standard input")->required();
    cmd->add_option("--rules", *rules_path, "Rule pack (YAML); default: the embedded rules/default.yaml")
        ->type_name("FILE");
    cmd->add_option("--scenario", *scenarios, "Scenario file(s) to check against the model (repeatable)")
        ->type_name("FILE");
    cmd->callback([model, rules_path, scenarios, &status] {
        auto in = load_inputs(*model, *rules_path);
        if (!in) {
            status = kInvalidInput;
            return;
        }
        const RulePack* rules = &in->rules;
        const Model* m = &in->model;
        std::string extra;
        for (const std::string& path : *scenarios) {
            std::string name;
            auto a = load_scenario(path, *in, &name);
            if (!a) {
                status = kInvalidInput;
                continue;
            }
            extra += fmt::format("{}: ok: scenario '{}', {} notes\n", path, name, a->notes.size());
        }
        if (status != kOk) return;
        std::size_t orgs = 0, suppliers = 0;
        for (const Entity& e : m->entities) (e.kind == EntityKind::organisation ? orgs : suppliers)++;
        double people = 0;
        for (const Population& p : m->populations) people += static_cast<double>(p.size);
        status = write_output(
            fmt::format("{}: ok: '{}', {} organisations, {} suppliers, {} populations ({:.0f} people), {} flows, {} "
                        "access edges; rules '{}' ({} categories, {} rules)\n",
                        *model, m->name, orgs, suppliers, m->populations.size(), people, m->flows.size(),
                        m->access.size(), rules->name, rules->categories.size(), rules->rules.size()) +
                extra,
            "");
    });
}

}  // namespace breachrank::cli
