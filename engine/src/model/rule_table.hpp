// The rule pack bound to the model's populations: everything about a rule that
// depends only on the population (its traits and tags), evaluated once per
// population. Each rule's `population_tags` and `if`, and the value of each of
// its effects, become one cell of a [population x rule] table; what remains
// per record (the categories a breach exposes) is left to scoring/severity.
//
// Built by the model loader's checks (an expression that gives NaN or infinity
// for a population is an input error at that population) and by scoring.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"

namespace breachrank::model {

/// A non-finite value produced by an expression for one population.
struct ExpressionFault {
    int population;
    int rule;
    std::string where;  ///< "if" or the effect's name
    double value;
};

class RuleTable {
public:
    struct Cell {
        bool applies = false;  ///< population_tags and `if` hold
        std::array<double, kEffectKinds> value{};  ///< indexed by EffectKind; 0 where the rule has no such effect
    };

    /// Compiles the pack's expressions once (muparser) and evaluates them for
    /// every population. Faults (division by zero and the like) are collected
    /// in faults(); the faulty values are then treated as 0 / false. Throws
    /// breachrank::Error when an expression does not compile (a pack that did
    /// not come from a successful load).
    RuleTable(const Model& model, const RulePack& rules);

    /// The cells of one population, one per rule in pack order.
    const Cell* row(std::size_t population) const { return cells_.data() + population * rules_; }
    const std::vector<ExpressionFault>& faults() const { return faults_; }

private:
    std::size_t rules_;
    std::vector<Cell> cells_;  // [population * rules + rule]
    std::vector<ExpressionFault> faults_;
};

}  // namespace breachrank::model
