// Expressions over a population's traits (rule effects and `if` conditions),
// compiled once with muparser and evaluated once per population.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace breachrank::model {

/// Variables an expression may use: one slot per rule-pack trait. Expressions
/// bind to the slots by address, so set `values` and then evaluate.
struct TraitSlots {
    std::vector<std::string> names;
    std::vector<double> values;
};

class Expression {
public:
    /// Compiles `text` over `slots` (which must outlive the expression and keep
    /// its size). On failure returns nullopt and sets `error` to a message and
    /// `error_pos` to the 0-based offset in `text` (or -1).
    static std::optional<Expression> compile(const std::string& text, TraitSlots& slots, std::string& error,
                                             int& error_pos);

    /// Evaluates with the slots' current values. May return a non-finite value
    /// (division by zero); callers check.
    double eval() const;

    /// The names of the slots the expression reads, in slot order.
    std::vector<std::string> variables() const;

    Expression(Expression&&) noexcept;
    Expression& operator=(Expression&&) noexcept;
    ~Expression();

private:
    Expression();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace breachrank::model
