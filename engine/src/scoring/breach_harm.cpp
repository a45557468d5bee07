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

// Adds a population's harm to its owner's in h.by_owner (kept sorted by owner).
void add_to_owner(SetHarm& h, std::uint32_t owner, double harm) {
    auto it = std::lower_bound(h.by_owner.begin(), h.by_owner.end(), owner,
                               [](const auto& a, std::uint32_t o) { return a.first < o; });
    if (it != h.by_owner.end() && it->first == owner)
        it->second += harm;
    else
        h.by_owner.insert(it, {owner, harm});
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
    return score_exposures(model, severity, scoring::expose(model, coverage, severity, set, rows), want_people);
}

SetHarm BreachHarm::score_union(const Model& model, const scoring::SeverityModel& severity,
                                std::span<const model::CoverageItem> x, bool want_people) {
    return score_exposures(model, severity, scoring::expose_union(model, severity, x), want_people);
}

SetHarm BreachHarm::score_exposures(const Model& model, const scoring::SeverityModel& severity,
                                    const std::vector<Exposure>& exposures, bool want_people) {
    SetHarm out;
    const bool money = severity.has_loss();
    if (want_people) out.people.assign(severity.rules().severity.levels.size(), 0.0);
    for (const scoring::Exposure& e : exposures) {
        out.total += e.harm;
        if (money || want_people)
            for_each_group_band(severity, e, [&](double people, double s) {
                if (money) out.money += people * severity.person_cost(s);
                if (want_people) {
                    const int l = severity.level_index(s);
                    if (l >= 0) out.people[static_cast<std::size_t>(l)] += people;
                }
            });
        add_to_owner(out, static_cast<std::uint32_t>(model.populations[e.population].owner), e.harm);
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

void BreachHarm::people(std::span<const int> set, std::vector<double>& out) const {
    people_by_level(severity_, scoring::expose(model_, coverage_, severity_, set, rows_), out);
}

void IncrementalHarm::reset(const BreachHarm& harm, bool want_people) {
    undo(0);
    harm_ = &harm;
    want_people_ = want_people;
    if (slots_.size() != harm.model().populations.size()) slots_.assign(harm.model().populations.size(), Slot{});
}

void IncrementalHarm::score(std::uint32_t p, Term& t) {
    const SeverityModel& severity = harm_->severity();
    sorted_ = t.items;  // expose_items() sorts by share
    expose_items(harm_->model(), severity, p, sorted_, exposure_);
    t.harm = exposure_.harm;
    t.money.clear();
    t.people.clear();
    const bool money = severity.has_loss();
    if (money || want_people_)
        for_each_group_band(severity, exposure_, [&](double people, double s) {
            if (money) t.money.push_back(people * severity.person_cost(s));
            if (want_people_) {
                const int l = severity.level_index(s);
                if (l >= 0) t.people.emplace_back(static_cast<std::size_t>(l), people);
            }
        });
}

std::size_t IncrementalHarm::add(int e) {
    const std::size_t mark = log_.size();
    const auto row = harm_->row(e);
    for (std::size_t i = 0; i < row.size();) {
        const std::uint32_t p = row[i].population;
        std::size_t j = i;
        while (j < row.size() && row[j].population == p) ++j;
        Slot& slot = slots_[p];
        // x_k of p with e: the current items merged with e's run [i, j), by category.
        merged_.clear();
        bool raised = false;
        if (slot.depth == 0) {
            merged_.assign(row.begin() + static_cast<std::ptrdiff_t>(i), row.begin() + static_cast<std::ptrdiff_t>(j));
            raised = true;
        } else {
            const auto& cur = slot.terms[slot.depth - 1].items;
            std::size_t a = 0, b = i;
            while (a < cur.size() || b < j) {
                if (b == j || (a < cur.size() && cur[a].category < row[b].category)) {
                    merged_.push_back(cur[a++]);
                } else if (a == cur.size() || row[b].category < cur[a].category) {
                    merged_.push_back(row[b++]);
                    raised = true;
                } else {
                    merged_.push_back(cur[a]);
                    if (row[b].share > cur[a].share) merged_.back().share = row[b].share, raised = true;
                    ++a, ++b;
                }
            }
        }
        i = j;
        if (!raised) continue;
        if (slot.terms.size() == slot.depth) slot.terms.emplace_back();
        Term& t = slot.terms[slot.depth];
        t.items = merged_;
        score(p, t);
        if (slot.depth++ == 0) active_.insert(std::lower_bound(active_.begin(), active_.end(), p), p);
        log_.push_back(p);
    }
    return mark;
}

void IncrementalHarm::undo(std::size_t mark) {
    while (log_.size() > mark) {
        const std::uint32_t p = log_.back();
        log_.pop_back();
        if (--slots_[p].depth == 0) active_.erase(std::lower_bound(active_.begin(), active_.end(), p));
    }
}

bool IncrementalHarm::adds_nothing(int e) const {
    for (const model::CoverageItem& item : harm_->row(e)) {
        const Slot& slot = slots_[item.population];
        if (slot.depth == 0) return false;
        const auto& cur = slot.terms[slot.depth - 1].items;
        const auto it = std::lower_bound(cur.begin(), cur.end(), item.category,
                                         [](const model::CoverageItem& a, std::uint32_t k) { return a.category < k; });
        if (it == cur.end() || it->category != item.category || it->share < item.share) return false;
    }
    return true;
}

const SetHarm& IncrementalHarm::current() {
    // BreachHarm::score()'s sums, in its order: population by population, and
    // within one its group bands.
    const Model& model = harm_->model();
    out_.total = 0;
    out_.money = 0;
    out_.by_owner.clear();
    if (want_people_)
        out_.people.assign(harm_->levels(), 0.0);
    else
        out_.people.clear();
    for (std::uint32_t p : active_) {
        const Term& t = slots_[p].terms[slots_[p].depth - 1];
        out_.total += t.harm;
        for (double m : t.money) out_.money += m;
        for (const auto& [l, people] : t.people) out_.people[l] += people;
        add_to_owner(out_, static_cast<std::uint32_t>(model.populations[p].owner), t.harm);
    }
    return out_;
}

}  // namespace breachrank::scoring
