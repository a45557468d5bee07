// breach(): the incident look-up. What breaching a given set of entities
// exposes at once, and where the breach may spread from there: the expected
// harm over the cascade and each entity's probability of being reached.
#include <algorithm>

#include <fmt/format.h>

#include "propagation/vendor_runs.hpp"
#include "propagation/notification.hpp"
#include "scoring/basis.hpp"
#include "support/finite.hpp"

namespace breachrank {

using support::require_finite;

namespace {

std::vector<int> breached_set(const Model& model, const std::vector<std::string>& entities) {
    std::vector<int> set;
    for (const std::string& id : entities) {
        int e = model.find_entity(id);
        if (e < 0) throw Error(fmt::format("no entity has the id '{}'", id));
        if (std::find(set.begin(), set.end(), e) != set.end()) throw Error(fmt::format("'{}' is named twice", id));
        set.push_back(e);
    }
    return set;
}

// The stream belongs to the breached set, not to the order it was named in.
std::string stream_key(const std::vector<std::string>& entities) {
    std::vector<std::string> sorted_ids = entities;
    std::sort(sorted_ids.begin(), sorted_ids.end());
    std::string key;
    for (const std::string& id : sorted_ids) key += id + '\n';
    return key;
}

}  // namespace

BreachResult breach(const Model& model, const RulePack& rules, const std::vector<std::string>& entities,
                    const ScoreOptions& options, const IncidentOptions& incident) {
    using namespace propagation;
    const Settings st = settings_of(rules, options);
    if (entities.empty()) throw Error("name at least one breached entity");
    if (st.method == CascadeMethod::linear)
        throw Error("the linear screen gives no reach probabilities; use --method exact, montecarlo or auto");
    const std::vector<int> set = breached_set(model, entities);
    Context cx(model, rules, 1, st.circumstances);
    BreachResult out;
    out.model = model.name;
    out.rules = rules.name;
    out.breached = entities;
    for (int e : set) out.breached_names.push_back(model.entities[static_cast<std::size_t>(e)].name);
    out.unintelligible = incident.unintelligible;
    out.circumstances = circumstance_names(rules, st);
    std::vector<std::string> fired;
    scoring::describe_direct(cx, set, out.exposures, out.people_exposed, nullptr, &fired);
    for (const std::string& id : fired)
        out.consequences.emplace_back(id, rules.rules[static_cast<std::size_t>(rules.find_rule(id))].because);
    for (const PopulationExposure& e : out.exposures) out.harm += e.harm;
    std::string who = entities.size() == 1 ? fmt::format("'{}'", entities[0]) : "the breached set";
    Plan plan = plan_for(cx, set, st.method, [&] { return who; });
    Cascader c = cx.cascader();
    CascadeEstimate est = plan == Plan::exact
                              ? c.exact(set, true)
                              : c.montecarlo(set, st.trials, stream_seed(st.seed, stream_key(entities)), true);
    out.method = method_of(plan);
    if (plan == Plan::montecarlo) out.trials = st.trials;
    require_finite(out.harm, "the harm of the breach");
    require_finite(est.mean, "the expected harm of the breach");
    require_finite(est.standard_error, "the standard error of the expected harm");
    out.expected_harm = est.mean;
    out.expected_harm_stderr = est.standard_error;
    out.reach = reach_list(model, est.reach, set, true);
    out.notification = decide_notification(rules, out.exposures, incident);
    if (incident.discovered) out.discovered = format_utc(*parse_iso8601(*incident.discovered));
    return out;
}

}  // namespace breachrank
