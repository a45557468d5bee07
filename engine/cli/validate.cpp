// breachrank validate MODEL: check a model (and rule pack) and summarise what was read.
#include <fmt/format.h>

#include "breachrank/scenario.hpp"
#include "common.hpp"

namespace breachrank::cli {

void add_validate_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    auto scenarios = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = add_model_command(app, "validate", "Check a model and rule pack; print a summary or every error", *c);
    cmd->add_option("--rules", c->args.rules, "Rule pack (YAML); default: the embedded rules/default.yaml")
        ->type_name("FILE");
    cmd->add_option("--scenario", *scenarios, "Scenario file(s) to check against the model (repeatable)")
        ->type_name("FILE");
    run_on_inputs(*cmd, c, status, [c, scenarios](Inputs& in) {
        std::string extra;
        int result = kOk;
        for (const std::string& path : *scenarios) {
            std::string name;
            auto a = load_scenario(path, in, &name);
            if (!a) {
                result = kInvalidInput;
                continue;
            }
            extra += fmt::format("{}: ok: scenario '{}', {}\n", path, name, plural(a->notes.size(), "note"));
        }
        if (result != kOk) return result;
        const Model& m = in.model;
        std::size_t orgs = 0, suppliers = 0, channels = 0;
        for (const Entity& e : m.entities)
            (e.kind == EntityKind::organisation ? orgs : e.kind == EntityKind::channel ? channels : suppliers)++;
        double people = 0;
        for (const Population& p : m.populations) people += static_cast<double>(p.size);
        std::size_t segments = 0;
        for (const Population& p : m.populations) segments += p.segments.size();
        return write_output(
            fmt::format("{}: ok: '{}', {}, {}, {} ({:.0f} people, {}), {}, {}; rules '{}' ({}, {})\n", c->model,
                        m.name, plural(orgs, "organisation"),
                        plural(suppliers, "supplier") + (channels ? ", " + plural(channels, "channel") : ""),
                        plural(m.populations.size(), "population"), people, plural(segments, "segment"),
                        plural(m.flows.size(), "flow"), plural(m.access.size(), "access edge"), in.rules.name,
                        plural(in.rules.categories.size(), "category", "categories"),
                        plural(in.rules.rules.size(), "rule")) +
                extra,
            "");
    });
}

}  // namespace breachrank::cli
