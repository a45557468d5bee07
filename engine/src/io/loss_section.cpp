#include "io/loss_section.hpp"

#include <cmath>

#include <fmt/format.h>

#include "support/did_you_mean.hpp"

namespace breachrank::io {

namespace {

// `{low, high}` or a plain number (a constant): 0 < low <= high, both finite.
std::optional<Range> range(Schema& s, const Node& n, const std::string& what) {
    if (n.kind == NodeKind::scalar) {
        auto v = s.number(n, what);
        if (!v) return std::nullopt;
        if (*v <= 0) {
            s.error(n, fmt::format("{} must be more than 0, found {}", what, n.value));
            return std::nullopt;
        }
        if (*v > kMaxMoney) {
            s.error(n, fmt::format("{} is {}, above the limit of {:.0f}", what, n.value, kMaxMoney));
            return std::nullopt;
        }
        return Range{*v, *v};
    }
    if (!s.is_mapping(n, what)) return std::nullopt;
    if (s.check_keys(n, {"low", "high"}, what) > 0) return std::nullopt;
    const Node* lo = s.require(n, "low", what);
    const Node* hi = s.require(n, "high", what);
    std::optional<double> l, h;
    if (lo) l = s.number(*lo, fmt::format("'low' of {}", what));
    if (hi) h = s.number(*hi, fmt::format("'high' of {}", what));
    if (!l || !h) return std::nullopt;
    if (*l <= 0) {
        s.error(*lo, fmt::format("'low' of {} must be more than 0, found {}", what, lo->value));
        return std::nullopt;
    }
    if (*l > *h) {
        s.error(*hi, fmt::format("'high' of {} is below its 'low' ({} < {}): a range goes from low to high", what,
                                 hi->value, lo->value));
        return std::nullopt;
    }
    if (*h > kMaxMoney) {
        s.error(*hi, fmt::format("'high' of {} is {}, above the limit of {:.0f}", what, hi->value, kMaxMoney));
        return std::nullopt;
    }
    if (*h > *l * kMaxRangeRatio) {
        s.error(*hi, fmt::format("{} spans more than a factor of {:.0f} ({} to {}): a 90% range that wide is not an "
                                 "estimate",
                                 what, kMaxRangeRatio, lo->value, hi->value));
        return std::nullopt;
    }
    return Range{*l, *h};
}

void per_person(Schema& s, const Node& n, RulePack& pack, LossSettings& out) {
    if (!s.is_mapping(n, "'per_person'")) return;
    std::vector<std::string_view> levels;
    for (const SeverityLevel& l : pack.severity.levels) levels.push_back(l.name);
    for (std::size_t i = 0; i < n.children.size(); i += 2) {
        const Node& key = s.child(n, i);
        const int level = pack.find_level(key.value);
        if (level < 0) {
            s.error(key, fmt::format("'per_person' names level '{}', which 'severity.levels' does not define{}",
                                     key.value,
                                     levels.empty() ? std::string(" (it defines none)")
                                                    : support::did_you_mean(key.value, levels)));
            continue;
        }
        if (auto r = range(s, s.child(n, i + 1), fmt::format("the cost per person at level '{}'", key.value)))
            out.per_person.emplace_back(level, *r);
    }
}

void appetite(Schema& s, const Node& n, LossSettings& out) {
    if (!s.is_sequence(n, "'appetite'")) return;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        const Node& item = s.child(n, i);
        if (!s.is_mapping(item, "an appetite point")) continue;
        s.check_keys(item, {"loss", "probability"}, "an appetite point");
        const Node* ln = s.require(item, "loss", "an appetite point");
        const Node* pn = s.require(item, "probability", "an appetite point");
        // Plain values and flags (GCC 12 sees optionals here as maybe uninitialised);
        // each number is checked on its own, so both of a point's errors are reported.
        double loss = 0, p = 0;
        bool loss_ok = false, p_ok = false;
        if (ln) {
            const auto v = s.number(*ln, "'loss'");
            loss_ok = v.has_value();
            loss = v.value_or(0);
        }
        if (pn) {
            const auto v = s.number_in(*pn, "'probability'", 0, 1);
            p_ok = v.has_value();
            p = v.value_or(0);
        }
        if (loss_ok && loss <= 0) {
            s.error(*ln, fmt::format("'loss' must be more than 0, found {}", ln->value));
            loss_ok = false;
        }
        if (loss_ok && loss > kMaxMoney) {
            s.error(*ln, fmt::format("'loss' is {}, above the limit of {:.0f}", ln->value, kMaxMoney));
            loss_ok = false;
        }
        if (p_ok && p <= 0) {
            s.error(*pn, "'probability' must be more than 0: an annual loss that may never happen needs no point");
            p_ok = false;
        }
        // Rarer than once in the most years a simulation may run, it could never be checked.
        if (p_ok && p < 1.0 / static_cast<double>(kMaxLossYears)) {
            s.error(*pn, fmt::format("'probability' is {}, below 1 in {} years: no simulation could check it",
                                     pn->value, kMaxLossYears));
            p_ok = false;
        }
        const bool ok = loss_ok && p_ok;
        if (!ok) continue;
        if (!out.appetite.empty() && (loss <= out.appetite.back().loss || p > out.appetite.back().probability)) {
            s.error(item, fmt::format("appetite points must go from the smallest loss up, each at most as likely as "
                                      "the one before: ({}, {}) follows ({}, {})",
                                      loss, p, out.appetite.back().loss, out.appetite.back().probability));
            continue;
        }
        out.appetite.push_back(AppetitePoint{loss, p});
    }
}

}  // namespace

void read_loss_section(Schema& s, const Node& n, RulePack& pack) {
    if (!s.is_mapping(n, "'loss'")) return;
    s.check_keys(n, {"currency", "per_breach", "per_person", "years", "appetite"}, "'loss'");
    LossSettings out;
    bool ok = true;
    if (const Node* x = s.get(n, "currency")) {
        if (auto v = s.id(*x, "'currency'")) out.currency = std::string(*v);
        else ok = false;
    }
    if (const Node* x = s.require(n, "per_breach", "'loss'")) {
        if (auto r = range(s, *x, "'per_breach'")) out.per_breach = *r;
        else ok = false;
    } else {
        ok = false;
    }
    if (const Node* x = s.get(n, "per_person")) per_person(s, *x, pack, out);
    if (const Node* x = s.get(n, "years")) {
        if (auto v = s.integer(*x, "'years'", 1, static_cast<std::uint64_t>(kMaxLossYears)))
            out.years = static_cast<std::int64_t>(*v);
        else ok = false;
    }
    if (const Node* x = s.get(n, "appetite")) appetite(s, *x, out);
    if (ok) pack.loss = std::move(out);
}

}  // namespace breachrank::io
