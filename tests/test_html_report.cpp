// The HTML report (make_report + render_html): the worked example's hand
// figures on the page, a page that loads nothing from anywhere, escaping of
// what a model names, and the paged ranking of a large model. The page in a
// real browser is tests/browser/report_browser.py.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "breachrank/generate.hpp"
#include "breachrank/report.hpp"
#include "helpers.hpp"
#include "report/html_parts.hpp"
#include "report/text_format.hpp"

using namespace breachrank;

namespace {
std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}
}  // namespace

TEST_CASE("report: the worked example's figures, in rank order, with its sections and diagram") {
    test::WorkedExample ex;
    const Report r = make_report(ex.model, ex.rules, {}, {}, {});
    // Hand figures (tests/test_worked_example.cpp): host risk 0.1 x 431.25 =
    // 43.125 (tier high, >= 40), cards 0.05 x 725 = 36.25 (tier low).
    REQUIRE(r.score.vendors.size() == 2);
    CHECK(r.total_risk == doctest::Approx(79.375).epsilon(1e-15));
    REQUIRE(r.sections.size() == 2);
    CHECK(r.sections[0].score.id == "host");
    CHECK(r.sections[1].score.id == "cards");
    CHECK(r.suggestions_about.empty());  // a small model: every change weighed
    const std::string html = render_html(r);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    // One ranking row per vendor, host first; the exact values sort, the text reads as the table prints it.
    const auto host_row = html.find("<a href=\"#v-host\">host</a>");
    const auto cards_row = html.find("<a href=\"#v-cards\">cards</a>");
    REQUIRE(host_row != std::string::npos);
    REQUIRE(cards_row != std::string::npos);
    CHECK(host_row < cards_row);
    CHECK(html.find("<td class=\"n\" data-v=\"43.125\">") != std::string::npos);
    CHECK(html.find("<td class=\"n\" data-v=\"36.25\">36.25</td>") != std::string::npos);
    CHECK(html.find("data-v=\"725\">725</td>") != std::string::npos);      // cards' direct harm
    CHECK(html.find("data-v=\"431.25\">431.25</td>") != std::string::npos);  // host's cascade harm
    // Two tiers: high marked with two squares, low with one, each by name too.
    CHECK(html.find("<span class=\"tier tier-0\">\u25A0\u25A0 high</span>") != std::string::npos);
    CHECK(html.find("<span class=\"tier tier-1\">\u25A0 low</span>") != std::string::npos);
    // A section per vendor, in rank order, with the rules that fired and why.
    CHECK(html.find("id=\"v-host\"") < html.find("id=\"v-cards\""));
    CHECK(html.find("<b>face-and-name</b>") != std::string::npos);
    // The diagram: every entity drawn, as inline SVG with a name for screen readers.
    CHECK(html.find("role=\"img\" aria-labelledby=\"diagram-caption\"") != std::string::npos);
    CHECK(count(html, "class=\"node\"") == 3);
    // Headings in order: one h1, and no level skipped.
    CHECK(count(html, "<h1") == 1);
    int level = 1;
    const std::regex heading("<h([1-6])");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), heading); it != std::sregex_iterator(); ++it) {
        const int next = std::stoi((*it)[1]);
        CHECK(next <= level + 1);
        level = next;
    }
}

TEST_CASE("report: a page that asks for nothing, and escapes what the model names") {
    test::WorkedExample ex;
    ex.model.name = "<script>alert('model')</script> & co";
    ex.model.entities[1].name = "Cards \"<b>\" Ltd";
    const std::string html = render_html(make_report(ex.model, ex.rules, {}, {}, {}));
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&#39;model&#39;)&lt;/script&gt; &amp; co") != std::string::npos);
    CHECK(html.find("Cards &quot;&lt;b&gt;&quot; Ltd") != std::string::npos);
    // No source of any kind, no link but to the page's own sections, no style sheet or font from elsewhere.
    CHECK(html.find(" src=") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    const std::regex href("href=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it)
        CHECK_MESSAGE((*it)[1].str().rfind("#", 0) == 0, (*it)[1].str());
    // One script, the page's own.
    CHECK(count(html, "<script>") == 1);
}

TEST_CASE("report: a large ranking is paged, every row kept as data that cannot close its script") {
    GenerateOptions g;
    g.organisations = 10;
    g.suppliers = kReportRankingRows + 1;
    g.seed = 5;
    g.shape = GraphShape::chains;
    Model m = generate_model(g, default_rules());
    for (Entity& e : m.entities)
        if (e.kind == EntityKind::supplier) {
            e.name = "</script><b>x";  // a name that would end the data's script element
            break;
        }
    ReportOptions ro;
    ro.suggestions = 0;
    const Report r = make_report(m, default_rules(), {}, {}, ro);
    CHECK(r.sections.size() == 20);
    CHECK(r.score.vendors.size() == kReportRankingRows + 1);
    const std::string html = render_html(r);
    CHECK(html.find("data-rows=\"ranking-data\"") != std::string::npos);
    CHECK(html.find("</script><b>x") == std::string::npos);
    CHECK(html.find("\\u003c/script>\\u003cb>x") != std::string::npos);
    CHECK(count(html, "</script>") == 2);  // the data's and the page's script
    // The diagram of a large model: the top vendors' neighbourhoods, said so.
    CHECK(r.diagram_note.find("The 20 riskiest vendors") == 0);
}

TEST_CASE("report: Graphviz's failure is an error, not a broken page") {
    // Graphviz's own words are kept in the message (its line count runs on
    // across graphs in one process, so only their start is pinned).
    std::string message;
    try {
        report::layout_svg("digraph {");
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(message.rfind("Graphviz could not read the diagram's DOT text: Error: syntax error in line ", 0) == 0);
    const std::string svg = report::layout_svg("digraph { a -> b }");
    CHECK(svg.rfind("<svg", 0) == 0);
}

TEST_CASE("money as a finance page writes it (report/text_format.hpp's examples)") {
    CHECK(report::money(850) == "850");
    CHECK(report::money(12345) == "12,345");
    CHECK(report::money(456000) == "456k");
    CHECK(report::money(12.3e6) == "12.3m");
    CHECK(report::money(1.2e9) == "1.2bn");
    CHECK(report::money(999999) == "1m");  // rounded first: not "1000k"
    CHECK(report::money(-2000) == "-2,000");
    CHECK(report::money(-1e-9) == "0");  // a rounding-sized change is no change, not "-0"
    CHECK(report::money(-0.5) == "0");
}

TEST_CASE("report: anchors are one to one, tier labels escaped once") {
    CHECK(report::Html::anchor("acme:pay") == "acme:pay");
    CHECK(report::Html::anchor("acme:pay") != report::Html::anchor("acme_pay"));
    CHECK(report::Html::anchor("a b\"c") == "a~20b~22c");
    const std::vector<Tier> tiers{{"high", 40}, {"Low & watch", 0}};
    const report::Html h(tiers);
    CHECK(h.tier_label("Low & watch") == "\u25A0 Low & watch");  // the paged ranking's script sets it as text
    CHECK(h.tier_badge("Low & watch") == "<span class=\"tier tier-1\">\u25A0 Low &amp; watch</span>");
    CHECK(h.tier_label("") == "\u25A1 no tier");
}
