// whatif: apply a scenario to a model with the library and print how each
// vendor's risk moves. The library form of `breachrank whatif`.
//
//     build/examples/whatif models/met-police-2023.yaml examples/scenarios/met-payroll-mfa.yaml
#include <cstdio>
#include <iostream>

#include "breachrank/breachrank.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: whatif MODEL.yaml SCENARIO.yaml\n";
        return 2;
    }
    const breachrank::RulePack& rules = breachrank::default_rules();
    auto model = breachrank::load_model_file(argv[1], rules);
    if (!model.ok()) {
        std::cerr << model.diagnostics.str();
        return 2;
    }
    auto scenario = breachrank::load_scenario_file(argv[2], rules);
    if (!scenario.ok()) {
        std::cerr << scenario.diagnostics.str();
        return 2;
    }
    // A scenario is plain data; applying it yields a new model (and notes).
    auto applied = breachrank::apply_scenario(*model.value, rules, *scenario.value);
    if (!applied.ok()) {
        std::cerr << applied.diagnostics.str();
        return 2;
    }
    breachrank::WhatIfResult w =
        breachrank::compare(scenario.value->name, breachrank::score(*model.value, rules),
                            breachrank::score(applied.value->model, rules), applied.value->notes);
    std::printf("%s\ntotal risk %.1f -> %.1f\n", w.scenario.c_str(), w.total_risk_before, w.total_risk_after);
    for (const breachrank::VendorDelta& d : w.vendors)
        if (d.delta_risk != 0) std::printf("  %-24s %+12.1f\n", d.id.c_str(), d.delta_risk);
    for (const std::string& note : w.notes) std::printf("  note: %s\n", note.c_str());
    return 0;
}
