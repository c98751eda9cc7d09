// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/Log.h"

#include <mutex>

namespace portico::log {

std::shared_ptr<spdlog::logger> get(const std::string& name) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (auto existing = spdlog::get(name)) {
        return existing;
    }
    auto base = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>(name, base->sinks().begin(), base->sinks().end());
    logger->set_level(base->level());
    spdlog::register_logger(logger);
    return logger;
}

} // namespace portico::log
