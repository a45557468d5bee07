// Finiteness checks on reported figures. SPEC §6: no NaN or infinity ever
// reaches the output; a rule pack whose effects overflow a double is refused
// with a message naming the figure.
#pragma once

#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "breachrank/diagnostic.hpp"

namespace breachrank::support {

/// Throws breachrank::Error when a reported figure is not finite: rules whose
/// effects multiply beyond the range of a double. `what` names the figure; it
/// is formatted only on failure (score() checks five figures of every vendor).
template <class... Args>
void require_finite(double x, fmt::format_string<Args...> what, Args&&... args) {
    if (!std::isfinite(x))
        throw Error(fmt::format("{} is not a finite number: the rule pack's weights and effects overflow the range "
                                "of a double for this model (check large multiply and add values)",
                                fmt::format(what, std::forward<Args>(args)...)));
}

}  // namespace breachrank::support
