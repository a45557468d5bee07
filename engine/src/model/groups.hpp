// The scoring groups of a model (SPEC §4 "Segments"): every population is the
// disjoint union of its remainder and its segments, and severity is computed
// per group with the group's traits (the population's, overridden by the
// segment's) and tags (the population's plus the segment's). A population
// without segments is one group, its remainder, so the arithmetic is the same
// as scoring the population whole.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "breachrank/model.hpp"

namespace breachrank::model {

class Groups {
public:
    /// Each population's groups: its remainder first (unless its segments hold
    /// everyone), then its segments in model order.
    explicit Groups(const Model& model);

    std::size_t size() const { return population_.size(); }
    /// The groups of population p are [first(p), first(p) + count(p)).
    std::uint32_t first(std::uint32_t p) const { return first_[p]; }
    std::uint32_t count(std::uint32_t p) const { return first_[p + 1] - first_[p]; }
    std::uint32_t population(std::uint32_t g) const { return population_[g]; }
    /// The segment's index in its population, or -1 for the remainder.
    int segment(std::uint32_t g) const { return segment_[g]; }
    /// People in the group.
    double people(std::uint32_t g) const { return people_[g]; }
    /// The group's id: the segment's, or the population's for the remainder.
    const std::string& id(const Model& model, std::uint32_t g) const;
    /// The group's traits: one per RulePack::traits.
    std::vector<double> traits(const Model& model, std::uint32_t g) const;
    /// Whether the group carries `tag` (on the population or the segment).
    bool has_tag(const Model& model, std::uint32_t g, const std::string& tag) const;

private:
    std::vector<std::uint32_t> first_;  // per population, plus one past the end
    std::vector<std::uint32_t> population_;
    std::vector<int> segment_;
    std::vector<double> people_;
};

}  // namespace breachrank::model
