// Small helpers of the plain rule-pack and model types: look-ups by name and
// the names of the enums.
#include <cmath>

#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"

namespace breachrank {

namespace {
template <class V>
int find_named(const V& items, std::string_view name) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].name == name) return static_cast<int>(i);
    return -1;
}
template <class V>
int find_id(const V& items, std::string_view id) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].id == id) return static_cast<int>(i);
    return -1;
}
}  // namespace

const char* effect_name(EffectKind kind) {
    switch (kind) {
        case EffectKind::base_add: return "base_add";
        case EffectKind::base_multiply: return "base_multiply";
        case EffectKind::ease_add: return "ease_add";
        case EffectKind::multiply: return "multiply";
        case EffectKind::add: return "add";
    }
    return "?";
}

const char* method_name(CascadeMethod method) {
    switch (method) {
        case CascadeMethod::automatic: return "auto";
        case CascadeMethod::exact: return "exact";
        case CascadeMethod::montecarlo: return "montecarlo";
        case CascadeMethod::linear: return "linear";
    }
    return "?";
}

std::optional<CascadeMethod> parse_method(std::string_view text) {
    if (text == "auto") return CascadeMethod::automatic;
    if (text == "exact") return CascadeMethod::exact;
    if (text == "montecarlo") return CascadeMethod::montecarlo;
    if (text == "linear") return CascadeMethod::linear;
    return std::nullopt;
}

const char* kind_name(EntityKind kind) {
    switch (kind) {
        case EntityKind::organisation: return "organisation";
        case EntityKind::supplier: return "supplier";
        case EntityKind::channel: return "channel";
    }
    return "?";
}

std::optional<EntityKind> parse_kind(std::string_view text) {
    if (text == "organisation") return EntityKind::organisation;
    if (text == "supplier") return EntityKind::supplier;
    if (text == "channel") return EntityKind::channel;
    return std::nullopt;
}

int RulePack::find_category(std::string_view wanted) const { return find_named(categories, wanted); }
int RulePack::find_trait(std::string_view wanted) const { return find_named(traits, wanted); }
int RulePack::find_control(std::string_view wanted) const { return find_named(likelihood.controls, wanted); }
int RulePack::find_circumstance(std::string_view wanted) const { return find_named(circumstances, wanted); }
int RulePack::find_rule(std::string_view wanted) const { return find_id(rules, wanted); }
int RulePack::find_level(std::string_view wanted) const { return find_named(severity.levels, wanted); }

std::vector<std::string> RulePack::category_names(const CategorySet& set) const {
    std::vector<std::string> out;
    for (std::size_t k = 0; k < categories.size(); ++k)
        if (set.test(k)) out.push_back(categories[k].name);
    return out;
}

std::uint64_t Population::remainder() const {
    std::uint64_t in_segments = 0;
    for (const Segment& s : segments) in_segments += s.size;
    return in_segments >= size ? 0 : size - in_segments;
}

double Range::mu() const { return (std::log(low) + std::log(high)) / 2; }
double Range::sigma() const { return low == high ? 0.0 : (std::log(high) - std::log(low)) / (2 * 1.6448536); }
double Range::mean() const {
    if (low == high) return low;
    const double s = sigma();
    return std::exp(mu() + s * s / 2);
}

int Model::find_entity(std::string_view id) const { return find_id(entities, id); }
int Model::find_population(std::string_view id) const { return find_id(populations, id); }

}  // namespace breachrank
