#include "scoring/breach_harm.hpp"

#include <algorithm>

namespace breachrank::scoring {

namespace {

// Calls f(people, severity) for every band of every scoring group of `e`.
template <class F>
void for_each_group_band(const SeverityModel& severity, const Exposure& e, F&& f) {
    const model::Groups& groups = severity.groups();
    const std::uint32_t first = groups.first(e.population), count = groups.count(e.population);
    for (std::uint32_t g = 0; g < count; ++g) {
        const double size = groups.people(first + g);
        for (std::size_t j = 0; j < e.bands.size(); ++j) f(size * e.bands[j].share, e.severity(j, g, count));
    }
}

}  // namespace

void people_by_level(const SeverityModel& severity, const std::vector<Exposure>& exposures,
                     std::vector<double>& out) {
    out.assign(severity.rules().severity.levels.size(), 0.0);
    for (const Exposure& e : exposures)
        for_each_group_band(severity, e, [&](double people, double s) {
            const int l = severity.level_index(s);
            if (l >= 0) out[static_cast<std::size_t>(l)] += people;
        });
}

SetHarm BreachHarm::score(const Model& model, const model::Coverage& coverage, const scoring::SeverityModel& severity,
                          std::span<const int> set, const scoring::RowOverlay* rows, bool want_people) {
    SetHarm out;
    const bool money = severity.has_loss();
    if (want_people) out.people.assign(severity.rules().severity.levels.size(), 0.0);
    for (const scoring::Exposure& e : scoring::expose(model, coverage, severity, set, rows)) {
        out.total += e.harm;
        if (money || want_people)
            for_each_group_band(severity, e, [&](double people, double s) {
                if (money) out.money += people * severity.person_cost(s);
                if (want_people) {
                    const int l = severity.level_index(s);
                    if (l >= 0) out.people[static_cast<std::size_t>(l)] += people;
                }
            });
        auto owner = static_cast<std::uint32_t>(model.populations[e.population].owner);
        auto it = std::lower_bound(out.by_owner.begin(), out.by_owner.end(), owner,
                                   [](const auto& a, std::uint32_t o) { return a.first < o; });
        if (it != out.by_owner.end() && it->first == owner)
            it->second += e.harm;
        else
            out.by_owner.insert(it, {owner, e.harm});
    }
    return out;
}

SetHarm BreachHarm::population_term(const Model& model, const model::Coverage& coverage,
                                    const scoring::SeverityModel& severity, std::span<const int> set, std::uint32_t p,
                                    const scoring::RowOverlay* rows) {
    SetHarm out;
    thread_local scoring::Exposure e;
    if (!scoring::expose_population(model, coverage, severity, set, p, rows, e)) return out;
    out.total = e.harm;
    if (severity.has_loss())
        for_each_group_band(severity, e, [&](double people, double s) { out.money += people * severity.person_cost(s); });
    return out;
}

const SetHarm& BreachHarm::operator()(std::vector<int>& set) {
    if (set.size() == 1) {
        if (direct_overlay_) {
            auto it = direct_overlay_->find(set[0]);
            if (it != direct_overlay_->end()) return it->second;
        }
        return direct_[static_cast<std::size_t>(set[0])];
    }
    std::sort(set.begin(), set.end());
    auto it = cache_.find(set);
    if (it != cache_.end()) return it->second;
    return cache_.emplace(set, score(model_, coverage_, severity_, set, rows_, want_people_)).first->second;
}

std::span<const model::CoverageItem> BreachHarm::row(int e) const {
    if (rows_) {
        auto it = rows_->find(e);
        if (it != rows_->end()) return it->second;
    }
    return coverage_.of(static_cast<std::size_t>(e));
}

bool BreachHarm::covered(int t, std::span<const int> set) const {
    const auto before = [](const model::CoverageItem& a, const model::CoverageItem& b) {
        return a.population != b.population ? a.population < b.population : a.category < b.category;
    };
    for (const model::CoverageItem& item : row(t)) {
        const bool held = std::any_of(set.begin(), set.end(), [&](int e) {
            const auto r = row(e);
            const auto it = std::lower_bound(r.begin(), r.end(), item, before);
            return it != r.end() && it->population == item.population && it->category == item.category &&
                   it->share >= item.share;
        });
        if (!held) return false;
    }
    return true;
}

void BreachHarm::people(std::span<const int> set, std::vector<double>& out) const {
    people_by_level(severity_, scoring::expose(model_, coverage_, severity_, set, rows_), out);
}

}  // namespace breachrank::scoring
