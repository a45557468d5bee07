#include "scoring/basis.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "support/parallel.hpp"

namespace breachrank::scoring {

namespace {

void check_faults(const Model& model, const RulePack& rules, const SeverityModel& sev) {
    if (sev.faults().empty()) return;
    const model::ExpressionFault& f = sev.faults().front();
    const Population& pop = model.populations[static_cast<std::size_t>(f.population)];
    throw Error(fmt::format("rule '{}': '{}' evaluates to {} for population '{}'{}", rules.rules[f.rule].id, f.where,
                            std::isnan(f.value) ? "NaN" : "infinity", pop.id,
                            f.segment < 0 ? std::string()
                                          : fmt::format(" (segment '{}')",
                                                        pop.segments[static_cast<std::size_t>(f.segment)].id)));
}

}  // namespace

Basis::Basis(const Model& m, const RulePack& r, std::size_t workers, std::vector<char> circumstances)
    : model(m), rules(r), coverage(m), severity(m, r, std::move(circumstances)), direct(m.entities.size()) {
    check_faults(m, r, severity);
    support::parallel_for(workers, m.entities.size(), [&](std::size_t, std::size_t e) {
        const int set[] = {static_cast<int>(e)};
        direct[e] = BreachHarm::score(model, coverage, severity, set);
    });
}

PopulationExposure to_public(const Basis& b, const Exposure& e) {
    const Population& pop = b.model.populations[e.population];
    PopulationExposure out;
    out.population = pop.id;
    out.owner = b.model.entities[static_cast<std::size_t>(pop.owner)].id;
    out.people = e.people;
    out.harm = e.harm;
    const model::Groups& groups = b.severity.groups();
    const std::uint32_t first = groups.first(e.population), count = groups.count(e.population);
    std::vector<std::vector<std::string>> names;  // per band, shared by the segments
    for (const Band& band : e.bands) names.push_back(b.rules.category_names(band.categories));
    for (std::uint32_t g = 0; g < count; ++g) {
        SegmentExposure s;
        s.segment = groups.id(b.model, first + g);
        const double size = groups.people(first + g);
        s.people = size * e.top;
        double sum = 0;
        for (std::size_t j = 0; j < e.bands.size(); ++j) {
            const double severity = e.severity(j, g, count);
            sum += e.bands[j].share * severity;
            s.bands.push_back(BandScore{e.bands[j].share, size * e.bands[j].share, names[j], severity,
                                        b.severity.level(severity)});
        }
        s.harm = size * sum;
        out.segments.push_back(std::move(s));
    }
    return out;
}

void describe_direct(const Basis& b, std::span<const int> set, std::vector<PopulationExposure>& exposures,
                     double& people, std::vector<std::string>* owners_out, std::vector<std::string>* fired_out,
                     bool with_exposures) {
    std::vector<int> owners;
    thread_local std::vector<char> fired;
    fired.assign(b.rules.rules.size(), 0);
    for (const Exposure& e : expose(b.model, b.coverage, b.severity, set)) {
        people += e.people;
        if (with_exposures) exposures.push_back(to_public(b, e));
        owners.push_back(b.model.populations[e.population].owner);
        const model::Groups& groups = b.severity.groups();
        for (std::uint32_t g = groups.first(e.population); g < groups.first(e.population) + groups.count(e.population); ++g)
            for (const Band& band : e.bands)
                for (std::size_t r = 0; r < fired.size(); ++r)
                    if (!fired[r] && b.severity.fires(g, r, band.categories)) fired[r] = 1;
    }
    if (owners_out) {
        // Sorted by id (ids are unique, so sorting indices by id and dropping repeats is exact).
        auto id = [&](int e) -> const std::string& { return b.model.entities[static_cast<std::size_t>(e)].id; };
        std::sort(owners.begin(), owners.end(), [&](int x, int y) { return id(x) < id(y); });
        owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
        owners_out->reserve(owners.size());
        for (int o : owners) owners_out->push_back(id(o));
    }
    if (fired_out)
        for (std::size_t r = 0; r < fired.size(); ++r)
            if (fired[r]) fired_out->push_back(b.rules.rules[r].id);
}

}  // namespace breachrank::scoring
