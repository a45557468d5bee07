// The JSON of `loss` (SPEC §7 `breachrank.loss/1`), beside json.cpp's other
// results: SPEC's keys first, then breachrank's additions (README "Money").
#include <algorithm>

#include "report/json_writer.hpp"
#include "report/render.hpp"

namespace breachrank::report {

std::string loss_json(const LossResult& r, std::size_t top) {
    JsonWriter w;
    w.start_object();
    w.key("schema");
    w.string("breachrank.loss/1");
    w.key("model");
    w.string(r.model);
    w.key("rules");
    w.string(r.rules);
    w.key("method");
    w.string(method_name(r.method));
    w.key("trials");
    w.integer_or_null(r.trials);
    w.key("currency");
    w.string(r.currency);
    w.key("years");
    w.integer(r.years);
    w.key("seed");
    w.unsigned_integer(r.seed);
    w.key("vendors");
    w.start_array();
    const std::size_t n = top == 0 ? r.vendors.size() : std::min(top, r.vendors.size());
    for (std::size_t i = 0; i < n; ++i) {
        const VendorLoss& v = r.vendors[i];
        w.start_object();
        w.key("rank");
        w.integer(v.rank);
        w.key("id");
        w.string(v.id);
        w.key("kind");
        w.string(kind_name(v.kind));
        w.key("likelihood");
        w.number(v.likelihood);
        w.key("expected_incident_loss");
        w.number(v.expected_incident_loss);
        w.key("expected_incident_loss_stderr");
        w.number_or_null(v.expected_incident_loss_stderr);
        w.key("cascade_method");
        w.string(method_name(v.cascade_method));
        w.key("expected_annual_loss");
        w.number(v.expected_annual_loss);
        w.key("tail_share_20");
        w.number(v.tail_share_20);
        w.key("tail_share_100");
        w.number(v.tail_share_100);
        w.key("risk");
        w.number(v.risk);
        w.end_object();
        w.flush_if_full();
    }
    w.end_array();
    w.key("portfolio");
    w.start_object();
    w.key("expected_annual_loss");
    w.number(r.expected_annual_loss);
    w.key("simulated_mean");
    w.number(r.simulated_mean);
    w.key("simulated_stderr");
    w.number(r.simulated_stderr);
    w.key("years_with_loss");
    w.number(r.years_with_loss);
    w.key("percentiles");
    w.start_object();
    for (auto [name, value] : {std::pair{"p50", r.p50}, {"p90", r.p90}, {"p95", r.p95}, {"p99", r.p99}}) {
        w.key(name);
        w.number_or_null(value);
    }
    w.end_object();
    w.key("exceedance");
    w.start_array();
    for (const ExceedancePoint& e : r.exceedance) {
        w.start_object();
        w.key("loss");
        w.number(e.loss);
        w.key("probability");
        w.number(e.probability);
        w.end_object();
    }
    w.end_array();
    w.key("appetite");
    w.start_array();
    for (const AppetiteCheck& a : r.appetite) {
        w.start_object();
        w.key("loss");
        w.number(a.loss);
        w.key("probability");
        w.number(a.probability);
        w.key("simulated_probability");
        w.number(a.simulated_probability);
        w.key("within");
        w.boolean(a.within);
        w.key("interval");
        w.start_array();
        w.number(a.interval_low);
        w.number(a.interval_high);
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_object();
    return w.take() + "\n";
}

}  // namespace breachrank::report
