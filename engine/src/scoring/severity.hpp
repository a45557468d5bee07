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
    /// Binds the pack's rules to every population (model::RuleTable): faults
    /// (division by zero and the like) are collected in faults(); the faulty
    /// values are then treated as 0 / false.
    SeverityModel(const Model& model, const RulePack& rules);

    const std::vector<model::ExpressionFault>& faults() const { return table_.faults(); }

    double severity(std::size_t population, const CategorySet& exposed) const;
    SeverityTrace trace(std::size_t population, const CategorySet& exposed) const;
    /// The pack's level label for a severity ("" if none applies).
    const std::string& level(double severity) const;
    /// Whether rule r fires for a record of this population with these categories.
    bool fires(std::size_t population, std::size_t r, const CategorySet& exposed) const;

    const RulePack& rules() const { return rules_; }

private:
    double combine(Combine how, const CategorySet& set, const std::vector<double>& per_category) const;
    bool condition(std::size_t r, const CategorySet& exposed) const;

    const RulePack& rules_;
    std::vector<double> weight_, identifies_;
    model::RuleTable table_;
};

}  // namespace breachrank::scoring
