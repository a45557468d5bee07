#include "scoring/severity.hpp"

#include <algorithm>

#include "model/coverage.hpp"

namespace breachrank::scoring {

namespace {
double clamp(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }
}  // namespace

SeverityModel::SeverityModel(const Model& model, const RulePack& rules) : rules_(rules), table_(model, rules) {
    for (const Category& c : rules.categories) {
        weight_.push_back(c.weight);
        identifies_.push_back(c.identifies);
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

bool SeverityModel::fires(std::size_t population, std::size_t r, const CategorySet& exposed) const {
    return table_.row(population)[r].applies && condition(r, exposed);
}

double SeverityModel::severity(std::size_t population, const CategorySet& exposed) const {
    const SeveritySettings& s = rules_.severity;
    double base = combine(s.combine, exposed, weight_);
    double ease = clamp(combine(s.ease_combine, exposed, identifies_), s.ease_floor, 1.0);
    double mult = 1, add = 0;
    const std::size_t nr = rules_.rules.size();
    const model::RuleTable::Cell* row = table_.row(population);
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
    return std::max(0.0, base * clamp(ease, 0.0, 1.0) * mult + add + s.circumstances);
}

SeverityTrace SeverityModel::trace(std::size_t population, const CategorySet& exposed) const {
    const SeveritySettings& s = rules_.severity;
    SeverityTrace t;
    t.base = combine(s.combine, exposed, weight_);
    t.ease = clamp(combine(s.ease_combine, exposed, identifies_), s.ease_floor, 1.0);
    double base = t.base, ease = t.ease, mult = 1, add = 0;
    const std::size_t nr = rules_.rules.size();
    const model::RuleTable::Cell* row = table_.row(population);
    for (std::size_t r = 0; r < nr; ++r) {
        if (!row[r].applies || !condition(r, exposed)) continue;
        const Rule& rule = rules_.rules[r];
        RuleApplication app{rule.id, rule.because, {}};
        for (int k = 0; k < kEffectKinds; ++k) {
            if (!rule.effects[k]) continue;
            double v = row[r].value[static_cast<std::size_t>(k)];
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
    t.final_base = base;
    t.final_ease = clamp(ease, 0.0, 1.0);
    t.mult = mult;
    t.add = add;
    t.circumstances = s.circumstances;
    t.severity = std::max(0.0, base * t.final_ease * mult + add + s.circumstances);
    t.level = level(t.severity);
    return t;
}

const std::string& SeverityModel::level(double severity) const {
    static const std::string none;
    for (const SeverityLevel& l : rules_.severity.levels)
        if (severity >= l.min) return l.name;
    return none;
}

}  // namespace breachrank::scoring

namespace breachrank {

SeverityTrace trace_severity(const Model& model, const RulePack& rules, int population, const CategorySet& exposed) {
    scoring::SeverityModel sev(model, rules);
    return sev.trace(static_cast<std::size_t>(population), exposed);
}

}  // namespace breachrank
