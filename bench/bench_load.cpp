// Loading and scoring benchmarks over model files named on the command line:
//
//     bench_load --model=/tmp/large.yaml [Google Benchmark flags]
//
// Stages: read+validate (load_model_file), direct scoring (score) on the loaded model.
#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <string>

#include "breachrank/breachrank.hpp"

namespace {

std::string g_model;

void BM_Load(benchmark::State& state) {
    const breachrank::RulePack& rules = breachrank::default_rules();
    std::size_t flows = 0;
    for (auto _ : state) {
        auto loaded = breachrank::load_model_file(g_model, rules);
        if (!loaded.ok()) {
            state.SkipWithError(loaded.diagnostics.str().c_str());
            return;
        }
        flows = loaded.value->flows.size();
        benchmark::DoNotOptimize(loaded);
    }
    state.counters["flows"] = static_cast<double>(flows);
    state.counters["flows_per_s"] =
        benchmark::Counter(static_cast<double>(flows), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ScoreDirect(benchmark::State& state) {
    const breachrank::RulePack& rules = breachrank::default_rules();
    auto loaded = breachrank::load_model_file(g_model, rules);
    if (!loaded.ok()) {
        state.SkipWithError(loaded.diagnostics.str().c_str());
        return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(breachrank::score(*loaded.value, rules));
    state.counters["vendors_per_s"] = benchmark::Counter(
        static_cast<double>(loaded.value->entities.size()), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_ScoreDirect)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--model=", 8) == 0) g_model = argv[i] + 8;
    if (g_model.empty()) {
        std::cerr << "usage: bench_load --model=FILE [benchmark flags]\n";
        return 2;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
