#include "model/rule_table.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "breachrank/diagnostic.hpp"
#include "model/expression.hpp"

namespace breachrank::model {

namespace {

// Every expression of the pack, compiled once over the trait slots.
struct Compiled {
    std::vector<std::optional<Expression>> condition;                        // [rule]
    std::vector<std::array<std::optional<Expression>, kEffectKinds>> effect;  // [rule][effect]
};

Compiled compile_all(const RulePack& rules, TraitSlots& slots) {
    const std::size_t nr = rules.rules.size();
    Compiled c{std::vector<std::optional<Expression>>(nr),
               std::vector<std::array<std::optional<Expression>, kEffectKinds>>(nr)};
    auto compile = [&](const std::string& text, const Rule& rule) {
        std::string error;
        int pos = 0;
        auto e = Expression::compile(text, slots, error, pos);
        if (!e) throw Error("rule '" + rule.id + "': " + error + " (was the rule pack validated?)");
        return e;
    };
    for (std::size_t r = 0; r < nr; ++r) {
        const Rule& rule = rules.rules[r];
        if (!rule.when.if_expression.empty()) c.condition[r] = compile(rule.when.if_expression, rule);
        for (int k = 0; k < kEffectKinds; ++k)
            if (rule.effects[k] && rule.effects[k]->is_expression())
                c.effect[r][k] = compile(rule.effects[k]->expression, rule);
    }
    return c;
}

}  // namespace

RuleTable::RuleTable(const Model& model, const RulePack& rules, const Groups& groups,
                     const std::vector<char>* selected)
    : rules_(rules.rules.size()), used_(rules.rules.size()) {
    TraitSlots slots;
    for (const Trait& t : rules.traits) slots.names.push_back(t.name);
    slots.values.assign(slots.names.size(), 0.0);
    const Compiled compiled = compile_all(rules, slots);
    for (std::size_t r = 0; r < rules_; ++r) {
        std::vector<std::string> names;
        auto add = [&](const std::optional<Expression>& e) {
            if (!e) return;
            for (std::string& v : e->variables()) names.push_back(std::move(v));
        };
        add(compiled.condition[r]);
        for (const auto& e : compiled.effect[r]) add(e);
        for (std::size_t t = 0; t < rules.traits.size(); ++t)
            if (std::find(names.begin(), names.end(), rules.traits[t].name) != names.end())
                used_[r].push_back(static_cast<int>(t));
    }

    const std::size_t nr = rules_;
    cells_.assign(groups.size() * nr, {});
    for (std::uint32_t g = 0; g < groups.size(); ++g) {
        const std::vector<double> traits = groups.traits(model, g);
        for (std::size_t t = 0; t < slots.values.size(); ++t)
            slots.values[t] = t < traits.size() ? traits[t] : rules.traits[t].default_value;
        const auto p = static_cast<int>(groups.population(g));
        const int segment = groups.segment(g);
        for (std::size_t r = 0; r < nr; ++r) {
            const Rule& rule = rules.rules[r];
            Cell& cell = cells_[g * nr + r];
            bool applies = std::all_of(rule.when.population_tags.begin(), rule.when.population_tags.end(),
                                       [&](const std::string& tag) { return groups.has_tag(model, g, tag); });
            if (selected)
                applies = applies && std::all_of(rule.when.circumstances.begin(), rule.when.circumstances.end(),
                                                 [&](int c) { return (*selected)[static_cast<std::size_t>(c)] != 0; });
            if (applies && compiled.condition[r]) {
                double v = compiled.condition[r]->eval();
                if (!std::isfinite(v)) {
                    faults_.push_back({p, segment, static_cast<int>(r), "if", v});
                    v = 0;
                }
                applies = v != 0;
            }
            cell.applies = applies;
            for (int k = 0; k < kEffectKinds; ++k) {
                if (!rule.effects[k]) continue;
                double v = compiled.effect[r][k] ? compiled.effect[r][k]->eval() : rule.effects[k]->number;
                if (!std::isfinite(v)) {
                    faults_.push_back({p, segment, static_cast<int>(r), effect_name(static_cast<EffectKind>(k)), v});
                    v = 0;
                }
                cell.value[static_cast<std::size_t>(k)] = v;
            }
        }
    }
}

}  // namespace breachrank::model
