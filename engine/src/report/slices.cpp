#include "report/slices.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

namespace breachrank::report {

namespace {

void write_text(std::ostream& out, const std::string& text) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// Odd slices are rendered by the helper, ahead of the writer by at most two.
struct Handover {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::string> ready;
    std::exception_ptr failed;
    bool stop = false;
};

}  // namespace

void write_in_slices(std::ostream& out, std::size_t count, std::size_t slice,
                     const std::function<void(std::size_t, std::size_t, std::string&)>& render) {
    slice = std::max<std::size_t>(slice, 1);
    const std::size_t slices = (count + slice - 1) / slice;
    auto bounds = [&](std::size_t k) { return std::pair{k * slice, std::min(count, (k + 1) * slice)}; };
    std::string text;
    auto sequential = [&](std::size_t from) {
        for (std::size_t k = from; k < slices; ++k) {
            text.clear();
            auto [b, e] = bounds(k);
            render(b, e, text);
            write_text(out, text);
        }
    };
    if (slices < 2 || std::thread::hardware_concurrency() < 2) return sequential(0);

    Handover h;
    std::thread helper;
    try {
        helper = std::thread([&] {
            for (std::size_t k = 1; k < slices; k += 2) {
                {
                    std::unique_lock<std::mutex> lock(h.mutex);
                    h.changed.wait(lock, [&] { return h.stop || h.ready.size() < 2; });
                    if (h.stop) return;
                }
                try {
                    std::string mine;
                    auto [b, e] = bounds(k);
                    render(b, e, mine);
                    std::lock_guard<std::mutex> lock(h.mutex);
                    h.ready.push_back(std::move(mine));
                    h.changed.notify_all();
                } catch (...) {  // carried to the writer, which rethrows it (out of memory included)
                    std::lock_guard<std::mutex> lock(h.mutex);
                    h.failed = std::current_exception();
                    h.changed.notify_all();
                    return;
                }
            }
        });
    } catch (const std::system_error&) {  // no thread to be had: this one does it all
        return sequential(0);
    }
    auto stop_helper = [&] {
        {
            std::lock_guard<std::mutex> lock(h.mutex);
            h.stop = true;
        }
        h.changed.notify_all();
        helper.join();
    };
    try {
        for (std::size_t k = 0; k < slices; ++k) {
            if (k % 2 == 0) {
                text.clear();
                auto [b, e] = bounds(k);
                render(b, e, text);
                write_text(out, text);
                continue;
            }
            std::string theirs;
            {
                std::unique_lock<std::mutex> lock(h.mutex);
                h.changed.wait(lock, [&] { return !h.ready.empty() || h.failed; });
                if (h.ready.empty()) std::rethrow_exception(h.failed);
                theirs = std::move(h.ready.front());
                h.ready.pop_front();
            }
            h.changed.notify_all();
            write_text(out, theirs);
        }
    } catch (...) {
        stop_helper();
        throw;
    }
    stop_helper();
}

}  // namespace breachrank::report
