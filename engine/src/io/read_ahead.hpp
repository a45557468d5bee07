// One producer thread reading ahead of one consumer, in batches: how the model
// loader overlaps parsing (libyaml's events, libcsv's rows) with checking.
// At most kAhead batches wait, so memory stays bounded whatever the file size.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

namespace breachrank::io {

template <class Batch>
class ReadAhead {
public:
    static constexpr std::size_t kAhead = 4;

    /// Runs `produce(*this)` on a thread of its own. It calls give() for each
    /// batch and returns when done; an exception it throws (out of memory)
    /// reaches the consumer's take(). Whatever the producer writes for the
    /// consumer before returning is visible once take() has returned false.
    template <class Produce>
    explicit ReadAhead(Produce produce)
        : thread_([this, produce = std::move(produce)]() mutable {
              try {
                  produce(*this);
              } catch (...) {  // carried to the consumer, not hidden
                  std::lock_guard<std::mutex> lock(mutex_);
                  failure_ = std::current_exception();
              }
              {
                  std::lock_guard<std::mutex> lock(mutex_);
                  done_ = true;
              }
              changed_.notify_all();
          }) {}

    /// Stops the producer at its next give() (the consumer may give up early) and joins it.
    ~ReadAhead() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    /// Producer: hands `batch` over (and leaves it empty), waiting while kAhead
    /// batches are queued. False when the consumer has gone: stop producing.
    bool give(Batch& batch) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || ready_.size() < kAhead; });
        if (stop_) return false;
        ready_.push_back(std::move(batch));
        batch = Batch{};
        changed_.notify_all();
        return true;
    }

    /// Consumer: the next batch into `out`; false once the producer has
    /// finished and every batch was taken (rethrowing what it threw).
    bool take(Batch& out) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return !ready_.empty() || done_; });
        if (ready_.empty()) {
            if (failure_) std::rethrow_exception(failure_);
            return false;
        }
        out = std::move(ready_.front());
        ready_.pop_front();
        changed_.notify_all();
        return true;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> ready_;
    bool done_ = false, stop_ = false;
    std::exception_ptr failure_;
    std::thread thread_;  // last: started once everything above exists
};

}  // namespace breachrank::io
