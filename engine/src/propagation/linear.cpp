#include "propagation/linear.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <fmt/format.h>

#include "breachrank/diagnostic.hpp"

namespace breachrank::propagation {

struct LinearScreen::Factors {
    // A^T x = b solves on the same factors; Eigen's transpose() view is non-const.
    mutable Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
};

std::vector<double> LinearScreen::solve(const std::vector<double>& b) const {
    Eigen::Map<const Eigen::VectorXd> rhs(b.data(), static_cast<Eigen::Index>(b.size()));
    Eigen::VectorXd x = factors->lu.solve(rhs);
    return {x.data(), x.data() + x.size()};
}

std::vector<double> LinearScreen::solve_transposed(const std::vector<double>& b) const {
    Eigen::Map<const Eigen::VectorXd> rhs(b.data(), static_cast<Eigen::Index>(b.size()));
    Eigen::VectorXd x = factors->lu.transpose().solve(rhs);
    return {x.data(), x.data() + x.size()};
}

namespace {

// Perron root of damping Q restricted to one strongly connected component.
// Power iteration on (A + I) / 2, whose Perron root is (r + 1) / 2 and which is
// primitive (so the iteration converges even for a periodic component).
double component_radius(const AccessGraph& g, const std::vector<int>& comp, int c,
                        const std::vector<std::uint32_t>& members, double damping) {
    // Cheap bound first: the largest row sum bounds the Perron root from above.
    double max_row = 0;
    for (std::uint32_t v : members) {
        double row = 0;
        for (const OutEdge& e : g.out(v))
            if (comp[e.to] == c) row += damping * e.probability;
        max_row = std::max(max_row, row);
    }
    if (max_row < 1) return max_row;  // an upper bound, enough to accept
    // Collatz-Wielandt: for x > 0, min_i (Bx)_i / x_i <= rho(B) <= max_i (Bx)_i / x_i,
    // so the iteration stops as soon as the bounds place rho(A) = 2 rho(B) - 1
    // on one side of 1 (and, undecided at the end, counts as divergent).
    std::vector<double> x(g.size(), 0.0), y(g.size(), 0.0);
    for (std::uint32_t v : members) x[v] = 1.0;
    double hi = max_row;
    for (int it = 0; it < 100000; ++it) {
        for (std::uint32_t v : members) y[v] = 0.5 * x[v];
        for (std::uint32_t v : members)
            for (const OutEdge& e : g.out(v))
                if (comp[e.to] == c) y[v] += 0.5 * damping * e.probability * x[e.to];
        double lo_b = std::numeric_limits<double>::infinity(), hi_b = 0, norm = 0;
        for (std::uint32_t v : members) {
            const double r = y[v] / x[v];
            lo_b = std::min(lo_b, r);
            hi_b = std::max(hi_b, r);
            norm = std::max(norm, y[v]);
        }
        const double lo = 2 * lo_b - 1;
        hi = 2 * hi_b - 1;
        if (hi < 1 - 1e-12) return hi;  // an upper bound below 1: converges
        if (lo >= 1 - 1e-12) return lo;  // a lower bound at 1 or more: diverges
        for (std::uint32_t v : members) x[v] = y[v] / norm;
    }
    return hi;
}

// A cycle inside component c: follow the most probable edge that stays inside.
std::string name_cycle(const Model& model, const AccessGraph& g, const std::vector<int>& comp, int c,
                       std::uint32_t from) {
    std::vector<int> seen_at(g.size(), -1);
    std::vector<std::uint32_t> path;
    std::vector<double> probs;
    std::uint32_t v = from;
    while (seen_at[v] < 0) {
        seen_at[v] = static_cast<int>(path.size());
        path.push_back(v);
        const OutEdge* best = nullptr;
        for (const OutEdge& e : g.out(v))
            if (comp[e.to] == c && (!best || e.probability > best->probability)) best = &e;
        probs.push_back(best->probability);
        v = best->to;
    }
    std::string out;
    for (std::size_t i = static_cast<std::size_t>(seen_at[v]); i < path.size(); ++i)
        out += fmt::format("{} -({})-> ", model.entities[path[i]].id, probs[i]);
    return out + model.entities[v].id;
}

}  // namespace

LinearScreen solve_linear(const Model& model, const AccessGraph& graph, double damping,
                          const std::vector<double>& direct, const std::vector<double>& weights) {
    const std::size_t n = graph.size();
    LinearScreen out;
    if (n == 0) return out;  // Eigen's SparseLU divides by the size (found by fuzzing)
    int count = 0;
    std::vector<int> comp = graph.components(&count);
    std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(count));
    for (std::size_t v = 0; v < n; ++v) members[static_cast<std::size_t>(comp[v])].push_back(static_cast<std::uint32_t>(v));
    for (int c = 0; c < count; ++c) {
        const auto& m = members[static_cast<std::size_t>(c)];
        if (m.size() < 2) continue;  // no self-loops: a single entity is acyclic
        double r = component_radius(graph, comp, c, m, damping);
        out.spectral_radius = std::max(out.spectral_radius, r);
        if (r >= 1 - 1e-12)
            throw Error(fmt::format("the linear screen diverges: the spectral radius of damping x Q is {:.6g}, not "
                                    "below 1, because of the access cycle {}; use --method exact, montecarlo or "
                                    "auto, or a smaller propagation damping",
                                    r, name_cycle(model, graph, comp, c, m.front())));
    }
    // A = I - damping Q, solved once by sparse LU; the transpose solve gives
    // every organisation's exposure without a solve per organisation.
    std::vector<Eigen::Triplet<double>> t;
    t.reserve(n + graph.edge_count());
    for (std::size_t v = 0; v < n; ++v) {
        t.emplace_back(static_cast<int>(v), static_cast<int>(v), 1.0);
        for (const OutEdge& e : graph.out(v))
            if (e.probability != 0)
                t.emplace_back(static_cast<int>(v), static_cast<int>(e.to), -damping * e.probability);
    }
    Eigen::SparseMatrix<double> a(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    a.setFromTriplets(t.begin(), t.end());
    a.makeCompressed();
    auto factors = std::make_shared<LinearScreen::Factors>();
    factors->lu.compute(a);
    if (factors->lu.info() != Eigen::Success)
        throw Error("the linear screen's matrix could not be factorised");
    out.factors = std::move(factors);
    out.impact = out.solve(direct);
    out.weights_through = out.solve_transposed(weights);
    return out;
}

}  // namespace breachrank::propagation
