#include "propagation/settings.hpp"

#include <fmt/format.h>

namespace breachrank {

bool ScoreOptions::is_valid(std::string* why) const {
    auto fail = [&](std::string msg) {
        if (why) *why = std::move(msg);
        return false;
    };
    if (trials && (*trials < kMinTrials || *trials > kMaxTrials))
        return fail(fmt::format("trials must be between {} and {}, found {}", kMinTrials, kMaxTrials, *trials));
    // Written so that NaN fails too.
    if (damping && !(*damping >= kMinDamping && *damping <= kMaxDamping))
        return fail(fmt::format("damping must be between {} and {}, found {}", kMinDamping, kMaxDamping, *damping));
    if (threads < 0 || threads > kMaxThreads)
        return fail(fmt::format("threads must be between 0 (all cores) and {}, found {}", kMaxThreads, threads));
    return true;
}

namespace propagation {

Settings settings_of(const RulePack& rules, const ScoreOptions& options) {
    std::string why;
    if (!options.is_valid(&why)) throw Error(why);
    const PropagationSettings& p = rules.propagation;
    return Settings{options.method.value_or(p.method), options.trials.value_or(p.trials),
                    options.seed.value_or(p.seed), options.damping.value_or(p.damping)};
}

}  // namespace propagation

}  // namespace breachrank
