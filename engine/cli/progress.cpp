#include "progress.hpp"

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

namespace breachrank::cli {

namespace {

volatile std::sig_atomic_t g_signal = 0;
bool g_bar_drawn = false;  // a bar is on the terminal's last line
char g_temporary[4096] = {};  // set_pending_temporary(); read by the handler (async-signal-safe calls only)

extern "C" void on_stop(int signal) {
    if (g_signal) {  // the second: end now, leaving no temporary behind
        if (g_temporary[0]) ::unlink(g_temporary);
        ::_exit(128 + signal);
    }
    g_signal = signal;
}

std::string thousands(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string duration(double seconds) {
    if (seconds < 60) return fmt::format("{:.0f} s", seconds);
    if (seconds < 3600) return fmt::format("{:.0f} min {:02.0f} s", std::floor(seconds / 60), std::fmod(seconds, 60));
    return fmt::format("{:.0f} h {:02.0f} min", std::floor(seconds / 3600), std::fmod(seconds / 60, 60));
}

}  // namespace

void install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;  // the work polls the flag: no read or write should fail with EINTR
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

int stop_signal() { return g_signal; }

void set_pending_temporary(const char* path) {
    if (!path || std::strlen(path) >= sizeof g_temporary) {
        g_temporary[0] = '\0';
        return;
    }
    // The first byte last: the handler never sees half a path.
    g_temporary[0] = '\0';
    std::atomic_signal_fence(std::memory_order_seq_cst);
    std::memcpy(g_temporary + 1, path + 1, std::strlen(path));
    std::atomic_signal_fence(std::memory_order_seq_cst);
    g_temporary[0] = path[0];
}

int stop_status(int signal) { return 128 + signal; }

void clear_progress() {
    if (!g_bar_drawn) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    g_bar_drawn = false;
}

ProgressCallback progress_callback(bool lines, bool quiet) {
    const bool bar = !quiet && ::isatty(STDERR_FILENO);
    const bool log = !quiet && !bar && lines;
    auto last_draw = std::make_shared<double>(-1.0);
    return [bar, log, last_draw](const Progress& p) {
        if (g_signal) return ProgressReply::cancel;
        const bool ended = p.done >= p.total;
        if (bar) {
            if (ended) {
                clear_progress();
                *last_draw = -1;
                return ProgressReply::proceed;
            }
            if (*last_draw >= 0 && p.seconds - *last_draw < 0.25) return ProgressReply::proceed;
            *last_draw = p.seconds;
            const double share = p.total ? static_cast<double>(p.done) / static_cast<double>(p.total) : 0;
            constexpr int kWidth = 24;
            const int filled = static_cast<int>(share * kWidth);
            std::string line = fmt::format("\r\x1b[K{} [{}{}] {:3.0f}% {}/{}", p.phase, std::string(filled, '#'),
                                           std::string(kWidth - filled, '.'), 100 * share, thousands(p.done),
                                           thousands(p.total));
            // The estimate needs a little history to mean anything.
            if (p.done > 0 && p.seconds >= 1) {
                const double left = p.seconds * (1 - share) / share;
                line += left < 1 ? std::string(", under 1 s left") : fmt::format(", about {} left", duration(left));
            }
            std::fputs(line.c_str(), stderr);
            std::fflush(stderr);
            g_bar_drawn = true;
        } else if (log && ended) {
            std::fputs(fmt::format("breachrank: {}: {} done in {:.1f} s\n", p.phase, thousands(p.total), p.seconds).c_str(),
                       stderr);
        }
        return ProgressReply::proceed;
    };
}

}  // namespace breachrank::cli
