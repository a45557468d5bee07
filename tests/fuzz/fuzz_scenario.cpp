// The scenario loader on arbitrary bytes, applied to the Met Police model and
// the result scored.
#include "common.hpp"
#include "met_model_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const breachrank::Model met =
        *breachrank::load_model_text(breachrank::detail::kMetModelText, "met.yaml", breachrank::default_rules()).value;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto sc = breachrank::load_scenario_text(text, "fuzz.yaml", breachrank::default_rules());
    fuzz::check_failure_explained(sc);
    if (!sc.ok()) return 0;
    auto applied = breachrank::apply_scenario(met, breachrank::default_rules(), *sc.value);
    fuzz::check_failure_explained(applied);
    if (!applied.ok()) return 0;
    // A scenario's model must be a valid model: it reads back and scores.
    std::string yaml = breachrank::write_model_yaml(applied.value->model, breachrank::default_rules());
    auto back = breachrank::load_model_text(yaml, "applied.yaml", breachrank::default_rules());
    if (!back.ok()) {
        std::fprintf(stderr, "an applied scenario is not a valid model:\n%s", back.diagnostics.str().c_str());
        std::abort();
    }
    breachrank::ScoreOptions o;
    o.trials = 50;
    try {
        auto result = breachrank::score(applied.value->model, breachrank::default_rules(), o);
        fuzz::check_finite_json(breachrank::render_score(result, breachrank::Format::json));
    } catch (const breachrank::Error&) {
    }
    return 0;
}
