#include "io/schema.hpp"
#include "support/did_you_mean.hpp"
#include "support/excerpt.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace breachrank::io {

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    auto alnum = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(id[0])) return false;
    return std::all_of(id.begin() + 1, id.end(),
                       [&](char c) { return alnum(c) || c == '.' || c == '_' || c == ':' || c == '-'; });
}

NumberStatus parse_number(std::string_view text, double& out) {
    std::string_view t = text;
    if (!t.empty() && t[0] == '+') t.remove_prefix(1);
    std::string_view body = t;
    if (!body.empty() && body[0] == '-') body.remove_prefix(1);
    // YAML spells infinity and NaN .inf / .nan; from_chars also knows inf / nan.
    std::string lowered;
    for (char c : body) lowered.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lowered == ".inf" || lowered == "inf" || lowered == "infinity" || lowered == ".nan" || lowered == "nan")
        return NumberStatus::non_finite;
    if (t.empty() || !(std::isdigit(static_cast<unsigned char>(body.empty() ? 'x' : body[0])) || body[0] == '.'))
        return NumberStatus::not_a_number;
    auto res = std::from_chars(t.data(), t.data() + t.size(), out, std::chars_format::general);
    if (res.ec == std::errc::result_out_of_range && res.ptr == t.data() + t.size()) {
        // Too small to represent (1e-400) is zero for every purpose here; too large is an error.
        bool tiny = lowered.find("e-") != std::string::npos;
        if (tiny) {
            out = 0.0;
            return NumberStatus::ok;
        }
        return NumberStatus::out_of_range;
    }
    if (res.ec != std::errc() || res.ptr != t.data() + t.size()) return NumberStatus::not_a_number;
    if (!std::isfinite(out)) return NumberStatus::non_finite;
    return NumberStatus::ok;
}

std::string describe(const Node& n) {
    switch (n.kind) {
        case NodeKind::mapping: return "a mapping";
        case NodeKind::sequence: return "a list";
        case NodeKind::scalar:
            if (n.null) return "nothing";
            return fmt::format("'{}'", support::excerpt(n.value));
    }
    return "?";
}

bool Schema::is_mapping(const Node& n, std::string_view what) {
    if (n.kind == NodeKind::mapping) return true;
    error(n, fmt::format("expected {} (a mapping of keys to values), found {}", what, describe(n)));
    return false;
}

bool Schema::is_sequence(const Node& n, std::string_view what) {
    if (n.kind == NodeKind::sequence) return true;
    error(n, fmt::format("expected {} (a list), found {}", what, describe(n)));
    return false;
}

std::size_t Schema::check_keys(const Node& map, std::span<const std::string_view> allowed, std::string_view what) {
    std::size_t unknown = 0;
    for (std::size_t i = 0; i < map.children.size(); i += 2) {
        const Node& key = child(map, i);
        if (std::find(allowed.begin(), allowed.end(), key.value) != allowed.end()) continue;
        std::vector<std::string_view> candidates(allowed.begin(), allowed.end());
        error(key, fmt::format("unknown key '{}' in {}{}", support::excerpt(key.value), what, support::did_you_mean(key.value, candidates)));
        ++unknown;
    }
    return unknown;
}

const Node* Schema::get(const Node& map, std::string_view key) const {
    for (std::size_t i = 0; i < map.children.size(); i += 2)
        if (child(map, i).value == key) return &child(map, i + 1);
    return nullptr;
}

const Node* Schema::require(const Node& map, std::string_view key, std::string_view what) {
    const Node* v = get(map, key);
    if (v) return v;
    // A misspelt key was reported with its "did you mean"; saying it is missing too is noise.
    for (std::size_t i = 0; i < map.children.size(); i += 2) {
        const std::string& k = child(map, i).value;
        if (k != key && support::closest(k, {key}) == key) return nullptr;
    }
    error(map, fmt::format("missing '{}' in {}", key, what));
    return nullptr;
}

std::optional<std::string_view> Schema::string(const Node& n, std::string_view what) {
    if (n.kind != NodeKind::scalar || n.null) {
        error(n, fmt::format("expected {} (text), found {}", what, describe(n)));
        return std::nullopt;
    }
    return std::string_view(n.value);
}

std::optional<std::string_view> Schema::id(const Node& n, std::string_view what) {
    auto s = string(n, what);
    if (!s) return s;
    if (s->size() > kMaxIdLength) {
        error(n, fmt::format("{} is {} characters long; ids are at most {}", what, s->size(), kMaxIdLength));
        return std::nullopt;
    }
    if (!valid_id(*s)) {
        error(n, fmt::format("{} '{}' is not a valid id: use letters, digits and . _ : - , starting with a letter or "
                             "digit",
                             what, support::excerpt(*s)));
        return std::nullopt;
    }
    return s;
}

std::optional<double> Schema::number(const Node& n, std::string_view what) {
    if (n.kind != NodeKind::scalar || n.null || !n.plain) {
        error(n, fmt::format("expected {} (a number), found {}{}", what, describe(n),
                             n.kind == NodeKind::scalar && !n.plain ? " in quotes" : ""));
        return std::nullopt;
    }
    double v = 0;
    switch (parse_number(n.value, v)) {
        case NumberStatus::ok: return v;
        case NumberStatus::non_finite:
            error(n, fmt::format("{} must be a finite number, found '{}'", what, support::excerpt(n.value)));
            return std::nullopt;
        case NumberStatus::out_of_range:
            error(n, fmt::format("{} is too large a number, found {}", what, n.value));
            return std::nullopt;
        case NumberStatus::not_a_number: break;
    }
    error(n, fmt::format("expected {} (a number), found {}", what, describe(n)));
    return std::nullopt;
}

std::optional<double> Schema::share(const Node& n) {
    auto v = number(n, "'share'");
    if (v && (*v <= 0 || *v > 1)) {
        error(n, fmt::format("'share' must be greater than 0 and at most 1, found {}", n.value));
        return std::nullopt;
    }
    return v;
}

std::optional<double> Schema::number_in(const Node& n, std::string_view what, double lo, double hi) {
    auto v = number(n, what);
    if (!v) return v;
    if (*v < lo || *v > hi) {
        error(n, fmt::format("{} must be between {} and {}, found {}", what, lo, hi, n.value));
        return std::nullopt;
    }
    return v;
}

std::optional<std::uint64_t> Schema::integer(const Node& n, std::string_view what, std::uint64_t min,
                                             std::uint64_t max) {
    if (n.kind != NodeKind::scalar || n.null || !n.plain) {
        error(n, fmt::format("expected {} (a whole number), found {}{}", what, describe(n),
                             n.kind == NodeKind::scalar && !n.plain ? " in quotes" : ""));
        return std::nullopt;
    }
    std::string_view t = n.value;
    if (!t.empty() && t[0] == '+') t.remove_prefix(1);
    bool digits = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
    auto at_most = [&] {
        error(n, fmt::format("{} must be at most {}, found {}", what, max, n.value));
        return std::nullopt;
    };
    std::uint64_t v = 0;
    if (digits) {
        if (std::from_chars(t.data(), t.data() + t.size(), v).ec == std::errc::result_out_of_range) return at_most();
    } else {
        double x = 0;
        const NumberStatus st = parse_number(n.value, x);
        // A whole number in another notation (1e10, 5.0): exact below 2^53.
        if (st == NumberStatus::ok && x >= 0 && x == std::floor(x) && x <= 0x1p53) {
            v = static_cast<std::uint64_t>(x);
        } else {
            if (st == NumberStatus::out_of_range && !n.value.empty() && n.value.front() != '-') return at_most();
            if (st == NumberStatus::not_a_number)
                error(n, fmt::format("expected {} (a whole number), found {}", what, describe(n)));
            else if (st == NumberStatus::ok && x < 0)
                error(n, fmt::format("{} must be at least {}, found {}", what, min, n.value));
            else
                error(n, fmt::format("{} must be a whole number, found {}", what, n.value));
            return std::nullopt;
        }
    }
    if (v > max) return at_most();
    if (v < min) {
        error(n, fmt::format("{} must be at least {}, found {}", what, min, n.value));
        return std::nullopt;
    }
    return v;
}

bool Schema::scalar_list(const Node& n, std::string_view what, std::vector<const Node*>& out) {
    out.clear();
    if (!is_sequence(n, what)) return false;
    bool ok = true;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        const Node& item = child(n, i);
        if (item.kind != NodeKind::scalar || item.null) {
            error(item, fmt::format("expected a name in {}, found {}", what, describe(item)));
            ok = false;
            continue;
        }
        out.push_back(&item);
    }
    return ok;
}

}  // namespace breachrank::io
