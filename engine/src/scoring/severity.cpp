#include "scoring/severity.hpp"

#include <algorithm>
#include <cmath>

#include "breachrank/diagnostic.hpp"
#include "graph/coverage.hpp"
#include "scoring/expression.hpp"

namespace breachrank::scoring {

namespace {
double clamp(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }
}  // namespace

SeverityModel::SeverityModel(const Model& model, const RulePack& rules) : rules_(rules) {
    for (const Category& c : rules.categories) {
        weight_.push_back(c.weight);
        identifies_.push_back(c.identifies);
    }
    TraitSlots slots;
    for (const Trait& t : rules.traits) slots.names.push_back(t.name);
    slots.values.assign(slots.names.size(), 0.0);

    // Compile every expression once.
    const std::size_t nr = rules.rules.size();
    std::vector<std::optional<Expression>> cond(nr);
    std::vector<std::array<std::optional<Expression>, kEffectKinds>> eff(nr);
    auto compile = [&](const std::string& text, const Rule& rule) {
        std::string error;
        int pos = 0;
        auto e = Expression::compile(text, slots, error, pos);
        if (!e) throw Error("rule '" + rule.id + "': " + error + " (was the rule pack validated?)");
        return e;
    };
    for (std::size_t r = 0; r < nr; ++r) {
        const Rule& rule = rules.rules[r];
        if (!rule.when.if_expression.empty()) cond[r] = compile(rule.when.if_expression, rule);
        for (int k = 0; k < kEffectKinds; ++k)
            if (rule.effects[k] && rule.effects[k]->is_expression()) eff[r][k] = compile(rule.effects[k]->expression, rule);
    }

    // Evaluate them once per population.
    table_.assign(model.populations.size() * nr, {});
    for (std::size_t p = 0; p < model.populations.size(); ++p) {
        const Population& pop = model.populations[p];
        for (std::size_t t = 0; t < slots.values.size(); ++t)
            slots.values[t] = t < pop.traits.size() ? pop.traits[t] : rules.traits[t].default_value;
        for (std::size_t r = 0; r < nr; ++r) {
            const Rule& rule = rules.rules[r];
            RuleForPopulation& cell = table_[p * nr + r];
            bool applies = std::all_of(rule.when.population_tags.begin(), rule.when.population_tags.end(),
                                       [&](const std::string& tag) {
                                           return std::find(pop.tags.begin(), pop.tags.end(), tag) != pop.tags.end();
                                       });
            if (applies && cond[r]) {
                double v = cond[r]->eval();
                if (!std::isfinite(v)) {
                    faults_.push_back({static_cast<int>(p), static_cast<int>(r), "if", v});
                    v = 0;
                }
                applies = v != 0;
            }
            cell.applies = applies;
            for (int k = 0; k < kEffectKinds; ++k) {
                if (!rule.effects[k]) continue;
                double v = eff[r][k] ? eff[r][k]->eval() : rule.effects[k]->number;
                if (!std::isfinite(v)) {
                    faults_.push_back({static_cast<int>(p), static_cast<int>(r),
                                       effect_name(static_cast<EffectKind>(k)), v});
                    v = 0;
                }
                cell.value[static_cast<std::size_t>(k)] = v;
            }
        }
    }
}

double SeverityModel::combine(Combine how, const CategorySet& set, const std::vector<double>& per_category) const {
    double acc = 0;
    graph::for_each_category(set, [&](std::uint32_t k) {
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
    return table_[population * rules_.rules.size() + r].applies && condition(r, exposed);
}

double SeverityModel::severity(std::size_t population, const CategorySet& exposed) const {
    const SeveritySettings& s = rules_.severity;
    double base = combine(s.combine, exposed, weight_);
    double ease = clamp(combine(s.ease_combine, exposed, identifies_), s.ease_floor, 1.0);
    double mult = 1, add = 0;
    const std::size_t nr = rules_.rules.size();
    const RuleForPopulation* row = table_.data() + population * nr;
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
    const RuleForPopulation* row = table_.data() + population * nr;
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
