// The JSON of `plan` (SPEC §7 `breachrank.plan/1`): SPEC's keys first, then
// breachrank's additions per step (README "Plans").
#include "report/json_writer.hpp"
#include "report/render.hpp"

namespace breachrank::report {

std::string plan_json(const PlanResult& p) {
    JsonWriter w;
    w.start_object();
    w.key("schema");
    w.string("breachrank.plan/1");
    w.key("total_risk");
    w.start_object();
    w.key("before");
    w.number(p.total_risk_before);
    w.key("after");
    w.number(p.total_risk_after);
    w.end_object();
    w.key("cost");
    w.number(p.cost);
    w.key("steps");
    w.start_array();
    for (const PlanStep& s : p.steps) {
        w.start_object();
        w.key("change");
        w.string(s.description);
        w.key("cost");
        w.number(s.cost);
        w.key("total_risk_after");
        w.number(s.total_risk_after);
        w.key("kind");
        w.string(change_name(s.change.kind));
        w.key("vendor");
        w.string(s.vendor);
        w.key("reduction");
        w.number(s.reduction);
        w.key("effects");
        write_effects(w, s.effects);
        write_loss_avoided(w, s.loss_avoided, s.net_return);
        w.key("notes");
        w.strings(s.notes);
        w.end_object();
    }
    w.end_array();
    w.key("stopped");
    w.string(p.stopped);
    if (p.currency) {
        w.key("currency");
        w.string(*p.currency);
        w.key("expected_annual_loss");
        w.start_object();
        w.key("before");
        w.number(p.loss_before.value_or(0));
        w.key("after");
        w.number(p.loss_after.value_or(0));
        w.end_object();
    }
    w.end_object();
    return w.take() + "\n";
}

}  // namespace breachrank::report
