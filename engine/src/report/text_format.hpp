// Numbers and tables for people (the table and Markdown formats, the DOT
// labels): figures grouped by thousands, shares as percentages, and a table
// with right-aligned numeric columns that prints as plain text or Markdown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace breachrank::report {

/// 1,234,567 for large figures, 3 significant decimals for small ones.
std::string human(double x);
/// human() with its sign: "+12", "-3.5", "0".
std::string signed_human(double x);
/// Money to 3 significant figures, as a finance page writes it: "850",
/// "12,345" below 100,000, then "456k", "12.3m", "1.2bn" (the currency is
/// named in the column or sentence).
std::string money(double x);
/// A probability as odds a committee reads: "1 in 20" for 0.05, "1 in 12.5",
/// "1 in 1.8", "1 in 1,667"; "never" for 0, "every year" for 1.
std::string one_in(double probability);
/// one_in() followed by "years" where that reads right ("1 in 20 years"; "never", "every year").
std::string one_in_years(double probability);
/// A share as a percentage with 4 significant digits ("2.17%").
std::string percent(double share);
std::string join(const std::vector<std::string>& items, std::string_view sep);
/// Text escaped for XML and HTML (& < > " and ').
std::string xml(std::string_view s);

}  // namespace breachrank::report

#include "breachrank/scenario.hpp"

namespace breachrank::report {

/// The vendors a change moves other than `self`: "cloud-host 15,066 -> 7,533; ..." ("-" for none).
std::string side_effects(const std::vector<VendorEffect>& effects, const std::string& self);

struct Table {
    std::vector<std::string> header;
    std::vector<bool> numeric;  ///< per column: right-aligned
    std::vector<std::vector<std::string>> rows;

    std::string text() const;      ///< columns padded to width, a rule under the header
    std::string markdown() const;  ///< a GitHub table ('|' in cells escaped)
};

}  // namespace breachrank::report
