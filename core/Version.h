// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace portico {

/// @brief Portico's version, e.g. "0.1.0".
const char* versionString();

} // namespace portico
