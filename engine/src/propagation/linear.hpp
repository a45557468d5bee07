// The linear screen (SPEC §4): U = (I - damping Q)^-1 D, Q[v][u] the
// probability of the access edge v -> u. Fast on large graphs, but it adds the
// harms of the entities a cascade reaches instead of taking their union, so it
// overstates overlapping exposures. It converges only when the spectral radius
// of damping Q is below 1; otherwise it names an access cycle responsible.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "breachrank/model.hpp"
#include "propagation/access_graph.hpp"

namespace breachrank::propagation {

struct LinearScreen {
    std::vector<double> impact;  ///< U, per entity
    /// w solving (I - damping Q)^T w = weights; exposure(O) = sum_e w(e) D_O(e).
    std::vector<double> weights_through;
    double spectral_radius = 0;  ///< of damping Q (0 for an acyclic access graph)

    /// A = I - damping Q factorised by strongly connected component (block
    /// triangular substitution; an LU only for each component with a cycle),
    /// kept for what-if evaluation: a changed D is one more solve, O(edges).
    struct Factors;
    std::shared_ptr<const Factors> factors;
    std::vector<double> solve(const std::vector<double>& b) const;             ///< A x = b
    std::vector<double> solve_transposed(const std::vector<double>& b) const;  ///< A^T x = b
};

/// Solves the screen for direct harms `direct` (per entity) and vendor
/// likelihoods `weights` (0 for non-vendors). Throws breachrank::Error when the
/// spectral radius of damping Q is not below 1, naming a cycle of `model`.
LinearScreen solve_linear(const Model& model, const AccessGraph& graph, double damping,
                          const std::vector<double>& direct, const std::vector<double>& weights);

}  // namespace breachrank::propagation
