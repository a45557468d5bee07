// rank_vendors: load a model with the embedded default rules and print the
// five riskiest vendors. The smallest program that links breachrank.
//
//     build/examples/rank_vendors models/met-police-2023.yaml
#include <cstdio>
#include <iostream>

#include "breachrank/breachrank.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: rank_vendors MODEL.yaml\n";
        return 2;
    }
    const breachrank::RulePack& rules = breachrank::default_rules();
    breachrank::Loaded<breachrank::Model> model = breachrank::load_model_file(argv[1], rules);
    if (!model.ok()) {
        std::cerr << model.diagnostics.str();  // FILE:LINE:COLUMN: error: ...
        return 2;
    }
    breachrank::ScoreResult result = breachrank::score(*model.value, rules);
    std::printf("%-4s %-28s %-10s %14s\n", "rank", "vendor", "tier", "risk");
    for (const breachrank::VendorScore& v : result.vendors) {
        if (v.rank > 5) break;
        std::printf("%-4d %-28s %-10s %14.2f\n", v.rank, v.id.c_str(), v.tier.empty() ? "-" : v.tier.c_str(), v.risk);
    }
    return 0;
}
