// The access graph of a generated model, by GraphShape. Every shape keeps the
// spectral radius of its access matrix well below 1 (the linear screen must
// apply), although a provider's row sum may exceed 1 (a core provider has
// access into dozens of clients at 1-5% each): what it reaches has little
// access back (a client's 1 to 3 providers at 0.2-1% each, a cluster member's
// at most 23 partners at 0.2-1%), so the products around every cycle stay small
// (spectral radius about 0.16 for the core at L and 0.14 for the clusters,
// with row sums up to 3.4 and 1.35).
#include <algorithm>
#include <tuple>

#include "generate/synth.hpp"

namespace breachrank::generate {

namespace {

const std::vector<double>& probabilities(EdgeClass c) {
    static const std::vector<double> sparse = {0.002, 0.005, 0.01, 0.02, 0.05};
    static const std::vector<double> into_client = {0.01, 0.02, 0.05};
    static const std::vector<double> low = {0.002, 0.005, 0.01};
    switch (c) {
        case EdgeClass::into_client: return into_client;
        case EdgeClass::back:
        case EdgeClass::mutual: return low;
        case EdgeClass::sparse: break;
    }
    return sparse;
}

// Sparse standing access with low probabilities: a supplier into a client (or
// up into its parent), sometimes the parent down into it, sometimes anyone;
// some of it runs back up the chain, which closes small cycles.
void sparse_access(Synth& s, double has_access, double down, double random) {
    const std::size_t ns = s.suppliers();
    for (std::size_t i = 0; i < ns; ++i) {
        if (!s.d.chance(has_access)) continue;
        const int from = s.supplier_entity(i);
        int to = i < s.tier1() ? static_cast<int>(s.d.pick(s.clients[i])) : s.supplier_entity(s.parent[i]);
        s.edges.emplace_back(from, to, EdgeClass::sparse);
        if (i >= s.tier1() && s.d.chance(down)) s.edges.emplace_back(s.supplier_entity(s.parent[i]), from, EdgeClass::sparse);
        if (s.d.chance(random)) s.edges.emplace_back(from, s.supplier_entity(s.d.below(ns)), EdgeClass::sparse);
    }
}

// Managed service providers (one supplier in a hundred) hold remote access
// into many others, and some of those others can reach back into the MSP's
// tooling: the hubs through which one breach becomes many (Kaseya, 2021).
void msp_hubs(Synth& s) {
    const std::size_t ns = s.suppliers();
    for (std::size_t k = 0, msps = ns / 100; k < msps; ++k) {
        const int msp = s.supplier_entity(s.d.below(ns));
        for (std::size_t j = 0, reach = 10 + s.d.below(30); j < reach; ++j) {
            const int client =
                static_cast<int>(s.d.chance(0.2) ? s.d.below(s.options.organisations) : s.base + s.d.below(ns));
            s.edges.emplace_back(msp, client, EdgeClass::sparse);
            if (s.d.chance(0.2)) s.edges.emplace_back(client, msp, EdgeClass::sparse);
        }
    }
}

// The core: providers (one supplier in a hundred) manage 28% of all entities,
// each client one to three of them, with access into each client and the
// client's access back. Clients shared between providers join them all into
// one strongly connected component.
void msp_core(Synth& s) {
    const std::size_t ns = s.suppliers();
    if (ns == 0) return;
    const std::size_t n = s.m.entities.size();
    std::vector<int> providers;
    for (std::size_t k = 0, count = std::max<std::size_t>(1, ns / 100); k < count; ++k)
        providers.push_back(s.supplier_entity(s.d.below(ns)));
    for (std::size_t e = 0; e < n; ++e) {
        if (!s.d.chance(0.28)) continue;
        for (std::size_t k = 0, count = 1 + s.d.below(3); k < count; ++k) {
            const int p = s.d.pick(providers);
            s.edges.emplace_back(p, static_cast<int>(e), EdgeClass::into_client);
            s.edges.emplace_back(static_cast<int>(e), p, EdgeClass::back);
        }
    }
}

// Access between every ordered pair of `members`.
void all_pairs(Synth& s, const std::vector<int>& members) {
    for (int a : members)
        for (int b : members)
            if (a != b) s.edges.emplace_back(a, b, EdgeClass::mutual);
}

// Shared-service partnerships of 3 to 12 organisations (half of them), each
// sharing one tier-1 provider that receives data from every member, with
// access between all members and the provider; and groups of 4 to 24
// suppliers (a tenth of them) with access between all members.
void dense_clusters(Synth& s) {
    const std::size_t ns = s.suppliers();
    if (ns == 0) return;
    std::vector<std::size_t> orgs = s.d.permutation(s.options.organisations);
    orgs.resize(orgs.size() / 2);
    for (std::size_t at = 0; at + 3 <= orgs.size();) {
        const std::size_t size = std::min(orgs.size() - at, 3 + s.d.below(10));
        const std::size_t provider = s.d.below(s.tier1());
        std::vector<int> members;
        for (std::size_t i = at; i < at + size; ++i) {
            const std::size_t o = orgs[i];
            const int p = s.d.pick(s.pops_of[o]);
            s.add_flow(static_cast<int>(o), provider,
                       Received{p, s.some_of(s.m.populations[static_cast<std::size_t>(p)].holds, 5), 1.0});
            members.push_back(static_cast<int>(o));
            s.edges.emplace_back(s.supplier_entity(provider), static_cast<int>(o), EdgeClass::into_client);
            s.edges.emplace_back(static_cast<int>(o), s.supplier_entity(provider), EdgeClass::back);
        }
        all_pairs(s, members);
        at += size;
    }
    std::vector<std::size_t> sups = s.d.permutation(ns);
    sups.resize(ns / 10);
    for (std::size_t at = 0; at + 4 <= sups.size();) {
        const std::size_t size = std::min(sups.size() - at, 4 + s.d.below(21));
        std::vector<int> members;
        for (std::size_t i = at; i < at + size; ++i) members.push_back(s.supplier_entity(sups[i]));
        all_pairs(s, members);
        at += size;
    }
}

}  // namespace

void add_access(Synth& s) {
    switch (s.options.shape) {
        case GraphShape::tiered:
            sparse_access(s, 0.5, 0.2, 0.1);
            msp_hubs(s);
            break;
        case GraphShape::core:
            sparse_access(s, 0.5, 0.2, 0.1);
            msp_hubs(s);
            msp_core(s);
            break;
        case GraphShape::clusters:
            sparse_access(s, 0.5, 0.2, 0.1);
            msp_hubs(s);
            dense_clusters(s);
            break;
        case GraphShape::chains:
            // Most sub-processors can reach up into their parent, many are
            // reached from it: chains of access five hops long.
            sparse_access(s, 0.8, 0.4, 0.05);
            break;
    }
    // Everyday access runs from suppliers only (a provider's clients and
    // partners include organisations), so sparse edges out of an organisation
    // go first; then one edge per ordered pair (the class listed first in
    // EdgeClass wins), probabilities drawn in (from, to) order.
    std::erase_if(s.edges, [&](const auto& e) {
        return std::get<2>(e) == EdgeClass::sparse &&
               s.m.entities[static_cast<std::size_t>(std::get<0>(e))].kind != EntityKind::supplier;
    });
    std::sort(s.edges.begin(), s.edges.end());
    s.edges.erase(std::unique(s.edges.begin(), s.edges.end(),
                              [](const auto& a, const auto& b) {
                                  return std::get<0>(a) == std::get<0>(b) && std::get<1>(a) == std::get<1>(b);
                              }),
                  s.edges.end());
    for (const auto& [from, to, cls] : s.edges)
        if (from != to) s.m.access.push_back(Access{from, to, s.d.pick(probabilities(cls))});
}

}  // namespace breachrank::generate
