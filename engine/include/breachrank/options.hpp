// How to score (in the spirit of Ceres's Solver::Options): one struct of
// options with documented defaults and limits as named constants, and one
// validation, is_valid(), used by the library and the command line. The
// rule-pack loader reads the pack's `propagation` section (the defaults of the
// same options) against the same constants, with positioned diagnostics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachrank/diagnostic.hpp"
#include "breachrank/rules.hpp"

namespace breachrank {

/// Limits of the scoring options. `trials` and `damping` are the same
/// numbers in a rule pack's `propagation` section.
inline constexpr std::int64_t kMinTrials = 1;
inline constexpr std::int64_t kMaxTrials = 1'000'000'000;
inline constexpr double kMinDamping = 0;
inline constexpr double kMaxDamping = 1e6;
inline constexpr int kMaxThreads = 1024;

/// `exact` enumerates at most this many reachable access edges per cascade
/// (2^20 outcomes); `auto` enumerates up to kAutoExactEdges and samples beyond.
inline constexpr std::size_t kMaxExactEdges = 20;
inline constexpr std::size_t kAutoExactEdges = 16;

/// Where a long run is, as ScoreOptions::progress hears it (in the spirit of
/// Ceres's IterationCallback).
struct Progress {
    /// What is being done, one of: "score: cascades" (units: Monte Carlo
    /// trials, and one per enumerated cascade), "suggest: candidates", "plan:
    /// steps", "loss: simulated years" (units: vendor-years), "loss: tail
    /// shares" (units: vendors).
    /// A run goes through several phases in turn (a report: all of them).
    std::string_view phase;
    std::uint64_t done = 0;   ///< units of the phase done
    std::uint64_t total = 0;  ///< units in the phase
    double seconds = 0;       ///< since the phase began
};

/// What a progress callback answers.
enum class ProgressReply { proceed, cancel };

/// Called with the progress of each phase: once when it begins, then at most
/// every kProgressInterval seconds, and once when it ends (done == total).
/// Always from the thread that called the library (never two calls at once),
/// so it may draw on a terminal; it should return quickly. Answering cancel
/// stops the run at its next check (within a fraction of a second: every
/// worker checks between units of work) and the call throws
/// breachrank::Cancelled, with no result and nothing half-filled.
using ProgressCallback = std::function<ProgressReply(const Progress&)>;

/// The least time between two progress calls of one phase, in seconds.
inline constexpr double kProgressInterval = 0.1;

/// Thrown when a progress callback asked to cancel. what(): "cancelled during
/// 'score: cascades' at 41200 of 100000".
class Cancelled : public Error {
public:
    Cancelled(std::string phase, std::uint64_t done, std::uint64_t total);
    std::string phase;
    std::uint64_t done = 0, total = 0;
};

/// How to score. Unset fields take the rule pack's `propagation` values.
struct ScoreOptions {
    /// How a breach spreads over access edges (SPEC §4 "Cascade"): `automatic`
    /// enumerates a vendor's cascade exactly when it can reach at most
    /// kAutoExactEdges access edges and samples it otherwise; `exact` always
    /// enumerates (and fails beyond kMaxExactEdges); `montecarlo` samples;
    /// `linear` solves the linear screen for every vendor at once.
    /// Default: the pack's (normally automatic).
    std::optional<CascadeMethod> method;
    /// Monte Carlo cascades per vendor, in [kMinTrials, kMaxTrials]. Default: the pack's (2000).
    std::optional<std::int64_t> trials;
    /// Monte Carlo seed: the same seed gives the same result. Default: the pack's (1).
    std::optional<std::uint64_t> seed;
    /// The linear screen's damping, U = (I - damping Q)^-1 D, in [kMinDamping,
    /// kMaxDamping]. Default: the pack's (1).
    std::optional<double> damping;
    /// The incident's circumstances (names of RulePack::circumstances; none by
    /// default): their values are added to every record's severity and rules
    /// that name them may fire. An unknown or repeated name is an error
    /// (breachrank::Error, with "did you mean").
    std::vector<std::string> circumstances;
    /// Worker threads, 0 (all cores) to kMaxThreads; more than the cores uses
    /// the cores. Never changes a result.
    int threads = 0;
    /// Fill each VendorScore's `exposures` (the per-population bands of its
    /// direct breach, with category names). false leaves them empty and saves
    /// building their strings (0.05 s of 0.7 s at 100,000 suppliers); every
    /// other field is the same. The CLI sets it only for JSON, which prints them.
    bool exposures = true;
    /// Progress and cancellation of every call that takes these options
    /// (score, breach, explain, suggest, plan, loss, make_report). Empty (the
    /// default): no calls, and the checks cost one pointer test a unit.
    ProgressCallback progress;

    /// True when every set field is within its limits; otherwise false, and
    /// `why` (when given) says which is not and what it may be ("trials must
    /// be between 1 and 1000000000, found 0"). score(), breach(), explain()
    /// and suggest() throw breachrank::Error with that message.
    bool is_valid(std::string* why = nullptr) const;
};

}  // namespace breachrank
