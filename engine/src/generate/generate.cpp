// generate_model(): synthetic supply chains of realistic shape.
#include "breachrank/generate.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "breachrank/diagnostic.hpp"
#include "graph/coverage.hpp"

namespace breachrank {

namespace {

// Portable draws (the standard distributions differ between libraries; a
// model generated from one seed must be the same everywhere).
class Draw {
public:
    explicit Draw(std::uint64_t seed) : g_(seed) {}
    double unit() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(unit() * static_cast<double>(n)); }
    bool chance(double p) { return unit() < p; }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[below(v.size())];
    }

private:
    std::mt19937_64 g_;
};

struct Received {
    int population;
    CategorySet categories;
    double share;
};

}  // namespace

Model generate_model(const GenerateOptions& options, const RulePack& rules) {
    if (options.organisations == 0) throw Error("generate needs at least one organisation");
    if (rules.categories.empty()) throw Error("generate needs a rule pack with categories");
    Draw d(options.seed);
    Model m;
    m.name = fmt::format("synthetic: {} organisations, {} suppliers (seed {})", options.organisations,
                         options.suppliers, options.seed);
    const std::size_t nk = rules.categories.size();
    const int name_cat = rules.find_category("name");
    std::vector<std::string> pop_tags = {"staff", "public", "victims"};

    // Organisations and their populations.
    for (std::size_t o = 0; o < options.organisations; ++o) {
        Entity e;
        e.id = fmt::format("org{:05}", o);
        e.name = fmt::format("Organisation {}", o);
        e.kind = EntityKind::organisation;
        m.entities.push_back(std::move(e));
        const std::size_t pops = 1 + d.below(3);
        for (std::size_t k = 0; k < pops; ++k) {
            Population p;
            p.id = fmt::format("org{:05}-{}", o, pop_tags[k]);
            p.owner = static_cast<int>(o);
            p.size = static_cast<std::uint64_t>(std::round(std::pow(10.0, 2.0 + 3.0 * d.unit())));  // 100 .. 100,000
            if (name_cat >= 0) p.holds.set(static_cast<std::size_t>(name_cat));
            const std::size_t extra = 3 + d.below(std::min<std::size_t>(6, nk));
            for (std::size_t i = 0; i < extra; ++i) p.holds.set(d.below(nk));
            p.traits.reserve(rules.traits.size());
            for (const Trait& t : rules.traits) {
                // Shares of special groups, mostly small; other traits keep their default.
                bool share = t.name.size() > 6 && t.name.compare(t.name.size() - 6, 6, "_share") == 0;
                p.traits.push_back(share && d.chance(0.3) ? std::round(d.unit() * 0.1 * 1000) / 1000 : t.default_value);
            }
            p.tags.push_back(pop_tags[k]);
            if (k == 2) p.tags.push_back("witnesses");
            m.populations.push_back(std::move(p));
        }
    }
    std::vector<std::vector<int>> pops_of(options.organisations);
    for (std::size_t p = 0; p < m.populations.size(); ++p)
        pops_of[static_cast<std::size_t>(m.populations[p].owner)].push_back(static_cast<int>(p));

    // Suppliers in three tiers.
    const std::size_t ns = options.suppliers;
    const std::size_t tier1 = ns == 0 ? 0 : std::max<std::size_t>(1, ns * 6 / 10);
    const std::size_t tier2 = ns > tier1 ? (ns - tier1) * 3 / 4 : 0;
    const std::size_t base = m.entities.size();
    for (std::size_t s = 0; s < ns; ++s) {
        Entity e;
        e.id = fmt::format("sup{:07}", s);
        e.name = fmt::format("Supplier {} (tier {})", s, s < tier1 ? 1 : s < tier1 + tier2 ? 2 : 3);
        e.kind = EntityKind::supplier;
        for (std::size_t c = 0; c < rules.likelihood.controls.size(); ++c)
            if (d.chance(0.25)) e.controls.push_back(static_cast<int>(c));
        for (const NamedFactor& t : rules.likelihood.tags)
            if (d.chance(0.1)) e.tags.push_back(t.name);
        m.entities.push_back(std::move(e));
    }

    std::vector<std::vector<Received>> received(ns);
    auto add_flow = [&](int from, std::size_t to_supplier, const Received& r) {
        m.flows.push_back(Flow{from, static_cast<int>(base + to_supplier), r.population, r.categories, r.share});
        received[to_supplier].push_back(r);
    };
    auto some_of = [&](const CategorySet& from, std::size_t at_most) {
        std::vector<std::size_t> cats;
        graph::for_each_category(from, [&](std::uint32_t k) { cats.push_back(k); });
        CategorySet out;
        const std::size_t n = 1 + d.below(std::min(at_most, cats.size()));
        for (std::size_t i = 0; i < n; ++i) out.set(d.pick(cats));
        return out;
    };
    const std::vector<double> shares = {1.0, 1.0, 1.0, 0.5, 0.25, 0.1};

    // Tier 1 by preferential attachment: each organisation draws suppliers
    // from an urn in which every supplier appears once more per client it has.
    std::vector<std::vector<std::size_t>> clients(tier1);
    if (tier1 > 0) {
        std::vector<std::size_t> urn(tier1);
        for (std::size_t s = 0; s < tier1; ++s) urn[s] = s;
        const std::size_t per_org = std::max<std::size_t>(1, (tier1 * 3 / 2) / options.organisations);
        for (std::size_t o = 0; o < options.organisations; ++o) {
            for (std::size_t k = 0; k < per_org; ++k) {
                std::size_t s = d.pick(urn);
                if (std::find(clients[s].begin(), clients[s].end(), o) != clients[s].end()) continue;
                clients[s].push_back(o);
                urn.push_back(s);
            }
        }
        for (std::size_t s = 0; s < tier1; ++s) {
            if (clients[s].empty()) clients[s].push_back(d.below(options.organisations));
            for (std::size_t o : clients[s]) {
                int p = d.pick(pops_of[o]);
                add_flow(static_cast<int>(o), s,
                         Received{p, some_of(m.populations[static_cast<std::size_t>(p)].holds, 5), d.pick(shares)});
            }
        }
    }
    // Tiers 2 and 3: a subset of one delivery of a client supplier, at no larger share.
    std::vector<std::size_t> parent(ns, 0);
    for (std::size_t s = tier1; s < ns; ++s) {
        const std::size_t lo = s < tier1 + tier2 ? 0 : tier1, hi = s < tier1 + tier2 ? tier1 : tier1 + tier2;
        parent[s] = hi > lo ? lo + d.below(hi - lo) : d.below(tier1);
        const Received& r = d.pick(received[parent[s]]);
        add_flow(static_cast<int>(base + parent[s]), s,
                 Received{r.population, some_of(r.categories, 4), r.share * (d.chance(0.5) ? 1.0 : 0.5)});
    }

    // Sparse standing access with low probabilities; some of it runs back up
    // the chain, which closes cycles.
    const std::vector<double> probabilities = {0.002, 0.005, 0.01, 0.02, 0.05};
    std::vector<std::pair<int, int>> edges;
    for (std::size_t s = 0; s < ns; ++s) {
        if (!d.chance(0.5)) continue;
        const int from = static_cast<int>(base + s);
        int to = s < tier1 ? static_cast<int>(d.pick(clients[s])) : static_cast<int>(base + parent[s]);
        edges.emplace_back(from, to);
        if (s >= tier1 && d.chance(0.2)) edges.emplace_back(static_cast<int>(base + parent[s]), from);
        if (d.chance(0.1)) edges.emplace_back(from, static_cast<int>(base + d.below(ns)));
    }
    // Managed service providers (one supplier in a hundred) hold remote access
    // into many others, and some of those others can reach back into the MSP's
    // tooling: the hubs through which one breach becomes many (Kaseya, 2021).
    const std::size_t msps = ns / 100;
    for (std::size_t k = 0; k < msps; ++k) {
        const int msp = static_cast<int>(base + d.below(ns));
        for (std::size_t j = 0, reach = 10 + d.below(30); j < reach; ++j) {
            const int client = static_cast<int>(d.chance(0.2) ? d.below(options.organisations) : base + d.below(ns));
            edges.emplace_back(msp, client);
            if (d.chance(0.2)) edges.emplace_back(client, msp);
        }
    }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    for (const auto& [from, to] : edges)
        if (from != to && m.entities[static_cast<std::size_t>(from)].kind == EntityKind::supplier)
            m.access.push_back(Access{from, to, d.pick(probabilities)});
    return m;
}

}  // namespace breachrank
