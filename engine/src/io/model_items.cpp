// The model loader's items: one entity, population, flow or access edge, from
// a YAML list item or a CSV row, checked as it is read and appended to the
// model with its references interned (resolved in model_checks.cpp).
#include "io/model_reader.hpp"
#include "support/did_you_mean.hpp"
#include "support/excerpt.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace breachrank::io {

// One item of section `key`, from YAML or from a CSV row.
void ModelReader::item(const std::string& key, const Node& n) {
    if (key == "entities") entity(n);
    else if (key == "populations") population(n);
    else if (key == "flows") flow(n);
    else if (key == "segments") segment(n, std::nullopt);
    else access(n);
    if (diags_.full()) throw AbortRead{};
}

std::optional<std::uint32_t> ModelReader::reference(const Node* n, std::string_view what, Names& names) {
    if (!n) return std::nullopt;
    auto id = s_.id(*n, what);
    if (!id) return std::nullopt;
    return names.intern(*id);
}

std::vector<std::string> ModelReader::strings(const Node& n, std::string_view what) {
    std::vector<std::string> out;
    if (s_.scalar_list(n, what, items_))
        for (const Node* t : items_) out.push_back(t->value);
    return out;
}

/// A list of category names as a set; with `marks`, each one's position too.
std::optional<CategorySet> ModelReader::categories(const Node& n, std::string_view what,
                                      std::vector<std::pair<std::uint32_t, SourceMark>>* marks) {
    if (!s_.scalar_list(n, what, items_)) return std::nullopt;
    CategorySet set;
    bool ok = true;
    for (const Node* item : items_) {
        auto it = category_index_.find(item->value);
        if (it == category_index_.end()) {
            s_.error(*item, fmt::format("unknown category '{}'{}", support::excerpt(item->value),
                                        support::did_you_mean(item->value, category_names_)));
            ok = false;
            continue;
        }
        auto k = static_cast<std::size_t>(it->second);
        if (set.test(k)) {
            s_.error(*item, fmt::format("category '{}' is listed twice", support::excerpt(item->value)));
            ok = false;
            continue;
        }
        set.set(k);
        if (marks) marks->emplace_back(static_cast<std::uint32_t>(k), item->mark);
    }
    if (!ok) return std::nullopt;
    return set;
}

bool ModelReader::claim_id(Names& names, std::vector<std::uint32_t>& item_of_name, const std::vector<SourceMark>& marks,
                           std::size_t index, std::string_view id, const Node& at, std::string_view what) {
    const std::uint32_t name = names.intern(id);
    if (name >= item_of_name.size()) item_of_name.resize(name + 1, kNone);
    if (item_of_name[name] != kNone) {
        SourceMark first = marks[item_of_name[name]];
        s_.error(at, fmt::format("duplicate {} id '{}' (first at line {}, column {})", what, id, first.line,
                                 first.column));
        return false;
    }
    item_of_name[name] = static_cast<std::uint32_t>(index);
    return true;
}

void ModelReader::entity(const Node& n) {
    if (!s_.is_mapping(n, "an entity")) return;
    s_.check_keys(n, {"id", "kind", "name", "tags", "controls", "likelihood"}, "an entity");
    Entity e;
    const Node* idn = s_.require(n, "id", "an entity");
    auto id = idn ? s_.id(*idn, "an entity id") : std::nullopt;
    if (const Node* k = s_.require(n, "kind", "an entity")) {
        auto kind = k->kind == NodeKind::scalar ? parse_kind(k->value) : std::nullopt;
        if (kind)
            e.kind = *kind;
        else
            s_.error(*k, fmt::format("an entity's kind must be 'organisation', 'supplier' or 'channel', found {}{}",
                                     describe(*k),
                                     support::did_you_mean(k->value, {"organisation", "supplier", "channel"})));
    }
    if (const Node* x = s_.get(n, "name"))
        if (auto v = s_.string(*x, "an entity's name")) e.name = *v;
    if (const Node* x = s_.get(n, "tags")) e.tags = strings(*x, "'tags'");
    if (const Node* x = s_.get(n, "controls")) {
        if (s_.scalar_list(*x, "'controls'", items_)) {
            for (const Node* c : items_) {
                int idx = rules_.find_control(c->value);
                if (idx < 0) {
                    s_.error(*c, fmt::format("unknown control '{}'; the rule pack defines {}{}", support::excerpt(c->value),
                                             control_list(), support::did_you_mean(c->value, control_names_)));
                } else if (std::find(e.controls.begin(), e.controls.end(), idx) != e.controls.end()) {
                    s_.error(*c, fmt::format("control '{}' is listed twice", support::excerpt(c->value)));
                } else {
                    e.controls.push_back(idx);
                }
            }
        }
    }
    if (const Node* x = s_.get(n, "likelihood"))
        if (auto v = s_.number_in(*x, "'likelihood'", 0, 1)) e.likelihood = *v;
    if (!id) rejected_entities_.add(idn);
    if (!id || !claim_id(entity_names_, entity_of_name_, entity_marks_, model_.entities.size(), *id, *idn, "entity"))
        return;
    e.id = std::string(*id);
    if (e.name.empty()) e.name = e.id;
    entity_marks_.push_back(idn->mark);
    model_.entities.push_back(std::move(e));
}

std::string ModelReader::control_list() const {
    if (control_names_.empty()) return "none";
    std::string out;
    for (std::size_t i = 0; i < control_names_.size() && i < 8; ++i) out += (i ? ", " : "") + std::string(control_names_[i]);
    if (control_names_.size() > 8) out += ", ...";
    return out;
}

void ModelReader::population(const Node& n) {
    if (!s_.is_mapping(n, "a population")) return;
    s_.check_keys(n, {"id", "owner", "size", "holds", "traits", "tags", "segments"}, "a population");
    Population p;
    const Node* idn = s_.require(n, "id", "a population");
    auto id = idn ? s_.id(*idn, "a population id") : std::nullopt;
    const Node* ownern = s_.require(n, "owner", "a population");
    auto owner = reference(ownern, "the owner", entity_names_);
    bool size_ok = false;
    if (const Node* x = s_.require(n, "size", "a population"))
        if (auto v = s_.integer(*x, "'size'", 1, kMaxPopulationSize)) {
            p.size = *v;
            size_ok = true;
            // Every people figure is a double: exact only up to 2^53 people in all.
            people_ += *v;
            if (people_ > kMaxExactPeople && !people_reported_) {
                people_reported_ = true;
                s_.error(*x, fmt::format("the model's populations hold more than {} people in all from here, the "
                                         "most that people figures count exactly (2^53)",
                                         kMaxExactPeople));
            }
        }
    if (const Node* x = s_.require(n, "holds", "a population"))
        if (auto v = categories(*x, "'holds'")) p.holds = *v;
    p.traits.reserve(rules_.traits.size());
    for (const Trait& t : rules_.traits) p.traits.push_back(t.default_value);
    if (const Node* x = s_.get(n, "traits"))
        for (const auto& [t, v] : trait_values(*x)) p.traits[static_cast<std::size_t>(t)] = v;
    if (const Node* x = s_.get(n, "tags")) p.tags = strings(*x, "'tags'");
    if (const Node* x = s_.get(n, "segments"); x && id && s_.is_sequence(*x, "'segments'")) {
        const std::uint32_t name = population_names_.intern(*id);
        for (std::size_t i = 0; i < x->children.size(); ++i) segment(s_.child(*x, i), name);
    }
    // Registered even when its owner is invalid (already reported), so that
    // flows naming it do not report it as unknown too.
    if (!id) rejected_populations_.add(idn);
    if (!id || !claim_id(population_names_, population_of_name_, population_marks_, model_.populations.size(), *id,
                         *idn, "population"))
        return;
    p.id = std::string(*id);
    population_marks_.push_back(idn->mark);
    population_owner_.push_back(owner.value_or(kNone));
    population_size_bad_.push_back(!size_ok);
    owner_marks_.push_back(ownern ? ownern->mark : n.mark);
    model_.populations.push_back(std::move(p));
}

std::vector<std::pair<int, double>> ModelReader::trait_values(const Node& x) {
    std::vector<std::pair<int, double>> out;
    if (!s_.is_mapping(x, "'traits'")) return out;
    for (std::size_t i = 0; i < x.children.size(); i += 2) {
        const Node& key = s_.child(x, i);
        int t = rules_.find_trait(key.value);
        if (t < 0) {
            s_.error(key, fmt::format("unknown trait '{}'{}", support::excerpt(key.value),
                                      rules_.traits.empty() ? std::string("; the rule pack declares no traits")
                                                            : support::did_you_mean(key.value, trait_names_)));
            continue;
        }
        const Node& value = s_.child(x, i + 1);
        double v = 0;
        // The message names the trait; build it only when there is an error.
        if (value.kind == NodeKind::scalar && value.plain && parse_number(value.value, v) == NumberStatus::ok)
            out.emplace_back(t, v);
        else
            s_.number(value, fmt::format("trait '{}'", support::excerpt(key.value)));
    }
    return out;
}

void ModelReader::segment(const Node& n, std::optional<std::uint32_t> population) {
    if (!s_.is_mapping(n, "a segment")) return;
    if (population)
        s_.check_keys(n, {"id", "size", "share", "traits", "tags"}, "a segment");
    else
        s_.check_keys(n, {"population", "id", "size", "share", "traits", "tags"}, "a segment");
    SegmentRaw raw{population.value_or(kNone), {}, std::nullopt, n.mark, n.mark, n.mark, n.mark};
    bool ok = true;
    if (!population) {
        const Node* p = s_.require(n, "population", "a segment");
        auto r = reference(p, "'population'", population_names_);
        if (r) {
            raw.population = *r;
            raw.population_mark = p->mark;
        } else {
            ok = false;
        }
    }
    const Node* idn = s_.require(n, "id", "a segment");
    auto id = idn ? s_.id(*idn, "a segment id") : std::nullopt;
    if (id) {
        raw.segment.id = std::string(*id);
        raw.id_mark = idn->mark;
    } else {
        ok = false;
    }
    const Node* size = s_.get(n, "size");
    const Node* share = s_.get(n, "share");
    if (size && share) {
        s_.error(*share, "a segment gives either 'size' or 'share', not both");
        ok = false;
    } else if (size) {
        raw.amount_mark = size->mark;
        if (auto v = s_.integer(*size, "'size'", 1, kMaxPopulationSize)) raw.segment.size = *v;
        else ok = false;
    } else if (share) {
        raw.amount_mark = share->mark;
        if (auto v = s_.share(*share)) raw.share = *v;
        else ok = false;
    } else {
        s_.error(n, "a segment needs 'size' (people) or 'share' (of its population)");
        ok = false;
    }
    if (const Node* x = s_.get(n, "traits")) raw.segment.traits = trait_values(*x);
    if (const Node* x = s_.get(n, "tags")) raw.segment.tags = strings(*x, "'tags'");
    if (ok) segment_raw_.push_back(std::move(raw));
}

void ModelReader::flow(const Node& n) {
    if (!s_.is_mapping(n, "a flow")) return;
    s_.check_keys(n, {"from", "to", "population", "categories", "share", "records", "required"}, "a flow");
    FlowRaw raw{kNone, kNone, kNone, 0, 0, 0, n.mark, {}, {}, {}, {}, {}};
    const std::size_t marks_before = category_marks_.size();
    Flow f;
    bool ok = true;
    const Node* from = s_.require(n, "from", "a flow");
    const Node* to = s_.require(n, "to", "a flow");
    const Node* pop = s_.require(n, "population", "a flow");
    auto r_from = reference(from, "'from'", entity_names_);
    auto r_to = reference(to, "'to'", entity_names_);
    auto r_pop = reference(pop, "'population'", population_names_);
    ok = r_from && r_to && r_pop;
    if (ok) {
        raw.from = *r_from;
        raw.to = *r_to;
        raw.population = *r_pop;
        raw.from_mark = from->mark;
        raw.to_mark = to->mark;
        raw.population_mark = pop->mark;
        if (raw.from == raw.to) {
            s_.error(*to, fmt::format("a flow from '{}' to itself; 'from' and 'to' must differ",
                                      entity_names_.name(raw.from)));
            ok = false;
        }
    }
    if (const Node* c = s_.require(n, "categories", "a flow")) {
        raw.categories_mark = c->mark;
        if (auto v = categories(*c, "'categories'", &category_marks_)) {
            if (v->none()) {
                s_.error(*c, "a flow needs at least one category");
                ok = false;
            }
            f.categories = *v;
        } else {
            ok = false;
        }
    } else {
        ok = false;
    }
    if (const Node* req = s_.get(n, "required")) {
        // What the service needs must be something the flow passes.
        std::vector<std::pair<std::uint32_t, SourceMark>> marks;
        if (auto v = categories(*req, "'required'", &marks)) {
            for (const auto& [k, mark] : marks)
                if (!f.categories.test(k)) {
                    s_.error(mark, fmt::format("'required' names '{}', which the flow does not pass (its 'categories' "
                                               "are what it sends)",
                                               category_names_[k]));
                    ok = false;
                }
            f.required = *v;
        } else {
            ok = false;
        }
    }
    const Node* share = s_.get(n, "share");
    const Node* records = s_.get(n, "records");
    if (share && records) {
        s_.error(*records, "a flow gives either 'share' or 'records', not both");
        ok = false;
    } else if (share) {
        raw.amount_mark = share->mark;
        if (auto v = s_.share(*share)) f.share = *v;
        else ok = false;
    } else if (records) {
        raw.amount_mark = records->mark;
        auto v = s_.integer(*records, "'records'", 1, kMaxPopulationSize);
        if (v) raw.records = *v;
        else ok = false;
    }
    if (!ok) {
        category_marks_.resize(marks_before);
        return;
    }
    raw.marks_begin = static_cast<std::uint32_t>(marks_before);
    raw.marks_end = static_cast<std::uint32_t>(category_marks_.size());
    flow_raw_.push_back(raw);
    model_.flows.push_back(f);
}

void ModelReader::access(const Node& n) {
    if (!s_.is_mapping(n, "an access edge")) return;
    s_.check_keys(n, {"from", "to", "probability"}, "an access edge");
    const Node* from = s_.require(n, "from", "an access edge");
    const Node* to = s_.require(n, "to", "an access edge");
    auto r_from = reference(from, "'from'", entity_names_);
    auto r_to = reference(to, "'to'", entity_names_);
    std::optional<double> prob;
    if (const Node* p = s_.require(n, "probability", "an access edge")) prob = s_.number_in(*p, "'probability'", 0, 1);
    if (!r_from || !r_to || !prob) return;
    if (*r_from == *r_to) {
        s_.error(*to, fmt::format("an access edge from '{}' to itself; 'from' and 'to' must differ",
                                  entity_names_.name(*r_from)));
        return;
    }
    access_raw_.push_back(AccessRaw{*r_from, *r_to, n.mark, from->mark, to->mark});
    model_.access.push_back(Access{-1, -1, *prob});
}

}  // namespace breachrank::io
