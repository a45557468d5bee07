#include "breachrank/diagnostic.hpp"

#include <fmt/format.h>

namespace breachrank {

std::string Diagnostic::str() const {
    if (mark.line <= 0) return fmt::format("{}: error: {}", file, message);
    return fmt::format("{}:{}:{}: error: {}", file, mark.line, mark.column, message);
}

bool Diagnostics::error(const std::string& file, SourceMark mark, std::string message) {
    if (full()) {
        truncated_ = true;
        return false;
    }
    items_.push_back(Diagnostic{file, mark, std::move(message)});
    return true;
}

void Diagnostics::merge(const Diagnostics& other) {
    for (const Diagnostic& d : other.items()) error(d.file, d.mark, d.message);
    if (other.truncated()) truncated_ = true;
}

std::string Diagnostics::str() const {
    std::string out;
    for (const Diagnostic& d : items_) {
        out += d.str();
        out += '\n';
    }
    if (truncated()) out += fmt::format("error: too many errors; stopped after {}\n", items_.size());
    return out;
}

}  // namespace breachrank
