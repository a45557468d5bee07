// breachrank generate: a synthetic model for tests and benchmarks.
#include <filesystem>
#include <memory>

#include "breachrank/generate.hpp"
#include "common.hpp"

namespace breachrank::cli {

void add_generate_command(CLI::App& app, int& status) {
    auto options = std::make_shared<GenerateOptions>();
    auto rules_path = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("generate", "Write a synthetic supply-chain model (YAML) for benchmarks");
    add_number_option<std::size_t>(*cmd, "--organisations", options->organisations, 1, 10'000'000,
                                   "Organisations (1 to 10000000)")
        ->required();
    add_number_option<std::size_t>(*cmd, "--suppliers", options->suppliers, 0, 100'000'000,
                                   "Suppliers, in three tiers (0 to 100000000)")
        ->required();
    add_number_option<std::uint64_t>(*cmd, "--seed", options->seed, 0, std::numeric_limits<std::uint64_t>::max(),
                                     fmt::format("Seed (0 to {}): the same options give the same model",
                                                 std::numeric_limits<std::uint64_t>::max()));
    add_number_option<std::size_t>(*cmd, "--segments", options->segments, 0, kMaxGeneratedSegments,
                                   "Segments on every population (default 0): segment k holds size / (10 (k + 1)) people and sets "
                    "the pack's k-th trait to 1");
    auto shape = std::make_shared<std::string>("tiered");
    cmd->add_option("--shape", *shape,
                    "Shape of the access graph: tiered (default: three tiers, sparse access, small cycles), "
                    "core (plus managed service providers with access into 35% of entities and back: one "
                    "strongly connected core of 30-40%), clusters (plus dense mutual access in partnerships of "
                    "3-12 organisations sharing a provider and groups of 4-24 suppliers), chains (six tiers of "
                    "sub-processors with access up and down each chain)")
        ->check(CLI::IsMember({"tiered", "core", "clusters", "chains"}));
    cmd->add_option("--rules", *rules_path, "Rule pack whose categories, traits and controls to use")->type_name("FILE");
    cmd->add_option("--output", *output, "Write the model to FILE instead of standard output")->type_name("FILE");
    auto csv = std::make_shared<bool>(false);
    cmd->add_flag("--csv", *csv,
                  "Write the inventories as CSV files beside --output (STEM.entities.csv, ...), named by the YAML");
    cmd->callback([options, rules_path, output, csv, shape, &status] {
        options->shape = *parse_shape(*shape);
        auto loaded = load_rules(*rules_path);
        if (!loaded) {
            status = kInvalidInput;
            return;
        }
        const RulePack& rules = *loaded;
        Model model = generate_model(*options, rules);
        if (!*csv) {
            status = write_output(write_model_yaml(model, rules), *output);
            return;
        }
        if (output->empty() || *output == "-") {
            print_error("--csv writes files beside the model: give --output FILE");
            status = kInvalidInput;
            return;
        }
        std::filesystem::path yaml(*output);
        std::string stem = yaml.stem().string();
        ModelFiles files = write_model_csv(model, rules, stem);
        // The inventories first: the YAML that names them appears last.
        for (const auto& [name, text] : files.csv)
            if ((status = write_output(text, (yaml.parent_path() / name).string())) != kOk) return;
        status = write_output(files.yaml, *output);
    });
}

}  // namespace breachrank::cli
