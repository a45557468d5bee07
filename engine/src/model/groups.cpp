#include "model/groups.hpp"

#include <algorithm>

namespace breachrank::model {

Groups::Groups(const Model& model) {
    first_.reserve(model.populations.size() + 1);
    for (std::size_t p = 0; p < model.populations.size(); ++p) {
        const Population& pop = model.populations[p];
        first_.push_back(static_cast<std::uint32_t>(population_.size()));
        const std::uint64_t rest = pop.segments.empty() ? pop.size : pop.remainder();
        if (rest > 0) {
            population_.push_back(static_cast<std::uint32_t>(p));
            segment_.push_back(-1);
            people_.push_back(static_cast<double>(rest));
        }
        for (std::size_t s = 0; s < pop.segments.size(); ++s) {
            population_.push_back(static_cast<std::uint32_t>(p));
            segment_.push_back(static_cast<int>(s));
            people_.push_back(static_cast<double>(pop.segments[s].size));
        }
    }
    first_.push_back(static_cast<std::uint32_t>(population_.size()));
}

const std::string& Groups::id(const Model& model, std::uint32_t g) const {
    const Population& pop = model.populations[population_[g]];
    return segment_[g] < 0 ? pop.id : pop.segments[static_cast<std::size_t>(segment_[g])].id;
}

std::vector<double> Groups::traits(const Model& model, std::uint32_t g) const {
    const Population& pop = model.populations[population_[g]];
    std::vector<double> out = pop.traits;
    if (segment_[g] >= 0)
        for (const auto& [t, value] : pop.segments[static_cast<std::size_t>(segment_[g])].traits)
            if (static_cast<std::size_t>(t) < out.size()) out[static_cast<std::size_t>(t)] = value;
    return out;
}

bool Groups::has_tag(const Model& model, std::uint32_t g, const std::string& tag) const {
    const Population& pop = model.populations[population_[g]];
    if (std::find(pop.tags.begin(), pop.tags.end(), tag) != pop.tags.end()) return true;
    if (segment_[g] < 0) return false;
    const auto& tags = pop.segments[static_cast<std::size_t>(segment_[g])].tags;
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

}  // namespace breachrank::model
