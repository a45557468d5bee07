// One phase of a long run, as ScoreOptions::progress hears it: workers count
// units done and check for cancellation; the calling thread (worker 0 of
// support::parallel_for) reports, at most every kProgressInterval seconds.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "breachrank/options.hpp"

namespace breachrank::support {

class Phase {
public:
    /// Begins phase `name` of `total` units, reporting its start. `callback`
    /// may be null or empty: then nothing is reported and nothing cancels.
    Phase(const ProgressCallback* callback, std::string name, std::uint64_t total)
        : callback_(callback && *callback ? callback : nullptr), name_(std::move(name)), total_(total),
          start_(Clock::now()), last_(start_) {
        if (callback_) report(0);
    }
    Phase(const Phase&) = delete;
    Phase& operator=(const Phase&) = delete;

    bool active() const { return callback_ != nullptr; }

    /// Any thread: `n` more units done.
    void advance(std::uint64_t n = 1) {
        if (callback_) done_.fetch_add(n, std::memory_order_relaxed);
    }

    /// Any worker, between units: throws Cancelled once the callback asked to
    /// cancel. Worker 0 (the calling thread) also reports when the interval
    /// has passed; it reads the clock every 64 checks, or every check when
    /// `coarse` (a caller that checks seldom: every step, every 1024 vendors).
    void check(std::size_t worker, bool coarse = false) {
        if (!callback_) return;
        if (cancelled_.load(std::memory_order_relaxed)) throw_cancelled();
        if (worker != 0 || (!coarse && (++checks_ & 63) != 0)) return;
        const auto now = Clock::now();
        if (std::chrono::duration<double>(now - last_).count() < kProgressInterval) return;
        last_ = now;
        report(done_.load(std::memory_order_relaxed));
    }

    /// The calling thread, when the phase's work is over: the final report.
    void finish() {
        if (callback_) report(total_);
    }

private:
    using Clock = std::chrono::steady_clock;

    void report(std::uint64_t done) {
        Progress p;
        p.phase = name_;
        p.done = std::min(done, total_);
        p.total = total_;
        p.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        if ((*callback_)(p) == ProgressReply::cancel) {
            cancelled_.store(true, std::memory_order_relaxed);
            throw_cancelled();
        }
    }
    [[noreturn]] void throw_cancelled() const {
        throw Cancelled(name_, std::min(done_.load(std::memory_order_relaxed), total_), total_);
    }

    const ProgressCallback* callback_;
    std::string name_;
    std::uint64_t total_;
    std::atomic<std::uint64_t> done_{0};
    std::atomic<bool> cancelled_{false};
    std::uint64_t checks_ = 0;  // worker 0's
    Clock::time_point start_, last_;
};

}  // namespace breachrank::support
