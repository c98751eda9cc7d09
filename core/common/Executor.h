// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

namespace portico {

/// @brief Where a service runs its work: a worker thread in a station (SerialExecutor), or the caller's own thread
/// (InlineExecutor) in the headless simulator and in tests.
class Executor {
public:
    virtual ~Executor() = default;
    /// @brief Queue (or run) a task; false when it was refused (a full queue).
    virtual bool post(std::function<void()> task) = 0;
};

/// @brief Runs each task at once on the posting thread: the service becomes synchronous.
class InlineExecutor final : public Executor {
public:
    bool post(std::function<void()> task) override {
        task();
        return true;
    }
};

} // namespace portico
