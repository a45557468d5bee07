#include "model/expression.hpp"

#include <limits>

#include <muParser.h>

#include <fmt/format.h>

#include "support/did_you_mean.hpp"

namespace breachrank::model {

struct Expression::Impl {
    mu::Parser parser;
};

Expression::Expression() : impl_(std::make_unique<Impl>()) {}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

std::optional<Expression> Expression::compile(const std::string& text, TraitSlots& slots, std::string& error,
                                              int& error_pos) {
    Expression e;
    error_pos = -1;
    // muparser's '=' assigns to a variable, and the variables are the
    // population's traits, shared by every rule evaluated after this one:
    // "(t = 5) * 0 + 1" would change t for the rules that follow. Refused.
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') continue;
        const char before = i > 0 ? text[i - 1] : ' ', after = i + 1 < text.size() ? text[i + 1] : ' ';
        if (before == '=' || before == '<' || before == '>' || before == '!' || after == '=') continue;
        error_pos = static_cast<int>(i);
        error = "an expression may not assign ('='): expressions read traits, never change them; to compare, "
                "write '=='";
        return std::nullopt;
    }
    try {
        for (std::size_t i = 0; i < slots.names.size(); ++i) e.impl_->parser.DefineVar(slots.names[i], &slots.values[i]);
        e.impl_->parser.SetExpr(text);
        // The first Eval parses into bytecode; later calls run the bytecode only.
        (void)e.impl_->parser.Eval();
        // Expressions must yield one value ("a, b" would yield two).
        if (e.impl_->parser.GetNumResults() != 1) {
            error = "an expression must give exactly one value";
            return std::nullopt;
        }
    } catch (const mu::Parser::exception_type& ex) {
        error_pos = ex.GetPos();
        if (ex.GetCode() == mu::ecUNASSIGNABLE_TOKEN || ex.GetCode() == mu::ecUNEXPECTED_VAR) {
            std::vector<std::string_view> names(slots.names.begin(), slots.names.end());
            error = fmt::format("unknown name '{}' in expression; expressions may use the traits the rule pack "
                                "declares{}",
                                ex.GetToken(), support::did_you_mean(ex.GetToken(), names));
        } else {
            // muparser counts positions from 0; the diagnostic's column already points there.
            std::string msg = ex.GetMsg();
            if (auto at = msg.find(" at position "); at != std::string::npos) msg.erase(at);
            error = fmt::format("invalid expression: {}", msg);
        }
        return std::nullopt;
    }
    return e;
}

std::vector<std::string> Expression::variables() const {
    std::vector<std::string> out;
    for (const auto& [name, address] : impl_->parser.GetUsedVar()) out.push_back(name);
    return out;
}

double Expression::eval() const {
    try {
        return impl_->parser.Eval();
    } catch (const mu::Parser::exception_type&) {
        return std::numeric_limits<double>::quiet_NaN();  // callers reject non-finite values
    }
}

}  // namespace breachrank::model
