// explain(): one vendor's score taken apart for a person: its place in the
// ranking, the severity of each exposed band step by step, its likelihood
// factors, and where a breach of it spreads.
#include <fmt/format.h>

#include "propagation/vendor_runs.hpp"
#include "scoring/harm.hpp"

namespace breachrank {

namespace {

VendorExplanation explain_one(const propagation::Context& cx, const propagation::Settings& st, const ScoreResult& scored,
                              int v) {
    using namespace propagation;
    const Model& model = cx.model;
    const std::string& vendor_id = model.entities[static_cast<std::size_t>(v)].id;
    VendorExplanation out;
    out.vendors = scored.vendors.size();
    for (const VendorScore& s : scored.vendors)
        if (s.id == vendor_id) out.score = s;
    const int set[] = {v};
    const model::Groups& groups = cx.severity.groups();
    for (const scoring::Exposure& e : scoring::expose(model, cx.coverage, cx.severity, set)) {
        std::vector<std::vector<SeverityTrace>> segments;
        for (std::uint32_t g = groups.first(e.population); g < groups.first(e.population) + groups.count(e.population); ++g) {
            std::vector<SeverityTrace> traces;
            for (const scoring::Band& b : e.bands) traces.push_back(cx.severity.trace(g, b.categories));
            segments.push_back(std::move(traces));
        }
        out.bands.push_back(std::move(segments));
    }
    out.likelihood = trace_likelihood(model, cx.rules, v);
    // Where the breach spreads, by the method that scored the vendor (the
    // linear screen has no reach: it is then sampled with the same settings).
    if (cx.graph.reachable_edges(set, 0) > 0) {
        Cascader c = cx.cascader();
        CascadeEstimate est = out.score.cascade_method == CascadeMethod::exact
                                  ? c.exact(set, true)
                                  : c.montecarlo(set, st.trials, stream_seed(st.seed, vendor_id), true);
        out.reach = reach_list(model, est.reach, set, false);
    }
    return out;
}

int vendor_index(const Model& model, const std::string& vendor_id) {
    int v = model.find_entity(vendor_id);
    if (v < 0 || !is_vendor(model.entities[static_cast<std::size_t>(v)].kind))
        throw Error(fmt::format("no supplier or channel has the id '{}'", vendor_id));
    return v;
}

}  // namespace

VendorExplanation explain(const Model& model, const RulePack& rules, const std::string& vendor_id,
                          const ScoreOptions& options) {
    const int v = vendor_index(model, vendor_id);
    const ScoreResult all = score(model, rules, options);
    const propagation::Settings st = propagation::settings_of(rules, options);
    propagation::Context cx(model, rules, 1, st.circumstances);
    return explain_one(cx, st, all, v);
}

std::vector<VendorExplanation> explain(const Model& model, const RulePack& rules, const ScoreResult& scored,
                                       const std::vector<std::string>& vendor_ids, const ScoreOptions& options) {
    std::vector<int> vs;
    for (const std::string& id : vendor_ids) vs.push_back(vendor_index(model, id));
    const propagation::Settings st = propagation::settings_of(rules, options);
    propagation::Context cx(model, rules, 1, st.circumstances);
    std::vector<VendorExplanation> out;
    for (int v : vs) out.push_back(explain_one(cx, st, scored, v));
    return out;
}

}  // namespace breachrank
