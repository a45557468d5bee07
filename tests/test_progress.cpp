// Progress and cancellation (issue 18): ScoreOptions::progress is called from
// the calling thread, starts and ends every phase, and a cancel stops the
// run with breachrank::Cancelled and no result.
#include <doctest/doctest.h>

#include <thread>

#include <fmt/format.h>

#include "helpers.hpp"

using namespace breachrank;

namespace {

// The Met Police model with its default pack (9 vendors, several with access).
struct Met {
    const RulePack& rules = default_rules();
    Model model;
    Met() {
        auto m = load_model_file(std::string(BREACHRANK_SOURCE_DIR) + "/models/met-police-2023.yaml", rules);
        REQUIRE(m.ok());
        model = *m.value;
    }
};

}  // namespace

TEST_CASE("progress: every phase starts at 0 and ends at its total, on the calling thread") {
    Met met;
    struct Call {
        std::string phase;
        std::uint64_t done, total;
    };
    std::vector<Call> calls;
    bool other_thread = false;
    const auto caller = std::this_thread::get_id();
    ScoreOptions o;
    o.threads = 2;
    o.progress = [&](const Progress& p) {
        other_thread |= std::this_thread::get_id() != caller;
        calls.push_back({std::string(p.phase), p.done, p.total});
        return ProgressReply::proceed;
    };
    LossOptions lo;
    lo.years = 2000;
    const LossResult r = loss(met.model, met.rules, o, lo);
    CHECK(!other_thread);
    // Three phases in order: the cascades, the simulated years, the tail shares.
    std::vector<std::string> order;
    for (const Call& p : calls)
        if (order.empty() || order.back() != p.phase) order.emplace_back(p.phase);
    CHECK(order == std::vector<std::string>{"score: cascades", "loss: simulated years", "loss: tail shares"});
    for (const std::string& phase : order) {
        std::vector<const Call*> of;
        for (const Call& p : calls)
            if (p.phase == phase) of.push_back(&p);
        CAPTURE(phase);
        REQUIRE(of.size() >= 2);
        CHECK(of.front()->done == 0);
        CHECK(of.back()->done == of.back()->total);
        for (std::size_t i = 1; i < of.size(); ++i) CHECK(of[i]->done >= of[i - 1]->done);
    }
    // Units: 2,000 years x 9 vendors; 9 vendors' tail shares.
    CHECK(calls.back().total == 9);
    for (const Call& p : calls)
        if (p.phase == "loss: simulated years") CHECK(p.total == 2000 * 9);
    // The same numbers as without a callback.
    ScoreOptions plain;
    plain.threads = 2;
    CHECK(render_loss(r, Format::json) == render_loss(loss(met.model, met.rules, plain, lo), Format::json));
}

TEST_CASE("cancel half way: between phases, and inside a phase, the call throws Cancelled") {
    Met met;
    // Between phases: the money is never simulated once the cascades end.
    ScoreOptions o;
    int after = 0;
    o.progress = [&](const Progress& p) {
        if (p.phase == "score: cascades" && p.done == p.total) return ProgressReply::cancel;
        if (p.phase != "score: cascades") ++after;
        return ProgressReply::proceed;
    };
    try {
        (void)loss(met.model, met.rules, o);
        FAIL("loss() returned a result");
    } catch (const Cancelled& c) {
        CHECK(c.phase == "score: cascades");
        CHECK(c.done == c.total);
        CHECK(std::string(c.what()) == fmt::format("cancelled during 'score: cascades' at {} of {}", c.total, c.total));
    }
    CHECK(after == 0);

    // Inside a phase: a billion trials a vendor, cancelled at the first report
    // after the start (within kProgressInterval), long before the end.
    ScoreOptions big;
    big.method = CascadeMethod::montecarlo;
    big.trials = kMaxTrials;
    big.threads = 2;
    int calls = 0;
    big.progress = [&](const Progress& p) {
        ++calls;
        return p.done > 0 ? ProgressReply::cancel : ProgressReply::proceed;
    };
    CHECK_THROWS_AS((void)score(met.model, met.rules, big), Cancelled);
    CHECK(calls == 2);  // the start, then the cancelling report

    // A plan stops in its second step: its candidates are never weighed.
    ScoreOptions steps;
    int starts = 0;
    steps.progress = [&](const Progress& p) {
        if (p.phase == "suggest: candidates" && p.done == 0) ++starts;
        return starts == 2 ? ProgressReply::cancel : ProgressReply::proceed;
    };
    PlanOptions po;
    po.steps = 3;
    CHECK_THROWS_AS((void)plan(met.model, met.rules, steps, po), Cancelled);
}
