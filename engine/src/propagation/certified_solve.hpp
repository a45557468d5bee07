// Certified iterative solves for one cyclic component of the linear screen:
// (I - B) x = b with B = damping x Q >= 0 entrywise and spectral radius below 1.
//
// Why not a factorisation: the sparse LU of a large strongly connected
// component fills in as the component grows (11 s and 400 MB for a 34,000-entity
// core of managed service providers and their clients, bench/results/scale.md),
// while an iteration costs a few passes over the component's edges.
//
// The bound relied on. A = I - B is a nonsingular M-matrix: A^-1 = sum_k B^k >= 0
// entrywise (the Neumann series converges because rho(B) < 1). So A is
// monotone: A y <= b implies y <= x, and A y >= b implies y >= x, componentwise.
// Every solve ends with a bracket L <= x <= U proved this way, and is accepted
// only when U - L <= kRelativeBound x L in every component:
//  1. Eigen's BiCGSTAB gives x~ with residual r = b - A x~.
//  2. A radius certificate (v > 0 with B v <= theta v, theta < 1; v = 1 and
//     theta the largest row sum when that is below 1) gives A v >= (1 - theta) v,
//     so with t = max_i |r_i| / ((1 - theta) v_i), x~ + t v is a supersolution
//     and max(0, x~ - t v) a subsolution (b >= 0; the maximum of two
//     subsolutions of a Z-matrix is one).
//  3. Jacobi sweeps L <- max(L, b + B L), U <- min(U, b + B U) keep L a
//     subsolution and U a supersolution and shrink the bracket by B each time:
//     where x depends on neighbours only (b_i = 0), their relative accuracy
//     carries over, which a norm-wise residual test could not promise.
// Rounding is accounted for, not assumed small: the residual's own rounding
// error is added to it, the certificate's theta is widened by the rounding of
// the sums that produced it, and each sweep moves its new ends outward by
// gamma(row length) (a computed sum of m nonnegative products is within a
// factor 1 +/- m 2^-53 of the exact one). kRelativeBound is 1e-10, ten times
// inside the 1e-9 that the README promises. A right-hand side of mixed sign is
// split into its positive and negative parts, each solved and bounded relative
// to itself: the difference is then within 1e-10 x (x+ + x-), the most any
// floating-point difference of the two can promise.
//
// When the bracket does not close (BiCGSTAB stalls, or the radius is so close
// to 1 that sweeps barely contract), the caller falls back to a sparse LU.
#pragma once

#include <cstddef>
#include <vector>

#include <Eigen/Sparse>

namespace breachrank::propagation {

/// A = I - B in compressed rows, with local (component) indices.
using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;

/// Every solve is accepted only when U - L <= kRelativeBound x L componentwise.
inline constexpr double kRelativeBound = 1e-10;

/// An upper bound on the spectral radius of B with its witness.
struct RadiusCertificate {
    /// Perron root of B as today's screen reports it: the largest row sum when
    /// that is below 1, else the Collatz-Wielandt upper bound reached by power
    /// iteration (or, for a divergent component, its lower bound).
    double radius = 0;
    bool converges = false;    ///< radius < 1 - 1e-12, proved by `v`
    /// False when the check could not place the radius on either side of 1 (an
    /// entry of the power iterate underflowed, or a coefficient is not finite);
    /// converges is then false too.
    bool decided = true;
    std::vector<double> v;     ///< v > 0 with B v <= radius v; empty means all ones
    std::size_t iterations = 0;  ///< power iterations (0 when the row sums decide)
    std::size_t max_terms = 0;   ///< the most terms in a row of A (for rounding bounds)

    /// `radius` widened by the rounding of the computation that produced it:
    /// the theta that certified_solve relies on (it refuses to prove anything
    /// when this is not below 1).
    double proof_radius() const;
};

/// Certifies rho(B) < 1 for the B of `a` = I - B (see RadiusCertificate).
/// Row sums first (O(edges)); power iteration on (I + B) / 2, which is
/// primitive even for a periodic component, only when some row sum reaches 1.
RadiusCertificate certify_radius(const SparseRows& a);

/// What one solve did (summed by the caller into LinearScreen::Summary).
struct SolveReport {
    std::size_t iterations = 0;  ///< BiCGSTAB iterations
    std::size_t sweeps = 0;      ///< bracket sweeps
    bool certified = false;
};

/// Solves A x = b (A = I - B as above, `certificate` for this same B) to the
/// bracket described at the top of this file. Returns false, with `x`
/// unspecified, when the bracket does not close within the iteration budget:
/// the caller must then solve another way.
bool certified_solve(const SparseRows& a, const RadiusCertificate& certificate, const Eigen::VectorXd& b,
                     Eigen::VectorXd& x, SolveReport* report = nullptr);

}  // namespace breachrank::propagation
