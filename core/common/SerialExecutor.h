// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Executor.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace portico {

/// @brief One worker thread running posted tasks in order: keeps disk and network work off a UI thread while
/// giving single-threaded access to the objects the tasks use. Bounded: post() refuses past @p capacity.
class SerialExecutor final : public Executor {
public:
    explicit SerialExecutor(std::size_t capacity = 1024) : m_capacity(capacity) {
        m_thread = std::jthread([this](std::stop_token stop) { run(stop); });
    }
    ~SerialExecutor() override {
        m_thread.request_stop();
        m_cv.notify_all();
    }
    SerialExecutor(const SerialExecutor&) = delete;
    SerialExecutor& operator=(const SerialExecutor&) = delete;

    /// @brief Queue a task; false when the queue is full (the caller tells the user instead of piling up work).
    bool post(std::function<void()> task) override {
        {
            std::lock_guard lock(m_mutex);
            if (m_tasks.size() >= m_capacity) {
                return false;
            }
            m_tasks.push_back(std::move(task));
        }
        m_cv.notify_one();
        return true;
    }

private:
    void run(std::stop_token stop) {
        while (true) {
            std::function<void()> task;
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, [&] { return stop.stop_requested() || !m_tasks.empty(); });
                if (m_tasks.empty()) {
                    return; // stop requested and nothing left: queued work is finished before exit
                }
                task = std::move(m_tasks.front());
                m_tasks.pop_front();
            }
            task();
        }
    }

    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_tasks;
    std::jthread m_thread;
};

} // namespace portico
