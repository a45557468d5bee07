#include "scoring/harm.hpp"

#include <algorithm>

namespace breachrank::scoring {

void expose_items(const Model& model, const SeverityModel& severity, std::uint32_t p,
                  std::vector<model::CoverageItem>& items, Exposure& e) {
    // Distinct shares from the largest down; K_j grows as the share falls.
    std::sort(items.begin(), items.end(),
              [](const model::CoverageItem& a, const model::CoverageItem& b) { return a.share > b.share; });
    e.population = p;
    e.bands.clear();
    e.more.clear();
    const model::Groups& groups = severity.groups();
    const std::uint32_t first = groups.first(p), count = groups.count(p);
    const double size = static_cast<double>(model.populations[p].size);
    // Per group: sum over bands of share x severity; harm = sum of size_g x that.
    double first_sum = 0;
    thread_local std::vector<double> sums;
    sums.assign(count > 1 ? count - 1 : 0, 0.0);
    CategorySet k;
    for (std::size_t i = 0; i < items.size();) {
        const double v = items[i].share;
        while (i < items.size() && items[i].share == v) k.set(items[i++].category);
        const double next = i < items.size() ? items[i].share : 0.0;
        Band b{v - next, k, severity.severity(first, k)};
        first_sum += b.share * b.severity;
        for (std::uint32_t g = 1; g < count; ++g) {
            const double s = severity.severity(first + g, k);
            e.more.push_back(s);
            sums[g - 1] += b.share * s;
        }
        e.bands.push_back(b);
    }
    e.top = items.front().share;
    e.people = size * e.top;
    e.harm = groups.people(first) * first_sum;
    for (std::uint32_t g = 1; g < count; ++g) e.harm += groups.people(first + g) * sums[g - 1];
}

namespace {

// Bands of one population from its (category, x_k) items, x_k > 0.
void band(const Model& model, const SeverityModel& severity, std::uint32_t p,
          std::vector<model::CoverageItem>& items, std::vector<Exposure>& out) {
    out.emplace_back();
    expose_items(model, severity, p, items, out.back());
}

}  // namespace

std::vector<Exposure> expose(const Model& model, const model::Coverage& coverage, const SeverityModel& severity,
                             std::span<const int> breached, const RowOverlay* overlay) {
    std::vector<model::CoverageItem> all;
    for (int e : breached) {
        if (overlay) {
            auto it = overlay->find(e);
            if (it != overlay->end()) {
                all.insert(all.end(), it->second.begin(), it->second.end());
                continue;
            }
        }
        auto row = coverage.of(static_cast<std::size_t>(e));
        all.insert(all.end(), row.begin(), row.end());
    }
    if (breached.size() > 1) {
        // x_k = max over the breached entities of c(e, p, k).
        std::sort(all.begin(), all.end(), [](const model::CoverageItem& a, const model::CoverageItem& b) {
            if (a.population != b.population) return a.population < b.population;
            if (a.category != b.category) return a.category < b.category;
            return a.share > b.share;
        });
        all.erase(std::unique(all.begin(), all.end(),
                              [](const model::CoverageItem& a, const model::CoverageItem& b) {
                                  return a.population == b.population && a.category == b.category;
                              }),
                  all.end());
    }
    return expose_union(model, severity, all);
}

std::vector<Exposure> expose_union(const Model& model, const SeverityModel& severity,
                                   std::span<const model::CoverageItem> x) {
    std::vector<Exposure> out;
    std::vector<model::CoverageItem> group;
    for (std::size_t i = 0; i < x.size();) {
        const std::uint32_t p = x[i].population;
        group.clear();
        while (i < x.size() && x[i].population == p) group.push_back(x[i++]);
        band(model, severity, p, group, out);
    }
    return out;
}

bool expose_population(const Model& model, const model::Coverage& coverage, const SeverityModel& severity,
                       std::span<const int> breached, std::uint32_t p, const RowOverlay* overlay, Exposure& out) {
    // x_k = max over the breached entities of c(e, p, k), from each row's run of p.
    thread_local std::vector<model::CoverageItem> items;
    items.clear();
    for (int e : breached) {
        std::span<const model::CoverageItem> row = coverage.of(static_cast<std::size_t>(e));
        if (overlay) {
            auto it = overlay->find(e);
            if (it != overlay->end()) row = it->second;
        }
        auto [lo, hi] = std::equal_range(row.begin(), row.end(), model::CoverageItem{p, 0, 0},
                                         [](const model::CoverageItem& a, const model::CoverageItem& b) {
                                             return a.population < b.population;
                                         });
        for (auto it = lo; it != hi; ++it) {
            auto at = std::find_if(items.begin(), items.end(),
                                   [&](const model::CoverageItem& x) { return x.category == it->category; });
            if (at == items.end())
                items.push_back(*it);
            else
                at->share = std::max(at->share, it->share);
        }
    }
    if (items.empty()) return false;
    thread_local std::vector<Exposure> one;
    one.clear();
    band(model, severity, p, items, one);
    out = std::move(one.front());
    return true;
}

double total_harm(const std::vector<Exposure>& exposures) {
    double h = 0;
    for (const Exposure& e : exposures) h += e.harm;
    return h;
}

}  // namespace breachrank::scoring
