// SPDX-License-Identifier: GPL-3.0-or-later
// portico: the officer's workstation. Composition root: builds the adapters once and hands them to the UI.
#include "Version.h"
#include "config/StationConfig.h"
#include "face/ModelStore.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>

namespace {

bool hasDisplay() {
    const char* platform = std::getenv("QT_QPA_PLATFORM");
    if (platform && *platform && std::string_view(platform) != "xcb" && std::string_view(platform) != "wayland") {
        return true; // offscreen, vnc, ...: no X server needed
    }
    const char* x = std::getenv("DISPLAY");
    const char* w = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

void usage() {
    std::cout << "Usage: portico [--demo] [--config FILE] [--version]\n"
                 "  --demo         run on the built-in demo (local portico-central, replayed camera)\n"
                 "  --config FILE  station configuration (JSON)\n";
}

} // namespace

int main(int argc, char** argv) {
    bool demo = false;
    std::string configPath;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--version") {
            std::cout << "portico " << portico::versionString() << "\n";
            return 0;
        } else if (a == "--help" || a == "-h") {
            usage();
            return 0;
        } else if (a == "--demo") {
            demo = true;
        } else if (a == "--config" && i + 1 < argc) {
            configPath = argv[++i];
        } else if (a.starts_with("-platform") || a.starts_with("-style")) {
            ++i; // Qt's own options, handled by QApplication
        } else {
            std::cerr << "portico: unknown option '" << a << "'\n";
            usage();
            return 2;
        }
    }

    if (!hasDisplay()) {
        std::cerr << "portico: no display found (DISPLAY is not set).\n"
                     "Run it on a desktop session, or under a virtual display:\n"
                     "  xvfb-run -a -s '-screen 0 1600x1000x24' scripts/demo\n";
        return 2;
    }

    portico::config::StationConfig config;
    config.demo = demo;
    if (!configPath.empty()) {
        auto loaded = portico::config::loadStationConfig(configPath);
        if (!loaded) {
            std::cerr << "portico: " << loaded.error().detail << "\n";
            return 2;
        }
        config = loaded.value();
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Portico"));
    QApplication::setApplicationVersion(QString::fromLatin1(portico::versionString()));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("portico"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QApplication::installTranslator(&translator);
    }

    portico::ui::MainWindow window({QString::fromStdString(config.portCode), config.lane, config.demo});

    auto models = portico::face::ModelStore::pinned(config.modelDir);
    if (auto ok = models.verifyAll(); !ok) {
        spdlog::error("model check failed: {}", ok.error().toString());
        window.showModelsUnavailable();
    }
    window.show();
    return app.exec();
}
