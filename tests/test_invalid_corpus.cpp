// Every file under tests/data/invalid/ pins the diagnostics it must produce in
// header lines "# error: LINE:COLUMN: MESSAGE" (0:0 for a file-level error),
// or "# error: csv/FILE:LINE:COLUMN: MESSAGE" for an error in a CSV inventory
// the model names (under tests/data/invalid/csv/).
// model-*.yaml load as models with the default rules; rules-*.yaml load as rule
// packs; scenario-*.yaml load as scenarios and apply to models/met-police-2023.yaml.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "breachrank/scenario.hpp"
#include "helpers.hpp"

using namespace breachrank;

namespace {

std::vector<std::string> expected_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string tag = "# error: ";
        if (line.rfind(tag, 0) != 0) break;
        out.push_back(line.substr(tag.size()));
    }
    return out;
}

// "LINE:COLUMN: MESSAGE"; for a diagnostic in another file (a model's CSV
// inventory) "FILE:LINE:COLUMN: MESSAGE", FILE relative to the corpus.
std::vector<std::string> actual(const Diagnostics& d, const std::filesystem::path& main) {
    std::vector<std::string> out;
    for (const Diagnostic& x : d.items()) {
        std::string where;
        if (x.file != main.string())
            where = std::filesystem::path(x.file).lexically_relative(main.parent_path()).string() + ":";
        out.push_back(where + std::to_string(x.mark.line) + ":" + std::to_string(x.mark.column) + ": " + x.message);
    }
    return out;
}

}  // namespace

TEST_CASE("the invalid corpus gets its pinned diagnostics") {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(test::data("invalid")))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 30);
    for (const fs::path& file : files) {
        const std::string name = file.filename().string();
        std::vector<std::string> want = expected_of(file.string());
        CAPTURE(name);
        REQUIRE_MESSAGE(!want.empty(), name << " pins no '# error:' line");
        Diagnostics got;
        if (name.rfind("rules-", 0) == 0) {
            got = load_rules_file(file.string()).diagnostics;
        } else if (name.rfind("scenario-", 0) == 0) {
            // Scenarios: read, then applied to the Met Police model.
            auto sc = load_scenario_file(file.string(), default_rules());
            got = sc.diagnostics;
            if (sc.ok()) {
                static const Model met = *load_model_file(test::data("../../models/met-police-2023.yaml"), default_rules()).value;
                got = apply_scenario(met, default_rules(), *sc.value).diagnostics;
            }
        } else {
            REQUIRE_MESSAGE(name.rfind("model-", 0) == 0, name << " must start with model-, rules- or scenario-");
            got = load_model_file(file.string(), default_rules()).diagnostics;
        }
        CHECK(actual(got, file) == want);
        for (const Diagnostic& d : got.items())
            CHECK((d.file == file.string() || d.file.rfind((file.parent_path() / "csv").string(), 0) == 0));
    }
}
