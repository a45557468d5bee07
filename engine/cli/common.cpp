#include "common.hpp"

#include "progress.hpp"

#include <algorithm>
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
    o.circumstances = circumstances;
    o.threads = threads;
    o.progress = progress_callback(progress, quiet);  // also how SIGINT and SIGTERM stop the work
    return o;
}

void add_circumstance_option(CLI::App& app, ScoringArgs& args) {
    app.add_option("--circumstance", args.circumstances,
                   "A circumstance of the incident, named in the rule pack's 'circumstances' (repeatable); its value "
                   "is added to every record's severity")
        ->type_name("NAME");
}

void add_scoring_options(CLI::App& app, ScoringArgs& args, const std::vector<std::string>& formats,
                         const char* trials_per) {
    app.add_option("--rules", args.rules, "Rule pack (YAML); default: the embedded rules/default.yaml")
        ->type_name("FILE");
    app.add_option("--method", args.method, "Cascade method; default: the rule pack's (auto)")
        ->check(CLI::IsMember({"auto", "exact", "montecarlo", "linear"}));
    // The library's limits (options.hpp), checked again by ScoreOptions::is_valid().
    add_number_option<std::int64_t>(app, "--trials", args.trials, kMinTrials, kMaxTrials,
                                    fmt::format("Monte Carlo cascades per {} ({} to {}); default: the rule pack's",
                                                trials_per, kMinTrials, kMaxTrials));
    add_number_option<std::uint64_t>(app, "--seed", args.seed, 0, std::numeric_limits<std::uint64_t>::max(),
                                     fmt::format("Monte Carlo seed (0 to {}); default: the rule pack's",
                                                 std::numeric_limits<std::uint64_t>::max()));
    add_number_option<int>(app, "--threads", args.threads, 0, kMaxThreads,
                           fmt::format("Worker threads (0 = all cores, at most {}); never changes a result", kMaxThreads));
    app.add_flag("--progress", args.progress,
                 "Report each phase of the work on standard error as it ends, also when that is not a terminal (on "
                 "a terminal a progress bar is shown anyway)");
    app.add_flag("--quiet", args.quiet, "No progress on standard error");
    app.add_option("--format", args.format, "Output format")->check(CLI::IsMember(formats));
    app.add_option("--output", args.output, "Write the result to FILE instead of standard output")->type_name("FILE");
}

long peak_memory_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;  // kilobytes on Linux
}

std::string plural(std::size_t n, const std::string& singular, const std::string& plural_form) {
    return fmt::format("{} {}", n, n == 1 ? singular : plural_form.empty() ? singular + "s" : plural_form);
}

void print_error(const std::string& message) {
    clear_progress();
    std::cerr << "breachrank: error: " << message << '\n';
}

std::optional<RulePack> load_rules(const std::string& path) {
    if (path.empty()) return default_rules();
    Loaded<RulePack> rules = load_rules_file(path);
    if (!rules.ok()) {
        std::cerr << rules.diagnostics.str();
        return std::nullopt;
    }
    return std::move(*rules.value);
}

std::optional<Inputs> load_inputs(const std::string& model_path, const std::string& rules_path,
                                  const std::vector<std::string>& allowed_paths) {
    if (model_path == "-" && rules_path == "-") {
        print_error("only one input can come from standard input");
        return std::nullopt;
    }
    Inputs in;
    auto rules = load_rules(rules_path);
    if (!rules) return std::nullopt;
    in.rules = std::move(*rules);
    ModelLoadOptions lo;
    lo.allowed_paths = allowed_paths;
    Loaded<Model> model = load_model_file(model_path, in.rules, lo);
    if (!model.ok()) {
        std::cerr << model.diagnostics.str();
        return std::nullopt;
    }
    in.model = std::move(*model.value);
    return in;
}

CLI::App* add_model_command(CLI::App& app, const char* name, const char* help, ModelCommand& command) {
    CLI::App* cmd = app.add_subcommand(name, help);
    cmd->add_option("MODEL", command.model, "Model file (YAML), or - for standard input")->required();
    cmd->add_option("--allow-path", command.allowed_paths,
                    "Also read the model's CSV inventories from DIR and below (repeatable). By default they must sit "
                    "in the model's directory or below it, so that a model from someone else cannot read any file")
        ->type_name("DIR");
    return cmd;
}

void run_on_inputs(CLI::App& cmd, std::shared_ptr<ModelCommand> command, int& status,
                   std::function<int(Inputs&)> run) {
    cmd.callback([command, &status, run = std::move(run)] {
        std::string why;
        if (!command->args.options().is_valid(&why)) {
            print_error(why);
            status = kInvalidInput;
            return;
        }
        support::Timing load("load");
        auto in = load_inputs(command->model, command->args.rules, command->allowed_paths);
        load.stop();
        if (!in) {
            status = kInvalidInput;
            return;
        }
        status = run(*in);
    });
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

std::optional<std::vector<std::pair<std::string, AppliedScenario>>> load_scenarios(const std::vector<std::string>& paths,
                                                                                   const Inputs& in,
                                                                                   const std::string& model_path) {
    std::vector<std::pair<std::string, AppliedScenario>> out;
    if (std::count(paths.begin(), paths.end(), "-") + (model_path == "-" ? 1 : 0) > 1) {
        print_error("only one input can come from standard input");
        return std::nullopt;
    }
    bool ok = true;
    for (const std::string& path : paths) {
        std::string name;
        auto a = load_scenario(path, in, &name);
        if (!a) {
            ok = false;
            continue;
        }
        out.emplace_back(std::move(name), std::move(*a));
    }
    if (!ok) return std::nullopt;
    return out;
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
    // Stopped while rendering or writing: the work is not delivered, and no
    // partial or stale output is left (the temporary goes, the target stays as it was).
    if (stop_signal()) {
        std::remove(tmp.c_str());
        throw Cancelled("writing the output", 0, 1);
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
