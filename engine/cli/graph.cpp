// breachrank graph MODEL --format dot|svg: the supply chain, coloured by risk tier.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "common.hpp"

namespace breachrank::cli {

namespace {

// Runs Graphviz's `dot -Tsvg` on `dot_text`; nullopt after printing why.
std::optional<std::string> to_svg(const std::string& dot_text) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path();
    std::string base = (dir / fmt::format("breachrank-{}", ::getpid())).string();
    std::string in = base + ".dot", out = base + ".svg";
    {
        std::ofstream f(in, std::ios::binary);
        f << dot_text;
        if (!f) {
            print_error(fmt::format("cannot write the temporary file '{}'", in));
            return std::nullopt;
        }
    }
    pid_t pid = ::fork();
    if (pid == 0) {
        ::execlp("dot", "dot", "-Tsvg", "-o", out.c_str(), in.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int wstatus = 0;
    if (pid < 0 || ::waitpid(pid, &wstatus, 0) < 0) wstatus = -1;
    std::remove(in.c_str());
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
        std::remove(out.c_str());
        print_error(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127
                        ? "svg needs Graphviz's 'dot', which is not installed (apt-get install graphviz); "
                          "--format dot works without it"
                        : "Graphviz's 'dot' failed to render the graph");
        return std::nullopt;
    }
    std::ifstream f(out, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    std::remove(out.c_str());
    return ss.str();
}

}  // namespace

void add_graph_command(CLI::App& app, int& status) {
    auto c = std::make_shared<ModelCommand>();
    c->args.format = "dot";
    CLI::App* cmd =
        add_model_command(app, "graph", "Draw the supply chain (Graphviz), entities coloured by risk tier", *c);
    add_scoring_options(*cmd, c->args, {"dot", "svg"});
    run_on_inputs(*cmd, c, status, [c](Inputs& in) {
        ScoreResult scores = score(in.model, in.rules, c->args.options());
        std::string dot = render_dot(in.model, in.rules, scores);
        if (c->args.format == "dot") return write_output(dot, c->args.output);
        auto svg = to_svg(dot);
        return svg ? write_output(*svg, c->args.output) : kRuntimeFailure;
    });
}

}  // namespace breachrank::cli
