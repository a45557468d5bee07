#include "report/text_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <fmt/format.h>

namespace breachrank::report {

namespace {

std::string group_digits(std::string digits) {
    // digits: an optional '-' then decimal digits.
    std::size_t start = digits[0] == '-' ? 1 : 0;
    for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > static_cast<std::ptrdiff_t>(start); i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

}  // namespace

std::string human(double x) {
    if (std::fabs(x) >= 1000) return group_digits(fmt::format("{:.0f}", x));
    if (x == std::floor(x)) return fmt::format("{:.0f}", x);
    if (std::fabs(x) >= 10) {
        std::string s = fmt::format("{:.2f}", x);
        if (s.size() > 3 && s.compare(s.size() - 3, 3, ".00") == 0) s.resize(s.size() - 3);  // 26.000000000000004
        return s;
    }
    return fmt::format("{:.4g}", x);
}

std::string money(double x) {
    const double a = std::fabs(x);
    auto sig3 = [](double v) {  // 3 significant figures, no trailing zeros
        std::string s = fmt::format("{:.{}f}", v, v >= 100 ? 0 : v >= 10 ? 1 : 2);
        if (s.find('.') != std::string::npos) {
            while (s.back() == '0') s.pop_back();
            if (s.back() == '.') s.pop_back();
        }
        return s;
    };
    const char* sign = x < 0 ? "-" : "";
    if (a < 100'000) {
        const std::string s = group_digits(fmt::format("{:.0f}", x));
        return s == "-0" ? "0" : s;  // a rounding-sized negative is no loss
    }
    // Round first so that 999,999 reads "1m", not "1000k".
    if (a < 999'500) return sign + sig3(a / 1e3) + "k";
    if (a < 999'500'000) return sign + sig3(a / 1e6) + "m";
    return sign + (a < 999.5e9 ? sig3(a / 1e9) : group_digits(fmt::format("{:.0f}", a / 1e9))) + "bn";
}

std::string one_in(double probability) {
    if (probability <= 0) return "never";
    if (probability >= 1) return "every year";
    const double n = 1 / probability;
    // Whole years when near one (1 in 20), else one decimal (1 in 12.5, 1 in 1.8).
    if (n >= 100 || std::fabs(n - std::round(n)) < 0.05) return "1 in " + human(std::round(n));
    return fmt::format("1 in {:.1f}", n);
}

std::string one_in_years(double probability) {
    const std::string odds = one_in(probability);
    return probability <= 0 || probability >= 1 ? odds : odds + " years";
}

std::string side_effects(const std::vector<VendorEffect>& effects, const std::string& self) {
    std::string out;
    for (const VendorEffect& e : effects) {
        if (e.id == self) continue;
        if (!out.empty()) out += "; ";
        out += fmt::format("{} {} -> {}", e.id, human(e.before), human(e.after));
    }
    return out.empty() ? "-" : out;
}

std::string percent(double share) { return fmt::format("{:.4g}%", share * 100); }

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

std::string signed_human(double x) { return (x > 0 ? "+" : x < 0 ? "-" : "") + human(std::fabs(x)); }

std::string Table::text() const {
    std::vector<std::size_t> w(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) w[c] = header[c].size();
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], row[c].size());
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c) out += "  ";
            out += numeric[c] ? fmt::format("{:>{}}", cells[c], w[c]) : fmt::format("{:<{}}", cells[c], w[c]);
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        return out + "\n";
    };
    std::string out = line(header);
    std::vector<std::string> rule;
    for (std::size_t c = 0; c < header.size(); ++c) rule.push_back(std::string(w[c], '-'));
    out += line(rule);
    for (const auto& row : rows) out += line(row);
    return out;
}

std::string Table::markdown() const {
    auto escape = [](const std::string& s) {
        std::string o;
        for (char c : s) {
            if (c == '|') o += '\\';
            o += c;
        }
        return o;
    };
    std::string out = "|";
    for (const auto& h : header) out += " " + escape(h) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < header.size(); ++c) out += numeric[c] ? " ---: |" : " --- |";
    out += "\n";
    for (const auto& row : rows) {
        out += "|";
        for (const auto& cell : row) out += " " + escape(cell) + " |";
        out += "\n";
    }
    return out;
}

std::string xml(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace breachrank::report
