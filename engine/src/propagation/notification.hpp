// GDPR Art. 33/34 decisions for one incident (SPEC §4 "Notification"): from
// the levels of the exposed records, whether the supervisory authority must be
// told and by when, and which people must be told, with the reason for each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "breachrank/rules.hpp"
#include "breachrank/score.hpp"

namespace breachrank::propagation {

/// The decisions for a breach that exposes `exposures` (the breached set's
/// own, with levels), under the pack's `notification` section. Throws
/// breachrank::Error when `incident.discovered` is not ISO 8601.
NotificationDecision decide_notification(const RulePack& rules, const std::vector<PopulationExposure>& exposures,
                                         const IncidentOptions& incident);

/// Seconds since 1970-01-01T00:00:00Z for an ISO 8601 date ("2023-08-26") or
/// date-time ("2023-08-26T18:30", "...:05", "...Z", "...+01:00"; no offset:
/// UTC); nullopt when `text` is not one.
std::optional<long long> parse_iso8601(const std::string& text);

/// "2023-08-29T18:30:00Z".
std::string format_utc(long long seconds);

}  // namespace breachrank::propagation
