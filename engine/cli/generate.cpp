// breachrank generate: a synthetic model for tests and benchmarks.
#include <memory>

#include "breachrank/generate.hpp"
#include "common.hpp"

namespace breachrank::cli {

void add_generate_command(CLI::App& app, int& status) {
    auto options = std::make_shared<GenerateOptions>();
    auto rules_path = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("generate", "Write a synthetic supply-chain model (YAML) for benchmarks");
    cmd->add_option("--organisations", options->organisations, "Organisations (at least 1)")
        ->required()
        ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
    cmd->add_option("--suppliers", options->suppliers, "Suppliers, in three tiers")
        ->required()
        ->check(CLI::Range(std::size_t{0}, std::size_t{100'000'000}));
    cmd->add_option("--seed", options->seed, "Seed: the same options give the same model");
    cmd->add_option("--rules", *rules_path, "Rule pack whose categories, traits and controls to use")->type_name("FILE");
    cmd->add_option("--output", *output, "Write the model to FILE instead of standard output")->type_name("FILE");
    cmd->callback([options, rules_path, output, &status] {
        RulePack rules = default_rules();
        if (!rules_path->empty()) {
            Loaded<RulePack> loaded = load_rules_file(*rules_path);
            if (!loaded.ok()) {
                std::cerr << loaded.diagnostics.str();
                status = kInvalidInput;
                return;
            }
            rules = std::move(*loaded.value);
        }
        status = write_output(write_model_yaml(generate_model(*options, rules), rules), *output);
    });
}

}  // namespace breachrank::cli
