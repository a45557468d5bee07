// Load then score: every command's computation on whatever model loads.
#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const breachrank::RulePack& rules = breachrank::default_rules();
    auto loaded = breachrank::load_model_text(text, "fuzz.yaml", rules);
    fuzz::check_failure_explained(loaded);
    if (!loaded.ok()) return 0;
    const breachrank::Model& m = *loaded.value;
    for (auto method : {breachrank::CascadeMethod::automatic, breachrank::CascadeMethod::linear}) {
        breachrank::ScoreOptions o;
        o.method = method;
        o.trials = 30;
        o.threads = 1;
        try {
            auto r = breachrank::score(m, rules, o);
            fuzz::check_finite_json(breachrank::render_score(r, breachrank::Format::json));
            (void)breachrank::render_score(r, breachrank::Format::csv);
            (void)breachrank::render_score(r, breachrank::Format::table);
            (void)breachrank::render_dot(m, rules, r);
            if (!r.vendors.empty() && method == breachrank::CascadeMethod::automatic) {
                auto x = breachrank::explain(m, rules, r.vendors.front().id, o);
                fuzz::check_finite_json(breachrank::render_explanation(x, breachrank::Format::json));
                auto b = breachrank::breach(m, rules, {r.vendors.front().id}, o);
                fuzz::check_finite_json(breachrank::render_breach(b, breachrank::Format::json));
                breachrank::SuggestOptions so;
                so.top = 3;
                auto s = breachrank::suggest(m, rules, o, so);
                fuzz::check_finite_json(breachrank::render_suggestions(s, 0, breachrank::Format::json));
            }
        } catch (const breachrank::Error&) {
            // Documented failures: exact beyond its limit, a divergent linear screen.
        }
    }
    return 0;
}
