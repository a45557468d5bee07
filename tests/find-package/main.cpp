// Scores the model given on the command line with the embedded default rules.
#include <iostream>

#include <breachrank/breachrank.hpp>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    auto model = breachrank::load_model_file(argv[1], breachrank::default_rules());
    if (!model.ok()) {
        std::cerr << model.diagnostics.str();
        return 2;
    }
    auto result = breachrank::score(*model.value, breachrank::default_rules());
    std::cout << "breachrank " << breachrank::kVersion << ": " << result.vendors.size() << " vendors, riskiest "
              << result.vendors.at(0).id << "\n";
    return 0;
}
