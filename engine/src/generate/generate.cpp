// generate_model(): synthetic supply chains of realistic shape. This file makes
// the organisations, suppliers and data flows; access.cpp the access graph.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "breachrank/diagnostic.hpp"
#include "generate/synth.hpp"
#include "model/coverage.hpp"

namespace breachrank {

const char* shape_name(GraphShape shape) {
    switch (shape) {
        case GraphShape::core: return "core";
        case GraphShape::clusters: return "clusters";
        case GraphShape::chains: return "chains";
        case GraphShape::tiered: break;
    }
    return "tiered";
}

std::optional<GraphShape> parse_shape(std::string_view name) {
    for (GraphShape s : kGraphShapes)
        if (name == shape_name(s)) return s;
    return std::nullopt;
}

namespace generate {

void Synth::add_flow(int from, std::size_t to_supplier, const Received& r) {
    m.flows.push_back(Flow{from, supplier_entity(to_supplier), r.population, r.categories, r.share, CategorySet{}});
    received[to_supplier].push_back(r);
}

CategorySet Synth::some_of(const CategorySet& from, std::size_t at_most) {
    std::vector<std::size_t> cats;
    model::for_each_category(from, [&](std::uint32_t k) { cats.push_back(k); });
    CategorySet out;
    const std::size_t n = 1 + d.below(std::min(at_most, cats.size()));
    for (std::size_t i = 0; i < n; ++i) out.set(d.pick(cats));
    return out;
}

void add_organisations(Synth& s) {
    const std::size_t nk = s.rules.categories.size();
    const int name_cat = s.rules.find_category("name");
    const std::vector<std::string> pop_tags = {"staff", "public", "victims"};
    for (std::size_t o = 0; o < s.options.organisations; ++o) {
        Entity e;
        e.id = fmt::format("org{:05}", o);
        e.name = fmt::format("Organisation {}", o);
        e.kind = EntityKind::organisation;
        s.m.entities.push_back(std::move(e));
        const std::size_t pops = 1 + s.d.below(3);
        for (std::size_t k = 0; k < pops; ++k) {
            Population p;
            p.id = fmt::format("org{:05}-{}", o, pop_tags[k]);
            p.owner = static_cast<int>(o);
            p.size = static_cast<std::uint64_t>(std::round(std::pow(10.0, 2.0 + 3.0 * s.d.unit())));  // 100 .. 100,000
            if (name_cat >= 0) p.holds.set(static_cast<std::size_t>(name_cat));
            const std::size_t extra = 3 + s.d.below(std::min<std::size_t>(6, nk));
            for (std::size_t i = 0; i < extra; ++i) p.holds.set(s.d.below(nk));
            p.traits.reserve(s.rules.traits.size());
            for (const Trait& t : s.rules.traits) {
                // Shares of special groups, mostly small; other traits keep their default.
                bool share = t.name.size() > 6 && t.name.compare(t.name.size() - 6, 6, "_share") == 0;
                p.traits.push_back(share && s.d.chance(0.3) ? std::round(s.d.unit() * 0.1 * 1000) / 1000 : t.default_value);
            }
            p.tags.push_back(pop_tags[k]);
            if (k == 2) p.tags.push_back("witnesses");
            s.m.populations.push_back(std::move(p));
        }
    }
    // Segments last, with no random draws: the rest of the model stays as without them.
    for (Population& p : s.m.populations)
        for (std::size_t k = 0; k < s.options.segments; ++k) {
            Segment seg;
            seg.id = fmt::format("seg{}", k + 1);
            seg.size = std::max<std::uint64_t>(1, p.size / (10 * (k + 1)));
            if (!s.rules.traits.empty()) seg.traits.emplace_back(static_cast<int>(k % s.rules.traits.size()), 1.0);
            seg.tags.push_back("segment");
            p.segments.push_back(std::move(seg));
        }
    s.pops_of.assign(s.options.organisations, {});
    for (std::size_t p = 0; p < s.m.populations.size(); ++p)
        s.pops_of[static_cast<std::size_t>(s.m.populations[p].owner)].push_back(static_cast<int>(p));
}

namespace {

// Tier sizes: 60% / 30% / 10% for most shapes; six tiers for long chains.
std::vector<std::size_t> tier_sizes(GraphShape shape, std::size_t ns) {
    if (ns == 0) return {};
    if (shape != GraphShape::chains) {
        const std::size_t tier1 = std::max<std::size_t>(1, ns * 6 / 10);
        const std::size_t tier2 = ns > tier1 ? (ns - tier1) * 3 / 4 : 0;
        return {tier1, tier2, ns - tier1 - tier2};
    }
    std::vector<std::size_t> sizes = {std::max<std::size_t>(1, ns * 40 / 100)};
    std::size_t used = sizes[0];
    for (std::size_t percent : {15, 15, 12, 10}) {
        const std::size_t n = std::min(ns - used, ns * percent / 100);
        sizes.push_back(n);
        used += n;
    }
    sizes.push_back(ns - used);  // the sixth tier: about 8%
    return sizes;
}

}  // namespace

void add_suppliers(Synth& s) {
    const std::size_t ns = s.suppliers();
    const std::vector<std::size_t> sizes = tier_sizes(s.options.shape, ns);
    s.tier_start.assign(1, 0);
    for (std::size_t n : sizes) s.tier_start.push_back(s.tier_start.back() + n);
    auto tier_of = [&](std::size_t sup) {
        return static_cast<std::size_t>(std::upper_bound(s.tier_start.begin(), s.tier_start.end(), sup) -
                                        s.tier_start.begin());
    };
    s.base = s.m.entities.size();
    for (std::size_t i = 0; i < ns; ++i) {
        Entity e;
        e.id = fmt::format("sup{:07}", i);
        e.name = fmt::format("Supplier {} (tier {})", i, tier_of(i));
        e.kind = EntityKind::supplier;
        for (std::size_t c = 0; c < s.rules.likelihood.controls.size(); ++c)
            if (s.d.chance(0.25)) e.controls.push_back(static_cast<int>(c));
        for (const NamedFactor& t : s.rules.likelihood.tags)
            if (s.d.chance(0.1)) e.tags.push_back(t.name);
        s.m.entities.push_back(std::move(e));
    }
    s.received.assign(ns, {});
    const std::vector<double> shares = {1.0, 1.0, 1.0, 0.5, 0.25, 0.1};

    // Tier 1 by preferential attachment: each organisation draws suppliers
    // from an urn in which every supplier appears once more per client it has.
    const std::size_t tier1 = s.tier1();
    s.clients.assign(tier1, {});
    if (tier1 > 0) {
        std::vector<std::size_t> urn(tier1);
        for (std::size_t i = 0; i < tier1; ++i) urn[i] = i;
        const std::size_t per_org = std::max<std::size_t>(1, (tier1 * 3 / 2) / s.options.organisations);
        for (std::size_t o = 0; o < s.options.organisations; ++o) {
            for (std::size_t k = 0; k < per_org; ++k) {
                std::size_t i = s.d.pick(urn);
                if (std::find(s.clients[i].begin(), s.clients[i].end(), o) != s.clients[i].end()) continue;
                s.clients[i].push_back(o);
                urn.push_back(i);
            }
        }
        for (std::size_t i = 0; i < tier1; ++i) {
            if (s.clients[i].empty()) s.clients[i].push_back(s.d.below(s.options.organisations));
            for (std::size_t o : s.clients[i]) {
                int p = s.d.pick(s.pops_of[o]);
                s.add_flow(static_cast<int>(o), i,
                           Received{p, s.some_of(s.m.populations[static_cast<std::size_t>(p)].holds, 5), s.d.pick(shares)});
            }
        }
    }
    // Deeper tiers: a subset of one delivery of a parent in the tier above, at
    // no larger share (a parent from tier 1 when the tier above is empty).
    s.parent.assign(ns, 0);
    for (std::size_t i = tier1; i < ns; ++i) {
        const std::size_t t = tier_of(i);  // 2 or more
        const std::size_t lo = s.tier_start[t - 2], hi = s.tier_start[t - 1];
        s.parent[i] = hi > lo ? lo + s.d.below(hi - lo) : s.d.below(tier1);
        const Received& r = s.d.pick(s.received[s.parent[i]]);
        s.add_flow(s.supplier_entity(s.parent[i]), i,
                   Received{r.population, s.some_of(r.categories, 4), r.share * (s.d.chance(0.5) ? 1.0 : 0.5)});
    }
}

}  // namespace generate

Model generate_model(const GenerateOptions& options, const RulePack& rules) {
    if (options.segments > kMaxGeneratedSegments)
        throw Error(fmt::format("segments must be at most {} per population, found {}", kMaxGeneratedSegments,
                                options.segments));
    if (options.organisations == 0) throw Error("generate needs at least one organisation");
    if (rules.categories.empty()) throw Error("generate needs a rule pack with categories");
    generate::Synth s(options, rules);
    s.m.name = fmt::format("synthetic: {} organisations, {} suppliers (seed {})", options.organisations,
                           options.suppliers, options.seed);
    if (options.shape != GraphShape::tiered) s.m.name += fmt::format(", {} shape", shape_name(options.shape));
    generate::add_organisations(s);
    generate::add_suppliers(s);
    generate::add_access(s);
    return std::move(s.m);
}

}  // namespace breachrank
