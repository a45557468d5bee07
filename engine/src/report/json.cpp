// The JSON of SPEC §7 for every result, written by the streaming JsonWriter:
// no document tree is built, and a ranking is written in slices on two threads.

#include "breachrank/report.hpp"
#include "report/json_writer.hpp"
#include "report/render.hpp"
#include "report/slices.hpp"

namespace breachrank::report {

namespace {

// Band traces of `explain` are written inside each band (nullptr: none):
// [segment][band] for one exposure.
using SegmentTraces = std::vector<std::vector<SeverityTrace>>;

void write_trace(JsonWriter& w, const SeverityTrace& t) {
    w.start_object();
    w.key("base");
    w.number(t.base);
    w.key("ease");
    w.number(t.ease);
    w.key("rules");
    w.start_array();
    for (const RuleApplication& a : t.rules) {
        w.start_object();
        w.key("rule");
        w.string(a.rule);
        w.key("effects");
        w.start_object();
        for (const auto& [name, value] : a.effects) {
            w.key(name);
            w.number(value);
        }
        w.end_object();
        w.key("expressions");
        w.strings(a.expressions);
        w.key("if");
        w.text_or_null(a.condition);
        w.key("traits");
        w.start_object();
        for (const auto& [name, value] : a.traits) {
            w.key(name);
            w.number(value);
        }
        w.end_object();
        w.key("because");
        w.string(a.because);
        w.end_object();
    }
    w.end_array();
    w.key("final_base");
    w.number(t.final_base);
    w.key("final_ease");
    w.number(t.final_ease);
    w.key("multiply");
    w.number(t.mult);
    w.key("add");
    w.number(t.add);
    w.key("circumstances");
    w.number(t.circumstances);
    w.key("severity");
    w.number(t.severity);
    w.key("level");
    w.text_or_null(t.level);
    w.end_object();
}

void write_segment(JsonWriter& w, const SegmentExposure& s, const std::vector<SeverityTrace>* traces) {
    w.start_object();
    w.key("segment");
    w.string(s.segment);
    w.key("people");
    w.number(s.people);
    w.key("harm");
    w.number(s.harm);
    w.key("bands");
    w.start_array();
    for (std::size_t b = 0; b < s.bands.size(); ++b) {
        const BandScore& band = s.bands[b];
        w.start_object();
        w.key("share");
        w.number(band.share);
        w.key("people");
        w.number(band.people);
        w.key("categories");
        w.strings(band.categories);
        w.key("severity");
        w.number(band.severity);
        w.key("level");
        w.text_or_null(band.level);
        if (traces) {
            w.key("trace");
            write_trace(w, (*traces)[b]);
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void write_exposure(JsonWriter& w, const PopulationExposure& e, const SegmentTraces* traces) {
    w.start_object();
    w.key("population");
    w.string(e.population);
    w.key("owner");
    w.string(e.owner);
    w.key("people");
    w.number(e.people);
    w.key("harm");
    w.number(e.harm);
    w.key("segments");
    w.start_array();
    for (std::size_t s = 0; s < e.segments.size(); ++s) write_segment(w, e.segments[s], traces ? &(*traces)[s] : nullptr);
    w.end_array();
    w.end_object();
}

void write_notification(JsonWriter& w, const NotificationDecision& n) {
    w.start_object();
    w.key("authority");
    w.start_object();
    w.key("required");
    w.boolean(n.authority.required);
    w.key("deadline");
    w.text_or_null(n.authority.deadline.value_or(""));
    w.key("reason");
    w.string(n.authority.reason);
    w.end_object();
    w.key("individuals");
    w.start_object();
    w.key("required");
    w.boolean(n.individuals.required);
    w.key("people");
    w.number(n.individuals.people);
    w.key("reason");
    w.string(n.individuals.reason);
    w.key("groups");
    w.start_array();
    for (const NotificationGroup& g : n.individuals.groups) {
        w.start_object();
        w.key("population");
        w.string(g.population);
        w.key("segment");
        w.string(g.segment);
        w.key("people");
        w.number(g.people);
        w.key("level");
        w.string(g.level);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_object();
}

void write_reach(JsonWriter& w, const std::vector<ReachProbability>& reach) {
    w.start_array();
    for (const ReachProbability& r : reach) {
        w.start_object();
        w.key("id");
        w.string(r.id);
        w.key("probability");
        w.number(r.probability);
        w.end_object();
    }
    w.end_array();
}

// The vendor's keys in SPEC §7 order; `explanation` adds the traces of `explain`.
void write_vendor(JsonWriter& w, const VendorScore& v, const VendorExplanation* explanation = nullptr) {
    w.start_object();
    w.key("rank");
    w.integer(v.rank);
    w.key("id");
    w.string(v.id);
    w.key("name");
    w.string(v.name);
    w.key("kind");
    w.string(kind_name(v.kind));
    w.key("tier");
    w.text_or_null(v.tier);
    w.key("likelihood");
    w.number(v.likelihood);
    w.key("direct_impact");
    w.number(v.direct_impact);
    w.key("cascade_impact");
    w.number(v.cascade_impact);
    w.key("cascade_stderr");
    w.number_or_null(v.cascade_stderr);
    w.key("cascade_method");
    w.string(method_name(v.cascade_method));
    w.key("risk");
    w.number(v.risk);
    w.key("inherent_risk");
    w.number(v.inherent_risk);
    w.key("people_exposed");
    w.number(v.people_exposed);
    w.key("organisations_affected");
    w.strings(v.organisations_affected);
    w.key("exposures");
    w.start_array();
    for (std::size_t e = 0; e < v.exposures.size(); ++e)
        write_exposure(w, v.exposures[e], explanation ? &explanation->bands[e] : nullptr);
    w.end_array();
    w.key("rules_fired");
    w.strings(v.rules_fired);
    if (v.expected_annual_loss) {  // only with the pack's `loss` section
        w.key("expected_incident_loss");
        w.number(*v.expected_incident_loss);
        w.key("expected_incident_loss_stderr");
        w.number_or_null(v.expected_incident_loss_stderr);
        w.key("expected_annual_loss");
        w.number(*v.expected_annual_loss);
    }
    if (explanation) {
        const LikelihoodTrace& l = explanation->likelihood;
        w.key("likelihood_trace");
        w.start_object();
        w.key("kind");
        w.string(l.kind);
        w.key("base");
        w.number(l.base);
        for (const auto& [name, factors] : {std::pair{"controls", &l.controls}, std::pair{"tags", &l.tags}}) {
            w.key(name);
            w.start_object();
            for (const NamedFactor& f : *factors) {
                w.key(f.name);
                w.number(f.factor);
            }
            w.end_object();
        }
        w.key("override");
        w.number_or_null(l.override_value);
        w.key("likelihood");
        w.number(l.likelihood);
        w.key("without_controls");
        w.number(l.inherent);
        w.end_object();
        w.key("reach");
        write_reach(w, explanation->reach);
    }
    w.end_object();
}

// Vendors per slice: about a megabyte of JSON each at 100,000 vendors.
constexpr std::size_t kVendorsPerSlice = 1000;

}  // namespace

void write_score_json(std::ostream& out, const ScoreResult& r, std::size_t top) {
    JsonWriter w(&out);
    w.start_object();
    w.key("schema");
    w.string("breachrank.score/2");
    w.key("model");
    w.string(r.model);
    w.key("rules");
    w.string(r.rules);
    w.key("method");
    w.string(method_name(r.method));
    w.key("trials");
    w.integer_or_null(r.trials);
    w.key("seed");
    w.unsigned_integer(r.seed);
    if (r.currency) {  // only with the pack's `loss` section
        w.key("currency");
        w.string(*r.currency);
        w.key("expected_annual_loss");
        w.number(*r.expected_annual_loss);
    }
    w.key("vendors");
    const std::size_t n = listed(r, top);
    w.open_raw_array();
    write_in_slices(out, n, kVendorsPerSlice, [&](std::size_t begin, std::size_t end, std::string& text) {
        JsonWriter slice;
        slice.nest_in_arrays(2, begin > 0);  // inside the root object and the vendors array
        for (std::size_t i = begin; i < end; ++i) write_vendor(slice, r.vendors[i]);
        text += slice.take();
    });
    w.close_raw_array(n == 0, 1);
    w.key("organisations");
    w.start_array();
    for (const OrganisationScore& o : r.organisations) {
        w.start_object();
        w.key("id");
        w.string(o.id);
        w.key("name");
        w.string(o.name);
        w.key("people");
        w.number(o.people);
        w.key("exposure");
        w.number(o.exposure);
        w.end_object();
        w.flush_if_full();
    }
    w.end_array();
    w.end_object();
    w.flush();
    out << '\n';
}

std::string explanation_json(const VendorExplanation& x) {
    JsonWriter w;
    w.start_object();
    w.key("schema");
    w.string("breachrank.explain/2");
    w.key("vendors_ranked");
    w.unsigned_integer(x.vendors);
    w.key("vendor");
    write_vendor(w, x.score, &x);
    w.end_object();
    return w.take() + "\n";
}

std::string breach_json(const BreachResult& b) {
    JsonWriter w;
    w.start_object();
    w.key("schema");
    w.string("breachrank.breach/2");
    w.key("breached");
    w.strings(b.breached);
    w.key("circumstances");
    w.strings(b.circumstances);
    w.key("harm");
    w.number(b.harm);
    w.key("people_exposed");
    w.number(b.people_exposed);
    w.key("expected_harm");
    w.number(b.expected_harm);
    w.key("exposures");
    w.start_array();
    for (const PopulationExposure& e : b.exposures) write_exposure(w, e, nullptr);
    w.end_array();
    w.key("reach");
    write_reach(w, b.reach);
    w.key("notification");
    write_notification(w, b.notification);
    // Beyond SPEC §7's keys, how the expectation was computed, and the likely
    // consequences (the rules that fired and why).
    w.key("method");
    w.string(method_name(b.method));
    w.key("trials");
    w.integer_or_null(b.trials);
    w.key("expected_harm_stderr");
    w.number_or_null(b.expected_harm_stderr);
    w.key("consequences");
    w.start_array();
    for (const auto& [rule, because] : b.consequences) {
        w.start_object();
        w.key("rule");
        w.string(rule);
        w.key("because");
        w.string(because);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take() + "\n";
}

namespace {

void write_standing(JsonWriter& w, const std::optional<VendorStanding>& s) {
    if (!s) {
        w.null();
        return;
    }
    w.start_object();
    w.key("risk");
    w.number(s->risk);
    w.key("rank");
    w.integer(s->rank);
    w.key("tier");
    w.text_or_null(s->tier);
    if (s->expected_annual_loss) {
        w.key("expected_annual_loss");
        w.number(*s->expected_annual_loss);
    }
    w.end_object();
}

void write_before_after(JsonWriter& w, double before, double after) {
    w.start_object();
    w.key("before");
    w.number(before);
    w.key("after");
    w.number(after);
    w.end_object();
}


void write_whatif(JsonWriter& w, const WhatIfResult& r) {
    w.start_object();
    w.key("schema");
    w.string("breachrank.whatif/1");
    w.key("scenario");
    w.string(r.scenario);
    w.key("total_risk");
    write_before_after(w, r.total_risk_before, r.total_risk_after);
    if (r.currency) {
        w.key("currency");
        w.string(*r.currency);
        w.key("expected_annual_loss");
        write_before_after(w, r.before.expected_annual_loss.value_or(0), r.after.expected_annual_loss.value_or(0));
    }
    w.key("vendors");
    w.start_array();
    for (const VendorDelta& d : r.vendors) {
        w.start_object();
        w.key("id");
        w.string(d.id);
        w.key("before");
        write_standing(w, d.before);
        w.key("after");
        write_standing(w, d.after);
        w.key("delta_risk");
        w.number(d.delta_risk);
        w.end_object();
    }
    w.end_array();
    w.key("notes");
    w.strings(r.notes);
    w.end_object();
}

}  // namespace

std::string whatif_json(const std::vector<WhatIfResult>& results) {
    JsonWriter w;
    if (results.size() == 1) {
        write_whatif(w, results[0]);
    } else {
        w.start_array();
        for (const WhatIfResult& r : results) write_whatif(w, r);
        w.end_array();
    }
    return w.take() + "\n";
}

std::string suggestions_json(const std::vector<Suggestion>& s, double total_risk) {
    JsonWriter w;
    w.start_object();
    w.key("schema");
    w.string("breachrank.suggest/1");
    w.key("total_risk");
    w.number(total_risk);
    w.key("suggestions");
    w.start_array();
    for (const Suggestion& x : s) {
        w.start_object();
        w.key("change");
        w.start_object();
        w.key("kind");
        w.string(change_name(x.change.kind));
        // Only the fields the kind of change uses, in this order.
        for (const auto& [name, value] : {std::pair{"from", &x.change.from}, std::pair{"to", &x.change.to},
                                          std::pair{"population", &x.change.population}}) {
            if (value->empty()) continue;
            w.key(name);
            w.string(*value);
        }
        if (!x.change.categories.empty()) {
            w.key("categories");
            w.strings(x.change.categories);
        }
        for (const auto& [name, value] : {std::pair{"entity", &x.change.entity}, std::pair{"control", &x.change.control}}) {
            if (value->empty()) continue;
            w.key(name);
            w.string(*value);
        }
        w.end_object();
        w.key("description");
        w.string(x.description);
        w.key("vendor");
        w.string(x.vendor);
        w.key("total_risk");
        write_before_after(w, x.total_risk_before, x.total_risk_after);
        w.key("reduction");
        w.number(x.reduction);
        w.key("vendor_risk");
        write_before_after(w, x.vendor_risk_before, x.vendor_risk_after);
        w.key("cost");
        w.number(x.cost);
        write_loss_avoided(w, x.loss_avoided, x.net_return);
        w.key("effects");
        write_effects(w, x.effects);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take() + "\n";
}

void write_loss_avoided(JsonWriter& w, const std::optional<double>& loss_avoided, const std::optional<double>& net_return) {
    if (!loss_avoided) return;
    w.key("loss_avoided");
    w.number(*loss_avoided);
    w.key("return");
    w.number(*net_return);
}

void write_effects(JsonWriter& w, const std::vector<VendorEffect>& effects) {
    w.start_array();
    for (const VendorEffect& e : effects) {
        w.start_object();
        w.key("id");
        w.string(e.id);
        w.key("before");
        w.number(e.before);
        w.key("after");
        w.number(e.after);
        w.end_object();
    }
    w.end_array();
}

}  // namespace breachrank::report
