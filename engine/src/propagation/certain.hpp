// Cascades that cannot vary: from a vendor whose every reachable access edge
// (of probability above 0) has probability 1, every trial breaches the same
// set, the closure R(v) of those edges. Walking R(v) once per vendor costs
// the sum of the closures (quadratic on a chain of n suppliers: each one's
// closure is the rest of the chain); here x(R(v)), the largest share of each
// (population, category), comes from one pass over the components of the
// access graph, sinks first: x(R(c)) = max(the rows of c's members,
// x(R(s)) of each component s that c's edges reach). The harm of R(v) is
// then BreachHarm::score_union() of that x: bit for bit score() of R(v).
#pragma once

#include <vector>

#include "propagation/context.hpp"

namespace breachrank::propagation {

struct CertainHarms {
    std::vector<int> slot;                 ///< per entity: its index in `harms`, or -1
    std::vector<scoring::SetHarm> harms;   ///< H(R(v)), shared by a component's members
};

/// H(R(v)) for each entity v that `wanted` marks (by entity index) and whose
/// reachable edges are all certain; the others get -1. People by level are
/// filled with `want_people`. Empty (every slot -1, or no slots) when no edge
/// is certain, or when the pass would hold more than kMaxCertainItems items
/// of x at once or gather more than kMaxCertainWork (then the cascades walk
/// as before): bounded memory and time whatever the graph's shape.
CertainHarms certain_harms(const Context& cx, const std::vector<char>& wanted, bool want_people);

inline constexpr std::size_t kMaxCertainItems = std::size_t{1} << 24;  // x items alive at once (256 MiB)
inline constexpr std::size_t kMaxCertainWork = std::size_t{1} << 27;   // x items gathered in all

}  // namespace breachrank::propagation
