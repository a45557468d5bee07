// apply_scenario(): changes applied in order to a copy of the model, with the
// data a sender no longer holds trimmed from what it passes on, transitively.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "breachrank/scenario.hpp"
#include "model/coverage.hpp"
#include "scenario/trim.hpp"

namespace breachrank {

namespace {

class Applier {
public:
    Applier(const Model& model, const RulePack& rules, const Scenario& sc, Diagnostics& diags)
        : m_(model), rules_(rules), sc_(sc), diags_(diags) {}

    std::optional<AppliedScenario> run() {
        for (const Change& c : sc_.changes) {
            const std::size_t before = diags_.size();
            apply(c);
            if (diags_.size() != before) continue;  // an error: the change did nothing
            // Only a change that takes data away can leave a sender without what
            // it passes on; the others skip the model-wide trim (a scenario of
            // 100,000 additions must not re-trim the model 100,000 times).
            if (takes_data(c.kind)) trim();
        }
        if (!diags_.empty()) return std::nullopt;
        return AppliedScenario{std::move(m_), std::move(notes_)};
    }

private:
    static bool takes_data(ChangeKind kind) {
        return kind == ChangeKind::remove_categories || kind == ChangeKind::set_share ||
               kind == ChangeKind::remove_flow || kind == ChangeKind::remove_entity;
    }

    // Ids to indices, kept as changes add (and rebuilt after a removal, which
    // renumbers): a lookup is not a scan of the model.
    int find_entity(const std::string& id) {
        if (entity_of_.size() != m_.entities.size()) {
            entity_of_.clear();
            for (std::size_t i = 0; i < m_.entities.size(); ++i) entity_of_.emplace(m_.entities[i].id, static_cast<int>(i));
        }
        auto it = entity_of_.find(id);
        return it == entity_of_.end() ? -1 : it->second;
    }
    int find_population(const std::string& id) {
        if (population_of_.size() != m_.populations.size()) {
            population_of_.clear();
            for (std::size_t i = 0; i < m_.populations.size(); ++i)
                population_of_.emplace(m_.populations[i].id, static_cast<int>(i));
        }
        auto it = population_of_.find(id);
        return it == population_of_.end() ? -1 : it->second;
    }

    void error(const Change& c, std::string msg) { diags_.error(sc_.file, c.mark, std::move(msg)); }

    int entity(const Change& c, const std::string& id) {
        int e = find_entity(id);
        if (e < 0) {
            std::vector<std::string> ids;
            for (const Entity& x : m_.entities) ids.push_back(x.id);
            error(c, fmt::format("{}: no entity '{}' in the model{}", change_name(c.kind), id,
                                 did_you_mean(id, ids)));
        }
        return e;
    }
    int population(const Change& c, const std::string& id) {
        int p = find_population(id);
        if (p < 0) {
            std::vector<std::string> ids;
            for (const Population& x : m_.populations) ids.push_back(x.id);
            error(c, fmt::format("{}: no population '{}' in the model{}", change_name(c.kind), id,
                                 did_you_mean(id, ids)));
        }
        return p;
    }
    CategorySet categories(const std::vector<std::string>& names) const {
        CategorySet set;
        for (const std::string& n : names) set.set(static_cast<std::size_t>(rules_.find_category(n)));
        return set;
    }
    std::string cats(const CategorySet& set) const {
        std::string out;
        for (const std::string& n : rules_.category_names(set)) out += (out.empty() ? "'" : ", '") + n + "'";
        return out;
    }
    const std::string& id(int e) const { return m_.entities[static_cast<std::size_t>(e)].id; }

    /// The flows from -> to (of population p, or any when p < 0).
    std::vector<std::size_t> flows(int from, int to, int p) const {
        std::vector<std::size_t> out;
        for (std::size_t f = 0; f < m_.flows.size(); ++f) {
            const Flow& fl = m_.flows[f];
            if (fl.from == from && fl.to == to && (p < 0 || fl.population == p)) out.push_back(f);
        }
        return out;
    }

    std::optional<double> share_of(const Change& c, int p) {
        if (c.records) {
            const Population& pop = m_.populations[static_cast<std::size_t>(p)];
            if (*c.records > pop.size) {
                error(c, fmt::format("{}: 'records' is {} but population '{}' has only {} people", change_name(c.kind),
                                     *c.records, pop.id, pop.size));
                return std::nullopt;
            }
            return static_cast<double>(*c.records) / static_cast<double>(pop.size);
        }
        return c.share.value_or(1.0);
    }

    /// Errors unless `from` holds every category of `set` of population p at `share`.
    bool sender_holds(const Change& c, int from, int p, const CategorySet& set, double share) {
        model::Coverage cov(m_);
        bool ok = true;
        model::for_each_category(set, [&](std::uint32_t k) {
            double held = cov.get(static_cast<std::size_t>(from), static_cast<std::uint32_t>(p), k);
            if (share <= held) return;
            ok = false;
            error(c, fmt::format("{}: '{}' would pass '{}' of '{}' at share {}, but it {}", change_name(c.kind), id(from),
                                 rules_.categories[k].name, m_.populations[static_cast<std::size_t>(p)].id, share,
                                 held == 0 ? "holds none of it" : fmt::format("holds it only at share {}", held)));
        });
        return ok;
    }

    void apply(const Change& c) {
        switch (c.kind) {
            case ChangeKind::remove_categories:
            case ChangeKind::set_share:
            case ChangeKind::remove_flow: return change_flows(c);
            case ChangeKind::add_flow: return add_flow(c);
            case ChangeKind::add_control:
            case ChangeKind::remove_control: return change_control(c);
            case ChangeKind::set_likelihood: return set_likelihood(c);
            case ChangeKind::remove_entity: return remove_entity_change(c);
            case ChangeKind::add_entity: return add_entity(c);
            case ChangeKind::add_population: return add_population(c);
            case ChangeKind::add_access:
            case ChangeKind::remove_access: return change_access(c);
        }
    }

    // The flows from -> to (of one population, when given): removed, their share set, or categories dropped.
    void change_flows(const Change& c) {
        int from = entity(c, c.from), to = entity(c, c.to);
        int p = c.population.empty() ? -1 : population(c, c.population);
        if (from < 0 || to < 0 || (!c.population.empty() && p < 0)) return;
        std::vector<std::size_t> fs = flows(from, to, p);
        if (fs.empty()) {
            error(c, fmt::format("{}: there is no flow from '{}' to '{}'{}", change_name(c.kind), c.from, c.to,
                                 p < 0 ? "" : fmt::format(" of '{}'", c.population)));
            return;
        }
        if (c.kind == ChangeKind::remove_flow) {
            for (std::size_t f : fs) note_broken(m_.flows[f], m_.flows[f].categories);
            for (auto it = fs.rbegin(); it != fs.rend(); ++it) m_.flows.erase(m_.flows.begin() + static_cast<long>(*it));
        } else if (c.kind == ChangeKind::set_share) {
            auto share = share_of(c, p);
            if (!share) return;
            CategorySet all;
            for (std::size_t f : fs) all |= m_.flows[f].categories;
            if (!sender_holds(c, from, p, all, *share)) return;
            for (std::size_t f : fs) m_.flows[f].share = *share;
        } else {
            CategorySet drop = categories(c.categories), passed;
            for (std::size_t f : fs) passed |= m_.flows[f].categories;
            if ((drop & ~passed).any()) {
                error(c, fmt::format("remove_categories: the flow from '{}' to '{}' of '{}' does not pass {}", c.from,
                                     c.to, c.population, cats(drop & ~passed)));
                return;
            }
            for (std::size_t f : fs) {
                note_broken(m_.flows[f], drop);
                m_.flows[f].categories &= ~drop;
                m_.flows[f].required &= ~drop;
            }
            std::erase_if(m_.flows, [](const Flow& fl) { return fl.categories.none(); });
        }
    }

    void add_flow(const Change& c) {
        int from = entity(c, c.from), to = entity(c, c.to), p = population(c, c.population);
        if (from < 0 || to < 0 || p < 0) return;
        if (from == to) {
            error(c, fmt::format("add_flow: a flow from '{}' to itself", c.from));
            return;
        }
        auto share = share_of(c, p);
        if (!share) return;
        CategorySet set = categories(c.categories);
        if (!sender_holds(c, from, p, set, *share)) return;
        m_.flows.push_back(Flow{from, to, p, set, *share, categories(c.required)});
    }

    void change_control(const Change& c) {
        int e = entity(c, c.entity);
        if (e < 0) return;
        int k = rules_.find_control(c.control);
        auto& ctl = m_.entities[static_cast<std::size_t>(e)].controls;
        auto it = std::find(ctl.begin(), ctl.end(), k);
        if (c.kind == ChangeKind::add_control) {
            if (it != ctl.end()) error(c, fmt::format("add_control: '{}' already has '{}'", c.entity, c.control));
            else ctl.push_back(k);
        } else {
            if (it == ctl.end()) error(c, fmt::format("remove_control: '{}' does not have '{}'", c.entity, c.control));
            else ctl.erase(it);
        }
    }

    void set_likelihood(const Change& c) {
        int e = entity(c, c.entity);
        if (e >= 0) m_.entities[static_cast<std::size_t>(e)].likelihood = c.likelihood;
    }

    void remove_entity_change(const Change& c) {
        int e = entity(c, c.entity);
        if (e < 0) return;
        remove_entity(e);
    }

    void add_entity(const Change& c) {
        if (find_entity(c.entity) >= 0) {
            error(c, fmt::format("add_entity: the model already has an entity '{}'", c.entity));
            return;
        }
        Entity ent;
        ent.id = c.entity;
        ent.name = c.name.empty() ? c.entity : c.name;
        ent.kind = parse_kind(c.kind_text).value_or(EntityKind::supplier);
        ent.tags = c.tags;
        for (const std::string& k : c.controls) ent.controls.push_back(rules_.find_control(k));
        ent.likelihood = c.likelihood;
        m_.entities.push_back(std::move(ent));
        entity_of_.emplace(c.entity, static_cast<int>(m_.entities.size() - 1));
    }

    void add_population(const Change& c) {
        if (find_population(c.entity) >= 0) {
            error(c, fmt::format("add_population: the model already has a population '{}'", c.entity));
            return;
        }
        int owner = entity(c, c.to);
        if (owner < 0) return;
        Population p;
        p.id = c.entity;
        p.owner = owner;
        p.size = c.size;
        p.holds = categories(c.categories);
        for (const Trait& t : rules_.traits) p.traits.push_back(t.default_value);
        for (const auto& [name, value] : c.traits) p.traits[static_cast<std::size_t>(rules_.find_trait(name))] = value;
        p.tags = c.tags;
        m_.populations.push_back(std::move(p));
        population_of_.emplace(c.entity, static_cast<int>(m_.populations.size() - 1));
    }

    void change_access(const Change& c) {
        int from = entity(c, c.from), to = entity(c, c.to);
        if (from < 0 || to < 0) return;
        auto it = std::find_if(m_.access.begin(), m_.access.end(),
                               [&](const Access& a) { return a.from == from && a.to == to; });
        if (c.kind == ChangeKind::add_access) {
            const auto channel = [&](int e) { return m_.entities[static_cast<std::size_t>(e)].kind == EntityKind::channel; };
            if (from == to) error(c, fmt::format("add_access: an access edge from '{}' to itself", c.from));
            else if (channel(from) || channel(to))
                error(c, fmt::format("add_access: '{}' is a channel (a disclosure route), which has no standing access",
                                     channel(from) ? c.from : c.to));
            else if (it != m_.access.end())
                error(c, fmt::format("add_access: there is already an access edge from '{}' to '{}'", c.from, c.to));
            else m_.access.push_back(Access{from, to, c.probability});
        } else {
            if (it == m_.access.end())
                error(c, fmt::format("remove_access: there is no access edge from '{}' to '{}'", c.from, c.to));
            else m_.access.erase(it);
        }
    }

    void remove_entity(int e) {
        std::vector<char> pop_gone(m_.populations.size(), 0);
        for (std::size_t p = 0; p < m_.populations.size(); ++p) {
            if (m_.populations[p].owner != e) continue;
            pop_gone[p] = 1;
            notes_.push_back(fmt::format("removing '{}' also removes the population '{}' it owns ({} people) and the "
                                         "flows of their data",
                                         id(e), m_.populations[p].id, m_.populations[p].size));
        }
        // A service that loses what it needs from the removed sender is noted (not
        // when the data itself is gone with its owner, nor for the removed receiver).
        for (const Flow& f : m_.flows)
            if (f.from == e && f.to != e && !pop_gone[static_cast<std::size_t>(f.population)])
                note_broken(f, f.categories);
        std::erase_if(m_.flows, [&](const Flow& f) {
            return f.from == e || f.to == e || pop_gone[static_cast<std::size_t>(f.population)];
        });
        std::erase_if(m_.access, [&](const Access& a) { return a.from == e || a.to == e; });
        // Renumber what remains.
        std::vector<int> pop_index(m_.populations.size(), -1);
        int next = 0;
        for (std::size_t p = 0; p < m_.populations.size(); ++p)
            if (!pop_gone[p]) pop_index[p] = next++;
        std::vector<Population> pops;
        for (std::size_t p = 0; p < m_.populations.size(); ++p)
            if (!pop_gone[p]) pops.push_back(std::move(m_.populations[p]));
        m_.populations = std::move(pops);
        auto ent_index = [e](int x) { return x > e ? x - 1 : x; };
        m_.entities.erase(m_.entities.begin() + e);
        entity_of_.clear();  // renumbered: rebuilt at the next lookup
        population_of_.clear();
        for (Population& p : m_.populations) p.owner = ent_index(p.owner);
        for (Flow& f : m_.flows) {
            f.from = ent_index(f.from);
            f.to = ent_index(f.to);
            f.population = pop_index[static_cast<std::size_t>(f.population)];
        }
        for (Access& a : m_.access) a.from = ent_index(a.from), a.to = ent_index(a.to);
    }

    // A flow that stops passing `lost` breaks its service for each of those
    // categories the service requires (SPEC §2): applied, but said.
    void note_broken(const Flow& f, const CategorySet& lost) {
        model::for_each_category(f.required & lost, [&](std::uint32_t k) {
            notes_.push_back(fmt::format("breaks the service: '{}' requires '{}' of '{}' (no longer sent by '{}')", id(f.to),
                                         rules_.categories[k].name,
                                         m_.populations[static_cast<std::size_t>(f.population)].id, id(f.from)));
        });
    }

    // Trims every flow to what its sender still holds, transitively (the
    // fixpoint of scenario::trim_to_fixpoint), noting each trim once.
    void trim() {
        Model scratch;
        scratch.entities = m_.entities;
        scratch.populations = m_.populations;
        scratch.flows = m_.flows;
        const model::Coverage held = scenario::trim_to_fixpoint(scratch);
        std::vector<Flow> out;
        bool changed = false;
        for (const Flow& f : m_.flows) {
            const std::string& pop = m_.populations[static_cast<std::size_t>(f.population)].id;
            scenario::split_flow(f, [&](std::uint32_t k) {
                const double has = held.get(static_cast<std::size_t>(f.from), static_cast<std::uint32_t>(f.population), k);
                if (has <= 0) {
                    notes_.push_back(fmt::format("trimmed '{}' of '{}' from the flow '{}' -> '{}': '{}' no longer holds it",
                                                 rules_.categories[k].name, pop, id(f.from), id(f.to), id(f.from)));
                    CategorySet lost;
                    lost.set(k);
                    note_broken(f, lost);
                    changed = true;
                } else if (has < f.share) {
                    notes_.push_back(fmt::format("reduced '{}' of '{}' on the flow '{}' -> '{}' from share {} to {}: '{}' "
                                                 "holds no more",
                                                 rules_.categories[k].name, pop, id(f.from), id(f.to), f.share, has,
                                                 id(f.from)));
                    changed = true;
                }
                return has;
            }, out);
        }
        if (changed) m_.flows = std::move(out);
    }

    Model m_;
    const RulePack& rules_;
    const Scenario& sc_;
    Diagnostics& diags_;
    std::vector<std::string> notes_;
    std::unordered_map<std::string, int> entity_of_, population_of_;  // find_entity(), find_population()
};

}  // namespace

Loaded<AppliedScenario> apply_scenario(const Model& model, const RulePack& rules, const Scenario& scenario) {
    Loaded<AppliedScenario> out;
    Applier a(model, rules, scenario, out.diagnostics);
    out.value = a.run();
    return out;
}

}  // namespace breachrank
