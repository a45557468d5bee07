// breachrank: the command line. Thin: parse arguments, call the library, print.
#include <iostream>

#include <CLI/CLI.hpp>

#include "breachrank/version.hpp"
#include "common.hpp"

int main(int argc, char** argv) {
    using namespace breachrank::cli;
    CLI::App app{"breachrank: which supplier breaches would hurt your people most"};
    app.name("breachrank");
    app.set_version_flag("--version", std::string("breachrank ") + breachrank::kVersion);
    app.require_subcommand(1);
    int status = kOk;
    add_score_command(app, status);
    add_validate_command(app, status);
    add_explain_command(app, status);
    add_breach_command(app, status);
    add_graph_command(app, status);
    add_whatif_command(app, status);
    add_suggest_command(app, status);
    add_generate_command(app, status);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version (of the program or of a command) exit 0 through CLI11.
        if (e.get_exit_code() == 0) return app.exit(e);
        print_error(e.what());
        std::cerr << "Run 'breachrank --help' for usage.\n";
        return kInvalidInput;
    } catch (const breachrank::Error& e) {
        print_error(e.what());
        return kInvalidInput;
    }
    return status;
}
