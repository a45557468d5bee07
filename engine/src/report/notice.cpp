// A draft GDPR Art. 33(3) notification in Markdown (`breach --format notice`):
// what a data protection officer pastes into the regulator's form and edits,
// in the order Art. 33(3) lists: (a) the nature of the breach, with the
// categories and approximate numbers of people and records; (b) a contact
// point; (c) the likely consequences; (d) the measures taken or proposed;
// then the decisions on notifying, with their reasons.
#include <fmt/format.h>

#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank::report {

namespace {

std::string nature(const BreachResult& b) {
    std::string out = "## (a) Nature of the breach\n\n";
    std::vector<std::string> who;
    for (std::size_t i = 0; i < b.breached.size(); ++i)
        who.push_back(i < b.breached_names.size() && b.breached_names[i] != b.breached[i]
                          ? fmt::format("{} ({})", b.breached_names[i], b.breached[i])
                          : b.breached[i]);
    out += fmt::format("- Breached: {}.\n", join(who, ", "));
    out += fmt::format("- Discovered: {}.\n", b.discovered ? *b.discovered : "[date and time: to be completed]");
    out += fmt::format("- Circumstances: {}.\n", b.circumstances.empty() ? "none stated" : join(b.circumstances, ", "));
    if (b.unintelligible)
        out += "- The data was unintelligible to whoever took it (encrypted, the key safe).\n";
    out += fmt::format("- Approximate number of people concerned: {}; records concerned: {} (one record per person "
                       "and population).\n",
                       human(b.people_exposed), human(b.people_exposed));
    out += "- Categories of personal data and people concerned, by population and segment:\n\n";
    Table t{{"population", "segment", "people", "categories of data", "severity level"},
            {false, false, true, false, false},
            {}};
    for (const PopulationExposure& e : b.exposures)
        for (const SegmentExposure& s : e.segments)
            for (const BandScore& band : s.bands)
                t.rows.push_back({e.population, s.segment == e.population ? "(the rest)" : s.segment,
                                  human(band.people), join(band.categories, ", "),
                                  band.level.empty() ? "-" : band.level});
    return out + (t.rows.empty() ? "No personal data in the model is exposed.\n" : t.markdown());
}

std::string consequences(const BreachResult& b) {
    std::string out = "\n## (c) Likely consequences\n\n";
    // The rules that fired, by their reasons (a rule without one adds nothing a reader can use).
    bool any = false;
    for (const auto& [rule, because] : b.consequences)
        if (!because.empty()) {
            out += fmt::format("- {} ({})\n", because, rule);
            any = true;
        }
    if (!any) out += "- No rule of the pack names a particular consequence: [to be completed].\n";
    std::vector<std::string> spread;
    for (const ReachProbability& r : b.reach)
        if (r.probability > 0 && spread.size() < 5)
            spread.push_back(fmt::format("{} (probability {:.2g})", r.id, r.probability));
    if (!spread.empty())
        out += fmt::format("- Through standing access the breach may spread to: {}. Averaged over whether it does, "
                           "the expected harm is {} severity points, against {} for the breached entities alone.\n",
                           join(spread, ", "), human(b.expected_harm), human(b.harm));
    return out;
}

std::string measures_text(const std::vector<Suggestion>& measures) {
    std::string out = "\n## (d) Measures taken or proposed\n\n";
    out += "- [Measures taken to contain the breach and to mitigate its effects on the people: to be completed.]\n";
    for (const Suggestion& s : measures)
        out += fmt::format("- Proposed, to lower the risk of a repeat: {} (lowers the expected harm of breaches "
                           "across the supply chain by {} severity points a year).\n",
                           s.description, human(s.reduction));
    return out;
}

}  // namespace

std::string notice(const BreachResult& b, const std::vector<Suggestion>& measures) {
    std::string out = "# Draft notification of a personal data breach (GDPR Art. 33(3))\n\n";
    out += fmt::format("Drafted by breachrank from the model '{}' and the rule pack '{}'. The figures are the model's "
                       "estimates: check every fact, and complete the bracketed parts, before sending.\n\n",
                       b.model, b.rules);
    out += nature(b);
    out += "\n## (b) Contact point\n\n- [Name and contact details of the data protection officer.]\n";
    out += consequences(b);
    out += measures_text(measures);
    out += "\n## Decisions on notifying (GDPR Art. 33/34)\n\n";
    out += notification_lines(b.notification, true);
    return out;
}

}  // namespace breachrank::report
