// Inputs found by fuzzing (tests/data/regressions/): each must load and go
// through every command's computation without a crash, NaN or infinity.
#include <doctest/doctest.h>

#include <filesystem>

#include "breachrank/report.hpp"
#include "breachrank/scenario.hpp"
#include "helpers.hpp"

using namespace breachrank;

TEST_CASE("fuzzing regressions") {
    namespace fs = std::filesystem;
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(test::data("regressions"))) {
        if (entry.path().extension() != ".yaml") continue;
        ++count;
        CAPTURE(entry.path().string());
        auto m = load_model_file(entry.path().string(), default_rules());
        INFO(m.diagnostics.str());
        REQUIRE(m.ok());
        for (CascadeMethod method : {CascadeMethod::automatic, CascadeMethod::exact, CascadeMethod::montecarlo,
                                     CascadeMethod::linear}) {
            ScoreOptions o;
            o.method = method;
            o.trials = 20;
            ScoreResult r = score(*m.value, default_rules(), o);
            std::string json = render_score(r, Format::json);
            CHECK(json.find("nan") == std::string::npos);
            CHECK(json.find("inf") == std::string::npos);
            SuggestOptions so;
            so.top = 0;
            CHECK_NOTHROW(suggest(*m.value, default_rules(), o, so));
            LossOptions lo;
            lo.years = 100;
            const std::string money = render_loss(loss(*m.value, default_rules(), o, lo), Format::json);
            CHECK(money.find("nan") == std::string::npos);
            CHECK(money.find("inf") == std::string::npos);
        }
    }
    CHECK(count >= 1);
}
