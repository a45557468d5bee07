// Shared by the fuzz targets: what every input must satisfy whatever it is.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "breachrank/breachrank.hpp"

namespace fuzz {

/// Invalid input must be reported with a position-formatted diagnostic, never
/// an empty failure: a load that fails says why.
template <class T>
void check_failure_explained(const breachrank::Loaded<T>& loaded) {
    if (!loaded.ok() && loaded.diagnostics.empty()) {
        std::fprintf(stderr, "a load failed without any diagnostic\n");
        std::abort();
    }
    for (const breachrank::Diagnostic& d : loaded.diagnostics.items()) {
        if (d.message.empty() || d.mark.line < 0 || d.mark.column < 0) {
            std::fprintf(stderr, "malformed diagnostic: %s\n", d.str().c_str());
            std::abort();
        }
    }
}

/// No output may carry NaN or infinity (SPEC §6).
inline void check_finite_text(const std::string& text) {
    for (std::string_view bad : {"nan", "NaN", "inf", "Infinity"}) {
        // Ids and names may contain these letters; numbers print as bare words.
        for (std::size_t at = text.find(bad); at != std::string::npos; at = text.find(bad, at + 1)) {
            char before = at == 0 ? ' ' : text[at - 1];
            char after = at + bad.size() < text.size() ? text[at + bad.size()] : ' ';
            auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '\'' || c == '"'; };
            if (!word(before) && !word(after)) {
                std::fprintf(stderr, "non-finite number in output:\n%s\n", text.c_str());
                std::abort();
            }
        }
    }
}

}  // namespace fuzz
