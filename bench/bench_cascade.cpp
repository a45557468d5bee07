// Cascade benchmarks on generated models (breachrank::generate_model, seed 1):
//
//     bench_cascade [Google Benchmark flags]
//
// BM_Score/<method>/<suppliers>/<threads>: the whole score() of a model with
// suppliers/100 organisations. Counter "cascades_per_s": Monte Carlo cascades
// (vendors sampled x trials) per second of wall time.
#include <benchmark/benchmark.h>

#include <map>

#include "breachrank/breachrank.hpp"

namespace {

const breachrank::Model& model_of(std::size_t suppliers) {
    static std::map<std::size_t, breachrank::Model> cache;
    auto it = cache.find(suppliers);
    if (it == cache.end()) {
        breachrank::GenerateOptions g;
        g.organisations = std::max<std::size_t>(1, suppliers / 100);
        g.suppliers = suppliers;
        g.seed = 1;
        it = cache.emplace(suppliers, breachrank::generate_model(g, breachrank::default_rules())).first;
    }
    return it->second;
}

void run(benchmark::State& state, breachrank::CascadeMethod method) {
    const breachrank::Model& m = model_of(static_cast<std::size_t>(state.range(0)));
    breachrank::ScoreOptions o;
    o.method = method;
    o.threads = static_cast<int>(state.range(1));
    std::size_t sampled = 0;
    std::int64_t trials = 0;
    for (auto _ : state) {
        breachrank::ScoreResult r = breachrank::score(m, breachrank::default_rules(), o);
        sampled = 0;
        for (const auto& v : r.vendors) sampled += v.cascade_method == breachrank::CascadeMethod::montecarlo;
        trials = r.trials.value_or(0);
        benchmark::DoNotOptimize(r);
    }
    state.counters["mc_vendors"] = static_cast<double>(sampled);
    state.counters["cascades_per_s"] = benchmark::Counter(static_cast<double>(sampled) * static_cast<double>(trials),
                                                          benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ScoreAuto(benchmark::State& s) { run(s, breachrank::CascadeMethod::automatic); }
void BM_ScoreMonteCarlo(benchmark::State& s) { run(s, breachrank::CascadeMethod::montecarlo); }
void BM_ScoreLinear(benchmark::State& s) { run(s, breachrank::CascadeMethod::linear); }

BENCHMARK(BM_ScoreAuto)->ArgsProduct({{1000, 10000}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ScoreMonteCarlo)->ArgsProduct({{1000, 10000}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ScoreLinear)->ArgsProduct({{1000, 10000}, {1}})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
