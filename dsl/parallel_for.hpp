// Runs independent jobs on every core; used where loading a big rule pack would otherwise wait on one.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace vigil::dsl {

// How many workers `count` jobs deserve: one per core, but none that would get fewer than
// `min_jobs_per_worker` (starting a thread costs more than a few small jobs), and never more than
// `max_workers` when it is set: `vigil run --threads 1` means one thread, loading included.
inline size_t parallel_workers(size_t count, size_t min_jobs_per_worker, size_t max_workers = 0) {
    size_t cores = std::max(1u, std::thread::hardware_concurrency());
    if (max_workers > 0) cores = std::min(cores, max_workers);
    return std::max<size_t>(1, std::min(cores, count / std::max<size_t>(1, min_jobs_per_worker)));
}

// Starts one worker thread. A parameter of parallel_for so that a test can refuse a thread, as a
// system out of threads or memory does (std::system_error), which no test could otherwise provoke.
struct start_thread {
    template <typename F>
    std::thread operator()(F&& f) const { return std::thread(std::forward<F>(f)); }
};

// Calls job(i, worker) once for each i in [0, count), on `workers` threads (the caller's among
// them); worker < workers names the thread, for per-thread scratch. Jobs are handed out one at a
// time, so uneven jobs still balance. The first exception a job throws is rethrown here after
// every thread has stopped (a throw inside std::thread would end the process). A thread that fails
// to start is the same kind of failure: the started ones stop after their current job, are joined,
// and the start's error is rethrown (a vector of joinable threads destroyed by the throw would
// std::terminate, which is what happened before).
template <typename Job, typename Start = start_thread>
void parallel_for(size_t count, size_t workers, Job job, Start start = {}) {
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&](size_t worker) {
        try {
            for (size_t i; (i = next.fetch_add(1)) < count;) job(i, worker);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = count;  // the others stop after their current job
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(std::max<size_t>(1, workers) - 1);  // so that only the start itself can throw below
    try {
        for (size_t w = 1; w < std::max<size_t>(1, workers); ++w) pool.push_back(start([&work, w] { work(w); }));
    } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
    }
    work(0);  // returns at once after a failed start: nothing is handed out any more
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace vigil::dsl
