#include "rank/ranking.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "support/finite.hpp"

namespace breachrank::rank {

std::vector<Ranked> ranking(const Model& model, const propagation::Baseline& base,
                            const std::vector<scoring::SetHarm>& direct) {
    // The keys sit together in one array: sorting the built VendorScores
    // instead moved each about 17 times at 100,000 vendors.
    std::vector<Ranked> order(base.vendors.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        const propagation::VendorRun& r = base.vendors[i];
        order[i] = Ranked{r.likelihood.likelihood * r.cascade, r.cascade, static_cast<std::uint32_t>(i)};
        const std::string& id = model.entities[static_cast<std::size_t>(r.entity)].id;
        support::require_finite(direct[static_cast<std::size_t>(r.entity)].total, "the direct impact of '{}'", id);
        support::require_finite(r.cascade, "the cascade impact of '{}'", id);
        support::require_finite(order[i].risk, "the risk of '{}'", id);
    }
    auto id_of = [&](std::uint32_t i) -> const std::string& {
        return model.entities[static_cast<std::size_t>(base.vendors[i].entity)].id;
    };
    std::sort(order.begin(), order.end(), [&](const Ranked& a, const Ranked& b) {
        if (a.risk != b.risk) return a.risk > b.risk;
        if (a.cascade != b.cascade) return a.cascade > b.cascade;
        return id_of(a.index) < id_of(b.index);
    });
    return order;
}

ScoreSummary summarise(const propagation::Baseline& base, const propagation::Settings& st) {
    using propagation::Plan;
    ScoreSummary s;
    s.vendors = base.vendors.size();
    for (const propagation::VendorRun& r : base.vendors) {
        switch (r.plan) {
            case Plan::direct: ++s.without_access; break;
            case Plan::exact: ++s.exact; break;
            case Plan::montecarlo: ++s.montecarlo; break;
            case Plan::linear: ++s.linear; break;
        }
    }
    if (base.screen) {
        s.cyclic_components = base.screen->summary.cyclic_components;
        s.largest_component = base.screen->summary.largest_component;
    }
    std::vector<std::string> parts;
    auto vendors = [](std::size_t n) { return fmt::format("{} vendor{}", n, n == 1 ? "" : "s"); };
    if (s.without_access) parts.push_back(vendors(s.without_access) + " without access that can fire (C = D)");
    if (s.exact)
        parts.push_back(st.method == CascadeMethod::exact
                            ? fmt::format("{} enumerated exactly", vendors(s.exact))
                            : fmt::format("{} enumerated exactly (at most {} reachable access edges each)",
                                          vendors(s.exact), kAutoExactEdges));
    if (s.montecarlo)
        parts.push_back(st.method == CascadeMethod::montecarlo
                            ? fmt::format("{} sampled with {} trials", vendors(s.montecarlo), st.trials)
                            : fmt::format("{} sampled with {} trials (more than {} reachable access edges)",
                                          vendors(s.montecarlo), st.trials, kAutoExactEdges));
    if (s.linear)
        parts.push_back(s.cyclic_components == 0
                            ? fmt::format("{} by the linear screen (no cycle of access)", vendors(s.linear))
                            : fmt::format("{} by the linear screen ({} cyclic components, the largest of {} entities)",
                                          vendors(s.linear), s.cyclic_components, s.largest_component));
    std::string joined;
    for (const std::string& part : parts) joined += (joined.empty() ? "" : ", ") + part;
    s.message = fmt::format("{}: {}", method_name(st.method), joined.empty() ? "no vendors" : joined);
    return s;
}

}  // namespace breachrank::rank
