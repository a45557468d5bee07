// The model loader's checks after the whole document: every reference
// resolved, no repeated access edge, no flow passing more than its sender
// holds (model/coverage.hpp), no rule expression giving NaN or infinity for a
// population (model/rule_table.hpp). The flows are checked against coverage
// only when every reference and item resolved; otherwise they report noise.
#include "io/model_reader.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "model/coverage.hpp"
#include "model/groups.hpp"
#include "model/rule_table.hpp"
#include "support/did_you_mean.hpp"
#include "support/excerpt.hpp"

namespace breachrank::io {

int ModelReader::entity(std::uint32_t name, SourceMark at) {
    std::uint32_t e = name < entity_of_name_.size() ? entity_of_name_[name] : kNone;
    if (e != kNone) return static_cast<int>(e);
    const std::string& id = entity_names_.name(name);
    if (candidates_.empty())
        for (const Entity& x : model_.entities) candidates_.push_back(x.id);
    // An entity whose id was rejected at its line may be the one meant: no
    // "unknown entity" for what that error already explains.
    if (!rejected_entities_.covers(id))
        s_.error(at, fmt::format("unknown entity '{}'{}", support::excerpt(id), support::did_you_mean(id, candidates_)));
    resolved_ = false;
    return -1;
}

int ModelReader::population_index(std::uint32_t name, SourceMark at) {
    std::uint32_t p = name < population_of_name_.size() ? population_of_name_[name] : kNone;
    if (p != kNone) return static_cast<int>(p);
    const std::string& id = population_names_.name(name);
    std::vector<std::string_view> names;
    for (const Population& x : model_.populations) names.push_back(x.id);
    if (!rejected_populations_.covers(id))  // as for entities
        s_.error(at, fmt::format("unknown population '{}'{}", support::excerpt(id), support::did_you_mean(id, names)));
    resolved_ = false;
    return -1;
}

void ModelReader::resolve() {
    for (std::size_t i = 0; i < model_.populations.size() && !diags_.full(); ++i)
        if (population_owner_[i] != kNone)
            model_.populations[i].owner = entity(population_owner_[i], owner_marks_[i]);
    for (std::size_t i = 0; i < model_.populations.size() && !diags_.full(); ++i) {
        const int owner = model_.populations[i].owner;
        if (owner >= 0 && model_.entities[static_cast<std::size_t>(owner)].kind == EntityKind::channel) {
            s_.error(owner_marks_[i], fmt::format("'{}' is a channel, a route for an organisation's data; the "
                                                  "organisation owns the population",
                                                  model_.entities[static_cast<std::size_t>(owner)].id));
            resolved_ = false;
        }
    }
    resolve_segments();
    for (std::size_t i = 0; i < model_.flows.size() && !diags_.full(); ++i) {
        Flow& f = model_.flows[i];
        const FlowRaw& raw = flow_raw_[i];
        f.from = entity(raw.from, raw.from_mark);
        f.to = entity(raw.to, raw.to_mark);
        f.population = population_index(raw.population, raw.population_mark);
        if (raw.records && f.population >= 0 && !population_size_bad_[static_cast<std::size_t>(f.population)]) {
            const Population& p = model_.populations[static_cast<std::size_t>(f.population)];
            if (raw.records > p.size) {
                resolved_ = false;
                s_.error(raw.amount_mark, fmt::format("'records' is {} but population '{}' has only {} people",
                                                      raw.records, p.id, p.size));
            } else
                f.share = static_cast<double>(raw.records) / static_cast<double>(p.size);
        }
    }
    std::vector<std::pair<std::pair<int, int>, std::size_t>> edges;
    for (std::size_t i = 0; i < model_.access.size() && !diags_.full(); ++i) {
        Access& a = model_.access[i];
        a.from = entity(access_raw_[i].from, access_raw_[i].from_mark);
        a.to = entity(access_raw_[i].to, access_raw_[i].to_mark);
        if (a.from < 0 || a.to < 0) continue;
        // A channel is a disclosure route (a reply, a mailing, a published file), not a system anyone holds
        // standing access into or out of: a breach of it does not spread, and none spreads into it.
        for (auto [end, mark] : {std::pair{a.from, access_raw_[i].from_mark}, std::pair{a.to, access_raw_[i].to_mark}})
            if (model_.entities[static_cast<std::size_t>(end)].kind == EntityKind::channel) {
                s_.error(mark, fmt::format("'{}' is a channel (a disclosure route), which has no standing access: an "
                                           "access edge may not start or end at it",
                                           model_.entities[static_cast<std::size_t>(end)].id));
                resolved_ = false;
            }
        edges.push_back({{a.from, a.to}, i});
    }
    // A repeated access edge is an error (flows merge; edges would double-count).
    std::sort(edges.begin(), edges.end());
    for (std::size_t i = 1; i < edges.size(); ++i) {
        if (edges[i].first != edges[i - 1].first) continue;
        const AccessRaw& first = access_raw_[edges[i - 1].second];
        const AccessRaw& again = access_raw_[edges[i].second];
        s_.error(again.item, fmt::format("repeated access edge from '{}' to '{}' (first at line {}); give one edge "
                                         "with the combined probability",
                                         entity_names_.name(again.from), entity_names_.name(again.to),
                                         first.item.line));
    }
}

void ModelReader::resolve_segments() {
    for (SegmentRaw& raw : segment_raw_) {
        if (diags_.full()) return;
        const int p = population_index(raw.population, raw.population_mark);
        if (p < 0) continue;
        if (population_size_bad_[static_cast<std::size_t>(p)]) {
            resolved_ = false;  // its size was rejected at its line: nothing to measure the segment against
            continue;
        }
        Population& pop = model_.populations[static_cast<std::size_t>(p)];
        Segment& s = raw.segment;
        if (raw.share)  // SPEC §2: round(share x size), at least 1
            s.size = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(*raw.share * static_cast<double>(pop.size))));
        if (s.id == pop.id) {
            s_.error(raw.id_mark, fmt::format("segment id '{}' is the population's own id, which names the people "
                                              "in no segment; give the segment another id",
                                              s.id));
            resolved_ = false;  // the checks after resolve() assume a consistent model
            continue;
        }
        auto same = std::find_if(pop.segments.begin(), pop.segments.end(), [&](const Segment& x) { return x.id == s.id; });
        if (same != pop.segments.end()) {
            s_.error(raw.id_mark, fmt::format("duplicate segment id '{}' in population '{}'", s.id, pop.id));
            resolved_ = false;  // the checks after resolve() assume a consistent model
            continue;
        }
        std::uint64_t held = 0;
        for (const Segment& x : pop.segments) held += x.size;
        if (held + s.size > pop.size) {
            s_.error(raw.amount_mark, fmt::format("the segments of population '{}' would hold {} people, more than its "
                                                  "size {}{}",
                                                  pop.id, held + s.size, pop.size,
                                                  raw.share ? " (a share is rounded to whole people, at least 1)" : ""));
            resolved_ = false;  // the checks after resolve() assume a consistent model
            continue;
        }
        pop.segments.push_back(std::move(s));
    }
}

void ModelReader::check_flows() {
    model::Coverage coverage(model_);
    for (std::size_t i = 0; i < model_.flows.size() && !diags_.full(); ++i) {
        const Flow& f = model_.flows[i];
        model::for_each_category(f.categories, [&](std::uint32_t k) {
            double held = coverage.get(static_cast<std::size_t>(f.from), static_cast<std::uint32_t>(f.population), k);
            if (f.share <= held) return;
            const std::string& sender = model_.entities[static_cast<std::size_t>(f.from)].id;
            const std::string& pop = model_.populations[static_cast<std::size_t>(f.population)].id;
            std::string holds = held == 0 ? "holds none of it" : fmt::format("holds it only at share {}", held);
            SourceMark at = flow_raw_[i].categories_mark;
            for (std::uint32_t m = flow_raw_[i].marks_begin; m < flow_raw_[i].marks_end; ++m)
                if (category_marks_[m].first == k) at = category_marks_[m].second;
            s_.error(at,
                     fmt::format("the flow from '{}' to '{}' passes '{}' of '{}' at share {}, but '{}' {}", sender,
                                 model_.entities[static_cast<std::size_t>(f.to)].id, rules_.categories[k].name,
                                 pop, f.share, sender, holds));
        });
    }
}

void ModelReader::check_expressions() {
    const model::Groups groups(model_);
    const model::RuleTable table(model_, rules_, groups);
    for (const model::ExpressionFault& f : table.faults()) {
        const Rule& r = rules_.rules[static_cast<std::size_t>(f.rule)];
        const Population& pop = model_.populations[static_cast<std::size_t>(f.population)];
        s_.error(population_marks_[static_cast<std::size_t>(f.population)],
                 fmt::format("rule '{}': '{}' evaluates to {} for population '{}'{} (check its traits)", r.id,
                             f.where, std::isnan(f.value) ? "NaN (not a number)" : "infinity", pop.id,
                             f.segment < 0 ? std::string()
                                           : fmt::format(", segment '{}'",
                                                         pop.segments[static_cast<std::size_t>(f.segment)].id)));
    }
}

}  // namespace breachrank::io
