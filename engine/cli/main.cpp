// breachrank: the command line. Thin: parse arguments, call the library, print.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "breachrank/version.hpp"
#include "common.hpp"
#include "progress.hpp"

namespace {

using namespace breachrank::cli;

// CLI11 says "A subcommand is required" or "arguments were not expected" for a
// misspelt command or option; find the slip first and name what was meant.
// Returns false after printing the error.
bool check_names(CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') return true;
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    const std::string command = argv[1];
    CLI::App* sub = nullptr;
    for (CLI::App* s : app.get_subcommands({}))
        if (s->get_name() == command) sub = s;
    if (!sub) {
        print_error(fmt::format("unknown command '{}'{}", command, breachrank::did_you_mean(command, commands)));
        return false;
    }
    std::vector<std::string> options;
    for (const CLI::Option* o : sub->get_options())
        for (const std::string& name : o->get_lnames()) options.push_back("--" + name);
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--") break;
        if (arg.rfind("--", 0) != 0) continue;
        arg = arg.substr(0, arg.find('='));
        if (std::find(options.begin(), options.end(), arg) != options.end()) continue;
        print_error(fmt::format("unknown option '{}' for '{}'{}", arg, command, breachrank::did_you_mean(arg, options)));
        return false;
    }
    return true;
}

// The command as typed ("score"), for messages that cannot name more.
const char* command_name(int argc, char** argv) { return argc > 1 ? argv[1] : "breachrank"; }

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"breachrank: which supplier breaches would hurt your people most"};
    app.name("breachrank");
    app.set_version_flag("--version", std::string("breachrank ") + breachrank::kVersion);
    app.require_subcommand(1);
    install_stop_handlers();
    int status = kOk;
    add_score_command(app, status);
    add_validate_command(app, status);
    add_explain_command(app, status);
    add_breach_command(app, status);
    add_graph_command(app, status);
    add_whatif_command(app, status);
    add_suggest_command(app, status);
    add_loss_command(app, status);
    add_plan_command(app, status);
    add_report_command(app, status);
    add_generate_command(app, status);
    if (!check_names(app, argc, argv)) {
        std::cerr << "Run 'breachrank --help' for usage.\n";
        return kInvalidInput;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version (of the program or of a command) exit 0 through CLI11.
        if (e.get_exit_code() == 0) return app.exit(e);
        print_error(e.what());
        std::cerr << "Run 'breachrank --help' for usage.\n";
        return kInvalidInput;
    } catch (const breachrank::Cancelled& e) {
        // Only a stopping signal cancels on the command line (progress.hpp).
        clear_progress();
        const int signal = stop_signal();
        print_error(fmt::format("stopped by {} during '{}' at {} of {}; no output was written",
                                signal == SIGTERM ? "SIGTERM" : "SIGINT", e.phase, e.done, e.total));
        return signal ? stop_status(signal) : kRuntimeFailure;
    } catch (const breachrank::Error& e) {
        print_error(e.what());
        return kInvalidInput;
    } catch (const std::bad_alloc&) {
        // Not a crash: say so, exit 1. Any output's temporary was removed while
        // unwinding (write_output), so nothing partial is left.
        clear_progress();
        std::fputs(fmt::format("breachrank: error: out of memory while running '{}' ({} MB at the peak); try "
                               "--method linear, fewer --trials, or a machine with more memory\n",
                               command_name(argc, argv), peak_memory_mb())
                       .c_str(),
                   stderr);
        return kRuntimeFailure;
    }
    // A stopping signal that no check saw (a command without progress, or one
    // that came after the last check) still stops with its status.
    if (const int signal = stop_signal(); signal != 0 && status == kOk) {
        clear_progress();
        print_error(fmt::format("stopped by {}", signal == SIGTERM ? "SIGTERM" : "SIGINT"));
        return stop_status(signal);
    }
    // Whatever a command printed on standard output must have reached it
    // (a full disk, a closed pipe, /dev/full): otherwise exit 1, not 0.
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
        print_error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
        return status == kOk ? kRuntimeFailure : status;
    }
    return status;
}
