// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace portico::log {

/// @brief Named logger for a core module ("face", "store", ...). Core never creates sinks: a logger made here
/// shares the sinks of spdlog's default logger, which app/ configures. Never log PII, templates or images.
std::shared_ptr<spdlog::logger> get(const std::string& name);

} // namespace portico::log
