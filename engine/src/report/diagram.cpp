// A DOT graph laid out by Graphviz (libgvc, the `dot` layout) into an SVG
// fragment that can sit inline in an HTML page.
#include <memory>

#include <fmt/format.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "breachrank/model.hpp"
#include "report/render.hpp"

namespace breachrank::report {

namespace {

// Graphviz's messages, kept for the error rather than printed on standard error.
thread_local std::string graphviz_said;
int keep_message(char* message) {
    graphviz_said += message;
    return 0;
}

std::string said() {
    std::string s = graphviz_said;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s.empty() ? std::string() : ": " + s;
}

}  // namespace

std::string layout_svg(const std::string& dot) {
    graphviz_said.clear();
    agseterrf(keep_message);
    // Graphviz keeps plugin state in its context: one per call keeps this
    // function free of shared state (it is not called on hot paths).
    std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
    if (!gvc) throw Error("Graphviz could not start (gvContext failed)");
    std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(dot.c_str()), agclose);
    if (!graph) throw Error("Graphviz could not read the diagram's DOT text" + said());
    if (gvLayout(gvc.get(), graph.get(), "dot") != 0) throw Error("Graphviz could not lay out the diagram" + said());
    char* data = nullptr;
    unsigned int length = 0;
    const int rendered = gvRenderData(gvc.get(), graph.get(), "svg", &data, &length);
    std::string svg = data ? std::string(data, length) : std::string();
    gvFreeRenderData(data);
    gvFreeLayout(gvc.get(), graph.get());
    if (rendered != 0 || svg.empty()) throw Error("Graphviz could not draw the diagram as SVG" + said());
    // Inline SVG needs neither the XML declaration nor the DOCTYPE.
    const auto start = svg.find("<svg");
    return start == std::string::npos ? svg : svg.substr(start);
}

}  // namespace breachrank::report
