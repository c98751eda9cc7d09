// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli: composition root for the command-line tools.
#include "Commands.h"
#include "Version.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

int main(int argc, char** argv) {
    // Logs go to stderr so that stdout stays machine-readable (JSON, tables).
    spdlog::set_default_logger(spdlog::stderr_color_mt("portico-cli"));
    spdlog::set_level(spdlog::level::warn);

    CLI::App app{"Portico command-line tools: evaluation, benchmarks, audit and maintenance"};
    app.set_version_flag("--version", std::string("portico-cli ") + portico::versionString());
    app.require_subcommand(1);
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose, "More log output on stderr");
    app.parse_complete_callback([&] {
        if (verbose) {
            spdlog::set_level(spdlog::level::debug);
        }
    });

    portico::cli::Context ctx;
    ctx.bench = app.add_subcommand("bench", "Benchmarks: print figures and ratios against the named reference");
    ctx.bench->require_subcommand(1);
    portico::cli::addModelsCommands(app, ctx);
    portico::cli::addDemoCommands(app, ctx);
    portico::cli::addFaceCommands(app, ctx);
    portico::cli::addIdentificationCommands(app, ctx);
    portico::cli::addMatchCommands(app, ctx);
    portico::cli::addStoreCommands(app, ctx);
    portico::cli::addSyncCommands(app, ctx);
    portico::cli::addCentralBench(ctx);
    portico::cli::addCaptureCommands(app, ctx);
    portico::cli::addSimulateCommands(app, ctx);
    portico::cli::addReviewCommands(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return ctx.exitCode;
}
