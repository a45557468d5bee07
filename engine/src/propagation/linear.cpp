#include "propagation/linear.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

#include <Eigen/LU>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <fmt/format.h>

#include "breachrank/diagnostic.hpp"
#include "propagation/certified_solve.hpp"

namespace breachrank::propagation {

// A = I - damping Q is block triangular once the entities are ordered by
// strongly connected component (Boost numbers components in reverse
// topological order: every edge goes to a component with a number no larger
// than its source's). So A x = b is a substitution, sinks first, with a solve
// only for each component that holds a cycle; A^T x = b runs the other way,
// sources first. A small cyclic component gets a dense LU. A large one is
// solved iteratively with a proved bound (certified_solve.hpp), because a
// sparse LU's fill-in grows with the component: on a 34,000-entity core it took
// 11 s; the sparse LU remains as the fallback when the iteration cannot prove
// its bound.
struct LinearScreen::Factors {
    struct Block {
        std::vector<std::uint32_t> members;  // entities of the component, in entity order
        Eigen::PartialPivLU<Eigen::MatrixXd> dense;  // up to kDenseBlock members
        // Beyond: A = I - B of the component and its transpose, each with the
        // certificate of its spectral radius.
        SparseRows a, at;
        RadiusCertificate rows, cols;
        // The fallback, factorised on first need (solves may run on several threads).
        mutable std::once_flag lu_once;
        mutable std::unique_ptr<Eigen::SparseLU<Eigen::SparseMatrix<double>>> lu;
        // Set once the iteration has failed for this block: later solves (a
        // what-if's thousands) go straight to the LU instead of failing again.
        mutable std::atomic<bool> use_lu{false};

        bool iterative() const { return a.rows() > 0; }

        Eigen::VectorXd solve(const Eigen::VectorXd& rhs, bool transposed, Summary* summary) const {
            if (!iterative())
                return transposed ? Eigen::VectorXd(dense.transpose().solve(rhs)) : Eigen::VectorXd(dense.solve(rhs));
            if (!use_lu.load(std::memory_order_acquire)) {
                Eigen::VectorXd x;
                SolveReport report;
                const bool ok = certified_solve(transposed ? at : a, transposed ? cols : rows, rhs, x, &report);
                if (summary) {
                    summary->iterations += report.iterations;
                    summary->sweeps += report.sweeps;
                    summary->fallbacks += ok ? 0 : 1;
                }
                if (ok) return x;
            } else if (summary) {
                ++summary->fallbacks;
            }
            std::call_once(lu_once, [this] {
                auto f = std::make_unique<Eigen::SparseLU<Eigen::SparseMatrix<double>>>();
                f->compute(Eigen::SparseMatrix<double>(a));
                if (f->info() != Eigen::Success) throw Error("the linear screen's matrix could not be factorised");
                lu = std::move(f);
                use_lu.store(true, std::memory_order_release);
            });
            return transposed ? Eigen::VectorXd(lu->transpose().solve(rhs)) : Eigen::VectorXd(lu->solve(rhs));
        }
    };

    // The edges that can fire, as a CSR of (target, damping x probability).
    std::vector<std::uint32_t> offsets, targets;
    std::vector<double> coef;
    std::vector<int> comp;              // component of each entity
    std::vector<std::uint32_t> order;   // entities by component, sinks first
    std::vector<std::uint32_t> starts;  // order[starts[c] .. starts[c+1]) is component c
    std::vector<int> block_of;          // component -> index into blocks, or -1 (one entity)
    std::vector<std::unique_ptr<Block>> blocks;

    std::vector<double> substitute(const std::vector<double>& b, Summary* summary) const;
    std::vector<double> substitute_transposed(const std::vector<double>& b, Summary* summary) const;
};

std::vector<double> LinearScreen::Factors::substitute(const std::vector<double>& b, Summary* summary) const {
    std::vector<double> x(b.size(), 0.0);
    const std::size_t count = starts.size() - 1;
    for (std::size_t c = 0; c < count; ++c) {  // sinks first: every successor is solved
        const int bi = block_of[c];
        if (bi < 0) {
            const std::uint32_t v = order[starts[c]];
            double s = b[v];
            for (std::uint32_t k = offsets[v]; k < offsets[v + 1]; ++k) s += coef[k] * x[targets[k]];
            x[v] = s;
            continue;
        }
        const Block& blk = *blocks[static_cast<std::size_t>(bi)];
        Eigen::VectorXd rhs(static_cast<Eigen::Index>(blk.members.size()));
        for (std::size_t i = 0; i < blk.members.size(); ++i) {
            const std::uint32_t v = blk.members[i];
            double s = b[v];
            for (std::uint32_t k = offsets[v]; k < offsets[v + 1]; ++k)
                if (comp[targets[k]] != static_cast<int>(c)) s += coef[k] * x[targets[k]];
            rhs[static_cast<Eigen::Index>(i)] = s;
        }
        Eigen::VectorXd y = blk.solve(rhs, false, summary);
        for (std::size_t i = 0; i < blk.members.size(); ++i) x[blk.members[i]] = y[static_cast<Eigen::Index>(i)];
    }
    return x;
}

std::vector<double> LinearScreen::Factors::substitute_transposed(const std::vector<double>& b,
                                                                 Summary* summary) const {
    std::vector<double> acc = b;  // b plus what the solved predecessors pass on
    std::vector<double> w(b.size(), 0.0);
    auto push = [&](std::uint32_t v, int c) {
        for (std::uint32_t k = offsets[v]; k < offsets[v + 1]; ++k)
            if (comp[targets[k]] != c) acc[targets[k]] += coef[k] * w[v];
    };
    for (std::size_t c = starts.size() - 1; c-- > 0;) {  // sources first
        const int bi = block_of[c];
        if (bi < 0) {
            const std::uint32_t v = order[starts[c]];
            w[v] = acc[v];
            push(v, static_cast<int>(c));
            continue;
        }
        const Block& blk = *blocks[static_cast<std::size_t>(bi)];
        Eigen::VectorXd rhs(static_cast<Eigen::Index>(blk.members.size()));
        for (std::size_t i = 0; i < blk.members.size(); ++i) rhs[static_cast<Eigen::Index>(i)] = acc[blk.members[i]];
        Eigen::VectorXd y = blk.solve(rhs, true, summary);
        for (std::size_t i = 0; i < blk.members.size(); ++i) w[blk.members[i]] = y[static_cast<Eigen::Index>(i)];
        for (std::uint32_t v : blk.members) push(v, static_cast<int>(c));
    }
    return w;
}

std::vector<double> LinearScreen::solve(const std::vector<double>& b) const { return factors->substitute(b, nullptr); }

std::vector<double> LinearScreen::solve_transposed(const std::vector<double>& b) const {
    return factors->substitute_transposed(b, nullptr);
}

namespace {

// A cycle inside component c: follow the most probable edge that stays inside.
std::string name_cycle(const Model& model, const graph::AccessGraph& g, const std::vector<int>& comp, int c,
                       std::uint32_t from) {
    std::vector<int> seen_at(g.size(), -1);
    std::vector<std::uint32_t> path;
    std::vector<double> probs;
    std::uint32_t v = from;
    while (seen_at[v] < 0) {
        seen_at[v] = static_cast<int>(path.size());
        path.push_back(v);
        const graph::OutEdge* best = nullptr;
        for (const graph::OutEdge& e : g.out(v))
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

LinearScreen solve_linear(const Model& model, const graph::AccessGraph& graph, double damping,
                          const std::vector<double>& direct, const std::vector<double>& weights) {
    using Block = LinearScreen::Factors::Block;
    const std::size_t n = graph.size();
    LinearScreen out;
    if (n == 0) return out;  // nothing to solve (Eigen's SparseLU divides by the size: found by fuzzing)
    int count = 0;
    std::vector<int> comp = graph.components(&count);
    std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(count));
    for (std::size_t v = 0; v < n; ++v) members[static_cast<std::size_t>(comp[v])].push_back(static_cast<std::uint32_t>(v));

    // The edges that can fire, by source.
    auto f = std::make_shared<LinearScreen::Factors>();
    f->offsets.assign(n + 1, 0);
    for (std::size_t v = 0; v < n; ++v) {
        for (const graph::OutEdge& e : graph.out(v)) {
            if (e.probability == 0) continue;  // cannot fire: not part of Q
            if (comp[e.to] > comp[v])
                throw Error("internal error: the access graph's components are not in reverse topological order");
            f->targets.push_back(e.to);
            f->coef.push_back(damping * e.probability);
        }
        f->offsets[v + 1] = static_cast<std::uint32_t>(f->targets.size());
    }

    // Each component with a cycle: its radius certified (or the error naming a
    // cycle), then a dense LU or what the iterative solves need.
    f->starts.assign(static_cast<std::size_t>(count) + 1, 0);
    f->block_of.assign(static_cast<std::size_t>(count), -1);
    std::vector<std::uint32_t> local(n, 0);  // entity -> its index inside its block (while factorising)
    f->order.reserve(n);
    for (int c = 0; c < count; ++c) {
        const auto& m = members[static_cast<std::size_t>(c)];
        f->starts[static_cast<std::size_t>(c)] = static_cast<std::uint32_t>(f->order.size());
        f->order.insert(f->order.end(), m.begin(), m.end());
        if (m.size() < 2) continue;  // no self-loops: a single entity is acyclic
        auto blk = std::make_unique<Block>();
        blk->members = m;
        for (std::size_t i = 0; i < m.size(); ++i) local[m[i]] = static_cast<std::uint32_t>(i);
        std::vector<Eigen::Triplet<double, int>> t;
        for (std::uint32_t v : m) {
            t.emplace_back(static_cast<int>(local[v]), static_cast<int>(local[v]), 1.0);
            for (std::uint32_t k = f->offsets[v]; k < f->offsets[v + 1]; ++k)
                if (comp[f->targets[k]] == c)
                    t.emplace_back(static_cast<int>(local[v]), static_cast<int>(local[f->targets[k]]), -f->coef[k]);
        }
        const auto size = static_cast<Eigen::Index>(m.size());
        SparseRows a(size, size);
        a.setFromTriplets(t.begin(), t.end());
        RadiusCertificate rows = certify_radius(a);
        out.summary.radius_iterations += rows.iterations;
        out.spectral_radius = std::max(out.spectral_radius, rows.radius);
        if (!rows.decided)
            throw Error(fmt::format("the linear screen cannot prove that the spectral radius of damping x Q is "
                                    "below 1 for the access cycle {} (its probabilities are too small or too "
                                    "large to compute with); use --method exact, montecarlo or auto",
                                    name_cycle(model, graph, comp, c, m.front())));
        if (!rows.converges)
            throw Error(fmt::format("the linear screen diverges: the spectral radius of damping x Q is {:.6g}, not "
                                    "below 1, because of the access cycle {}; use --method exact, montecarlo or "
                                    "auto, or a smaller propagation damping",
                                    rows.radius, name_cycle(model, graph, comp, c, m.front())));
        ++out.summary.cyclic_components;
        out.summary.largest_component = std::max(out.summary.largest_component, m.size());
        if (m.size() <= kDenseBlock) {
            blk->dense.compute(Eigen::MatrixXd(a));
            ++out.summary.dense_components;
        } else {
            blk->at = a.transpose();
            blk->cols = certify_radius(blk->at);
            out.summary.radius_iterations += blk->cols.iterations;
            blk->a = std::move(a);
            blk->rows = std::move(rows);
            ++out.summary.iterative_components;
        }
        f->block_of[static_cast<std::size_t>(c)] = static_cast<int>(f->blocks.size());
        f->blocks.push_back(std::move(blk));
    }
    f->starts[static_cast<std::size_t>(count)] = static_cast<std::uint32_t>(n);
    f->comp = std::move(comp);
    out.impact = f->substitute(direct, &out.summary);
    out.weights_through = f->substitute_transposed(weights, &out.summary);
    out.factors = std::move(f);
    return out;
}

}  // namespace breachrank::propagation
