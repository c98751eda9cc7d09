// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <mutex>
#include <shared_mutex>

namespace portico {

/// @brief Where a service's events go: one listener, called on the thread that publishes. Publishing from several
/// threads at once is allowed; replacing the listener waits for calls in progress, so once setListener({}) returns
/// the old listener is never called again. A listener must not call back into the service that publishes to it.
template <typename Event>
class EventChannel {
public:
    using Listener = std::function<void(const Event&)>;

    void setListener(Listener listener) {
        std::unique_lock lock(m_mutex);
        m_listener = std::move(listener);
    }

    void publish(const Event& event) {
        std::shared_lock lock(m_mutex);
        if (m_listener) {
            m_listener(event);
        }
    }

private:
    std::shared_mutex m_mutex;
    Listener m_listener;
};

} // namespace portico
