// Phase timings for profiling whole commands (bench/results/scale.md).
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace breachrank::support {

/// With BREACHRANK_TIMINGS set in the environment, prints how long a phase of
/// a command or of the engine took on standard error ("breachrank: timing: load 0.412 s"):
/// the profile notes of bench/results/scale.md come from it. Silent otherwise.
inline bool timings_on() {
    static const bool on = std::getenv("BREACHRANK_TIMINGS") != nullptr;
    return on;
}

/// With BREACHRANK_TIMINGS set, prints a fact about the run beside the timings
/// ("breachrank: timing: linear screen: 2 cyclic components ...").
inline void timing_note(const std::string& note) {
    if (timings_on()) std::fprintf(stderr, "breachrank: timing: %s\n", note.c_str());
}

class Timing {
public:
    explicit Timing(const char* phase) : phase_(phase), start_(std::chrono::steady_clock::now()) {}
    ~Timing() { stop(); }
    Timing(const Timing&) = delete;
    Timing& operator=(const Timing&) = delete;
    void stop() {
        if (!phase_) return;
        if (timings_on())
            std::fprintf(stderr, "breachrank: timing: %s %.3f s\n", phase_,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
        phase_ = nullptr;
    }

private:
    const char* phase_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace breachrank::support
