// What a diagnostic may quote of an input: a short, escaped excerpt.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace breachrank::support {

/// The longest excerpt of found text a diagnostic quotes, in characters.
inline constexpr std::size_t kExcerptChars = 40;

/// `text` as a diagnostic quotes what it found: at most `max` characters
/// (UTF-8 code points; "..." when cut), control characters, backslashes and
/// single quotes escaped (\n, \t, \x01, \\, \'), so that a message is one
/// line and shows where the text ends. Why: inputs come from other people,
/// and a model that names any readable file as its "inventory" must not be
/// able to read that file back through error messages (SECURITY in README
/// "Robustness"); a short excerpt is enough to find the mistake.
std::string excerpt(std::string_view text, std::size_t max = kExcerptChars);

}  // namespace breachrank::support
