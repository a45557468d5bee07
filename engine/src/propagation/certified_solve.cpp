#include "propagation/certified_solve.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/IterativeLinearSolvers>

namespace breachrank::propagation {

namespace {

// B's entries of row i of A = I - B are the negated off-diagonal entries.
template <class F>
void for_each_b(const SparseRows& a, int i, F&& f) {
    for (SparseRows::InnerIterator it(a, i); it; ++it)
        if (it.col() != i) f(static_cast<int>(it.col()), -it.value());
}

// Budgets: BiCGSTAB converges at the rate of the spectral radius or better;
// at most kMaxIterations it either has or the component is one where the
// fallback is the better tool. Sweeps give up when they stop paying.
constexpr int kMaxIterations = 300;
constexpr std::size_t kMaxSweeps = 400;
constexpr std::size_t kStallSweeps = 24;  // sweeps without progress before giving up
constexpr double kBicgstabTolerance = 1e-14;  // relative residual (2-norm); the bracket decides acceptance

// Rounding: a computed sum of m nonnegative products lies within a factor
// 1 +/- gamma(m) of the exact one, gamma(m) = m u / (1 - m u), u = 2^-53
// (Higham, Accuracy and Stability of Numerical Algorithms, 3.1). Every bound
// below is widened by it, so the bracket holds for the computed numbers too.
constexpr double kUnitRoundoff = 0x1.0p-53;
double gamma(std::size_t m) {
    const double mu = static_cast<double>(m) * kUnitRoundoff;
    return mu / (1 - mu);
}
// Terms in row i of A (B's entries and the diagonal), plus one for b.
std::size_t terms(const SparseRows& a, int i) {
    return static_cast<std::size_t>(a.outerIndexPtr()[i + 1] - a.outerIndexPtr()[i]) + 1;
}

bool solve_nonnegative(const SparseRows& a, const RadiusCertificate& cert, const Eigen::VectorXd& b,
                       Eigen::VectorXd& x, SolveReport& report) {
    const Eigen::Index n = b.size();
    if (b.isZero(0)) {  // A^-1 0 = 0 exactly
        x.setZero(n);
        report.certified = true;
        return true;
    }
    Eigen::BiCGSTAB<SparseRows, Eigen::IdentityPreconditioner> solver;
    solver.setTolerance(kBicgstabTolerance);
    solver.setMaxIterations(kMaxIterations);
    solver.compute(a);
    Eigen::VectorXd guess = b;  // the first term of the Neumann series
    x = solver.solveWithGuess(b, guess);
    report.iterations += static_cast<std::size_t>(solver.iterations());
    if (!x.allFinite()) return false;  // a breakdown left NaN or infinity behind

    // The starting bracket: x~ -/+ t v (see the header), with the residual's
    // own rounding added to it and the certificate widened for rounding.
    const double theta = cert.proof_radius();
    if (!(theta < 1)) return false;
    double t = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        double r = b[i], size = std::fabs(b[i]);
        for (SparseRows::InnerIterator it(a, i); it; ++it) {
            r -= it.value() * x[it.col()];
            size += std::fabs(it.value() * x[it.col()]);
        }
        const double vi = cert.v.empty() ? 1.0 : cert.v[static_cast<std::size_t>(i)];
        const double ti = (std::fabs(r) + 2 * gamma(terms(a, static_cast<int>(i)) + 1) * size) / ((1 - theta) * vi);
        if (!(ti <= t)) t = ti;  // keeps a NaN, which the check below refuses
    }
    t *= 1 + 4 * kUnitRoundoff;
    if (!std::isfinite(t)) return false;  // the residual overflowed
    Eigen::VectorXd lo(n), hi(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double tv = t * (cert.v.empty() ? 1.0 : cert.v[static_cast<std::size_t>(i)]);
        lo[i] = std::max(0.0, (x[i] - tv) * (1 - 4 * kUnitRoundoff));
        hi[i] = (x[i] + tv) * (1 + 4 * kUnitRoundoff);
    }
    // Jacobi sweeps on both ends until every component is bracketed tightly,
    // each new end moved outward by its row's rounding.
    Eigen::VectorXd next_lo(n), next_hi(n);
    std::size_t open_best = std::numeric_limits<std::size_t>::max(), last_progress = 0;
    double width_best = std::numeric_limits<double>::infinity();
    for (std::size_t sweep = 0;; ++sweep) {
        std::size_t open = 0;
        double width = 0;  // the largest relative width still open (infinite while a lower end is 0)
        for (Eigen::Index i = 0; i < n; ++i) {
            const double w = hi[i] - lo[i];
            if (w <= kRelativeBound * lo[i]) continue;
            ++open;
            width = std::max(width, lo[i] > 0 ? w / lo[i] : std::numeric_limits<double>::infinity());
        }
        if (open == 0) break;
        if (open < open_best || (std::isfinite(width) && width <= 0.5 * width_best)) {
            open_best = std::min(open_best, open);
            width_best = std::min(width_best, width);
            last_progress = sweep;
        }
        if (sweep >= kMaxSweeps || sweep - last_progress >= kStallSweeps) return false;
        for (Eigen::Index i = 0; i < n; ++i) {
            double sl = b[i], sh = b[i];
            for_each_b(a, static_cast<int>(i), [&](int j, double bij) {
                sl += bij * lo[j];
                sh += bij * hi[j];
            });
            const double g = 2 * gamma(terms(a, static_cast<int>(i)));
            next_lo[i] = std::max(lo[i], sl * (1 - g));
            next_hi[i] = std::min(hi[i], sh * (1 + g));
        }
        lo.swap(next_lo);
        hi.swap(next_hi);
        ++report.sweeps;
    }
    for (Eigen::Index i = 0; i < n; ++i) x[i] = std::min(std::max(x[i], lo[i]), hi[i]);
    report.certified = true;
    return true;
}

}  // namespace

double RadiusCertificate::proof_radius() const {
    // The row sums, or the power iteration's (M x)_i, were computed with
    // rounding of at most gamma(terms) relative; the inequality B v <= radius v
    // then holds for radius (1 + g) + 2 g.
    const double g = gamma(max_terms + 1);
    return radius * (1 + g) + 2 * g;
}

RadiusCertificate certify_radius(const SparseRows& a) {
    const int n = static_cast<int>(a.rows());
    RadiusCertificate c;
    for (int i = 0; i < n; ++i) c.max_terms = std::max(c.max_terms, terms(a, i));
    // Cheap bound first: the largest row sum bounds the Perron root from above.
    double max_row = 0;
    for (int i = 0; i < n; ++i) {
        double row = 0;
        for_each_b(a, i, [&](int, double bij) { row += bij; });
        max_row = std::max(max_row, row);
    }
    if (!(max_row < 1) && !std::isfinite(max_row)) {  // NaN or infinite coefficients: nothing to prove
        c.radius = max_row;
        c.decided = false;
        return c;
    }
    if (max_row < 1) {  // an upper bound, enough to accept (v = 1)
        c.radius = max_row;
        c.converges = max_row < 1 - 1e-12;
        return c;
    }
    // Collatz-Wielandt: for x > 0, min_i (Mx)_i / x_i <= rho(M) <= max_i (Mx)_i / x_i
    // with M = (I + B) / 2, so the iteration stops as soon as the bounds place
    // rho(B) = 2 rho(M) - 1 on one side of 1 (and, undecided at the end,
    // counts as divergent). The x of the accepting step is the witness:
    // (B x)_i = 2 (M x)_i - x_i <= radius x_i.
    std::vector<double> x(static_cast<std::size_t>(n), 1.0), y(static_cast<std::size_t>(n));
    double hi = max_row;
    for (int it = 0; it < 100000; ++it) {
        for (int i = 0; i < n; ++i) {
            double s = 0.5 * x[static_cast<std::size_t>(i)];
            for_each_b(a, i, [&](int j, double bij) { s += 0.5 * bij * x[static_cast<std::size_t>(j)]; });
            y[static_cast<std::size_t>(i)] = s;
        }
        double lo_m = std::numeric_limits<double>::infinity(), hi_m = 0, norm = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double q = y[i] / x[i];
            if (!(x[i] > 0 && std::isfinite(q))) {  // an entry underflowed: the bounds no longer hold
                c.radius = hi;
                c.decided = false;
                return c;
            }
            lo_m = std::min(lo_m, q);
            hi_m = std::max(hi_m, q);
            norm = std::max(norm, y[i]);
        }
        const double lo = 2 * lo_m - 1;
        hi = 2 * hi_m - 1;
        c.iterations = static_cast<std::size_t>(it) + 1;
        if (hi < 1 - 1e-12) {  // an upper bound below 1: converges
            c.radius = hi;
            c.converges = true;
            c.v = std::move(x);
            return c;
        }
        if (lo >= 1 - 1e-12) {  // a lower bound at 1 or more: diverges
            c.radius = lo;
            return c;
        }
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = y[i] / norm;
    }
    c.radius = hi;
    c.decided = false;
    return c;
}

bool certified_solve(const SparseRows& a, const RadiusCertificate& certificate, const Eigen::VectorXd& b,
                     Eigen::VectorXd& x, SolveReport* report) {
    SolveReport local;
    SolveReport& rep = report ? *report : local;
    rep.certified = false;
    if (!certificate.converges) return false;
    if ((b.array() >= 0).all()) return solve_nonnegative(a, certificate, b, x, rep);
    // Mixed signs (a what-if's change of D): x = A^-1 b+ - A^-1 b-, each part
    // bounded relative to itself, so x within 1e-10 x (x+ + x-) absolutely.
    Eigen::VectorXd plus = b.cwiseMax(0.0), minus = (-b).cwiseMax(0.0), xm;
    if (!solve_nonnegative(a, certificate, plus, x, rep)) return false;
    rep.certified = false;
    if (!solve_nonnegative(a, certificate, minus, xm, rep)) return false;
    x -= xm;
    return true;
}

}  // namespace breachrank::propagation
