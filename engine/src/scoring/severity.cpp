#include "scoring/severity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "breachrank/diagnostic.hpp"

#include "model/coverage.hpp"

namespace breachrank::scoring {

namespace {
double clamp(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }
}  // namespace

namespace {
std::vector<char> flags(const RulePack& rules, std::vector<char> selected) {
    selected.resize(rules.circumstances.size(), 0);
    return selected;
}
}  // namespace

SeverityModel::SeverityModel(const Model& model, const RulePack& rules, std::vector<char> selected)
    : model_(model),
      rules_(rules),
      groups_(model),
      selected_(flags(rules, std::move(selected))),
      table_(model, rules, groups_, &selected_),
      circumstances_(rules.severity.circumstances) {
    for (const Category& c : rules.categories) {
        weight_.push_back(c.weight);
        identifies_.push_back(c.identifies);
    }
    for (std::size_t c = 0; c < rules.circumstances.size(); ++c)
        if (selected_[c]) circumstances_ += rules.circumstances[c].value;
    if (rules.loss) {
        level_cost_.assign(rules.severity.levels.size(), 0.0);
        for (const auto& [level, range] : rules.loss->per_person) level_cost_[static_cast<std::size_t>(level)] = range.mean();
    }
}

double SeverityModel::combine(Combine how, const CategorySet& set, const std::vector<double>& per_category) const {
    double acc = 0;
    model::for_each_category(set, [&](std::uint32_t k) {
        acc = how == Combine::max ? std::max(acc, per_category[k]) : acc + per_category[k];
    });
    return acc;
}

bool SeverityModel::condition(std::size_t r, const CategorySet& exposed) const {
    const Condition& w = rules_.rules[r].when;
    if (w.all && (*w.all & exposed) != *w.all) return false;
    if (w.any && (*w.any & exposed).none()) return false;
    if (w.none && (*w.none & exposed).any()) return false;
    return true;
}

bool SeverityModel::fires(std::size_t group, std::size_t r, const CategorySet& exposed) const {
    return table_.row(group)[r].applies && condition(r, exposed);
}

namespace {
// A severity is at least 0 (SPEC §4 step 4), but an overflow stays an
// overflow: adds of -1e308 twice are -inf, which must fail as +1e308 twice
// does (support::require_finite, with the figure named), not read as 0.
double floor_at_zero(double severity) {
    return std::isfinite(severity) ? std::max(0.0, severity) : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

double SeverityModel::severity(std::size_t group, const CategorySet& exposed) const {
    const SeveritySettings& s = rules_.severity;
    double base = combine(s.combine, exposed, weight_);
    double ease = clamp(combine(s.ease_combine, exposed, identifies_), s.ease_floor, 1.0);
    double mult = 1, add = 0;
    const std::size_t nr = rules_.rules.size();
    const model::RuleTable::Cell* row = table_.row(group);
    for (std::size_t r = 0; r < nr; ++r) {
        if (!row[r].applies || !condition(r, exposed)) continue;
        const Rule& rule = rules_.rules[r];
        const auto& v = row[r].value;
        if (rule.effects[0]) base += v[0];
        if (rule.effects[1]) base *= v[1];
        if (rule.effects[2]) ease += v[2];
        if (rule.effects[3]) mult *= v[3];
        if (rule.effects[4]) add += v[4];
    }
    if (s.base_range) base = clamp(base, s.base_range->first, s.base_range->second);
    return floor_at_zero(base * clamp(ease, 0.0, 1.0) * mult + add + circumstances_);
}

SeverityTrace SeverityModel::trace(std::size_t group, const CategorySet& exposed) const {
    const SeveritySettings& s = rules_.severity;
    const std::vector<double> traits = groups_.traits(model_, static_cast<std::uint32_t>(group));
    SeverityTrace t;
    t.base = combine(s.combine, exposed, weight_);
    t.ease = clamp(combine(s.ease_combine, exposed, identifies_), s.ease_floor, 1.0);
    double base = t.base, ease = t.ease, mult = 1, add = 0;
    const std::size_t nr = rules_.rules.size();
    const model::RuleTable::Cell* row = table_.row(group);
    for (std::size_t r = 0; r < nr; ++r) {
        if (!row[r].applies || !condition(r, exposed)) continue;
        const Rule& rule = rules_.rules[r];
        RuleApplication app{rule.id, rule.because, {}, {}, rule.when.if_expression, {}};
        for (int u : table_.traits_used(r))
            app.traits.emplace_back(rules_.traits[static_cast<std::size_t>(u)].name, traits[static_cast<std::size_t>(u)]);
        for (int k = 0; k < kEffectKinds; ++k) {
            if (!rule.effects[k]) continue;
            double v = row[r].value[static_cast<std::size_t>(k)];
            app.expressions.push_back(rule.effects[k]->expression);
            switch (static_cast<EffectKind>(k)) {
                case EffectKind::base_add: base += v; break;
                case EffectKind::base_multiply: base *= v; break;
                case EffectKind::ease_add: ease += v; break;
                case EffectKind::multiply: mult *= v; break;
                case EffectKind::add: add += v; break;
            }
            app.effects.emplace_back(effect_name(static_cast<EffectKind>(k)), v);
        }
        t.rules.push_back(std::move(app));
    }
    t.ruled_base = base;
    if (s.base_range) base = clamp(base, s.base_range->first, s.base_range->second);
    t.final_base = base;
    t.final_ease = clamp(ease, 0.0, 1.0);
    t.mult = mult;
    t.add = add;
    t.circumstances = circumstances_;
    t.severity = floor_at_zero(base * t.final_ease * mult + add + circumstances_);
    t.level = level(t.severity);
    return t;
}

int SeverityModel::level_index(double severity) const {
    const auto& levels = rules_.severity.levels;
    for (std::size_t l = 0; l < levels.size(); ++l)
        if (severity >= levels[l].min) return static_cast<int>(l);
    return -1;
}

const std::string& SeverityModel::level(double severity) const {
    static const std::string none;
    for (const SeverityLevel& l : rules_.severity.levels)
        if (severity >= l.min) return l.name;
    return none;
}

}  // namespace breachrank::scoring

namespace breachrank {

SeverityTrace trace_severity(const Model& model, const RulePack& rules, int population, const CategorySet& exposed,
                             int segment) {
    scoring::SeverityModel sev(model, rules);
    const model::Groups& g = sev.groups();
    const auto p = static_cast<std::uint32_t>(population);
    for (std::uint32_t k = g.first(p); k < g.first(p) + g.count(p); ++k)
        if (g.segment(k) == segment) return sev.trace(k, exposed);
    throw Error(segment < 0 ? "the population's segments hold all its people: it has no remainder"
                            : "no such segment");
}

}  // namespace breachrank
