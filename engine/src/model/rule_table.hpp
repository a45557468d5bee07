// The rule pack bound to the model's scoring groups (model/groups.hpp: each
// population's remainder and segments): everything about a rule that depends
// only on the group (its traits and tags) and on the incident's selected
// circumstances, evaluated once per group. Each rule's `population_tags`,
// `circumstances` and `if`, and the value of each of its effects, become one
// cell of a [group x rule] table; what remains per record (the categories a
// breach exposes) is left to scoring/severity.
//
// Built by the model loader's checks (an expression that gives NaN or infinity
// for a population or segment is an input error there) and by scoring.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "breachrank/model.hpp"
#include "breachrank/rules.hpp"
#include "model/groups.hpp"

namespace breachrank::model {

/// A non-finite value produced by an expression for one group.
struct ExpressionFault {
    int population;
    int segment;  ///< -1: the population's remainder
    int rule;
    std::string where;  ///< "if" or the effect's name
    double value;
};

class RuleTable {
public:
    struct Cell {
        bool applies = false;  ///< population_tags, circumstances and `if` hold
        std::array<double, kEffectKinds> value{};  ///< indexed by EffectKind; 0 where the rule has no such effect
    };

    /// Compiles the pack's expressions once (muparser) and evaluates them for
    /// every group. `selected` flags the incident's circumstances (one per
    /// RulePack::circumstances); nullptr treats every circumstance as selected,
    /// so that every expression is evaluated (the loader's check). Faults
    /// (division by zero and the like) are collected in faults(); the faulty
    /// values are then treated as 0 / false. Throws breachrank::Error when an
    /// expression does not compile (a pack that did not come from a successful load).
    RuleTable(const Model& model, const RulePack& rules, const Groups& groups,
              const std::vector<char>* selected = nullptr);

    /// The cells of one group, one per rule in pack order.
    const Cell* row(std::size_t group) const { return cells_.data() + group * rules_; }
    const std::vector<ExpressionFault>& faults() const { return faults_; }
    /// The traits rule r's expressions read (indices into RulePack::traits).
    const std::vector<int>& traits_used(std::size_t r) const { return used_[r]; }

private:
    std::size_t rules_;
    std::vector<Cell> cells_;  // [group * rules + rule]
    std::vector<ExpressionFault> faults_;
    std::vector<std::vector<int>> used_;
};

}  // namespace breachrank::model
