// The rule-pack loader (yaml-cpp events, expressions through muparser) on
// arbitrary bytes; a pack that loads then scores a small model, so that its
// expressions and effects run.
#include "common.hpp"

namespace {
const char* kModel = R"(breachrank: model/1
entities: [{id: o, kind: organisation}, {id: s, kind: supplier}, {id: t, kind: supplier}]
populations: [{id: p, owner: o, size: 1000, holds: [name, photo]}]
flows:
  - {from: o, to: s, population: p, categories: [name, photo]}
  - {from: s, to: t, population: p, categories: [photo], share: 0.5}
access: [{from: t, to: s, probability: 0.5}]
)";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto rules = breachrank::load_rules_text(text, "fuzz.yaml");
    fuzz::check_failure_explained(rules);
    if (!rules.ok()) return 0;
    auto model = breachrank::load_model_text(kModel, "m.yaml", *rules.value);
    fuzz::check_failure_explained(model);
    if (!model.ok()) return 0;  // the pack may lack name or photo: a diagnostic, fine
    try {
        breachrank::ScoreOptions o;
        o.trials = 50;
        auto result = breachrank::score(*model.value, *rules.value, o);
        fuzz::check_finite_json(breachrank::render_score(result, breachrank::Format::json));
    } catch (const breachrank::Error&) {
        // A documented failure (an overflowing rule, a divergent screen): reported, not a crash.
    }
    return 0;
}
