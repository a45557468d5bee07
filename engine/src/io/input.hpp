// Reading input files: whole files (or standard input for "-") into memory,
// with the checks every format shares (size limit, NUL bytes, UTF-8).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "breachrank/diagnostic.hpp"
#include "io/yaml_tree.hpp"

namespace breachrank::io {

/// Reads `path` ("-" = standard input). On failure records a diagnostic and returns nullopt.
std::optional<std::string> read_input(const std::string& path, std::uint64_t max_size, Diagnostics& diags);

/// Rejects text that YAML parsers handle badly or not at all: NUL bytes and
/// invalid UTF-8 (reported at their line and column). A UTF-8 BOM is fine.
bool check_text(std::string_view text, const std::string& file, Diagnostics& diags);

/// Parses a one-document YAML text with yaml-cpp's event parser into `tree`.
/// Returns true when the document was read whole (its root is tree.root());
/// syntax errors, several documents and an empty document are diagnostics.
bool read_yaml_document(std::string_view text, TreeBuilder& tree);

}  // namespace breachrank::io
