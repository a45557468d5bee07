#include "support/did_you_mean.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "breachrank/diagnostic.hpp"

namespace breachrank::support {

namespace {

std::size_t osa_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

}  // namespace

std::string closest(std::string_view name, const std::vector<std::string_view>& candidates) {
    // Long ids would make the distance expensive and the suggestion useless.
    if (name.size() > 64) return {};
    std::string_view best;
    std::size_t best_d = static_cast<std::size_t>(-1);
    for (std::string_view c : candidates) {
        if (c.size() > 64) continue;
        std::size_t len_gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
        if (len_gap > 3) continue;
        std::size_t d = osa_distance(name, c);
        if (d < best_d || (d == best_d && c < best)) {
            best_d = d;
            best = c;
        }
    }
    std::size_t allowed = std::max<std::size_t>(1, std::min(name.size(), best.size()) / 3);
    if (!best.empty() && best_d <= allowed && !(best_d == 0 && best == name)) return std::string(best);
    // A truncated name ("covert" for "covert_share") is a likely slip too.
    if (name.size() >= 4) {
        std::string_view by_prefix;
        for (std::string_view c : candidates)
            if (c.size() > name.size() && c.substr(0, name.size()) == name && (by_prefix.empty() || c < by_prefix))
                by_prefix = c;
        if (!by_prefix.empty()) return std::string(by_prefix);
    }
    return {};
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
    std::string c = closest(name, candidates);
    return c.empty() ? std::string() : fmt::format("; did you mean '{}'?", c);
}

}  // namespace breachrank::support

namespace breachrank {

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
    return support::closest(name, std::vector<std::string_view>(candidates.begin(), candidates.end()));
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
    return support::did_you_mean(name, std::vector<std::string_view>(candidates.begin(), candidates.end()));
}

}  // namespace breachrank
