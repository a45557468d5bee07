#include "scoring/likelihood.hpp"

#include "breachrank/score.hpp"

namespace breachrank {

LikelihoodTrace trace_likelihood(const Model& model, const RulePack& rules, int entity) {
    const Entity& e = model.entities.at(static_cast<std::size_t>(entity));
    LikelihoodTrace t;
    t.kind = kind_name(e.kind);
    const LikelihoodSettings& l = rules.likelihood;
    t.base = e.kind == EntityKind::organisation ? l.base_organisation
             : e.kind == EntityKind::channel    ? l.base_channel.value_or(l.base_supplier)
                                                : l.base_supplier;
    t.base_fallback = e.kind == EntityKind::channel && !l.base_channel;
    double controls = 1, tags = 1;
    for (int c : e.controls) {
        const NamedFactor& f = rules.likelihood.controls.at(static_cast<std::size_t>(c));
        t.controls.push_back(f);
        controls *= f.factor;
    }
    for (const NamedFactor& f : rules.likelihood.tags) {
        if (std::find(e.tags.begin(), e.tags.end(), f.name) == e.tags.end()) continue;
        t.tags.push_back(f);
        tags *= f.factor;
    }
    t.override_value = e.likelihood;
    t.likelihood = e.likelihood ? *e.likelihood : scoring::clamp01(t.base * controls * tags);
    t.inherent = e.likelihood ? *e.likelihood : scoring::clamp01(t.base * tags);
    return t;
}

}  // namespace breachrank
