// breachrank._core: the C++ library for Python (pybind11), the engine itself,
// not a re-implementation. The package around it (engine/python/breachrank/)
// turns paths, text and dicts into inputs, checks arguments and adds the
// NumPy and pandas views; this file only binds.
//
// - Results are the library's own structs, with their fields as read-only
//   attributes; to_dict() parses the library's JSON rendering (the CLI's
//   `--format json`), so it equals the CLI's output by construction.
// - Long calls release the GIL: their arguments are plain C++ values,
//   converted before the release, and the result is converted after it.
// - Invalid input raises breachrank.InputError with the diagnostics as
//   (file, line, column, message) tuples; the library's breachrank::Error
//   (a bad option, an unknown vendor) raises breachrank.Error.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl_bind.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "breachrank/breachrank.hpp"

namespace py = pybind11;
using namespace breachrank;

// The vendor lists are bound as sequences over the result's own vector, not
// copied into a Python list on each access: `result.vendors[0]` of a
// 100,000-vendor result reads one vendor.
PYBIND11_MAKE_OPAQUE(std::vector<VendorScore>)
PYBIND11_MAKE_OPAQUE(std::vector<VendorLoss>)

namespace {

// Invalid input, carried out of a call that released the GIL to the
// translator below (which raises breachrank.InputError).
struct InputFailure {
    Diagnostics diagnostics;
};

template <class T>
T take(Loaded<T>&& loaded) {
    if (!loaded.ok()) throw InputFailure{std::move(loaded.diagnostics)};
    return std::move(*loaded.value);
}

// A rule pack shared by the models loaded against it (a model is only ever
// scored with the pack it was validated against). Never modified: the
// holder is non-const only because pybind11 requires it.
using Rules = std::shared_ptr<RulePack>;

struct PyModel {
    Rules rules;
    Model model;
};

// suggest()'s list with the total it was measured against (what its JSON prints).
struct Suggestions {
    std::vector<Suggestion> items;
    double total_risk = 0;
};

// The exception a Python signal handler raised during the engine's work, kept
// for the translator (per thread: each caller's own).
std::unique_ptr<py::error_already_set>& pending_signal_error() {
    thread_local std::unique_ptr<py::error_already_set> error;
    return error;
}

py::object parse_json(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

// The scoring options, as the Python layer has checked and converted them.
ScoreOptions score_options(const std::optional<std::string>& method, std::optional<std::int64_t> trials,
                           std::optional<std::uint64_t> seed, int threads, const std::vector<std::string>& circumstances) {
    ScoreOptions o;
    if (method) {
        o.method = parse_method(*method);
        if (!o.method) throw Error("method must be one of auto, exact, montecarlo, linear; found '" + *method + "'");
    }
    o.trials = trials;
    o.seed = seed;
    o.threads = threads;
    o.circumstances = circumstances;
    // Ctrl-C: Python's handler only sets a flag while the engine runs without
    // the GIL; the engine's progress checks (about ten a second, on the
    // calling thread) look at it and stop the work, and the call raises
    // KeyboardInterrupt (the translator below), with no result.
    o.progress = [](const Progress&) {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) {
            // What the handler raised (KeyboardInterrupt, or a handler's own
            // SystemExit or TimeoutError) is kept and raised again once the
            // engine has stopped (the translator below, on this same thread).
            pending_signal_error() = std::make_unique<py::error_already_set>();
            return ProgressReply::cancel;
        }
        return ProgressReply::proceed;
    };
    std::string why;
    if (!o.is_valid(&why)) throw Error(why);
    return o;
}

// A column of text as a NumPy fixed-width Unicode array ("U<width>", UCS-4,
// padded with NULs), without a Python string per row where it can: ASCII
// text (ids, kinds, tiers, nearly every name) is widened byte by byte; other
// text is decoded by Python's own UTF-8 decoder.
template <class Get>
py::array text_column(std::size_t n, Get&& get) {
    auto ascii = [](const std::string& s) {
        for (unsigned char c : s)
            if (c >= 0x80) return false;
        return true;
    };
    auto decoded = [](const std::string& s) {
        return py::reinterpret_steal<py::object>(
            PyUnicode_DecodeUTF8(s.data(), static_cast<py::ssize_t>(s.size()), "replace"));
    };
    std::size_t width = 1;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& s = get(i);
        width = std::max(width, ascii(s) ? s.size()
                                         : static_cast<std::size_t>(PyUnicode_GetLength(decoded(s).ptr())));
    }
    py::array out(py::dtype("U" + std::to_string(width)), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)});
    auto* data = static_cast<Py_UCS4*>(out.mutable_data());
    std::fill(data, data + n * width, Py_UCS4{0});
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& s = get(i);
        Py_UCS4* row = data + i * width;
        if (ascii(s))
            std::copy(s.begin(), s.end(), row);
        else
            PyUnicode_AsUCS4(decoded(s).ptr(), row, static_cast<py::ssize_t>(width), 0);
    }
    return out;
}

// The vendor table's columns as NumPy arrays (the Python layer assembles the
// structured array from them).
py::dict vendor_columns(const ScoreResult& r) {
    const std::size_t n = r.vendors.size();
    auto numbers = [n](auto&& value) {
        using T = decltype(value(std::size_t{0}));
        py::array_t<T> a(static_cast<py::ssize_t>(n));
        T* w = a.mutable_data();
        for (std::size_t i = 0; i < n; ++i) w[i] = value(i);
        return a;
    };
    auto text = [&](auto&& value) { return text_column(n, value); };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto& v = r.vendors;
    // Names of kinds and methods, as strings that outlive the calls.
    std::vector<std::string> kinds(n), methods(n);
    for (std::size_t i = 0; i < n; ++i) {
        kinds[i] = kind_name(v[i].kind);
        methods[i] = method_name(v[i].cascade_method);
    }
    py::dict d;
    d["rank"] = numbers([&](std::size_t i) { return static_cast<std::int64_t>(v[i].rank); });
    d["id"] = text([&](std::size_t i) -> const std::string& { return v[i].id; });
    d["name"] = text([&](std::size_t i) -> const std::string& { return v[i].name; });
    d["kind"] = text([&](std::size_t i) -> const std::string& { return kinds[i]; });
    d["tier"] = text([&](std::size_t i) -> const std::string& { return v[i].tier; });
    d["likelihood"] = numbers([&](std::size_t i) { return v[i].likelihood; });
    d["direct_impact"] = numbers([&](std::size_t i) { return v[i].direct_impact; });
    d["cascade_impact"] = numbers([&](std::size_t i) { return v[i].cascade_impact; });
    d["cascade_stderr"] = numbers([&](std::size_t i) { return v[i].cascade_stderr.value_or(nan); });
    d["cascade_method"] = text([&](std::size_t i) -> const std::string& { return methods[i]; });
    d["risk"] = numbers([&](std::size_t i) { return v[i].risk; });
    d["inherent_risk"] = numbers([&](std::size_t i) { return v[i].inherent_risk; });
    d["people_exposed"] = numbers([&](std::size_t i) { return v[i].people_exposed; });
    d["organisations_affected"] =
        numbers([&](std::size_t i) { return static_cast<std::int64_t>(v[i].organisations_affected.size()); });
    d["expected_annual_loss"] = numbers([&](std::size_t i) { return v[i].expected_annual_loss.value_or(nan); });
    return d;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "breachrank's C++ library (use the breachrank package, not this module)";
    m.attr("__version__") = kVersion;

    // Errors: the classes live in breachrank._errors (plain Python, so that
    // they pickle and subclass like any exception); raised from here.
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const InputFailure& f) {
            py::object cls = py::module_::import("breachrank._errors").attr("InputError");
            py::list diagnostics;
            for (const Diagnostic& d : f.diagnostics.items())
                diagnostics.append(py::make_tuple(d.file, d.mark.line, d.mark.column, d.message));
            std::string text = f.diagnostics.str();
            while (!text.empty() && text.back() == '\n') text.pop_back();
            py::object e = cls(text, diagnostics);
            PyErr_SetObject(cls.ptr(), e.ptr());
        } catch (const Cancelled&) {
            // Only a signal cancels from Python (score_options): its exception, as raised.
            if (auto e = std::move(pending_signal_error()))
                e->restore();
            else
                PyErr_SetNone(PyExc_KeyboardInterrupt);
        } catch (const Error& e) {
            py::object cls = py::module_::import("breachrank._errors").attr("Error");
            PyErr_SetObject(cls.ptr(), cls(e.what()).ptr());
        }
    });

    // ---- inputs -------------------------------------------------------------
    py::class_<RulePack, Rules>(m, "RulePack", "A validated rule pack (load_rules(), default_rules())")
        .def_readonly("name", &RulePack::name)
        .def_property_readonly("categories",
                               [](const RulePack& r) {
                                   std::vector<std::string> out;
                                   for (const auto& c : r.categories) out.push_back(c.name);
                                   return out;
                               })
        .def_property_readonly("has_loss", [](const RulePack& r) { return r.loss.has_value(); })
        // Which pack this is (default_rules() hands out one pack under many wrappers).
        .def_property_readonly("_address", [](const RulePack& r) { return reinterpret_cast<std::uintptr_t>(&r); })
        .def("__repr__", [](const RulePack& r) { return "<breachrank.RulePack '" + r.name + "'>"; });

    py::class_<PyModel, std::shared_ptr<PyModel>>(m, "Model", "A validated model, with the pack it was loaded against")
        .def_property_readonly("name", [](const PyModel& p) { return p.model.name; })
        .def_property_readonly("rules", [](const PyModel& p) { return p.rules; })
        .def_property_readonly("entities", [](const PyModel& p) { return p.model.entities.size(); })
        .def_property_readonly("populations", [](const PyModel& p) { return p.model.populations.size(); })
        .def_property_readonly("flows", [](const PyModel& p) { return p.model.flows.size(); })
        .def_property_readonly("access", [](const PyModel& p) { return p.model.access.size(); })
        .def("__repr__", [](const PyModel& p) {
            return "<breachrank.Model '" + p.model.name + "': " + std::to_string(p.model.entities.size()) +
                   " entities>";
        });

    // The compiled-in pack lives as long as the library: a holder that never deletes it.
    m.def("default_rules", [] { return Rules(const_cast<RulePack*>(&default_rules()), [](RulePack*) {}); });
    m.def(
        "load_rules_file", [](const std::string& path) { return std::make_shared<RulePack>(take(load_rules_file(path))); },
        py::call_guard<py::gil_scoped_release>());
    m.def(
        "load_rules_text",
        [](const std::string& text, const std::string& name) {
            return std::make_shared<RulePack>(take(load_rules_text(text, name)));
        },
        py::call_guard<py::gil_scoped_release>());
    m.def(
        "load_model_file",
        [](const std::string& path, Rules rules, std::vector<std::string> allowed) {
            ModelLoadOptions o;
            o.allowed_paths = std::move(allowed);
            return std::make_shared<PyModel>(PyModel{rules, take(load_model_file(path, *rules, o))});
        },
        py::call_guard<py::gil_scoped_release>());
    m.def(
        "load_model_text",
        [](const std::string& text, const std::string& name, Rules rules, std::vector<std::string> allowed) {
            ModelLoadOptions o;
            o.allowed_paths = std::move(allowed);
            return std::make_shared<PyModel>(PyModel{rules, take(load_model_text(text, name, *rules, o))});
        },
        py::call_guard<py::gil_scoped_release>());
    // A scenario applied to a model: the changed model, with the scenario's name and notes.
    m.def(
        "apply_scenario",
        [](const PyModel& base, const std::string& text_or_path, const std::string& name, bool is_text) {
            Scenario s = is_text ? take(load_scenario_text(text_or_path, name, *base.rules))
                                 : take(load_scenario_file(text_or_path, *base.rules));
            AppliedScenario a = take(apply_scenario(base.model, *base.rules, s));
            return py::make_tuple(s.name, std::make_shared<PyModel>(PyModel{base.rules, std::move(a.model)}), a.notes);
        });

    // ---- results --------------------------------------------------------------
    py::class_<PopulationExposure>(m, "PopulationExposure")
        .def_readonly("population", &PopulationExposure::population)
        .def_readonly("owner", &PopulationExposure::owner)
        .def_readonly("people", &PopulationExposure::people)
        .def_readonly("harm", &PopulationExposure::harm);

    py::class_<VendorScore>(m, "VendorScore")
        .def_readonly("rank", &VendorScore::rank)
        .def_readonly("id", &VendorScore::id)
        .def_readonly("name", &VendorScore::name)
        .def_property_readonly("kind", [](const VendorScore& v) { return kind_name(v.kind); })
        .def_readonly("tier", &VendorScore::tier)
        .def_readonly("likelihood", &VendorScore::likelihood)
        .def_readonly("direct_impact", &VendorScore::direct_impact)
        .def_readonly("cascade_impact", &VendorScore::cascade_impact)
        .def_readonly("cascade_stderr", &VendorScore::cascade_stderr)
        .def_property_readonly("cascade_method", [](const VendorScore& v) { return method_name(v.cascade_method); })
        .def_readonly("risk", &VendorScore::risk)
        .def_readonly("inherent_risk", &VendorScore::inherent_risk)
        .def_readonly("people_exposed", &VendorScore::people_exposed)
        .def_readonly("organisations_affected", &VendorScore::organisations_affected)
        .def_readonly("exposures", &VendorScore::exposures)
        .def_readonly("rules_fired", &VendorScore::rules_fired)
        .def_readonly("expected_incident_loss", &VendorScore::expected_incident_loss)
        .def_readonly("expected_annual_loss", &VendorScore::expected_annual_loss)
        .def("__repr__", [](const VendorScore& v) {
            return "<breachrank.VendorScore #" + std::to_string(v.rank) + " '" + v.id + "' risk " +
                   std::to_string(v.risk) + ">";
        });

    py::bind_vector<std::vector<VendorScore>>(m, "VendorScores");

    py::class_<OrganisationScore>(m, "OrganisationScore")
        .def_readonly("id", &OrganisationScore::id)
        .def_readonly("name", &OrganisationScore::name)
        .def_readonly("people", &OrganisationScore::people)
        .def_readonly("exposure", &OrganisationScore::exposure);

    py::class_<ScoreSummary>(m, "ScoreSummary")
        .def_readonly("vendors", &ScoreSummary::vendors)
        .def_readonly("without_access", &ScoreSummary::without_access)
        .def_readonly("exact", &ScoreSummary::exact)
        .def_readonly("montecarlo", &ScoreSummary::montecarlo)
        .def_readonly("linear", &ScoreSummary::linear)
        .def_readonly("message", &ScoreSummary::message);

    py::class_<ScoreResult>(m, "ScoreResult")
        .def_readonly("model", &ScoreResult::model)
        .def_readonly("rules", &ScoreResult::rules)
        .def_property_readonly("method", [](const ScoreResult& r) { return method_name(r.method); })
        .def_readonly("trials", &ScoreResult::trials)
        .def_readonly("seed", &ScoreResult::seed)
        .def_readonly("circumstances", &ScoreResult::circumstances)
        .def_readonly("vendors", &ScoreResult::vendors)
        .def_readonly("organisations", &ScoreResult::organisations)
        .def_readonly("summary", &ScoreResult::summary)
        .def_readonly("currency", &ScoreResult::currency)
        .def_readonly("expected_annual_loss", &ScoreResult::expected_annual_loss)
        .def_property_readonly("total_risk",
                               [](const ScoreResult& r) {
                                   double t = 0;
                                   for (const VendorScore& v : r.vendors) t += v.risk;
                                   return t;
                               })
        .def("to_dict", [](const ScoreResult& r) { return parse_json(render_score(r, Format::json)); })
        .def("_vendor_columns", &vendor_columns)
        .def("__len__", [](const ScoreResult& r) { return r.vendors.size(); })
        .def("__repr__", [](const ScoreResult& r) {
            return "<breachrank.ScoreResult '" + r.model + "': " + std::to_string(r.vendors.size()) + " vendors>";
        });

    py::class_<ReachProbability>(m, "ReachProbability")
        .def_readonly("id", &ReachProbability::id)
        .def_readonly("probability", &ReachProbability::probability);

    py::class_<BreachResult>(m, "BreachResult")
        .def_readonly("breached", &BreachResult::breached)
        .def_readonly("harm", &BreachResult::harm)
        .def_readonly("people_exposed", &BreachResult::people_exposed)
        .def_readonly("exposures", &BreachResult::exposures)
        .def_readonly("expected_harm", &BreachResult::expected_harm)
        .def_readonly("expected_harm_stderr", &BreachResult::expected_harm_stderr)
        .def_readonly("reach", &BreachResult::reach)
        .def_readonly("consequences", &BreachResult::consequences)
        .def("to_dict", [](const BreachResult& r) { return parse_json(render_breach(r, Format::json)); });

    py::class_<VendorExplanation>(m, "VendorExplanation")
        .def_readonly("score", &VendorExplanation::score)
        .def_readonly("vendors", &VendorExplanation::vendors)
        .def_readonly("reach", &VendorExplanation::reach)
        .def("to_dict", [](const VendorExplanation& x) { return parse_json(render_explanation(x, Format::json)); });

    py::class_<VendorStanding>(m, "VendorStanding")
        .def_readonly("risk", &VendorStanding::risk)
        .def_readonly("rank", &VendorStanding::rank)
        .def_readonly("tier", &VendorStanding::tier)
        .def_readonly("expected_annual_loss", &VendorStanding::expected_annual_loss);

    py::class_<VendorDelta>(m, "VendorDelta")
        .def_readonly("id", &VendorDelta::id)
        .def_readonly("before", &VendorDelta::before)
        .def_readonly("after", &VendorDelta::after)
        .def_readonly("delta_risk", &VendorDelta::delta_risk);

    py::class_<WhatIfResult>(m, "WhatIfResult")
        .def_readonly("scenario", &WhatIfResult::scenario)
        .def_readonly("total_risk_before", &WhatIfResult::total_risk_before)
        .def_readonly("total_risk_after", &WhatIfResult::total_risk_after)
        .def_readonly("vendors", &WhatIfResult::vendors)
        .def_readonly("notes", &WhatIfResult::notes)
        .def_readonly("before", &WhatIfResult::before)
        .def_readonly("after", &WhatIfResult::after)
        .def_readonly("currency", &WhatIfResult::currency)
        .def("to_dict", [](const WhatIfResult& r) { return parse_json(render_whatif({r}, Format::json)); });

    py::class_<VendorEffect>(m, "VendorEffect")
        .def_readonly("id", &VendorEffect::id)
        .def_readonly("before", &VendorEffect::before)
        .def_readonly("after", &VendorEffect::after);

    py::class_<Suggestion>(m, "Suggestion")
        .def_readonly("vendor", &Suggestion::vendor)
        .def_readonly("description", &Suggestion::description)
        .def_readonly("total_risk_before", &Suggestion::total_risk_before)
        .def_readonly("total_risk_after", &Suggestion::total_risk_after)
        .def_readonly("reduction", &Suggestion::reduction)
        .def_readonly("vendor_risk_before", &Suggestion::vendor_risk_before)
        .def_readonly("vendor_risk_after", &Suggestion::vendor_risk_after)
        .def_readonly("effects", &Suggestion::effects)
        .def_readonly("cost", &Suggestion::cost)
        .def_readonly("loss_avoided", &Suggestion::loss_avoided)
        .def_readonly("net_return", &Suggestion::net_return)
        .def("__repr__", [](const Suggestion& s) { return "<breachrank.Suggestion " + s.description + ">"; });

    py::class_<Suggestions>(m, "Suggestions")
        .def_readonly("suggestions", &Suggestions::items)
        .def_readonly("total_risk", &Suggestions::total_risk)
        .def("__len__", [](const Suggestions& s) { return s.items.size(); })
        .def("__getitem__",
             [](const Suggestions& s, py::ssize_t i) {
                 const auto n = static_cast<py::ssize_t>(s.items.size());
                 if (i < 0) i += n;
                 if (i < 0 || i >= n) throw py::index_error("suggestion index out of range");
                 return s.items[static_cast<std::size_t>(i)];
             })
        .def("to_dict",
             [](const Suggestions& s) { return parse_json(render_suggestions(s.items, s.total_risk, Format::json)); });

    py::class_<PlanStep>(m, "PlanStep")
        .def_readonly("description", &PlanStep::description)
        .def_readonly("vendor", &PlanStep::vendor)
        .def_readonly("cost", &PlanStep::cost)
        .def_readonly("total_risk_before", &PlanStep::total_risk_before)
        .def_readonly("total_risk_after", &PlanStep::total_risk_after)
        .def_readonly("reduction", &PlanStep::reduction)
        .def_readonly("effects", &PlanStep::effects)
        .def_readonly("notes", &PlanStep::notes)
        .def_readonly("loss_avoided", &PlanStep::loss_avoided)
        .def_readonly("net_return", &PlanStep::net_return);

    py::class_<PlanResult>(m, "PlanResult")
        .def_readonly("total_risk_before", &PlanResult::total_risk_before)
        .def_readonly("total_risk_after", &PlanResult::total_risk_after)
        .def_readonly("cost", &PlanResult::cost)
        .def_readonly("steps", &PlanResult::steps)
        .def_readonly("stopped", &PlanResult::stopped)
        .def_readonly("currency", &PlanResult::currency)
        .def_readonly("loss_before", &PlanResult::loss_before)
        .def_readonly("loss_after", &PlanResult::loss_after)
        .def("to_dict", [](const PlanResult& r) { return parse_json(render_plan(r, Format::json)); });

    py::class_<VendorLoss>(m, "VendorLoss")
        .def_readonly("rank", &VendorLoss::rank)
        .def_readonly("id", &VendorLoss::id)
        .def_readonly("likelihood", &VendorLoss::likelihood)
        .def_readonly("expected_incident_loss", &VendorLoss::expected_incident_loss)
        .def_readonly("expected_annual_loss", &VendorLoss::expected_annual_loss)
        .def_readonly("tail_share_20", &VendorLoss::tail_share_20)
        .def_readonly("tail_share_100", &VendorLoss::tail_share_100);

    py::bind_vector<std::vector<VendorLoss>>(m, "VendorLosses");

    py::class_<LossResult>(m, "LossResult")
        .def_readonly("currency", &LossResult::currency)
        .def_readonly("years", &LossResult::years)
        .def_readonly("seed", &LossResult::seed)
        .def_readonly("vendors", &LossResult::vendors)
        .def_readonly("expected_annual_loss", &LossResult::expected_annual_loss)
        .def_readonly("simulated_mean", &LossResult::simulated_mean)
        .def_readonly("simulated_stderr", &LossResult::simulated_stderr)
        .def_readonly("p50", &LossResult::p50)
        .def_readonly("p90", &LossResult::p90)
        .def_readonly("p95", &LossResult::p95)
        .def_readonly("p99", &LossResult::p99)
        .def("to_dict", [](const LossResult& r) { return parse_json(render_loss(r, Format::json)); });

    // ---- the work (the GIL released) ----------------------------------------------
    using Strings = std::vector<std::string>;
    using OptMethod = std::optional<std::string>;
    using OptInt = std::optional<std::int64_t>;
    using OptSeed = std::optional<std::uint64_t>;
    const auto release = py::call_guard<py::gil_scoped_release>();

    m.def(
        "score",
        [](const PyModel& p, OptMethod method, OptInt trials, OptSeed seed, int threads, const Strings& circumstances) {
            return score(p.model, *p.rules, score_options(method, trials, seed, threads, circumstances));
        },
        release);
    m.def(
        "breach",
        [](const PyModel& p, const Strings& entities, OptMethod method, OptInt trials, OptSeed seed, int threads,
           const Strings& circumstances, bool unintelligible, std::optional<std::string> discovered) {
            IncidentOptions io;
            io.unintelligible = unintelligible;
            io.discovered = std::move(discovered);
            return breach(p.model, *p.rules, entities, score_options(method, trials, seed, threads, circumstances), io);
        },
        release);
    m.def(
        "explain",
        [](const PyModel& p, const std::string& vendor, OptMethod method, OptInt trials, OptSeed seed, int threads,
           const Strings& circumstances) {
            return explain(p.model, *p.rules, vendor, score_options(method, trials, seed, threads, circumstances));
        },
        release);
    m.def(
        "whatif",
        [](const PyModel& base, const PyModel& changed, const std::string& name, Strings notes, OptMethod method,
           OptInt trials, OptSeed seed, int threads, const Strings& circumstances) {
            const ScoreOptions o = score_options(method, trials, seed, threads, circumstances);
            return compare(name, score(base.model, *base.rules, o), score(changed.model, *changed.rules, o),
                           std::move(notes));
        },
        release);
    m.def(
        "suggest",
        [](const PyModel& p, std::size_t top, const Strings& vendors, OptMethod method, OptInt trials, OptSeed seed,
           int threads) {
            const ScoreOptions o = score_options(method, trials, seed, threads, {});
            SuggestOptions so;
            so.top = top;
            so.vendors = vendors;
            Suggestions out;
            out.items = suggest(p.model, *p.rules, o, so);
            // As the CLI: the total the suggestions were measured against.
            if (!out.items.empty())
                out.total_risk = out.items.front().total_risk_before;
            else
                for (const VendorScore& v : score(p.model, *p.rules, o).vendors) out.total_risk += v.risk;
            return out;
        },
        release);
    m.def(
        "plan",
        [](const PyModel& p, std::size_t steps, std::optional<double> budget, OptMethod method, OptInt trials,
           OptSeed seed, int threads) {
            PlanOptions po;
            po.steps = steps;
            po.budget = budget;
            return plan(p.model, *p.rules, score_options(method, trials, seed, threads, {}), po);
        },
        release);
    m.def(
        "loss",
        [](const PyModel& p, OptInt years, OptMethod method, OptInt trials, OptSeed seed, int threads,
           const Strings& circumstances) {
            LossOptions lo;
            lo.years = years;
            return loss(p.model, *p.rules, score_options(method, trials, seed, threads, circumstances), lo);
        },
        release);
}
