// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

namespace portico::cli {

/// @brief Each area adds its subcommands to the app; a subcommand's callback sets the process exit code.
struct Context {
    int exitCode = 0;
};

void addModelsCommands(CLI::App& app, Context& ctx);

} // namespace portico::cli
