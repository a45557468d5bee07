// The worker pool every stage shares: a parallel for-loop over independent
// tasks whose results never depend on the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace breachrank::support {

/// Workers for `tasks` tasks: as requested (0 = all cores), never more than
/// the cores or the tasks (more threads than cores only cost memory).
inline std::size_t worker_count(int requested, std::size_t tasks) {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    std::size_t n = requested > 0 ? std::min(static_cast<std::size_t>(requested), cores) : cores;
    return std::max<std::size_t>(1, std::min(n, tasks));
}

/// Runs f(worker, i) for i in [0, tasks) on `workers` threads. Which thread
/// runs a task never matters: every task writes only its own result.
/// An error raised by task i reaches the caller as the error of the lowest
/// failing task index, so the thread count cannot change which one is reported.
template <class F>
void parallel_for(std::size_t workers, std::size_t tasks, F&& f) {
    if (workers <= 1) {
        for (std::size_t i = 0; i < tasks; ++i) f(0, i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    std::mutex failed_mutex;
    std::size_t failed_at = tasks;
    std::exception_ptr failure;
    auto work = [&](std::size_t w) {
        for (std::size_t i = next++; i < tasks; i = next++) {
            try {
                f(w, i);
            } catch (...) {  // carried to the caller, not hidden
                std::lock_guard<std::mutex> lock(failed_mutex);
                if (i < failed_at) failed_at = i, failure = std::current_exception();
            }
        }
    };
    try {
        for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
    } catch (...) {
        // No more threads to be had: the ones started and this one finish the work.
    }
    work(0);
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace breachrank::support
