#include "common.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include <fmt/format.h>
#include <unistd.h>

namespace breachrank::cli {

ScoreOptions ScoringArgs::options() const {
    ScoreOptions o;
    if (!method.empty()) o.method = parse_method(method);
    o.trials = trials;
    o.seed = seed;
    o.threads = threads;
    return o;
}

void add_scoring_options(CLI::App& app, ScoringArgs& args, const std::vector<std::string>& formats) {
    app.add_option("--rules", args.rules, "Rule pack (YAML); default: the embedded rules/default.yaml")
        ->type_name("FILE");
    app.add_option("--method", args.method, "Cascade method; default: the rule pack's (auto)")
        ->check(CLI::IsMember({"auto", "exact", "montecarlo", "linear"}));
    app.add_option("--trials", args.trials, "Monte Carlo cascades per vendor; default: the rule pack's")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
    app.add_option("--seed", args.seed, "Monte Carlo seed; default: the rule pack's");
    app.add_option("--threads", args.threads, "Worker threads (0 = all cores); never changes a result")
        ->check(CLI::Range(0, 1024));
    app.add_option("--format", args.format, "Output format")->check(CLI::IsMember(formats));
    app.add_option("--output", args.output, "Write the result to FILE instead of standard output")->type_name("FILE");
}

void print_error(const std::string& message) { std::cerr << "breachrank: error: " << message << '\n'; }

std::optional<RulePack> load_rules(const std::string& path) {
    if (path.empty()) return default_rules();
    Loaded<RulePack> loaded = load_rules_file(path);
    if (!loaded.ok()) {
        std::cerr << loaded.diagnostics.str();
        return std::nullopt;
    }
    return std::move(*loaded.value);
}

std::optional<Model> load_model(const std::string& path, const RulePack& rules) {
    Loaded<Model> loaded = load_model_file(path, rules);
    if (!loaded.ok()) {
        std::cerr << loaded.diagnostics.str();
        return std::nullopt;
    }
    return std::move(*loaded.value);
}

int write_output(const std::string& text, const std::string& path) {
    if (path.empty() || path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        if (std::fflush(stdout) != 0) {
            print_error("cannot write to standard output");
            return kRuntimeFailure;
        }
        return kOk;
    }
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        print_error(fmt::format("cannot write '{}': the directory '{}' does not exist", path, dir.string()));
        return kRuntimeFailure;
    }
    // A temporary beside the target, so the rename is atomic on one file system.
    std::string tmp = (dir / fmt::format(".{}.tmp.{}", target.filename().string(), ::getpid())).string();
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out) {
            std::remove(tmp.c_str());
            print_error(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
            return kRuntimeFailure;
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        std::remove(tmp.c_str());
        print_error(fmt::format("cannot write '{}': {}", path, ec.message()));
        return kRuntimeFailure;
    }
    return kOk;
}

}  // namespace breachrank::cli
