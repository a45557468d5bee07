#include "propagation/notification.hpp"

#include <chrono>
#include <cmath>
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

namespace breachrank::propagation {

namespace {

// Reads exactly `n` digits at `pos`.
bool digits(const std::string& s, std::size_t& pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    pos += n;
    return true;
}

bool expect(const std::string& s, std::size_t& pos, char c) {
    if (pos >= s.size() || s[pos] != c) return false;
    ++pos;
    return true;
}

// Whether a date-time names its offset ("Z", "+01:00"); a date alone or a bare time does not.
bool has_offset(const std::string& s) {
    const std::size_t t = s.find_first_of("Tt ");
    if (t == std::string::npos) return false;
    return s.find_first_of("Zz+-", t) != std::string::npos;
}

// "Z", "+HH:MM", "+HHMM", "-HH:MM" or nothing (UTC): seconds east of UTC.
bool offset(const std::string& s, std::size_t& pos, long long& seconds) {
    seconds = 0;
    if (pos == s.size()) return true;
    if (s[pos] == 'Z' || s[pos] == 'z') return ++pos == s.size();
    if (s[pos] != '+' && s[pos] != '-') return false;
    const int sign = s[pos++] == '-' ? -1 : 1;
    int h = 0, m = 0;
    if (!digits(s, pos, 2, h)) return false;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (!digits(s, pos, 2, m) || h > 23 || m > 59) return false;
    seconds = sign * (h * 3600LL + m * 60LL);
    return pos == s.size();
}

// People as a reader expects them: "47,000", "12.5".
std::string count(double people) {
    std::string s = people == std::floor(people) ? fmt::format("{:.0f}", people) : fmt::format("{:.2f}", people);
    const std::size_t dot = std::min(s.find('.'), s.size());
    for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(dot) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

struct Reached {
    double people = 0;  // whose records reach the level
    int highest = -1;   // the highest level of any exposed record (index, 0 = highest), -1: none
};

Reached reaching(const RulePack& rules, const std::vector<PopulationExposure>& exposures, int level) {
    Reached r;
    for (const PopulationExposure& e : exposures)
        for (const SegmentExposure& s : e.segments)
            for (const BandScore& b : s.bands) {
                const int l = b.level.empty() ? -1 : rules.find_level(b.level);
                if (l < 0 || b.people <= 0) continue;
                if (r.highest < 0 || l < r.highest) r.highest = l;
                if (l <= level) r.people += b.people;
            }
    return r;
}

NotificationDecision::Authority authority(const RulePack& rules, const NotificationSettings& n,
                                          const std::vector<PopulationExposure>& exposures,
                                          const IncidentOptions& incident) {
    NotificationDecision::Authority a;
    const std::string& level = rules.severity.levels[static_cast<std::size_t>(n.authority)].name;
    const Reached r = reaching(rules, exposures, n.authority);
    a.required = r.people > 0;
    const std::string hours = fmt::format("{:g}", n.deadline_hours);
    std::string discovered;
    if (incident.discovered) {
        const auto at = parse_iso8601(*incident.discovered);
        if (!at)
            throw Error(fmt::format("--discovered '{}' is not an ISO 8601 date or date-time (for example "
                                    "2023-08-26 or 2023-08-26T18:30Z)",
                                    *incident.discovered));
        if (a.required) a.deadline = format_utc(*at + std::llround(n.deadline_hours * 3600));
        discovered = fmt::format("discovered {}{}", format_utc(*at),
                                 has_offset(*incident.discovered) ? "" : ", no offset given: read as UTC");
    }
    if (!a.required) {
        a.reason = r.highest < 0
                       ? fmt::format("no exposed record reaches a severity level of the pack: not likely to result in "
                                     "a risk to people, so the authority need not be told; document the breach "
                                     "(Art. 33(5))")
                       : fmt::format("no exposed record reaches level '{}' (the highest is '{}'): not likely to "
                                     "result in a risk to people, so the authority need not be told; document the "
                                     "breach (Art. 33(5))",
                                     level, rules.severity.levels[static_cast<std::size_t>(r.highest)].name);
        return a;
    }
    a.reason = fmt::format("the records of {} people reach level '{}' or above (the highest is '{}'): tell the "
                           "supervisory authority without undue delay and {} (Art. 33(1))",
                           count(r.people), level, rules.severity.levels[static_cast<std::size_t>(r.highest)].name,
                           a.deadline ? fmt::format("by {}, {} hours after discovery ({})", *a.deadline, hours, discovered)
                                      : fmt::format("within {} hours of becoming aware", hours));
    return a;
}

NotificationDecision::Individuals individuals(const RulePack& rules, const NotificationSettings& n,
                                              const std::vector<PopulationExposure>& exposures,
                                              const IncidentOptions& incident) {
    NotificationDecision::Individuals d;
    const std::string& level = rules.severity.levels[static_cast<std::size_t>(n.individuals)].name;
    for (const PopulationExposure& e : exposures)
        for (const SegmentExposure& s : e.segments) {
            // One group per level reached, from the highest level down.
            for (int l = 0; l <= n.individuals; ++l) {
                double people = 0;
                for (const BandScore& b : s.bands)
                    if (!b.level.empty() && rules.find_level(b.level) == l) people += b.people;
                if (people <= 0) continue;
                d.groups.push_back(NotificationGroup{e.population, s.segment, people,
                                                     rules.severity.levels[static_cast<std::size_t>(l)].name});
                d.people += people;
            }
        }
    if (d.people <= 0) {
        d.reason = fmt::format("no exposed record reaches level '{}': the breach is not likely to result in a high "
                               "risk to people, so they need not be told (Art. 34(1))",
                               level);
    } else if (incident.unintelligible) {
        d.reason = fmt::format("the data was unintelligible to whoever took it (encrypted, key safe): no notice to "
                               "individuals is required (Art. 34(3)(a)); otherwise the {} people whose records "
                               "reach level '{}' would have to be told",
                               count(d.people), level);
    } else {
        d.required = true;
        d.reason = fmt::format("the records of {} people reach level '{}' or above: a likely high risk to them, so "
                               "tell each of them without undue delay (Art. 34(1))",
                               count(d.people), level);
    }
    return d;
}

}  // namespace

std::optional<long long> parse_iso8601(const std::string& s) {
    using namespace std::chrono;
    std::size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, mo) || !expect(s, pos, '-') ||
        !digits(s, pos, 2, d))
        return std::nullopt;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    long long off = 0;
    if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
        ++pos;
        if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') {
            ++pos;
            if (!digits(s, pos, 2, sec)) return std::nullopt;
            if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {  // fractions of a second: dropped
                ++pos;
                const std::size_t start = pos;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
                if (pos == start) return std::nullopt;
            }
        }
        if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
        if (!offset(s, pos, off)) return std::nullopt;
    } else if (pos != s.size()) {
        return std::nullopt;
    }
    const long long days = sys_days{date}.time_since_epoch().count();
    return days * 86400 + h * 3600LL + mi * 60LL + sec - off;
}

std::string format_utc(long long seconds) {
    using namespace std::chrono;
    const long long days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    const long long rest = seconds - days * 86400;
    const year_month_day date{sys_days{std::chrono::days{days}}};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), rest / 3600,
                       rest % 3600 / 60, rest % 60);
}

NotificationDecision decide_notification(const RulePack& rules, const std::vector<PopulationExposure>& exposures,
                                         const IncidentOptions& incident) {
    NotificationDecision out;
    if (!rules.notification) {
        // Still check the time, so that a typo is caught whatever the pack.
        if (incident.discovered && !parse_iso8601(*incident.discovered))
            throw Error(fmt::format("--discovered '{}' is not an ISO 8601 date or date-time (for example "
                                    "2023-08-26 or 2023-08-26T18:30Z)",
                                    *incident.discovered));
        out.authority.reason = out.individuals.reason =
            fmt::format("the rule pack '{}' has no notification section: no decision", rules.name);
        return out;
    }
    out.assessed = true;
    out.authority = authority(rules, *rules.notification, exposures, incident);
    out.individuals = individuals(rules, *rules.notification, exposures, incident);
    return out;
}

}  // namespace breachrank::propagation
