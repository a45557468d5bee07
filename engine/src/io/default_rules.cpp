// The rule pack compiled into the library: rules/default.yaml, embedded at
// build time (cmake/embed.cmake) and loaded once, on first use, by the same
// loader as any other pack.
#include <cstdlib>
#include <iostream>

#include "breachrank/rules.hpp"
#include "default_rules_text.hpp"  // generated from rules/default.yaml

namespace breachrank {

std::string_view default_rules_text() { return detail::kDefaultRulesText; }

const RulePack& default_rules() {
    static const RulePack pack = [] {
        Loaded<RulePack> loaded = load_rules_text(default_rules_text(), "<default rules>");
        if (!loaded.ok()) {
            // The build validates rules/default.yaml (a test loads it), so this
            // is a broken build, not bad input.
            std::cerr << loaded.diagnostics.str();
            std::abort();
        }
        return std::move(*loaded.value);
    }();
    return pack;
}

}  // namespace breachrank
