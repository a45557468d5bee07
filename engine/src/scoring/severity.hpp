// Severity of one record (SPEC §4 steps 1-4), with everything that depends
// only on the population (its traits and tags) evaluated once per population:
// each rule's `if` and `population_tags`, and the values of its effects. What
// remains per record is set tests on category bitsets and arithmetic.
#pragma once

#include <string>
#include <vector>

#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"
#include "breachrank/score.hpp"
#include "model/rule_table.hpp"

namespace breachrank::scoring {

class SeverityModel {
public:
    /// Binds the pack's rules to every scoring group (model::Groups: each
    /// population's remainder and segments) under the incident's circumstances
    /// `selected` (one flag per RulePack::circumstances; empty: none). Faults
    /// (division by zero and the like) are collected in faults(); the faulty
    /// values are then treated as 0 / false.
    SeverityModel(const Model& model, const RulePack& rules, std::vector<char> selected = {});

    const std::vector<model::ExpressionFault>& faults() const { return table_.faults(); }
    const model::Groups& groups() const { return groups_; }

    /// Severity of one record of scoring group `group` with categories `exposed`.
    double severity(std::size_t group, const CategorySet& exposed) const;
    SeverityTrace trace(std::size_t group, const CategorySet& exposed) const;
    /// The pack's level label for a severity ("" if none applies).
    const std::string& level(double severity) const;
    /// The index of that level in the pack's levels (0 = the highest), or -1.
    int level_index(double severity) const;
    /// Whether rule r fires for a record of this group with these categories.
    bool fires(std::size_t group, std::size_t r, const CategorySet& exposed) const;
    /// What step 5 adds: the pack's `circumstances` plus the selected ones'.
    double circumstances() const { return circumstances_; }

    /// Whether the pack has a `loss` section (money figures are computed).
    bool has_loss() const { return !level_cost_.empty(); }
    /// The expected cost of one exposed person whose record has this severity:
    /// the mean of the pack's `loss.per_person` range for its level (0 for a
    /// level not listed, or without a `loss` section).
    double person_cost(double severity) const {
        if (level_cost_.empty()) return 0;
        const int l = level_index(severity);
        return l < 0 ? 0.0 : level_cost_[static_cast<std::size_t>(l)];
    }

    const RulePack& rules() const { return rules_; }

private:
    double combine(Combine how, const CategorySet& set, const std::vector<double>& per_category) const;
    bool condition(std::size_t r, const CategorySet& exposed) const;

    const Model& model_;
    const RulePack& rules_;
    model::Groups groups_;
    std::vector<char> selected_;
    model::RuleTable table_;
    std::vector<double> weight_, identifies_;
    double circumstances_ = 0;
    std::vector<double> level_cost_;  // by level index; empty without a loss section
};

}  // namespace breachrank::scoring
