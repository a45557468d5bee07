#include "scoring/breach_harm.hpp"

#include <algorithm>

namespace breachrank::scoring {

SetHarm BreachHarm::score(const Model& model, const model::Coverage& coverage, const scoring::SeverityModel& severity,
                          std::span<const int> set, const scoring::RowOverlay* rows) {
    SetHarm out;
    for (const scoring::Exposure& e : scoring::expose(model, coverage, severity, set, rows)) {
        out.total += e.harm;
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
    return cache_.emplace(set, score(model_, coverage_, severity_, set, rows_)).first->second;
}

}  // namespace breachrank::scoring
