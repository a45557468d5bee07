#include "model/coverage.hpp"

#include <algorithm>

namespace breachrank::model {

Coverage::Coverage(const Model& model) {
    const std::size_t n = model.entities.size();
    // Counting pass, then fill: rows are built without a global sort.
    std::vector<std::uint32_t> count(n + 1, 0);
    for (const Population& p : model.populations) count[static_cast<std::size_t>(p.owner)] += static_cast<std::uint32_t>(p.holds.count());
    for (const Flow& f : model.flows) count[static_cast<std::size_t>(f.to)] += static_cast<std::uint32_t>(f.categories.count());
    offsets_.assign(n + 1, 0);
    for (std::size_t e = 0; e < n; ++e) offsets_[e + 1] = offsets_[e] + count[e];
    items_.resize(offsets_[n]);
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (std::size_t p = 0; p < model.populations.size(); ++p) {
        const Population& pop = model.populations[p];
        auto owner = static_cast<std::size_t>(pop.owner);
        for_each_category(pop.holds, [&](std::uint32_t k) {
            items_[fill[owner]++] = CoverageItem{static_cast<std::uint32_t>(p), k, 1.0};
        });
    }
    for (const Flow& f : model.flows) {
        auto to = static_cast<std::size_t>(f.to);
        for_each_category(f.categories, [&](std::uint32_t k) {
            items_[fill[to]++] = CoverageItem{static_cast<std::uint32_t>(f.population), k, f.share};
        });
    }
    // Sort each row and merge repeated (population, category) with the maximum share.
    std::uint32_t out = 0;
    std::vector<std::uint32_t> new_offsets(n + 1, 0);
    for (std::size_t e = 0; e < n; ++e) {
        auto first = items_.begin() + offsets_[e], last = items_.begin() + offsets_[e + 1];
        std::sort(first, last, [](const CoverageItem& a, const CoverageItem& b) {
            return a.population != b.population ? a.population < b.population : a.category < b.category;
        });
        new_offsets[e] = out;
        for (auto it = first; it != last; ++it) {
            if (out > new_offsets[e] && items_[out - 1].population == it->population &&
                items_[out - 1].category == it->category) {
                items_[out - 1].share = std::max(items_[out - 1].share, it->share);
            } else {
                items_[out++] = *it;
            }
        }
    }
    new_offsets[n] = out;
    items_.resize(out);
    offsets_ = std::move(new_offsets);
}

double Coverage::get(std::size_t e, std::uint32_t p, std::uint32_t k) const {
    auto row = of(e);
    auto it = std::lower_bound(row.begin(), row.end(), CoverageItem{p, k, 0}, [](const CoverageItem& a, const CoverageItem& b) {
        return a.population != b.population ? a.population < b.population : a.category < b.category;
    });
    return it != row.end() && it->population == p && it->category == k ? it->share : 0.0;
}

}  // namespace breachrank::model
