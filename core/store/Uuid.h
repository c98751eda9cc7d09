// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"

#include <string>

namespace portico::store {

/// @brief A random, time-sortable UUIDv7 (RFC 9562) for the given time, lower-case canonical text.
std::string uuidV7(Clock::TimePoint now);

} // namespace portico::store
