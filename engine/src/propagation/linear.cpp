#include "propagation/linear.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <Eigen/LU>
#include <fmt/format.h>

#include "breachrank/diagnostic.hpp"

namespace breachrank::propagation {

// A = I - damping Q is block triangular once the entities are ordered by
// strongly connected component (Boost numbers components in reverse
// topological order: every edge goes to a component with a number no larger
// than its source's). So A x = b is a substitution, sinks first, with a small
// factorisation only for each component that holds a cycle; A^T x = b runs
// the other way, sources first. On the generated 100,000-supplier model this
// took 0.37 s as one sparse LU of the whole matrix (bench/results/scale.md)
// and takes milliseconds this way; the answers agree to rounding.
struct LinearScreen::Factors {
    struct Block {
        std::vector<std::uint32_t> members;  // entities of the component, in entity order
        // Dense LU up to kDenseBlock members, sparse LU beyond (one of the two).
        Eigen::PartialPivLU<Eigen::MatrixXd> dense;
        std::unique_ptr<Eigen::SparseLU<Eigen::SparseMatrix<double>>> sparse;
    };
    static constexpr std::size_t kDenseBlock = 256;

    // The edges that can fire, as a CSR of (target, damping x probability).
    std::vector<std::uint32_t> offsets, targets;
    std::vector<double> coef;
    std::vector<int> comp;              // component of each entity
    std::vector<std::uint32_t> order;   // entities by component, sinks first
    std::vector<std::uint32_t> starts;  // order[starts[c] .. starts[c+1]) is component c
    std::vector<int> block_of;          // component -> index into blocks, or -1 (one entity)
    std::vector<Block> blocks;

    Eigen::VectorXd block_solve(const Block& b, const Eigen::VectorXd& rhs, bool transposed) const {
        if (b.sparse) {
            // Eigen's transpose() view of SparseLU is non-const.
            auto& lu = const_cast<Eigen::SparseLU<Eigen::SparseMatrix<double>>&>(*b.sparse);
            return transposed ? Eigen::VectorXd(lu.transpose().solve(rhs)) : Eigen::VectorXd(lu.solve(rhs));
        }
        return transposed ? Eigen::VectorXd(b.dense.transpose().solve(rhs)) : Eigen::VectorXd(b.dense.solve(rhs));
    }
};

std::vector<double> LinearScreen::solve(const std::vector<double>& b) const {
    const Factors& f = *factors;
    std::vector<double> x(b.size(), 0.0);
    const std::size_t count = f.starts.size() - 1;
    for (std::size_t c = 0; c < count; ++c) {  // sinks first: every successor is solved
        const int bi = f.block_of[c];
        if (bi < 0) {
            const std::uint32_t v = f.order[f.starts[c]];
            double s = b[v];
            for (std::uint32_t k = f.offsets[v]; k < f.offsets[v + 1]; ++k) s += f.coef[k] * x[f.targets[k]];
            x[v] = s;
            continue;
        }
        const Factors::Block& blk = f.blocks[static_cast<std::size_t>(bi)];
        Eigen::VectorXd rhs(static_cast<Eigen::Index>(blk.members.size()));
        for (std::size_t i = 0; i < blk.members.size(); ++i) {
            const std::uint32_t v = blk.members[i];
            double s = b[v];
            for (std::uint32_t k = f.offsets[v]; k < f.offsets[v + 1]; ++k)
                if (f.comp[f.targets[k]] != static_cast<int>(c)) s += f.coef[k] * x[f.targets[k]];
            rhs[static_cast<Eigen::Index>(i)] = s;
        }
        Eigen::VectorXd y = f.block_solve(blk, rhs, false);
        for (std::size_t i = 0; i < blk.members.size(); ++i) x[blk.members[i]] = y[static_cast<Eigen::Index>(i)];
    }
    return x;
}

std::vector<double> LinearScreen::solve_transposed(const std::vector<double>& b) const {
    const Factors& f = *factors;
    std::vector<double> acc = b;  // b plus what the solved predecessors pass on
    std::vector<double> w(b.size(), 0.0);
    auto push = [&](std::uint32_t v, int c) {
        for (std::uint32_t k = f.offsets[v]; k < f.offsets[v + 1]; ++k)
            if (f.comp[f.targets[k]] != c) acc[f.targets[k]] += f.coef[k] * w[v];
    };
    for (std::size_t c = f.starts.size() - 1; c-- > 0;) {  // sources first
        const int bi = f.block_of[c];
        if (bi < 0) {
            const std::uint32_t v = f.order[f.starts[c]];
            w[v] = acc[v];
            push(v, static_cast<int>(c));
            continue;
        }
        const Factors::Block& blk = f.blocks[static_cast<std::size_t>(bi)];
        Eigen::VectorXd rhs(static_cast<Eigen::Index>(blk.members.size()));
        for (std::size_t i = 0; i < blk.members.size(); ++i) rhs[static_cast<Eigen::Index>(i)] = acc[blk.members[i]];
        Eigen::VectorXd y = f.block_solve(blk, rhs, true);
        for (std::size_t i = 0; i < blk.members.size(); ++i) w[blk.members[i]] = y[static_cast<Eigen::Index>(i)];
        for (std::uint32_t v : blk.members) push(v, static_cast<int>(c));
    }
    return w;
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
    if (n == 0) return out;  // nothing to solve (Eigen's SparseLU divides by the size: found by fuzzing)
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
    // Order by component and factorise each component that holds a cycle.
    auto f = std::make_shared<LinearScreen::Factors>();
    f->offsets.assign(n + 1, 0);
    for (std::size_t v = 0; v < n; ++v) {
        for (const OutEdge& e : graph.out(v)) {
            if (e.probability == 0) continue;  // cannot fire: not part of Q
            if (comp[e.to] > comp[v])
                throw Error("internal error: the access graph's components are not in reverse topological order");
            f->targets.push_back(e.to);
            f->coef.push_back(damping * e.probability);
        }
        f->offsets[v + 1] = static_cast<std::uint32_t>(f->targets.size());
    }
    f->starts.assign(static_cast<std::size_t>(count) + 1, 0);
    f->block_of.assign(static_cast<std::size_t>(count), -1);
    std::vector<std::uint32_t> local(n, 0);  // entity -> its index inside its block (while factorising)
    f->order.reserve(n);
    for (int c = 0; c < count; ++c) {
        const auto& m = members[static_cast<std::size_t>(c)];
        f->starts[static_cast<std::size_t>(c)] = static_cast<std::uint32_t>(f->order.size());
        f->order.insert(f->order.end(), m.begin(), m.end());
        if (m.size() < 2) continue;
        LinearScreen::Factors::Block blk;
        blk.members = m;
        for (std::size_t i = 0; i < m.size(); ++i) local[m[i]] = static_cast<std::uint32_t>(i);
        const auto size = static_cast<Eigen::Index>(m.size());
        if (m.size() <= LinearScreen::Factors::kDenseBlock) {
            Eigen::MatrixXd a = Eigen::MatrixXd::Identity(size, size);
            for (std::uint32_t v : m)
                for (std::uint32_t k = f->offsets[v]; k < f->offsets[v + 1]; ++k)
                    if (comp[f->targets[k]] == c) a(local[v], local[f->targets[k]]) -= f->coef[k];
            blk.dense.compute(a);
        } else {
            std::vector<Eigen::Triplet<double>> t;
            for (std::uint32_t v : m) {
                t.emplace_back(static_cast<int>(local[v]), static_cast<int>(local[v]), 1.0);
                for (std::uint32_t k = f->offsets[v]; k < f->offsets[v + 1]; ++k)
                    if (comp[f->targets[k]] == c)
                        t.emplace_back(static_cast<int>(local[v]), static_cast<int>(local[f->targets[k]]),
                                       -f->coef[k]);
            }
            Eigen::SparseMatrix<double> a(size, size);
            a.setFromTriplets(t.begin(), t.end());
            a.makeCompressed();
            blk.sparse = std::make_unique<Eigen::SparseLU<Eigen::SparseMatrix<double>>>();
            blk.sparse->compute(a);
            if (blk.sparse->info() != Eigen::Success)
                throw Error("the linear screen's matrix could not be factorised");
        }
        f->block_of[static_cast<std::size_t>(c)] = static_cast<int>(f->blocks.size());
        f->blocks.push_back(std::move(blk));
    }
    f->starts[static_cast<std::size_t>(count)] = static_cast<std::uint32_t>(n);
    f->comp = std::move(comp);
    out.factors = std::move(f);
    out.impact = out.solve(direct);
    out.weights_through = out.solve_transposed(weights);
    return out;
}

}  // namespace breachrank::propagation
