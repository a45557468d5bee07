// Shared plumbing of the commands: the scoring options, loading inputs with
// diagnostics on standard error, and writing results without partial files.
#pragma once

#include <charconv>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <type_traits>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "breachrank/breachrank.hpp"
#include "breachrank/report.hpp"
#include "breachrank/scenario.hpp"
#include "support/timing.hpp"  // BREACHRANK_TIMINGS phase notes (engine/src/support)

namespace breachrank::cli {

/// A command line that cannot be carried out as given (an output that is an
/// input, a read-only output): exit 2, caught in main() with breachrank::Error.
struct UsageError : Error {
    using Error::Error;
};

/// Exit statuses (SPEC §6).
inline constexpr int kOk = 0;
inline constexpr int kRuntimeFailure = 1;  ///< I/O
inline constexpr int kInvalidInput = 2;    ///< usage, model, rules, scenario

struct ScoringArgs {
    std::string rules;  ///< empty: the embedded default pack
    std::string method;
    std::optional<std::int64_t> trials;
    std::optional<std::uint64_t> seed;
    std::vector<std::string> circumstances;  ///< --circumstance (score, breach, explain)
    int threads = 0;
    std::string format = "table";
    std::string output;  ///< empty: standard output
    bool progress = false;  ///< --progress: a line per phase on standard error, also when it is not a terminal
    bool quiet = false;     ///< --quiet: no progress at all

    ScoreOptions options() const;
    Format parsed_format() const { return *parse_format(format); }
};

/// Adds --rules, --method, --trials, --seed, --threads, --format, --output.
/// `trials_per` says what one Monte Carlo run samples from ("vendor", "incident").
void add_scoring_options(CLI::App& app, ScoringArgs& args, const std::vector<std::string>& formats,
                         const char* trials_per = "vendor");

/// Adds --circumstance NAME (repeatable): the incident's circumstances (SPEC §6).
void add_circumstance_option(CLI::App& app, ScoringArgs& args);

/// A number given on the command line, parsed strictly: the whole text is one
/// integer (digits, and a '-' only where the range allows one) or, for a
/// floating-point T, one finite decimal number, within [low, high]. Anything
/// else (-1 for a seed, 2^64, 1e23 for an integer, nan) is a usage error
/// (exit 2) that states the range: "--seed must be a whole number from 0 to
/// 18446744073709551615, found '-1'". CLI11's own conversion wraps or clamps
/// some of these silently.
template <class T>
std::optional<T> parse_number(std::string_view text, T low, T high) {
    T value{};
    const char* end = text.data() + text.size();
    const auto [at, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || at != end || text.empty() || text.front() == '+') return std::nullopt;
    if constexpr (std::is_floating_point_v<T>)
        if (!std::isfinite(value)) return std::nullopt;
    if (value < low || value > high) return std::nullopt;
    return value;
}

/// Adds option `name` that stores into `target` (a T or a std::optional<T>)
/// through parse_number(); `help` should state the range.
template <class T, class Target>
CLI::Option* add_number_option(CLI::App& app, const std::string& name, Target& target, T low, T high,
                               const std::string& help) {
    auto* option = app.add_option_function<std::string>(
        name,
        [&target, name, low, high](const std::string& text) {
            const std::optional<T> value = parse_number<T>(text, low, high);
            if (!value)
                throw CLI::ValidationError(fmt::format("{} must be {} from {} to {}, found '{}'", name,
                                                       std::is_floating_point_v<T> ? "a number" : "a whole number",
                                                       low, high, text));
            target = *value;
        },
        help);
    return option->type_name(std::is_floating_point_v<T> ? "NUMBER" : "INT");
}

/// The formats of a result that is a table (score, breach, whatif, suggest).
inline const std::vector<std::string> kTableFormats{"table", "json", "csv", "markdown"};

struct Inputs {
    RulePack rules;
    Model model;
};

/// The rule pack at `path` (the embedded one when empty); nullopt after
/// printing every diagnostic (exit status 2).
std::optional<RulePack> load_rules(const std::string& path);

/// The rule pack (`rules_path`, or the embedded one when empty) and the model
/// loaded against it; nullopt after printing every diagnostic (exit status 2).
std::optional<Inputs> load_inputs(const std::string& model_path, const std::string& rules_path,
                                  const std::vector<std::string>& allowed_paths = {});

// ---- the preamble every command that reads a model shares ------------------
//
//     auto c = std::make_shared<ModelCommand>();
//     CLI::App* cmd = add_model_command(app, "breach", "What ...", *c);
//     cmd->add_option(...);                       // the command's own options
//     add_scoring_options(*cmd, c->args, kTableFormats);
//     run_on_inputs(*cmd, c, status, [c](Inputs& in) { ...; return write_output(...); });

struct ModelCommand {
    std::string model;  ///< MODEL: a path, or "-" for standard input
    std::vector<std::string> allowed_paths;  ///< --allow-path DIR: more directories the model's CSV inventories may come from
    ScoringArgs args;
};

/// Adds subcommand `name` with its MODEL argument.
CLI::App* add_model_command(CLI::App& app, const char* name, const char* help, ModelCommand& command);

/// Once the arguments parse: checks the scoring options (ScoreOptions::is_valid),
/// loads the rule pack and the model, and calls `run` with them, setting
/// `status` to what it returns. Anything invalid before that is printed and
/// sets status 2 without calling `run`.
void run_on_inputs(CLI::App& cmd, std::shared_ptr<ModelCommand> command, int& status,
                   std::function<int(Inputs&)> run);

/// Reads the scenario at `path` and applies it to `in`; nullopt after printing
/// every diagnostic. `name` receives the scenario's name.
std::optional<AppliedScenario> load_scenario(const std::string& path, const Inputs& in, std::string* name = nullptr);

/// Every scenario at `paths`, read and applied to `in` in order, with its
/// name; nullopt after printing every diagnostic of all of them (exit status
/// 2). Refuses a second standard input ("-" when the model is "-" too).
std::optional<std::vector<std::pair<std::string, AppliedScenario>>> load_scenarios(const std::vector<std::string>& paths,
                                                                                   const Inputs& in,
                                                                                   const std::string& model_path);

/// Writes `text` to `path` (standard output when empty) through a temporary
/// file renamed into place, so a failure never leaves a partial file.
/// Returns kOk or kRuntimeFailure (after printing why).
int write_output(const std::string& text, const std::string& path);

/// Records an input file of this run: write_output() refuses to write over it.
void note_input(const std::string& path);

/// The same for output written as it is rendered: `render` writes to the
/// stream it is given (the temporary file, or standard output). An exception
/// from `render` removes the temporary file and reaches the caller.
int write_output(const std::string& path, const std::function<void(std::ostream&)>& render);

/// The process's peak resident memory so far, in MB (for BREACHRANK_TIMINGS notes).
long peak_memory_mb();

/// "1 organisation", "3 organisations" (`plural_form` when not just +s).
std::string plural(std::size_t n, const std::string& singular, const std::string& plural_form = "");

/// Prints "breachrank: error: MESSAGE" on standard error.
void print_error(const std::string& message);

void add_score_command(CLI::App& app, int& status);
void add_validate_command(CLI::App& app, int& status);
void add_explain_command(CLI::App& app, int& status);
void add_breach_command(CLI::App& app, int& status);
void add_graph_command(CLI::App& app, int& status);
void add_generate_command(CLI::App& app, int& status);
void add_whatif_command(CLI::App& app, int& status);
void add_suggest_command(CLI::App& app, int& status);
void add_loss_command(CLI::App& app, int& status);
void add_plan_command(CLI::App& app, int& status);
void add_report_command(CLI::App& app, int& status);

/// Moves `value` to storage that is never freed and returns it. The commands
/// keep their model and results there: freeing the millions of small
/// allocations of a national-scale model took 0.3 s of a 2 s run at 100,000
/// suppliers (bench/results/scale.md), and the process is about to exit and
/// hand the memory back at once (clang does the same: -disable-free). The
/// storage stays reachable from a global, so leak checkers do not report it.
template <class T>
T& keep_until_exit(T&& value) {
    static_assert(!std::is_reference_v<T>, "keep_until_exit takes ownership: pass an rvalue");
    struct Kept {
        T value;
        const void* next;
    };
    static const void* chain = nullptr;  // reachable from here until exit
    auto* k = new Kept{std::move(value), chain};
    chain = k;
    return k->value;
}

}  // namespace breachrank::cli
