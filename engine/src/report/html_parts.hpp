// The pieces of the HTML report (html.cpp assembles the page; html_sections.cpp
// writes its longer sections; html_assets.cpp holds its style and script;
// diagram.cpp lays out the supply chain with Graphviz).
#pragma once

#include <string>
#include <vector>

#include "breachrank/report.hpp"

namespace breachrank::report {

/// Tier marks and anchors, shared by every section.
class Html {
public:
    explicit Html(const std::vector<Tier>& tiers) : tiers_(tiers) {}
    /// The tier's place, riskiest first; tiers.size() for no tier.
    std::size_t tier_index(const std::string& tier) const {
        for (std::size_t i = 0; i < tiers_.size(); ++i)
            if (tiers_[i].name == tier) return i;
        return tiers_.size();
    }
    std::size_t tier_count() const { return tiers_.size(); }
    const std::string& tier_name(std::size_t i) const { return tiers_[i].name; }
    /// A tier as a badge: a tint, a mark of its rank (more squares, riskier)
    /// and its name, so it reads without colour.
    std::string tier_badge(const std::string& tier) const;
    /// The badge's text, unescaped: its marks and its name ("no tier" for none).
    std::string tier_label(const std::string& tier) const;
    /// An id usable in an HTML id and a URL fragment, one to one: the
    /// characters a model file's ids may hold ([A-Za-z0-9._:-]) are kept, any
    /// other byte (a model built in code) becomes "~" and its hex code.
    static std::string anchor(const std::string& id);

private:
    const std::vector<Tier>& tiers_;
};

/// A sortable column's header: a button inside the <th> (class "n" for numbers).
std::string sort_header(const std::string& label, bool numeric);

void ranking(const Html& h, const ScoreResult& s, std::string& out);
void vendor_sections(const Html& h, const Report& r, std::string& out);
void suggestions(const Report& r, std::string& out);
void scenarios(const Html& h, const Report& r, std::string& out);
void loss_section(const Report& r, std::string& out);

const char* html_style();
const char* html_script();

/// `dot` laid out by Graphviz's dot as an inline SVG fragment (no XML
/// declaration). Throws breachrank::Error when Graphviz fails.
std::string layout_svg(const std::string& dot);

std::string render_html(const Report& report);

}  // namespace breachrank::report
