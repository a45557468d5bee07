// Everything a run computes once, before any cascade: the scoring basis
// (coverage, severity, direct harms) and the access graph the cascades walk.
#pragma once

#include "graph/access_graph.hpp"
#include "propagation/cascade.hpp"
#include "scoring/basis.hpp"

namespace breachrank::propagation {

struct Context : scoring::Basis {
    graph::AccessGraph graph;

    /// Throws breachrank::Error when a rule expression gives NaN or infinity
    /// for a population (scoring::Basis).
    Context(const Model& m, const RulePack& r, std::size_t workers, std::vector<char> circumstances = {})
        : scoring::Basis(m, r, workers, std::move(circumstances)), graph(m) {}

    /// A cascade runner over this context (one per worker thread).
    Cascader cascader() const {
        return Cascader(graph, scoring::BreachHarm(model, coverage, severity, direct), model.entities.size());
    }
};

}  // namespace breachrank::propagation
