// The pipeline's stages one by one, on generated models of the S, M and L
// sizes and every shape (arguments: suppliers, shape 0-3 = tiered, core,
// clusters, chains; organisations = suppliers / 100, seed 1): a stage's cost
// on one graph shape says nothing about another.
//
//     bench_stages [Google Benchmark flags]
//
//   BM_Load          YAML text -> validated Model (libyaml stream, parsed on a second thread)
//   BM_LoadCsv       the same model as CSV inventories (files in a temporary directory) -> Model
//   BM_Coverage      Model -> coverage rows
//   BM_Severity      compile rules, evaluate them per population
//   BM_DirectImpact  H({e}) for every entity
//   BM_LinearSolve   factorise I - damping Q by strongly connected component, and the two solves
//   BM_MonteCarlo    2,000 cascades from every vendor with access
//   BM_RenderJson    the ranking (linear screen) as JSON, streamed into a stream that discards it
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <streambuf>

#include "breachrank/breachrank.hpp"
#include "breachrank/report.hpp"
#include "model/coverage.hpp"
#include "graph/access_graph.hpp"
#include "scoring/breach_harm.hpp"
#include "propagation/cascade.hpp"
#include "propagation/linear.hpp"
#include "scoring/severity.hpp"

namespace {

struct Fixture {
    std::string text;
    breachrank::Model model;
};

// (suppliers, shape index) from the benchmark's arguments; the shape names the run.
const Fixture& fixture(benchmark::State& state) {
    static std::map<std::pair<std::int64_t, std::int64_t>, Fixture> cache;
    const auto key = std::pair{state.range(0), state.range(1)};
    const breachrank::GraphShape shape = breachrank::kGraphShapes[static_cast<std::size_t>(key.second)];
    state.SetLabel(breachrank::shape_name(shape));
    auto it = cache.find(key);
    if (it == cache.end()) {
        breachrank::GenerateOptions g;
        g.suppliers = static_cast<std::size_t>(key.first);
        g.organisations = std::max<std::size_t>(1, g.suppliers / 100);
        g.shape = shape;
        Fixture f;
        f.model = breachrank::generate_model(g, breachrank::default_rules());
        f.text = breachrank::write_model_yaml(f.model, breachrank::default_rules());
        it = cache.emplace(key, std::move(f)).first;
    }
    return it->second;
}

const breachrank::RulePack& rules() { return breachrank::default_rules(); }

void BM_Load(benchmark::State& state) {
    const Fixture& f = fixture(state);
    for (auto _ : state) benchmark::DoNotOptimize(breachrank::load_model_text(f.text, "bench.yaml", rules()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.text.size()));
}

void BM_LoadCsv(benchmark::State& state) {
    const Fixture& f = fixture(state);
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() /
                         ("breachrank-bench-" + std::to_string(state.range(0)) + "-" + std::to_string(state.range(1)));
    fs::create_directories(dir);
    breachrank::ModelFiles files = breachrank::write_model_csv(f.model, rules(), "m");
    std::size_t bytes = 0;
    for (const auto& [name, text] : files.csv) {
        std::ofstream(dir / name, std::ios::binary) << text;
        bytes += text.size();
    }
    std::ofstream(dir / "m.yaml", std::ios::binary) << files.yaml;
    const std::string path = (dir / "m.yaml").string();
    for (auto _ : state) benchmark::DoNotOptimize(breachrank::load_model_file(path, rules()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    fs::remove_all(dir);
}

void BM_Coverage(benchmark::State& state) {
    const Fixture& f = fixture(state);
    for (auto _ : state) benchmark::DoNotOptimize(breachrank::model::Coverage(f.model));
}

void BM_Severity(benchmark::State& state) {
    const Fixture& f = fixture(state);
    for (auto _ : state) benchmark::DoNotOptimize(breachrank::scoring::SeverityModel(f.model, rules()));
}

void BM_DirectImpact(benchmark::State& state) {
    const Fixture& f = fixture(state);
    breachrank::model::Coverage cov(f.model);
    breachrank::scoring::SeverityModel sev(f.model, rules());
    for (auto _ : state) {
        double total = 0;
        for (std::size_t e = 0; e < f.model.entities.size(); ++e) {
            const int set[] = {static_cast<int>(e)};
            total += breachrank::scoring::BreachHarm::score(f.model, cov, sev, set).total;
        }
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.model.entities.size()));
}

void BM_LinearSolve(benchmark::State& state) {
    const Fixture& f = fixture(state);
    breachrank::graph::AccessGraph g(f.model);
    std::vector<double> d(f.model.entities.size(), 1.0), p(f.model.entities.size(), 0.1);
    for (auto _ : state) benchmark::DoNotOptimize(breachrank::propagation::solve_linear(f.model, g, 1.0, d, p));
}

void BM_MonteCarlo(benchmark::State& state) {
    const Fixture& f = fixture(state);
    breachrank::model::Coverage cov(f.model);
    breachrank::scoring::SeverityModel sev(f.model, rules());
    breachrank::graph::AccessGraph g(f.model);
    std::vector<breachrank::scoring::SetHarm> direct(f.model.entities.size());
    for (std::size_t e = 0; e < direct.size(); ++e) {
        const int set[] = {static_cast<int>(e)};
        direct[e] = breachrank::scoring::BreachHarm::score(f.model, cov, sev, set);
    }
    breachrank::propagation::Cascader c(g, breachrank::scoring::BreachHarm(f.model, cov, sev, direct),
                                        f.model.entities.size());
    std::size_t vendors = 0;
    for (auto _ : state) {
        vendors = 0;
        for (std::size_t v = 0; v < f.model.entities.size(); ++v) {
            if (!g.has_out(v)) continue;
            ++vendors;
            const int start[] = {static_cast<int>(v)};
            benchmark::DoNotOptimize(c.montecarlo(start, 2000, v, false));
        }
    }
    state.counters["cascades_per_s"] =
        benchmark::Counter(static_cast<double>(vendors) * 2000, benchmark::Counter::kIsIterationInvariantRate);
}

// Discards what is written (the rendering alone is timed), counting the bytes.
class Discard : public std::streambuf {
public:
    std::size_t bytes = 0;

protected:
    std::streamsize xsputn(const char*, std::streamsize n) override {
        bytes += static_cast<std::size_t>(n);
        return n;
    }
    int_type overflow(int_type c) override {
        ++bytes;
        return traits_type::not_eof(c);
    }
};

void BM_RenderJson(benchmark::State& state) {
    const Fixture& f = fixture(state);
    breachrank::ScoreOptions o;
    o.method = breachrank::CascadeMethod::linear;
    const breachrank::ScoreResult r = breachrank::score(f.model, rules(), o);
    Discard sink;
    std::ostream out(&sink);
    for (auto _ : state) breachrank::write_score(out, r, breachrank::Format::json);
    state.SetBytesProcessed(static_cast<std::int64_t>(sink.bytes));
}

// Every size and shape.
#define SIZES ->ArgsProduct({{1000, 10000, 100000}, {0, 1, 2, 3}})->ArgNames({"suppliers", "shape"})->Unit(benchmark::kMillisecond)
BENCHMARK(BM_Load) SIZES->UseRealTime();  // two threads: wall time, not the caller's CPU
BENCHMARK(BM_LoadCsv) SIZES->UseRealTime();
BENCHMARK(BM_Coverage) SIZES;
BENCHMARK(BM_Severity) SIZES;
BENCHMARK(BM_DirectImpact) SIZES;
BENCHMARK(BM_LinearSolve) SIZES;
BENCHMARK(BM_MonteCarlo)->ArgsProduct({{1000, 10000}, {0, 1, 2, 3}})->ArgNames({"suppliers", "shape"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderJson) SIZES->UseRealTime();  // two threads

}  // namespace

BENCHMARK_MAIN();
