#include "common.hpp"

#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <ext/stdio_filebuf.h>

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
    note_input(model_path);
    note_input(rules_path);
    if (model.ok())
        for (const std::string& csv : model.value->inventories) note_input(csv);
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
    note_input(path);
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

namespace {

// The inputs of this run (model, rule pack, scenarios): an output that is one
// of them (the same file, by device and inode) would destroy it.
std::vector<std::string>& input_paths() {
    static std::vector<std::string> paths;
    return paths;
}

// Writes `render` to an open descriptor and closes it; false (errno set) when
// any write, the flush or the close failed (a full disk is seen here).
bool render_to(int fd, const std::function<void(std::ostream&)>& render) {
    __gnu_cxx::stdio_filebuf<char> buffer(fd, std::ios::out, 1 << 16);  // owns fd from here
    std::ostream out(&buffer);
    render(out);
    out.flush();
    bool ok = static_cast<bool>(out);
    const int saved = errno;
    if (buffer.close() == nullptr) return false;
    if (!ok) errno = saved;
    return ok;
}

mode_t current_umask() {
    const mode_t m = ::umask(0);
    ::umask(m);
    return m;
}

}  // namespace

void note_input(const std::string& path) {
    if (!path.empty()) input_paths().push_back(path);
}

int write_output(const std::string& path, const std::function<void(std::ostream&)>& render) {
    if (path.empty() || path == "-") {
        if (stop_signal()) throw Cancelled("writing the output", 0, 1);  // not started: nothing is printed
        render(std::cout);
        std::cout.flush();
        if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
            print_error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
            return kRuntimeFailure;
        }
        return kOk;
    }
    namespace fs = std::filesystem;
    fs::path target(path);
    std::error_code ec;
    // An output that is a symbolic link writes the file it names (the link
    // stays a link): the temporary goes beside that file and replaces it.
    if (fs::is_symlink(target, ec)) {
        const fs::path resolved = fs::weakly_canonical(target, ec);
        if (!ec) target = resolved;
    }
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    if (!fs::is_directory(dir, ec)) {
        print_error(fmt::format("cannot write '{}': the directory '{}' does not exist", path, dir.string()));
        return kRuntimeFailure;
    }
    struct stat existing {};
    const bool exists = ::stat(target.c_str(), &existing) == 0;
    if (exists) {
        // Never overwrite an input: `score m.yaml --output m.yaml` would lose the model.
        for (const std::string& input : input_paths()) {
            struct stat in {};
            const int found = input == "-" ? ::fstat(STDIN_FILENO, &in) : ::stat(input.c_str(), &in);
            if (found == 0 && in.st_dev == existing.st_dev && in.st_ino == existing.st_ino)
                throw UsageError(fmt::format("refusing to write '{}': it is the input '{}'", path,
                                             input == "-" ? "standard input" : input));
        }
        // A device, FIFO or socket is written to, never renamed over
        // (`--output /dev/null` as root must not turn the device into a file).
        if (!S_ISREG(existing.st_mode)) {
            if (S_ISDIR(existing.st_mode)) {
                print_error(fmt::format("cannot write '{}': it is a directory", path));
                return kRuntimeFailure;
            }
            const int fd = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
            if (fd < 0 || !render_to(fd, render)) {
                print_error(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
                return kRuntimeFailure;
            }
            return kOk;
        }
        // A read-only file stays as it is (renaming over it would replace it
        // anyway). By its mode bits too: root may write anything.
        if (::access(target.c_str(), W_OK) != 0 || (existing.st_mode & 0222) == 0)
            throw UsageError(fmt::format("refusing to write '{}': it is read-only", path));
    }
    // A temporary beside the target (the rename is atomic on one file system),
    // created by mkstemp: a fresh name, O_CREAT | O_EXCL, so a planted file or
    // symbolic link can neither be followed nor reused.
    std::string tmp = (dir / fmt::format(".{}.tmp.XXXXXX", target.filename().string())).string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) {
        print_error(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
        return kRuntimeFailure;
    }
    set_pending_temporary(tmp.c_str());  // removed if a second signal ends the process mid-write
    auto discard = [&] {
        ::unlink(tmp.c_str());
        set_pending_temporary(nullptr);
    };
    // The target's permissions are kept; a new file gets the umask's (mkstemp creates 0600).
    bool ok = ::fchmod(fd, exists ? (existing.st_mode & 07777) : (0666 & ~current_umask())) == 0;
    try {
        if (ok)
            ok = render_to(fd, render);  // closes fd
        else
            ::close(fd);
    } catch (...) {  // no partial file: the caller reports the error
        discard();
        throw;
    }
    if (!ok) {
        const int saved = errno;
        discard();
        print_error(fmt::format("cannot write '{}': {}", path, std::strerror(saved)));
        return kRuntimeFailure;
    }
    // Stopped while rendering or writing: the work is not delivered, and no
    // partial or stale output is left (the temporary goes, the target stays as it was).
    if (stop_signal()) {
        discard();
        throw Cancelled("writing the output", 0, 1);
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        discard();
        print_error(fmt::format("cannot write '{}': {}", path, ec.message()));
        return kRuntimeFailure;
    }
    set_pending_temporary(nullptr);
    return kOk;
}

}  // namespace breachrank::cli
