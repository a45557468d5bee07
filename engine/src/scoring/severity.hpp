// Severity of one record (SPEC §4 steps 1-4), with everything that depends
// only on the population (its traits and tags) evaluated once per population:
// each rule's `if` and `population_tags`, and the values of its effects. What
// remains per record is set tests on category bitsets and arithmetic.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"
#include "breachrank/score.hpp"

namespace breachrank::scoring {

/// A non-finite value produced by an expression for one population.
struct ExpressionFault {
    int population;
    int rule;
    std::string where;  ///< "if" or the effect's name
    double value;
};

class SeverityModel {
public:
    /// Compiles the pack's expressions once and evaluates them for every
    /// population. Faults (division by zero and the like) are collected in
    /// faults(); the faulty values are then treated as 0 / false.
    SeverityModel(const Model& model, const RulePack& rules);

    const std::vector<ExpressionFault>& faults() const { return faults_; }

    double severity(std::size_t population, const CategorySet& exposed) const;
    SeverityTrace trace(std::size_t population, const CategorySet& exposed) const;
    /// The pack's level label for a severity ("" if none applies).
    const std::string& level(double severity) const;
    /// Whether rule r fires for a record of this population with these categories.
    bool fires(std::size_t population, std::size_t r, const CategorySet& exposed) const;

    const RulePack& rules() const { return rules_; }

private:
    struct RuleForPopulation {
        bool applies = false;  ///< population_tags and `if` hold
        std::array<double, kEffectKinds> value{};
    };
    double combine(Combine how, const CategorySet& set, const std::vector<double>& per_category) const;
    bool condition(std::size_t r, const CategorySet& exposed) const;

    const RulePack& rules_;
    std::vector<double> weight_, identifies_;
    std::vector<RuleForPopulation> table_;  // [population * rules + rule]
    std::vector<ExpressionFault> faults_;
};

}  // namespace breachrank::scoring
