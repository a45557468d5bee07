// Typed, validating access to TreeBuilder nodes. Every accessor that fails
// records a positioned diagnostic and returns an empty optional, so loaders
// keep going and report every problem in one run.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "breachrank/diagnostic.hpp"
#include "io/yaml_tree.hpp"

namespace breachrank::io {

/// True when `id` matches [A-Za-z0-9][A-Za-z0-9._:-]* and is at most 128 characters.
bool valid_id(std::string_view id);
inline constexpr std::size_t kMaxIdLength = 128;

/// Parses a plain YAML number strictly (no quotes, no trailing text).
enum class NumberStatus { ok, not_a_number, non_finite, out_of_range };
NumberStatus parse_number(std::string_view text, double& out);

class Schema {
public:
    Schema(const TreeBuilder& tree, const std::string& file, Diagnostics& diags)
        : tree_(tree), file_(file), diags_(diags) {}

    void error(const Node& at, std::string message) { error(at.mark, std::move(message)); }
    void error(SourceMark at, std::string message) {
        diags_.error(at.file > 0 && others_ && static_cast<std::size_t>(at.file) <= others_->size()
                         ? (*others_)[static_cast<std::size_t>(at.file) - 1]
                         : file_,
                     at, std::move(message));
    }
    /// The files that marks with file = 1, 2, ... are in (a model's CSV inventories).
    void set_other_files(const std::vector<std::string>* files) { others_ = files; }
    bool full() const { return diags_.full(); }

    const Node& child(const Node& n, std::size_t i) const { return tree_.node(n.children[i]); }

    /// Checks the node is a mapping; `what` names it in the message ("an entity").
    bool is_mapping(const Node& n, std::string_view what);
    bool is_sequence(const Node& n, std::string_view what);

    /// Reports every key not in `allowed`, with a "did you mean"; returns how many.
    std::size_t check_keys(const Node& map, std::span<const std::string_view> allowed, std::string_view what);
    std::size_t check_keys(const Node& map, std::initializer_list<std::string_view> allowed, std::string_view what) {
        return check_keys(map, std::span<const std::string_view>(allowed.begin(), allowed.size()), what);
    }
    /// The value of `key`, or nullptr.
    const Node* get(const Node& map, std::string_view key) const;
    /// The value of `key`; reports "missing KEY in WHAT" when absent.
    const Node* require(const Node& map, std::string_view key, std::string_view what);

    /// Text views into the node, valid until the tree is reset.
    std::optional<std::string_view> string(const Node& n, std::string_view what);
    std::optional<std::string_view> id(const Node& n, std::string_view what);
    std::optional<double> number(const Node& n, std::string_view what);
    /// A number in [lo, hi] (inclusive).
    std::optional<double> number_in(const Node& n, std::string_view what, double lo, double hi);
    /// A `share` of a population: a number greater than 0 and at most 1.
    std::optional<double> share(const Node& n);
    /// A non-negative integer up to `max`.
    std::optional<std::uint64_t> integer(const Node& n, std::string_view what, std::uint64_t min,
                                         std::uint64_t max);
    /// A list of scalars (a single scalar is not accepted) into `out` (cleared
    /// first, so a caller can reuse it). False after reporting a problem.
    bool scalar_list(const Node& n, std::string_view what, std::vector<const Node*>& out);

private:
    const TreeBuilder& tree_;
    const std::string& file_;
    Diagnostics& diags_;
    const std::vector<std::string>* others_ = nullptr;
};

/// "a mapping", "a list", "the value 'x'" — for "expected ..., found ..." messages.
std::string describe(const Node& n);

}  // namespace breachrank::io
