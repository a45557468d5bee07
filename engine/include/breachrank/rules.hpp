// The rule pack (`breachrank: rules/1`, SPEC §3): category weights, severity
// rules, likelihood factors, propagation settings and tiers.
//
// A RulePack is plain data. It is produced by load_rules_file() /
// load_rules_text() (which validate it and report every problem as a
// Diagnostic) or by default_rules() (the pack compiled into the library from
// rules/default.yaml). Expressions are kept as text here; the scorer compiles
// each one once (muparser) and evaluates it once per population.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "breachrank/diagnostic.hpp"

namespace breachrank {

/// Upper bound on the number of categories in one rule pack. Category sets are
/// fixed-size bitsets so that set operations on the hot path are a few words.
inline constexpr std::size_t kMaxCategories = 128;

/// A set of categories, indexed by position in RulePack::categories.
using CategorySet = std::bitset<kMaxCategories>;

struct Category {
    std::string name;
    double weight = 0;      ///< contribution to a record's base score (>= 0)
    double identifies = 0;  ///< ease of identification this category gives, in [0, 1]
};

struct Trait {
    std::string name;
    double default_value = 0;  ///< used for a population that does not set the trait
};

/// How per-category values are combined into one value for a record.
enum class Combine { max, sum };

struct SeverityLevel {
    std::string name;
    double min = 0;  ///< a record's severity is labelled by the first level whose min it reaches
};

struct SeveritySettings {
    Combine combine = Combine::max;       ///< weights -> base
    Combine ease_combine = Combine::max;  ///< identifies -> ease
    double ease_floor = 0.25;             ///< ease when nothing identifying is exposed
    double circumstances = 0;             ///< added to every exposed record's severity
    /// Step 4 (SPEC §4): the base clamped to [first, second] after the rules
    /// (ENISA's DPC is 1..4); unset: no clamp.
    std::optional<std::pair<double, double>> base_range;
    std::vector<SeverityLevel> levels;    ///< optional; in file order
};

/// A rule effect's amount: a number, or an expression over the population's traits.
struct Amount {
    double number = 0;
    std::string expression;  ///< non-empty: evaluate this instead of `number`
    bool is_expression() const { return !expression.empty(); }
};

/// When a rule fires. Every present clause must hold; absent clauses always hold.
struct Condition {
    std::optional<CategorySet> all;   ///< every one of these categories is exposed
    std::optional<CategorySet> any;   ///< at least one of them is exposed
    std::optional<CategorySet> none;  ///< none of them is exposed
    std::vector<std::string> population_tags;  ///< all of these tags are on the population (or its segment)
    std::vector<int> circumstances;  ///< indices into RulePack::circumstances: all selected for the incident
    std::string if_expression;  ///< non-empty: an expression over traits, true when non-zero
};

/// The five effects, applied in this order when a rule fires (SPEC §4 step 3).
enum class EffectKind { base_add, base_multiply, ease_add, multiply, add };
inline constexpr int kEffectKinds = 5;
const char* effect_name(EffectKind kind);

struct Rule {
    std::string id;
    Condition when;
    std::optional<Amount> effects[kEffectKinds];  ///< indexed by EffectKind
    std::string because;  ///< the reason shown in `explain`
};

struct NamedFactor {
    std::string name;
    double factor = 1;  ///< >= 0, multiplies the annual breach probability
    /// A control's cost a year, in the loss currency (`{factor, cost}`; 0 when
    /// the pack gives none). Tags have no cost.
    double cost = 0;
};

/// What the other kinds of change cost (SPEC §3 `mitigation_costs`), each a
/// year in the loss currency, 0 by default: removing one category from a flow
/// (re-working the interface and the supplier's process) and removing one
/// access edge (re-engineering the integration).
struct MitigationCosts {
    double remove_category = 0;
    double remove_access = 0;
};

struct LikelihoodSettings {
    double base_organisation = 0.05;  ///< annual breach probability of an organisation
    double base_supplier = 0.10;      ///< annual breach probability of a supplier
    /// Annual probability that a channel (an organisation's own disclosure
    /// route) discloses personal data in error; unset: the supplier's base.
    std::optional<double> base_channel;
    std::vector<NamedFactor> controls;  ///< factors of security controls
    std::vector<NamedFactor> tags;      ///< factors of entity tags
};

/// How breaches spread over access edges (SPEC §4 "Cascade").
enum class CascadeMethod { automatic, exact, montecarlo, linear };
const char* method_name(CascadeMethod method);  ///< "auto", "exact", "montecarlo", "linear"
std::optional<CascadeMethod> parse_method(std::string_view text);

/// A named circumstance of an incident (SPEC §3): when selected, its value is
/// added to every exposed record's severity, and rules that name it may fire.
struct Circumstance {
    std::string name;
    double value = 0;
};

/// GDPR Art. 33/34 decisions for `breach` (SPEC §4 "Notification"). Levels are
/// indices into SeveritySettings::levels (listed from the highest down).
struct NotificationSettings {
    int authority = 0;    ///< tell the supervisory authority when a record reaches this level
    int individuals = 0;  ///< tell each person whose record reaches this level
    double deadline_hours = 72;
};

struct PropagationSettings {
    CascadeMethod method = CascadeMethod::automatic;
    std::int64_t trials = 2000;  ///< Monte Carlo cascades per vendor, >= 1
    std::uint64_t seed = 1;
    double damping = 1.0;  ///< linear screen: U = (I - damping Q)^-1 D
};

/// A money range (SPEC §4 "Loss"): the lognormal distribution whose 5th and
/// 95th percentiles are `low` and `high`; low == high is a constant.
/// 0 < low <= high, both finite.
struct Range {
    double low = 0;
    double high = 0;
    double mu() const;     ///< (ln low + ln high) / 2
    double sigma() const;  ///< (ln high - ln low) / (2 x 1.6448536); 0 for a constant
    double mean() const;   ///< exp(mu + sigma^2 / 2); `low` for a constant
};

/// One point of the risk appetite: an annual loss above `loss` at most this often.
struct AppetitePoint {
    double loss = 0;         ///< > 0, in the pack's currency
    double probability = 0;  ///< in (0, 1]
};

/// The pack's `loss` section (SPEC §3): what one incident costs, in money.
struct LossSettings {
    std::string currency = "GBP";
    Range per_breach;  ///< one incident's fixed costs
    /// Cost per exposed person by the level of their record: (index into
    /// SeveritySettings::levels, range); a level not listed costs 0.
    std::vector<std::pair<int, Range>> per_person;
    std::int64_t years = 10000;        ///< simulated years, 1 to kMaxLossYears
    std::vector<AppetitePoint> appetite;  ///< by loss, rising; probabilities not rising
};

/// Upper bound on any money figure of a range (a trillion in the currency):
/// beyond it a figure is a typing error, and sums of many draws stay finite.
inline constexpr double kMaxMoney = 1e12;
/// Upper bound on high / low of a range. A 90% interval wider than a factor of
/// 10,000 says little: its lognormal's sigma would pass 2.8 and its mean, 50
/// times its median, would come from rare draws far out in the tail, which a
/// simulation of a few thousand years cannot see.
inline constexpr double kMaxRangeRatio = 1e4;

/// Upper bound on simulated years: the simulation keeps about 18 bytes a year
/// (the losses, a sorted copy and two tail marks), 180 MB at the limit.
inline constexpr std::int64_t kMaxLossYears = 10'000'000;

struct Tier {
    std::string name;
    double min_risk = 0;  ///< a vendor's tier is the first whose min_risk its risk reaches
};

struct RulePack {
    std::string name;
    std::vector<Category> categories;
    std::vector<Trait> traits;
    SeveritySettings severity;
    std::vector<Rule> rules;  ///< in file order, which is the order they apply
    LikelihoodSettings likelihood;
    PropagationSettings propagation;
    std::vector<Tier> tiers;
    std::vector<Circumstance> circumstances;          ///< in file order
    std::optional<NotificationSettings> notification;  ///< absent: `breach` reports no duty to notify
    std::optional<LossSettings> loss;                  ///< absent: no money figures
    MitigationCosts mitigation_costs;                  ///< absent: every change costs 0 but controls with a cost

    /// Index of the named category / trait / control, or -1.
    int find_category(std::string_view name) const;
    int find_trait(std::string_view name) const;
    int find_control(std::string_view name) const;
    int find_circumstance(std::string_view name) const;
    int find_rule(std::string_view id) const;
    int find_level(std::string_view name) const;
    /// Names of the categories in a set, in pack order.
    std::vector<std::string> category_names(const CategorySet& set) const;
};

/// Reads and validates a rule pack. `path` "-" reads standard input.
/// Failure modes, all as diagnostics: unreadable file, YAML syntax errors, a
/// wrong header, unknown keys (with "did you mean"), wrong types, values out of
/// range, duplicate keys or rule ids, unknown category or trait names,
/// expressions that do not parse or use unknown names, too many categories.
Loaded<RulePack> load_rules_file(const std::string& path);
/// The same, from text already in memory; `file_name` is used in diagnostics.
Loaded<RulePack> load_rules_text(std::string_view text, const std::string& file_name);

/// The pack compiled into the library from rules/default.yaml.
const RulePack& default_rules();
std::string_view default_rules_text();

}  // namespace breachrank
