// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

namespace portico::cli {

/// @brief Each area adds its subcommands to the app; a subcommand's callback sets the process exit code.
struct Context {
    int exitCode = 0;
    CLI::App* bench = nullptr; ///< the `bench` parent: each area adds its benchmark under it
};

void addModelsCommands(CLI::App& app, Context& ctx);
void addDemoCommands(CLI::App& app, Context& ctx);           ///< demo prepare
void addFaceCommands(CLI::App& app, Context& ctx);           ///< eval, bench pipeline
void addIdentificationCommands(CLI::App& app, Context& ctx); ///< eval-1n
void addMatchCommands(CLI::App& app, Context& ctx);          ///< calibrate, bench search
void addStoreCommands(CLI::App& app, Context& ctx);          ///< db, audit, purge, keys
void addSyncCommands(CLI::App& app, Context& ctx);           ///< outbox report, manifest sync
void addCentralBench(Context& ctx);                    ///< bench central (SQLite and PostgreSQL, 1 and 2 instances)
void addCaptureCommands(CLI::App& app, Context& ctx);  ///< capture make-video, bench capture
void addSimulateCommands(CLI::App& app, Context& ctx); ///< simulate (headless lane for the kill -9 suite)
void addReviewCommands(CLI::App& app, Context& ctx);   ///< report (daily operations report, CSV + PDF)

} // namespace portico::cli
