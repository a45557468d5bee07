#include "common.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include <fmt/format.h>
#include <sys/resource.h>
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

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best = closest_name(name, candidates);
    return best.empty() ? std::string() : fmt::format("; did you mean '{}'?", best);
}

long peak_memory_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;  // kilobytes on Linux
}

void print_error(const std::string& message) { std::cerr << "breachrank: error: " << message << '\n'; }

std::optional<Inputs> load_inputs(const std::string& model_path, const std::string& rules_path) {
    if (model_path == "-" && rules_path == "-") {
        print_error("only one input can come from standard input");
        return std::nullopt;
    }
    Inputs in;
    if (rules_path.empty()) {
        in.rules = default_rules();
    } else {
        Loaded<RulePack> rules = load_rules_file(rules_path);
        if (!rules.ok()) {
            std::cerr << rules.diagnostics.str();
            return std::nullopt;
        }
        in.rules = std::move(*rules.value);
    }
    Loaded<Model> model = load_model_file(model_path, in.rules);
    if (!model.ok()) {
        std::cerr << model.diagnostics.str();
        return std::nullopt;
    }
    in.model = std::move(*model.value);
    return in;
}

std::optional<AppliedScenario> load_scenario(const std::string& path, const Inputs& in, std::string* name) {
    Loaded<Scenario> sc = load_scenario_file(path, in.rules);
    if (!sc.ok()) {
        std::cerr << sc.diagnostics.str();
        return std::nullopt;
    }
    Loaded<AppliedScenario> applied = apply_scenario(in.model, in.rules, *sc.value);
    if (!applied.ok()) {
        std::cerr << applied.diagnostics.str();
        return std::nullopt;
    }
    if (name) *name = sc.value->name;
    return std::move(*applied.value);
}

int write_output(const std::string& text, const std::string& path) {
    return write_output(path, [&](std::ostream& out) { out.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

int write_output(const std::string& path, const std::function<void(std::ostream&)>& render) {
    if (path.empty() || path == "-") {
        render(std::cout);
        std::cout.flush();
        if (!std::cout) {
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
        if (out) {
            try {
                render(out);
            } catch (...) {  // no partial file: the caller reports the error
                out.close();
                std::remove(tmp.c_str());
                throw;
            }
        }
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
