// Diagnostics: how breachrank reports invalid input.
//
// Invalid input is a value, not a crash. Every loader collects all the errors it
// finds (up to Diagnostics::limit) as Diagnostic records carrying the file, the
// 1-based line and column, and a message; the CLI prints them as
//
//     FILE:LINE:COLUMN: error: MESSAGE
//
// and exits with status 2; a load returns them in a Loaded<T> beside the value.
// Programming errors (violated preconditions of the API) are reported with
// breachrank::Error instead.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace breachrank {

/// A position in an input file. Lines and columns are 1-based; 0 means "unknown"
/// (for example a file that cannot be opened has no position inside it).
struct SourceMark {
    int line = 0;
    int column = 0;
    /// Which input of a load the position is in: 0 the file being loaded, k > 0
    /// the k-th file it names (a model's CSV inventories). Diagnostic::file
    /// already names the file; this is for loaders that keep marks for later.
    int file = 0;
};

/// One error found in an input file.
struct Diagnostic {
    std::string file;     ///< the name the file was given as (a path, "-" or "<default rules>")
    SourceMark mark;      ///< where in the file; line 0 means the file as a whole
    std::string message;  ///< what is wrong, with a "did you mean" where a close name exists

    /// "FILE:LINE:COLUMN: error: MESSAGE" (or "FILE: error: MESSAGE" without a position).
    std::string str() const;
};

/// An ordered collection of diagnostics with a cap. Once `limit` errors are held,
/// further ones are dropped and `truncated()` becomes true: loaders stop early
/// rather than flood the terminal (and rather than spend time on hopeless input).
class Diagnostics {
public:
    static constexpr std::size_t kDefaultLimit = 50;

    explicit Diagnostics(std::size_t limit = kDefaultLimit) : limit_(limit) {}

    /// Adds an error. Returns false (and drops it) when the limit was reached.
    bool error(const std::string& file, SourceMark mark, std::string message);

    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    bool full() const { return items_.size() >= limit_; }
    /// True once the limit was reached: later errors were (or would have been) dropped.
    bool truncated() const { return truncated_ || full(); }
    const std::vector<Diagnostic>& items() const { return items_; }

    /// Appends another collection (respecting this one's limit).
    void merge(const Diagnostics& other);

    /// Every diagnostic as a line, plus a closing "too many errors" line when truncated.
    std::string str() const;

private:
    std::vector<Diagnostic> items_;
    std::size_t limit_;
    bool truncated_ = false;
};

/// The candidate most plausibly meant by a mistyped `name` (a small edit
/// distance, case folded, or a truncation of at least 4 characters), or "" when
/// none is close: the guess behind every "did you mean" hint of breachrank.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" with closest_name(), or "" when no candidate is close:
/// the hint as every breachrank message words it.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

/// The result of loading an input: the value when no error was found, and the
/// diagnostics (empty on success).
template <class T>
struct Loaded {
    std::optional<T> value;
    Diagnostics diagnostics;
    bool ok() const { return value.has_value(); }
};

/// Thrown by the library for misuse that a caller could have checked for: an
/// invalid option value, a model that did not come from a successful load, an
/// unknown vendor id passed to explain(). Never thrown for invalid input files:
/// those produce Diagnostics.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace breachrank
