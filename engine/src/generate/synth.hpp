// The state of one generate_model() run, shared by its two steps: the
// organisations, suppliers and data flows (generate.cpp), then the access
// graph of the requested shape (access.cpp).
#pragma once

#include <random>
#include <utility>
#include <vector>

#include "breachrank/generate.hpp"

namespace breachrank::generate {

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
    /// 0 .. n-1 in a random order (Fisher-Yates).
    std::vector<std::size_t> permutation(std::size_t n) {
        std::vector<std::size_t> p(n);
        for (std::size_t i = 0; i < n; ++i) p[i] = i;
        for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[below(i)]);
        return p;
    }

private:
    std::mt19937_64 g_;
};

struct Received {
    int population;
    CategorySet categories;
    double share;
};

/// How probable a kind of access edge is: each edge draws from its class's list.
enum class EdgeClass {
    sparse = 0,   ///< everyday standing access: 0.2% to 5%
    into_client,  ///< a provider's remote management of a client: 1% to 5%
    back,         ///< a client's or member's access back into a provider: 0.2% to 1%
    mutual,       ///< between members of a partnership or group: 0.2% to 1%
};

struct Synth {
    Synth(const GenerateOptions& o, const RulePack& r) : options(o), rules(r), d(o.seed) {}

    const GenerateOptions& options;
    const RulePack& rules;
    Draw d;
    Model m;
    std::vector<std::vector<int>> pops_of;  ///< organisation -> its populations
    std::size_t base = 0;                   ///< entity index of supplier 0
    /// Suppliers of tier t + 1 are [tier_start[t], tier_start[t + 1]).
    std::vector<std::size_t> tier_start;
    std::vector<std::vector<std::size_t>> clients;  ///< tier-1 supplier -> client organisations
    std::vector<std::size_t> parent;                ///< supplier beyond tier 1 -> its parent supplier
    std::vector<std::vector<Received>> received;    ///< supplier -> what it was sent
    /// Access edges (from, to, class) before de-duplication and probabilities.
    std::vector<std::tuple<int, int, EdgeClass>> edges;

    std::size_t suppliers() const { return options.suppliers; }
    std::size_t tier1() const { return tier_start.size() > 1 ? tier_start[1] : 0; }
    int supplier_entity(std::size_t s) const { return static_cast<int>(base + s); }

    void add_flow(int from, std::size_t to_supplier, const Received& r);
    /// One to `at_most` draws from the categories of `from` (repeats allowed).
    CategorySet some_of(const CategorySet& from, std::size_t at_most);
};

/// Organisations and their populations.
void add_organisations(Synth& s);
/// Suppliers in tiers (by shape), tier 1 by preferential attachment, and the flows.
void add_suppliers(Synth& s);
/// The access graph of options.shape, with probabilities.
void add_access(Synth& s);

}  // namespace breachrank::generate
