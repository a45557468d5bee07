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

Cancelled::Cancelled(std::string phase_name, std::uint64_t done_units, std::uint64_t total_units)
    : Error(fmt::format("cancelled during '{}' at {} of {}", phase_name, done_units, total_units)),
      phase(std::move(phase_name)),
      done(done_units),
      total(total_units) {}

namespace propagation {

Settings settings_of(const RulePack& rules, const ScoreOptions& options) {
    std::string why;
    if (!options.is_valid(&why)) throw Error(why);
    const PropagationSettings& p = rules.propagation;
    Settings st{options.method.value_or(p.method), options.trials.value_or(p.trials), options.seed.value_or(p.seed),
                options.damping.value_or(p.damping), std::vector<char>(rules.circumstances.size(), 0)};
    for (const std::string& name : options.circumstances) {
        const int c = rules.find_circumstance(name);
        if (c < 0) {
            std::vector<std::string> names;
            for (const Circumstance& x : rules.circumstances) names.push_back(x.name);
            throw Error(fmt::format("unknown circumstance '{}'{}", name,
                                    names.empty() ? std::string("; the rule pack defines none")
                                                  : did_you_mean(name, names)));
        }
        if (st.circumstances[static_cast<std::size_t>(c)])
            throw Error(fmt::format("circumstance '{}' is given twice", name));
        st.circumstances[static_cast<std::size_t>(c)] = 1;
    }
    if (options.progress) st.progress = &options.progress;
    return st;
}

std::vector<std::string> circumstance_names(const RulePack& rules, const Settings& st) {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < rules.circumstances.size(); ++c)
        if (st.circumstances[c]) out.push_back(rules.circumstances[c].name);
    return out;
}

}  // namespace propagation

}  // namespace breachrank
