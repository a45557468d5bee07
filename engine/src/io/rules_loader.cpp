// Loads and validates rule packs (SPEC §3) from a yaml-cpp event stream.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "breachrank/options.hpp"
#include "breachrank/rules.hpp"
#include "io/input.hpp"
#include "io/loss_section.hpp"
#include "io/schema.hpp"
#include "io/yaml_tree.hpp"
#include "model/expression.hpp"
#include "support/did_you_mean.hpp"

namespace breachrank {

namespace {

using io::Node;
using io::NodeKind;

bool valid_trait_name(std::string_view s) {
    if (s.empty() || s.size() > io::kMaxIdLength) return false;
    auto head = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
    if (!head(s[0])) return false;
    return std::all_of(s.begin(), s.end(), [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

class RulesReader {
public:
    RulesReader(const io::TreeBuilder& tree, const std::string& file, Diagnostics& diags)
        : s_(tree, file, diags), file_(file) {}

    std::optional<RulePack> read(const Node& root);

private:
    void read_categories(const Node& n);
    void read_traits(const Node& n);
    void read_severity(const Node& n);
    void read_rules(const Node& n);
    void read_likelihood(const Node& n);
    void read_propagation(const Node& n);
    void read_tiers(const Node& n);
    void read_circumstances(const Node& n);
    void read_notification(const Node& n);
    std::optional<int> level(const Node& n, std::string_view what);
    std::optional<CategorySet> category_set(const Node& n, std::string_view what);
    std::optional<Combine> combine(const Node& n, std::string_view what);
    void factors(const Node& n, std::string_view what, std::vector<NamedFactor>& out, bool costs = false);
    void read_mitigation_costs(const Node& n);
    /// Checks an expression compiles; reports at its position inside the scalar.
    void check_expression(const Node& n, const std::string& text);

    io::Schema s_;
    const std::string& file_;
    RulePack pack_;
    model::TraitSlots slots_;
};

std::optional<RulePack> RulesReader::read(const Node& root) {
    if (!s_.is_mapping(root, "a rule pack")) return std::nullopt;
    const Node* header = s_.get(root, "breachrank");
    if (!header) {
        s_.error(root, "missing the header 'breachrank: rules/1'");
    } else if (header->kind != NodeKind::scalar || header->value != "rules/1") {
        std::string hint = header->kind == NodeKind::scalar && header->value == "model/1"
                               ? " (this is a model; pass it as MODEL, and a rule pack with --rules)"
                               : "";
        s_.error(*header, fmt::format("expected 'breachrank: rules/1', found {}{}", io::describe(*header), hint));
        return std::nullopt;
    }
    s_.check_keys(root,
                  {"breachrank", "name", "categories", "traits", "severity", "rules", "likelihood", "propagation",
                   "tiers", "circumstances", "notification", "loss", "mitigation_costs"},
                  "the rule pack");
    if (const Node* n = s_.get(root, "name")) {
        if (auto v = s_.string(*n, "the rule pack's name")) pack_.name = *v;
    } else {
        pack_.name = std::filesystem::path(file_).stem().string();
    }
    // Traits first: expressions in rules are checked against them.
    if (const Node* n = s_.get(root, "traits")) read_traits(*n);
    if (const Node* n = s_.require(root, "categories", "the rule pack")) read_categories(*n);
    if (const Node* n = s_.get(root, "severity")) read_severity(*n);
    // Circumstances before the rules that name them; notification after the levels it names.
    if (const Node* n = s_.get(root, "circumstances")) read_circumstances(*n);
    if (const Node* n = s_.get(root, "notification")) read_notification(*n);
    if (const Node* n = s_.get(root, "loss")) io::read_loss_section(s_, *n, pack_);
    if (const Node* n = s_.get(root, "mitigation_costs")) read_mitigation_costs(*n);
    if (const Node* n = s_.get(root, "rules")) read_rules(*n);
    if (const Node* n = s_.get(root, "likelihood")) read_likelihood(*n);
    if (const Node* n = s_.get(root, "propagation")) read_propagation(*n);
    if (const Node* n = s_.get(root, "tiers")) read_tiers(*n);
    return std::move(pack_);
}

void RulesReader::read_categories(const Node& n) {
    if (!s_.is_mapping(n, "'categories'")) return;
    if (n.children.empty()) s_.error(n, "'categories' is empty; a rule pack needs at least one category");
    for (std::size_t i = 0; i < n.children.size(); i += 2) {
        const Node& key = s_.child(n, i);
        const Node& val = s_.child(n, i + 1);
        if (!io::valid_id(key.value)) {
            s_.error(key, fmt::format("category name '{}' is not a valid id: use letters, digits and . _ : -",
                                      key.value));
            continue;
        }
        if (pack_.categories.size() == kMaxCategories) {
            s_.error(key, fmt::format("more than {} categories", kMaxCategories));
            return;
        }
        Category c;
        c.name = key.value;
        std::string what = fmt::format("category '{}'", key.value);
        if (s_.is_mapping(val, what)) {
            s_.check_keys(val, {"weight", "identifies"}, what);
            if (const Node* w = s_.require(val, "weight", what))
                if (auto v = s_.number_in(*w, "'weight'", 0, 1e6)) c.weight = *v;
            if (const Node* id = s_.get(val, "identifies"))
                if (auto v = s_.number_in(*id, "'identifies'", 0, 1)) c.identifies = *v;
        }
        pack_.categories.push_back(std::move(c));
    }
}

void RulesReader::read_traits(const Node& n) {
    if (!s_.is_mapping(n, "'traits'")) return;
    for (std::size_t i = 0; i < n.children.size(); i += 2) {
        const Node& key = s_.child(n, i);
        if (!valid_trait_name(key.value)) {
            s_.error(key, fmt::format("trait name '{}' must be letters, digits and _, starting with a letter or _ "
                                      "(traits are variables in expressions)",
                                      key.value));
            continue;
        }
        auto v = s_.number(s_.child(n, i + 1), fmt::format("the default of trait '{}'", key.value));
        pack_.traits.push_back(Trait{key.value, v.value_or(0)});
    }
    for (const Trait& t : pack_.traits) slots_.names.push_back(t.name);
    slots_.values.assign(slots_.names.size(), 0.0);
}

std::optional<Combine> RulesReader::combine(const Node& n, std::string_view what) {
    if (n.kind == NodeKind::scalar && n.value == "max") return Combine::max;
    if (n.kind == NodeKind::scalar && n.value == "sum") return Combine::sum;
    s_.error(n, fmt::format("{} must be 'max' or 'sum', found {}", what, io::describe(n)));
    return std::nullopt;
}

void RulesReader::read_severity(const Node& n) {
    if (!s_.is_mapping(n, "'severity'")) return;
    s_.check_keys(n, {"combine", "ease_combine", "ease_floor", "base_range", "circumstances", "levels"}, "'severity'");
    if (const Node* v = s_.get(n, "base_range")) {
        std::vector<const Node*> ends;
        if (v->kind != NodeKind::sequence || v->children.size() != 2) {
            s_.error(*v, fmt::format("'base_range' must be a list of two numbers [low, high], found {}",
                                     v->kind == NodeKind::sequence ? fmt::format("a list of {}", v->children.size())
                                                                   : io::describe(*v)));
        } else {
            auto lo = s_.number_in(s_.child(*v, 0), "the low end of 'base_range'", -1e6, 1e6);
            auto hi = s_.number_in(s_.child(*v, 1), "the high end of 'base_range'", -1e6, 1e6);
            if (lo && hi && *lo > *hi)
                s_.error(*v, fmt::format("'base_range' goes from {} down to {}: give the low end first", *lo, *hi));
            else if (lo && hi && *hi <= 0)
                s_.error(*v, fmt::format("'base_range' [{}, {}] allows no positive base: every severity would be 0",
                                         *lo, *hi));
            else if (lo && hi)
                pack_.severity.base_range = std::pair{*lo, *hi};
        }
    }
    SeveritySettings& sv = pack_.severity;
    if (const Node* v = s_.get(n, "combine"))
        if (auto c = combine(*v, "'combine'")) sv.combine = *c;
    if (const Node* v = s_.get(n, "ease_combine"))
        if (auto c = combine(*v, "'ease_combine'")) sv.ease_combine = *c;
    if (const Node* v = s_.get(n, "ease_floor"))
        if (auto x = s_.number_in(*v, "'ease_floor'", 0, 1)) sv.ease_floor = *x;
    if (const Node* v = s_.get(n, "circumstances"))
        if (auto x = s_.number_in(*v, "'circumstances'", -1e6, 1e6)) sv.circumstances = *x;
    if (const Node* v = s_.get(n, "levels"); v && s_.is_sequence(*v, "'levels'")) {
        std::map<std::string, SourceMark> seen;
        for (std::size_t i = 0; i < v->children.size(); ++i) {
            const Node& item = s_.child(*v, i);
            if (!s_.is_mapping(item, "a severity level")) continue;
            s_.check_keys(item, {"name", "min"}, "a severity level");
            SeverityLevel level;
            if (const Node* nm = s_.require(item, "name", "a severity level"))
                if (auto x = s_.id(*nm, "a level name")) {
                    level.name = *x;
                    auto [it, fresh] = seen.emplace(*x, nm->mark);
                    if (!fresh)
                        s_.error(*nm, fmt::format("duplicate level '{}' (first at line {})", *x, it->second.line));
                }
            if (const Node* mn = s_.require(item, "min", "a severity level"))
                if (auto x = s_.number_in(*mn, "'min'", -1e6, 1e6)) {
                    level.min = *x;
                    if (!sv.levels.empty() && *x >= sv.levels.back().min)
                        s_.error(*mn, fmt::format("levels must go from the highest 'min' down: {} follows {}", *x,
                                                  sv.levels.back().min));
                }
            sv.levels.push_back(std::move(level));
        }
    }
}

std::optional<CategorySet> RulesReader::category_set(const Node& n, std::string_view what) {
    std::vector<const Node*> items;
    if (!s_.scalar_list(n, what, items)) return std::nullopt;
    if (items.empty()) {
        s_.error(n, fmt::format("{} is an empty list; give at least one category or remove the key", what));
        return std::nullopt;
    }
    CategorySet set;
    bool ok = true;
    for (const Node* item : items) {
        int k = pack_.find_category(item->value);
        if (k < 0) {
            std::vector<std::string_view> names;
            for (const Category& c : pack_.categories) names.push_back(c.name);
            s_.error(*item, fmt::format("unknown category '{}'{}", item->value, support::did_you_mean(item->value, names)));
            ok = false;
            continue;
        }
        set.set(static_cast<std::size_t>(k));
    }
    if (!ok) return std::nullopt;
    return set;
}

void RulesReader::check_expression(const Node& n, const std::string& text) {
    std::string error;
    int pos = -1;
    if (model::Expression::compile(text, slots_, error, pos)) return;
    SourceMark at = n.mark;
    // Point into the expression when it sits on one line of the file.
    if (pos >= 0 && text.find('\n') == std::string::npos) {
        // muparser reports a missing ')' or operand one past the end: point at the last character.
        int last = text.empty() ? 0 : static_cast<int>(text.size()) - 1;
        at.column += std::min(pos, last) + (n.plain ? 0 : 1);
    }
    s_.error(at, error);
}

void RulesReader::read_rules(const Node& n) {
    if (!s_.is_sequence(n, "'rules'")) return;
    std::map<std::string, SourceMark> ids;
    for (std::size_t i = 0; i < n.children.size() && !s_.full(); ++i) {
        const Node& item = s_.child(n, i);
        if (!s_.is_mapping(item, "a rule")) continue;
        const std::size_t unknown = s_.check_keys(
            item, {"id", "when", "base_add", "base_multiply", "ease_add", "multiply", "add", "because"}, "a rule");
        Rule rule;
        if (const Node* idn = s_.require(item, "id", "a rule"))
            if (auto x = s_.id(*idn, "a rule id")) {
                rule.id = *x;
                auto [it, fresh] = ids.emplace(*x, idn->mark);
                if (!fresh)
                    s_.error(*idn, fmt::format("duplicate rule id '{}' (first at line {}, column {})", *x,
                                               it->second.line, it->second.column));
            }
        if (const Node* w = s_.get(item, "when"); w && s_.is_mapping(*w, "'when'")) {
            s_.check_keys(*w, {"all", "any", "none", "population_tags", "circumstances", "if"}, "'when'");
            if (const Node* x = s_.get(*w, "circumstances"))
                if (std::vector<const Node*> names; s_.scalar_list(*x, "'circumstances'", names)) {
                    if (names.empty())
                        s_.error(*x, "'circumstances' is an empty list; give at least one circumstance or remove the key");
                    for (const Node* c : names) {
                        const int k = pack_.find_circumstance(c->value);
                        std::vector<std::string_view> known;
                        for (const Circumstance& x2 : pack_.circumstances) known.push_back(x2.name);
                        if (k < 0)
                            s_.error(*c, fmt::format("unknown circumstance '{}'{}", c->value,
                                                     known.empty() ? std::string("; the rule pack defines none")
                                                                   : support::did_you_mean(c->value, known)));
                        else if (std::find(rule.when.circumstances.begin(), rule.when.circumstances.end(), k) !=
                                 rule.when.circumstances.end())
                            s_.error(*c, fmt::format("circumstance '{}' is listed twice", c->value));
                        else
                            rule.when.circumstances.push_back(k);
                    }
                }
            if (const Node* x = s_.get(*w, "all")) rule.when.all = category_set(*x, "'all'");
            if (const Node* x = s_.get(*w, "any")) rule.when.any = category_set(*x, "'any'");
            if (const Node* x = s_.get(*w, "none")) rule.when.none = category_set(*x, "'none'");
            if (const Node* x = s_.get(*w, "population_tags"))
                if (std::vector<const Node*> tags; s_.scalar_list(*x, "'population_tags'", tags))
                    for (const Node* t : tags) rule.when.population_tags.push_back(t->value);
            if (const Node* x = s_.get(*w, "if")) {
                if (auto text = s_.string(*x, "'if' (an expression over traits)")) {
                    rule.when.if_expression = std::string(*text);
                    check_expression(*x, rule.when.if_expression);
                }
            }
        }
        bool any_effect = false;
        for (int e = 0; e < kEffectKinds; ++e) {
            const char* name = effect_name(static_cast<EffectKind>(e));
            const Node* x = s_.get(item, name);
            if (!x) continue;
            any_effect = true;
            if (x->kind != NodeKind::scalar || x->null) {
                s_.error(*x, fmt::format("expected '{}' to be a number or an expression, found {}", name,
                                         io::describe(*x)));
                continue;
            }
            Amount amount;
            double v = 0;
            io::NumberStatus st = x->plain ? io::parse_number(x->value, v) : io::NumberStatus::not_a_number;
            if (st == io::NumberStatus::ok) {
                amount.number = v;
            } else if (st == io::NumberStatus::non_finite || st == io::NumberStatus::out_of_range) {
                s_.error(*x, fmt::format("'{}' must be a finite number, found '{}'", name, x->value));
                continue;
            } else {
                amount.expression = x->value;
                check_expression(*x, x->value);
            }
            rule.effects[e] = std::move(amount);
        }
        if (!any_effect && unknown == 0)  // a misspelt effect was already reported
            s_.error(item, "a rule needs at least one effect: base_add, base_multiply, ease_add, multiply or add");
        if (const Node* b = s_.get(item, "because"))
            if (auto x = s_.string(*b, "'because'")) rule.because = *x;
        pack_.rules.push_back(std::move(rule));
    }
}

void RulesReader::read_circumstances(const Node& n) {
    if (!s_.is_mapping(n, "'circumstances'")) return;
    for (std::size_t i = 0; i < n.children.size(); i += 2) {
        const Node& key = s_.child(n, i);
        if (!io::valid_id(key.value)) {
            s_.error(key, fmt::format("circumstance name '{}' is not a valid id", key.value));
            continue;
        }
        auto v = s_.number_in(s_.child(n, i + 1), fmt::format("circumstance '{}'", key.value), -1e6, 1e6);
        pack_.circumstances.push_back(Circumstance{key.value, v.value_or(0)});
    }
}

std::optional<int> RulesReader::level(const Node& n, std::string_view what) {
    auto name = s_.string(n, what);
    if (!name) return std::nullopt;
    const int l = pack_.find_level(*name);
    if (l >= 0) return l;
    std::vector<std::string_view> known;
    for (const SeverityLevel& x : pack_.severity.levels) known.push_back(x.name);
    s_.error(n, fmt::format("{} names level '{}', which 'severity.levels' does not define{}", what, *name,
                            known.empty() ? std::string(" (it defines none)") : support::did_you_mean(*name, known)));
    return std::nullopt;
}

void RulesReader::read_notification(const Node& n) {
    if (!s_.is_mapping(n, "'notification'")) return;
    s_.check_keys(n, {"authority", "individuals", "deadline_hours"}, "'notification'");
    NotificationSettings out;
    bool ok = true;
    for (auto [key, field] : {std::pair{"authority", &out.authority}, std::pair{"individuals", &out.individuals}}) {
        const Node* x = s_.require(n, key, "'notification'");
        auto l = x ? level(*x, fmt::format("'{}'", key)) : std::nullopt;
        if (l) *field = *l;
        else ok = false;
    }
    if (const Node* x = s_.get(n, "deadline_hours")) {
        auto h = s_.number_in(*x, "'deadline_hours'", 0, 1e6);
        if (h && *h <= 0) {
            s_.error(*x, "'deadline_hours' must be more than 0");
            h.reset();
        }
        if (h) out.deadline_hours = *h;
        else ok = false;
    }
    // Levels are listed from the highest down: individuals at a lower level
    // than the authority would tell people about breaches the regulator never hears of.
    if (ok && out.individuals > out.authority) {
        s_.error(*s_.get(n, "individuals"),
                 fmt::format("'individuals' ({}) is below 'authority' ({}): a breach that must be told to the people "
                             "must be told to the authority too (Art. 33 before Art. 34)",
                             pack_.severity.levels[static_cast<std::size_t>(out.individuals)].name,
                             pack_.severity.levels[static_cast<std::size_t>(out.authority)].name));
        ok = false;
    }
    if (ok) pack_.notification = out;
}

void RulesReader::factors(const Node& n, std::string_view what, std::vector<NamedFactor>& out, bool costs) {
    if (!s_.is_mapping(n, what)) return;
    for (std::size_t i = 0; i < n.children.size(); i += 2) {
        const Node& key = s_.child(n, i);
        if (!io::valid_id(key.value)) {
            s_.error(key, fmt::format("'{}' in {} is not a valid id", key.value, what));
            continue;
        }
        const Node& value = s_.child(n, i + 1);
        NamedFactor nf{key.value, 1, 0};
        if (costs && value.kind == NodeKind::mapping) {
            // A control with its price: {factor, cost}.
            const std::string whose = fmt::format("control '{}'", key.value);
            s_.check_keys(value, {"factor", "cost"}, whose);
            if (const Node* f = s_.require(value, "factor", whose))
                nf.factor = s_.number_in(*f, fmt::format("the factor of '{}'", key.value), 0, 1e6).value_or(1);
            if (const Node* c = s_.get(value, "cost"))
                nf.cost = s_.number_in(*c, fmt::format("the cost of '{}'", key.value), 0, kMaxMoney).value_or(0);
        } else {
            nf.factor = s_.number_in(value, fmt::format("the factor of '{}'", key.value), 0, 1e6).value_or(1);
        }
        out.push_back(nf);
    }
}

void RulesReader::read_mitigation_costs(const Node& n) {
    if (!s_.is_mapping(n, "'mitigation_costs'")) return;
    s_.check_keys(n, {"remove_category", "remove_access"}, "'mitigation_costs'");
    MitigationCosts& m = pack_.mitigation_costs;
    if (const Node* x = s_.get(n, "remove_category"))
        m.remove_category = s_.number_in(*x, "'remove_category'", 0, kMaxMoney).value_or(0);
    if (const Node* x = s_.get(n, "remove_access"))
        m.remove_access = s_.number_in(*x, "'remove_access'", 0, kMaxMoney).value_or(0);
}

void RulesReader::read_likelihood(const Node& n) {
    if (!s_.is_mapping(n, "'likelihood'")) return;
    s_.check_keys(n, {"base", "controls", "tags"}, "'likelihood'");
    LikelihoodSettings& l = pack_.likelihood;
    if (const Node* b = s_.require(n, "base", "'likelihood'"); b && s_.is_mapping(*b, "'base'")) {
        s_.check_keys(*b, {"organisation", "supplier", "channel"}, "'likelihood.base'");
        if (const Node* x = s_.get(*b, "channel"))
            if (auto v = s_.number_in(*x, "'channel'", 0, 1)) l.base_channel = *v;
        if (const Node* x = s_.require(*b, "organisation", "'likelihood.base'"))
            if (auto v = s_.number_in(*x, "'organisation'", 0, 1)) l.base_organisation = *v;
        if (const Node* x = s_.require(*b, "supplier", "'likelihood.base'"))
            if (auto v = s_.number_in(*x, "'supplier'", 0, 1)) l.base_supplier = *v;
    }
    if (const Node* c = s_.get(n, "controls")) factors(*c, "'likelihood.controls'", l.controls, true);
    if (const Node* t = s_.get(n, "tags")) factors(*t, "'likelihood.tags'", l.tags);
}

void RulesReader::read_propagation(const Node& n) {
    if (!s_.is_mapping(n, "'propagation'")) return;
    s_.check_keys(n, {"method", "trials", "seed", "damping"}, "'propagation'");
    PropagationSettings& p = pack_.propagation;
    if (const Node* m = s_.get(n, "method")) {
        auto parsed = m->kind == NodeKind::scalar ? parse_method(m->value) : std::nullopt;
        if (parsed)
            p.method = *parsed;
        else
            s_.error(*m, fmt::format("'method' must be auto, exact, montecarlo or linear, found {}{}", io::describe(*m),
                                     support::did_you_mean(m->value, {"auto", "exact", "montecarlo", "linear"})));
    }
    if (const Node* t = s_.get(n, "trials"))
        if (auto v = s_.integer(*t, "'trials'", kMinTrials, kMaxTrials)) p.trials = static_cast<std::int64_t>(*v);
    if (const Node* t = s_.get(n, "seed"))
        if (auto v = s_.integer(*t, "'seed'", 0, UINT64_MAX)) p.seed = *v;
    if (const Node* t = s_.get(n, "damping"))
        if (auto v = s_.number_in(*t, "'damping'", kMinDamping, kMaxDamping)) p.damping = *v;
}

void RulesReader::read_tiers(const Node& n) {
    if (!s_.is_sequence(n, "'tiers'")) return;
    std::map<std::string, SourceMark> seen;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        const Node& item = s_.child(n, i);
        if (!s_.is_mapping(item, "a tier")) continue;
        s_.check_keys(item, {"name", "min_risk"}, "a tier");
        Tier tier;
        if (const Node* nm = s_.require(item, "name", "a tier"))
            if (auto x = s_.id(*nm, "a tier name")) {
                tier.name = *x;
                auto [it, fresh] = seen.emplace(*x, nm->mark);
                if (!fresh) s_.error(*nm, fmt::format("duplicate tier '{}' (first at line {})", *x, it->second.line));
            }
        if (const Node* mr = s_.require(item, "min_risk", "a tier"))
            if (auto x = s_.number_in(*mr, "'min_risk'", 0, 1e300)) {
                tier.min_risk = *x;
                if (!pack_.tiers.empty() && *x >= pack_.tiers.back().min_risk)
                    s_.error(*mr, fmt::format("tiers must go from the highest 'min_risk' down: {} follows {}", *x,
                                              pack_.tiers.back().min_risk));
            }
        pack_.tiers.push_back(std::move(tier));
    }
}

}  // namespace

Loaded<RulePack> load_rules_text(std::string_view text, const std::string& file_name) {
    Loaded<RulePack> out;
    if (!io::check_text(text, file_name, out.diagnostics)) return out;
    io::TreeBuilder tree(file_name, out.diagnostics);
    if (!io::read_yaml_document(text, tree)) return out;
    RulesReader reader(tree, file_name, out.diagnostics);
    auto pack = reader.read(tree.root());
    if (pack && out.diagnostics.empty()) out.value = std::move(pack);
    return out;
}

Loaded<RulePack> load_rules_file(const std::string& path) {
    Loaded<RulePack> out;
    // Rule packs are hand-written; 16 MiB is far beyond any real one.
    auto text = io::read_input(path, 16u << 20, out.diagnostics);
    if (!text) return out;
    return load_rules_text(*text, path);
}

}  // namespace breachrank
