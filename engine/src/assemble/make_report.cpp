// make_report(): everything the HTML report shows, computed as the library's
// own entry points compute it (score, explain, suggest, compare, loss), so
// every number on the page is the one the matching command prints for the
// same inputs. Unlike the rest of report/, which only formats results, this
// file gathers them: it runs the baseline once and reads the score, the
// suggestions and the money off it (scenario/, loss/ and rank/ expose those
// steps for it).
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "breachrank/report.hpp"
#include "loss/simulate.hpp"
#include "propagation/vendor_runs.hpp"
#include "rank/ranking.hpp"
#include "scenario/evaluator.hpp"
#include "support/parallel.hpp"
#include "support/timing.hpp"

namespace breachrank {

namespace {

// The diagram's entities (ids): the whole model when it is small; otherwise
// the top vendors, then their direct neighbours (by flows and access edges,
// the riskiest vendor's first) until `limit` entities are drawn.
std::vector<std::string> diagram_entities(const Model& model, const std::vector<std::string>& top, std::size_t limit,
                                   std::string& note) {
    const std::size_t n = model.entities.size();
    if (n <= limit) {
        note = fmt::format("The whole supply chain: {} entities, {} data flows and {} access edges.", n,
                           model.flows.size(), model.access.size());
        return {};
    }
    std::unordered_map<std::string_view, int> index;
    for (std::size_t e = 0; e < n; ++e) index.emplace(model.entities[e].id, static_cast<int>(e));
    std::vector<std::vector<int>> neighbours(n);
    for (const Flow& f : model.flows) {
        neighbours[static_cast<std::size_t>(f.from)].push_back(f.to);
        neighbours[static_cast<std::size_t>(f.to)].push_back(f.from);
    }
    for (const Access& a : model.access) {
        neighbours[static_cast<std::size_t>(a.from)].push_back(a.to);
        neighbours[static_cast<std::size_t>(a.to)].push_back(a.from);
    }
    std::vector<char> keep(n, 0);
    std::size_t kept = 0;
    std::vector<int> centres;
    // The top vendors are always drawn; their neighbours fill up to `limit`.
    for (const std::string& id : top)
        if (auto it = index.find(id); it != index.end()) {
            keep[static_cast<std::size_t>(it->second)] = 1;
            centres.push_back(it->second);
            ++kept;
        }
    std::vector<char> counted(n, 0);  // a neighbour left out, counted once
    std::size_t left_out = 0;
    for (int c : centres) {
        std::vector<int>& around = neighbours[static_cast<std::size_t>(c)];
        std::sort(around.begin(), around.end());
        around.erase(std::unique(around.begin(), around.end()), around.end());
        for (int w : around) {
            if (keep[static_cast<std::size_t>(w)]) continue;
            if (kept >= limit) {
                if (!counted[static_cast<std::size_t>(w)]) counted[static_cast<std::size_t>(w)] = 1, ++left_out;
                continue;
            }
            keep[static_cast<std::size_t>(w)] = 1;
            ++kept;
        }
    }
    note = fmt::format("The {} riskiest vendors, their direct neighbours and the arrows to and from them: {} of the "
                       "model's {} entities{}. The whole model is too large to draw legibly; breachrank graph writes "
                       "all of it as DOT.",
                       centres.size(), kept, n,
                       left_out ? fmt::format(" ({} more neighbours left out to keep the drawing legible)", left_out)
                                : std::string());
    std::vector<std::string> ids;
    for (std::size_t e = 0; e < n; ++e)
        if (keep[e]) ids.push_back(model.entities[e].id);
    return ids;
}

}  // namespace

Report make_report(const Model& model, const RulePack& rules, const ScoreOptions& options,
                   const std::vector<std::pair<std::string, AppliedScenario>>& scenarios, const ReportOptions& ro) {
    if (ro.top < 1) throw Error("the report's top must be at least 1");
    Report r;
    // One baseline run (with its breach sets recorded) gives the score, the
    // suggestions and the money: the same numbers as `score`, `suggest` and
    // `loss`, each of which runs it on its own.
    support::Timing t_score("report: score");
    const propagation::Settings st = propagation::settings_of(rules, options);
    const propagation::Context cx(model, rules, support::worker_count(options.threads, model.entities.size()),
                                  st.circumstances);
    const propagation::Baseline base =
        propagation::run_vendors(cx, st, options.threads,
                                 {.outcomes = st.method != CascadeMethod::linear, .incidents = rules.loss.has_value()});
    r.score = rank::score_result(cx, base, st, options);
    t_score.stop();
    r.tiers = rules.tiers;
    r.entities = model.entities.size();
    r.flows = model.flows.size();
    r.access = model.access.size();
    for (const VendorScore& v : r.score.vendors) r.total_risk += v.risk;
    std::vector<std::string> top;
    for (std::size_t i = 0; i < std::min(ro.top, r.score.vendors.size()); ++i) top.push_back(r.score.vendors[i].id);

    support::Timing t_explain("report: explanations");
    r.sections = explain(model, rules, r.score, top, options);
    t_explain.stop();

    if (ro.suggestions > 0) {
        support::Timing t_suggest("report: suggestions");
        SuggestOptions so;
        so.top = ro.suggestions;
        if (r.score.vendors.size() > ro.suggest_all_below) so.vendors = top;
        r.suggestions_about = so.vendors;
        const scenario::GivenBaseline given{cx, base};
        r.suggestions = scenario::suggest_with_cache(model, rules, options, so, nullptr, nullptr, nullptr, &given);
    }
    for (const auto& [name, applied] : scenarios) {
        support::Timing t_whatif("report: a scenario");
        r.scenarios.push_back(compare(name, r.score, score(applied.model, rules, options), applied.notes));
    }
    if (rules.loss) {
        support::Timing t_loss("report: loss");
        r.loss = money::loss_from(cx, base, st, options, {});
    }
    DotOptions dot;
    const bool whole = model.entities.size() <= ro.diagram_entities;
    dot.entities = diagram_entities(model, top, ro.diagram_entities, r.diagram_note);
    if (!whole) dot.centres = top;  // a neighbourhood: the spokes of the top vendors
    dot.compact = true;
    // A large model without a vendor has no neighbourhood to draw (an empty
    // list would mean every entity to render_dot).
    if (whole || !dot.entities.empty()) r.diagram_dot = render_dot(model, rules, r.score, dot);
    else r.diagram_note = "No vendor to draw: the model is too large to draw whole.";
    return r;
}

}  // namespace breachrank
