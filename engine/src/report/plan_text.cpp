// A plan for people (`plan` as a table or Markdown) and as a scenario file
// (`plan --scenario-out`): the steps a risk analyst takes to a procurement
// board, with what each costs, what it buys and what else it moves.
#include <fmt/format.h>

#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank::report {

namespace {

// A YAML double-quoted scalar (ids are [A-Za-z0-9._:-], but a leading digit
// would read as a number).
std::string q(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// One change as a line of a scenario file (SPEC §5); plan steps are only the
// kinds suggest() proposes.
std::string change_yaml(const Change& c) {
    switch (c.kind) {
        case ChangeKind::remove_categories: {
            std::string cats;
            for (const std::string& k : c.categories) cats += (cats.empty() ? "" : ", ") + q(k);
            return fmt::format("remove_categories: {{from: {}, to: {}, population: {}, categories: [{}]}}", q(c.from),
                               q(c.to), q(c.population), cats);
        }
        case ChangeKind::add_control:
            return fmt::format("add_control: {{entity: {}, control: {}}}", q(c.entity), q(c.control));
        case ChangeKind::remove_access: return fmt::format("remove_access: {{from: {}, to: {}}}", q(c.from), q(c.to));
        default: break;
    }
    throw Error(fmt::format("a plan step of kind '{}' cannot be written as a scenario", change_name(c.kind)));
}

}  // namespace

std::string plan_text(const PlanResult& p, bool md) {
    const std::string cur = p.currency.value_or("GBP");
    std::string out = fmt::format("{}A plan: {} {}, cost {} {} a year\n\n", md ? "## " : "", p.steps.size(),
                                  p.steps.size() == 1 ? "step" : "steps", cur, money(p.cost));
    const double change = p.total_risk_after - p.total_risk_before;
    out += fmt::format("Total risk {} -> {} ({}{}).", human(p.total_risk_before), human(p.total_risk_after),
                       signed_human(change),
                       p.total_risk_before > 0 ? fmt::format(", {:+.1f}%", 100 * change / p.total_risk_before) : "");
    if (p.loss_before && p.loss_after)
        out += fmt::format(" Expected annual loss {} {} -> {}.", cur, money(*p.loss_before), money(*p.loss_after));
    out += fmt::format(" Stopped at {}.\n\n", p.stopped);
    if (p.steps.empty()) return out + "No change reduces the total risk.\n";
    const bool money_columns = p.loss_before.has_value();
    Table t{{"step", "change", "cost", "total risk after", "reduction", "also moves"},
            {true, false, true, true, true, false},
            {}};
    if (money_columns) {
        t.header.insert(t.header.begin() + 5, {"loss avoided", "return"});
        t.numeric.insert(t.numeric.begin() + 5, {true, true});
    }
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const PlanStep& s = p.steps[i];
        std::vector<std::string> row{std::to_string(i + 1), s.description, money(s.cost), human(s.total_risk_after),
                                     fmt::format("{} ({:.1f}%)", human(s.reduction),
                                                 s.total_risk_before > 0 ? 100 * s.reduction / s.total_risk_before : 0.0),
                                     side_effects(s.effects, s.vendor)};
        if (money_columns) row.insert(row.begin() + 5, {money(s.loss_avoided.value_or(0)), money(s.net_return.value_or(0))});
        t.rows.push_back(std::move(row));
    }
    out += md ? t.markdown() : t.text();
    out += fmt::format("\nCost: a year, in {} (the pack's control costs and mitigation_costs). Steps are chosen greedily: "
                       "the largest reduction of total risk per unit of cost, changes that cost nothing first; no step "
                       "removes data a service requires.{}\n",
                       cur, money_columns ? " Loss avoided: the drop in expected annual loss; return: loss avoided - cost." : "");
    bool noted = false;
    for (std::size_t i = 0; i < p.steps.size(); ++i)
        for (const std::string& n : p.steps[i].notes) {
            if (!noted) out += md ? "\nNotes:\n\n" : "\nnotes:\n";
            noted = true;
            out += fmt::format("{}step {}: {}\n", md ? "- " : "  - ", i + 1, n);
        }
    return out;
}

std::string plan_scenario(const PlanResult& p, const std::string& model_name) {
    const std::string cur = p.currency.value_or("GBP");
    std::string out = "breachrank: scenario/1\n";
    out += fmt::format("name: {}\n", q(fmt::format("Plan for {}: {} steps, {} {} a year, total risk {} -> {}", model_name,
                                                   p.steps.size(), cur, money(p.cost), human(p.total_risk_before),
                                                   human(p.total_risk_after))));
    out += "changes:\n";
    if (p.steps.empty()) out += "  []\n";
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const PlanStep& s = p.steps[i];
        out += fmt::format("  # step {}: {}; cost {} {} a year; total risk {} -> {} (-{})\n", i + 1, s.description, cur,
                           money(s.cost), human(s.total_risk_before), human(s.total_risk_after), human(s.reduction));
        out += "  - " + change_yaml(s.change) + "\n";
    }
    return out;
}

}  // namespace breachrank::report
