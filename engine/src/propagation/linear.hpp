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
#include "graph/access_graph.hpp"

namespace breachrank::propagation {

struct LinearScreen {
    std::vector<double> impact;  ///< U, per entity
    /// w solving (I - damping Q)^T w = weights; exposure(O) = sum_e w(e) D_O(e).
    std::vector<double> weights_through;
    double spectral_radius = 0;  ///< of damping Q (0 for an acyclic access graph)

    /// How the screen was solved (the two solves of solve_linear; later what-if
    /// solves are not counted): for profiles and tests.
    struct Summary {
        std::size_t cyclic_components = 0;     ///< strongly connected components with a cycle
        std::size_t largest_component = 0;     ///< members of the largest of them
        std::size_t dense_components = 0;      ///< factorised by a dense LU (up to kDenseBlock members)
        std::size_t iterative_components = 0;  ///< solved by BiCGSTAB with a certified bound
        std::size_t fallbacks = 0;             ///< iterative solves that fell back to a sparse LU
        std::size_t iterations = 0;            ///< BiCGSTAB iterations, summed
        std::size_t sweeps = 0;                ///< bound-tightening sweeps, summed
        std::size_t radius_iterations = 0;     ///< power iterations of the radius checks (A and A^T), summed
    } summary;

    /// A = I - damping Q ordered by strongly connected component (block
    /// triangular substitution): a dense LU for each small component with a
    /// cycle, a certified iterative solve for each large one
    /// (propagation/certified_solve.hpp), kept for what-if evaluation: a
    /// changed D is one more solve. Both solves are safe to call from several
    /// threads at once.
    struct Factors;
    std::shared_ptr<const Factors> factors;
    std::vector<double> solve(const std::vector<double>& b) const;             ///< A x = b
    std::vector<double> solve_transposed(const std::vector<double>& b) const;  ///< A^T x = b
};

/// Components up to this many members are factorised densely (at most 256^3/3
/// flops each); larger ones are solved iteratively.
inline constexpr std::size_t kDenseBlock = 256;

/// Solves the screen for direct harms `direct` (per entity) and vendor
/// likelihoods `weights` (0 for non-vendors). Throws breachrank::Error when the
/// spectral radius of damping Q is not below 1, naming a cycle of `model`.
LinearScreen solve_linear(const Model& model, const graph::AccessGraph& graph, double damping,
                          const std::vector<double>& direct, const std::vector<double>& weights);

}  // namespace breachrank::propagation
