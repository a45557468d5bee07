// The linear screen's large cyclic components (above kDenseBlock members):
// certified iterative solves and their fallback, against closed forms.
#include <doctest/doctest.h>

#include <cmath>

#include "helpers.hpp"
#include "graph/access_graph.hpp"
#include "propagation/certified_solve.hpp"
#include "propagation/linear.hpp"

using namespace breachrank;

namespace {

Model suppliers(int n) {
    Model m;
    for (int i = 0; i < n; ++i) {
        Entity e;
        e.id = "e" + std::to_string(i);
        e.kind = EntityKind::supplier;
        m.entities.push_back(e);
    }
    return m;
}

double sum(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
}

}  // namespace

TEST_CASE("linear: a complete graph of 400 entities is solved iteratively, to the closed form") {
    // Every ordered pair has access with probability p = 0.002, damping 1:
    // U_i = D_i + p (S - U_i) with S = sum U, so U_i = (D_i + p S) / (1 + p),
    // and summing, S = sum D / (1 + p - m p). Row sums (m - 1) p = 0.798 < 1:
    // the certificate is v = 1. Q is symmetric, so the transposed solve obeys
    // the same formula with the weights. Some entities have D = 0 or P = 0
    // (rows that depend on their neighbours only).
    const int m = 400;
    const double p = 0.002;
    static_assert(m > static_cast<int>(propagation::kDenseBlock));
    Model model = suppliers(m);
    for (int i = 0; i < m; ++i)
        for (int j = 0; j < m; ++j)
            if (i != j) model.access.push_back(Access{i, j, p});
    graph::AccessGraph g(model);
    std::vector<double> d(m), w(m);
    for (int i = 0; i < m; ++i) {
        d[static_cast<std::size_t>(i)] = i % 5 == 0 ? 0.0 : 1000.0 * (1 + i % 7);
        w[static_cast<std::size_t>(i)] = i % 3 == 0 ? 0.0 : 0.05 + 0.01 * (i % 4);
    }
    propagation::LinearScreen s = propagation::solve_linear(model, g, 1.0, d, w);
    const double sd = sum(d) / (1 + p - m * p), sw = sum(w) / (1 + p - m * p);
    for (int i = 0; i < m; ++i) {
        const auto k = static_cast<std::size_t>(i);
        CHECK(s.impact[k] == doctest::Approx((d[k] + p * sd) / (1 + p)).epsilon(1e-10));
        CHECK(s.weights_through[k] == doctest::Approx((w[k] + p * sw) / (1 + p)).epsilon(1e-10));
    }
    CHECK(s.summary.cyclic_components == 1);
    CHECK(s.summary.largest_component == 400);
    CHECK(s.summary.iterative_components == 1);
    CHECK(s.summary.dense_components == 0);
    CHECK(s.summary.fallbacks == 0);
    CHECK(s.summary.iterations > 0);
    CHECK(s.spectral_radius == doctest::Approx((m - 1) * p).epsilon(1e-12));  // the row-sum bound, here exact

    // A what-if solve whose right-hand side has both signs (a change of D):
    // the same formula, linear in D. b = 1 on the first half and -2 on the
    // second: S = -200 / 0.202, U_i = (b_i + p S) / (1 + p), about -0.978 and -3.97.
    std::vector<double> b(m);
    for (int i = 0; i < m; ++i) b[static_cast<std::size_t>(i)] = i < m / 2 ? 1.0 : -2.0;
    const double sb = sum(b) / (1 + p - m * p);
    std::vector<double> u = s.solve(b);
    for (int i = 0; i < m; ++i)
        CHECK(u[static_cast<std::size_t>(i)] == doctest::Approx((b[static_cast<std::size_t>(i)] + p * sb) / (1 + p)).epsilon(1e-10));
}

TEST_CASE("linear: a hub with row sum 150 needs the power-iteration certificate, and is exact") {
    // Entity 0 (an MSP) has access into 300 clients with probability 0.5 each
    // (row sum 150, so the row-sum bound says nothing); each client has access
    // back with probability 0.001. rho = sqrt(300 x 0.5 x 0.001) = sqrt(0.15).
    //   U_l = D_l + 0.001 U_0 and U_0 = D_0 + 0.5 sum_l U_l, so
    //   U_0 = (D_0 + 0.5 sum_l D_l) / (1 - 0.15).
    //   Transposed: w_l = P_l + 0.5 w_0, w_0 = P_0 + 0.001 sum_l w_l, so
    //   w_0 = (P_0 + 0.001 sum_l P_l) / (1 - 0.15).
    const int leaves = 300;
    Model model = suppliers(leaves + 1);
    for (int l = 1; l <= leaves; ++l) {
        model.access.push_back(Access{0, l, 0.5});
        model.access.push_back(Access{l, 0, 0.001});
    }
    graph::AccessGraph g(model);
    std::vector<double> d(leaves + 1), w(leaves + 1);
    double sum_d = 0, sum_w = 0;
    for (int l = 1; l <= leaves; ++l) {
        d[static_cast<std::size_t>(l)] = l % 4 == 0 ? 0.0 : 10.0 * l;  // some clients expose nothing
        w[static_cast<std::size_t>(l)] = 0.01 * (1 + l % 3);
        sum_d += d[static_cast<std::size_t>(l)];
        sum_w += w[static_cast<std::size_t>(l)];
    }
    d[0] = 5;
    w[0] = 0;  // the hub is not weighted (as an organisation would not be)
    propagation::LinearScreen s = propagation::solve_linear(model, g, 1.0, d, w);
    const double u0 = (d[0] + 0.5 * sum_d) / (1 - 0.15), w0 = (w[0] + 0.001 * sum_w) / (1 - 0.15);
    CHECK(s.impact[0] == doctest::Approx(u0).epsilon(1e-10));
    CHECK(s.weights_through[0] == doctest::Approx(w0).epsilon(1e-10));
    for (int l : {1, 4, 150, 300}) {
        const auto k = static_cast<std::size_t>(l);
        CHECK(s.impact[k] == doctest::Approx(d[k] + 0.001 * u0).epsilon(1e-10));
        CHECK(s.weights_through[k] == doctest::Approx(w[k] + 0.5 * w0).epsilon(1e-10));
    }
    CHECK(s.summary.iterative_components == 1);
    CHECK(s.summary.fallbacks == 0);
    // The reported radius is the certificate's upper bound: at least the true one, below 1.
    CHECK(s.spectral_radius >= std::sqrt(0.15) * (1 - 1e-12));
    CHECK(s.spectral_radius < 1);
}

TEST_CASE("linear: a 1000-cycle with probability 0.9999 makes the iteration fall back to the sparse LU") {
    // v -> v+1 (mod m) with p = 0.9999: rho = p, so Krylov methods and sweeps
    // both contract by about p per step (300 BiCGSTAB iterations reduce the
    // residual by no more than about p^300 = 0.97): the bound cannot be
    // proved and the sparse LU takes over. Closed form:
    //   U_i = sum_{k=0}^{m-1} p^k D_{i+k} / (1 - p^m);
    //   transposed, w_i = sum_{k=0}^{m-1} p^k P_{i-k} / (1 - p^m).
    const int m = 1000;
    const double p = 0.9999;
    Model model = suppliers(m);
    for (int v = 0; v < m; ++v) model.access.push_back(Access{v, (v + 1) % m, p});
    graph::AccessGraph g(model);
    std::vector<double> d(m, 0.0), w(m, 0.0);
    for (int i = 0; i < m; i += 2) d[static_cast<std::size_t>(i)] = 1 + i % 9;
    w[7] = 0.1;
    propagation::LinearScreen s = propagation::solve_linear(model, g, 1.0, d, w);
    CHECK(s.summary.iterative_components == 1);
    CHECK(s.summary.fallbacks == 2);  // the solve and the transposed solve
    const long double pm = std::pow(static_cast<long double>(p), m);
    for (int i : {0, 1, 7, 500, 999}) {
        long double u = 0, x = 0, pk = 1;
        for (int k = 0; k < m; ++k, pk *= p) {
            u += pk * d[static_cast<std::size_t>((i + k) % m)];
            x += pk * w[static_cast<std::size_t>(((i - k) % m + m) % m)];
        }
        CHECK(s.impact[static_cast<std::size_t>(i)] == doctest::Approx(static_cast<double>(u / (1 - pm))).epsilon(1e-9));
        CHECK(s.weights_through[static_cast<std::size_t>(i)] ==
              doctest::Approx(static_cast<double>(x / (1 - pm))).epsilon(1e-9));
    }
    // A later what-if solve goes straight to the factorised LU: D = 1 at entity
    // 0 only gives U_i = p^(m - i) / (1 - p^m) for i > 0 (the ring reaches 0 after m - i hops).
    std::vector<double> e0(m, 0.0);
    e0[0] = 1;
    std::vector<double> u = s.solve(e0);
    for (int i : {0, 1, 999}) {
        const long double expect = std::pow(static_cast<long double>(p), (m - i) % m) / (1 - pm);
        CHECK(u[static_cast<std::size_t>(i)] == doctest::Approx(static_cast<double>(expect)).epsilon(1e-9));
    }
}

TEST_CASE("certified_solve refuses a component whose radius is not proved below 1") {
    // Two entities with access both ways at probability 1: rho = 1.
    propagation::SparseRows a(2, 2);
    std::vector<Eigen::Triplet<double, int>> t = {{0, 0, 1.0}, {1, 1, 1.0}, {0, 1, -1.0}, {1, 0, -1.0}};
    a.setFromTriplets(t.begin(), t.end());
    propagation::RadiusCertificate c = propagation::certify_radius(a);
    CHECK_FALSE(c.converges);
    CHECK(c.radius >= 1 - 1e-12);
    Eigen::VectorXd b = Eigen::VectorXd::Ones(2), x;
    CHECK_FALSE(propagation::certified_solve(a, c, b, x));
}
