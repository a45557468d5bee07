// Coverage c(e, p, k) (SPEC §4): the share of population p whose category-k
// data entity e holds. The owner holds its `holds` at 1; each flow into e
// raises c(e, p, k) to at least its share. Coverages are local: nothing else
// propagates. Stored in compressed rows (one row per entity), sorted by
// population then category, one item per (population, category).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "breachrank/model.hpp"

namespace breachrank::model {

struct CoverageItem {
    std::uint32_t population;
    std::uint32_t category;
    double share;  ///< in (0, 1]
};

class Coverage {
public:
    Coverage() = default;
    explicit Coverage(const Model& model);

    /// The items of entity `e`, sorted by (population, category).
    std::span<const CoverageItem> of(std::size_t e) const {
        return {items_.data() + offsets_[e], items_.data() + offsets_[e + 1]};
    }
    /// c(e, p, k); 0 when e holds nothing of it.
    double get(std::size_t e, std::uint32_t p, std::uint32_t k) const;

private:
    std::vector<std::uint32_t> offsets_;  // size entities + 1
    std::vector<CoverageItem> items_;
};

/// Calls f(k) for every category in `set`, in increasing order.
template <class F>
void for_each_category(const CategorySet& set, F&& f) {
    for (std::size_t k = set._Find_first(); k < set.size(); k = set._Find_next(k)) f(static_cast<std::uint32_t>(k));
}

}  // namespace breachrank::model
