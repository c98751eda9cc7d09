// SPDX-License-Identifier: GPL-3.0-or-later
// portico: the officer's workstation. Parses the command line and hands over to the composition (Workstation).
#include "Version.h"
#include "Workstation.h"
#include "ui/ErrorText.h"
#include "ui/LoginDialog.h"

#include <QApplication>
#include <QDir>
#include <QLocale>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

namespace {
using namespace portico;

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

int fail(const std::string& what) {
    spdlog::critical("{}", what);
    std::cerr << "portico: " << what << "\n";
    return 1;
}

/// Screenshots of each screen for the README (scripts/screenshots): booth after a traveler walked up, manifest,
/// traveler display in two languages; then quit.
void scheduleScreenshots(ui::MainWindow& window, ui::TravelerDisplay& traveler, const QString& dir) {
    QDir().mkpath(dir);
    auto grab = [dir](QWidget& w, const QString& name) { w.grab().save(dir + QLatin1Char('/') + name); };
    const int delayMs = qEnvironmentVariableIntValue("PORTICO_SCREENSHOT_DELAY_MS") > 0
                            ? qEnvironmentVariableIntValue("PORTICO_SCREENSHOT_DELAY_MS")
                            : 20000;
    QTimer::singleShot(delayMs, &window, [&window, &traveler, grab] {
        grab(window, QStringLiteral("booth.png"));
        traveler.setLanguage(QStringLiteral("en"));
        grab(traveler, QStringLiteral("traveler-en.png"));
        traveler.setLanguage(QStringLiteral("es"));
        grab(traveler, QStringLiteral("traveler-es.png"));
        window.screens()->setCurrentIndex(1);
        QTimer::singleShot(500, &window, [&window, grab] {
            grab(window, QStringLiteral("manifest.png"));
            QApplication::quit();
        });
    });
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
    spdlog::set_default_logger(spdlog::stderr_color_mt("portico"));
    spdlog::set_level(spdlog::level::info);

    config::StationConfig config;
    if (demo) {
        config.demo = true;
        config.portCode = "DEMO";
        config.stationId = "demo-booth-1";
    }
    if (!configPath.empty()) {
        auto loaded = config::loadStationConfig(configPath);
        if (!loaded) {
            return fail(loaded.error().detail);
        }
        config = loaded.value();
    }
    if (demo) {
        config.demo = true; // --demo wins over the file
    } else if (configPath.empty()) {
        return fail("a station configuration is needed: portico --config /etc/portico/station.json "
                    "(or portico --demo for the built-in demo)");
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Portico"));
    QApplication::setApplicationVersion(QString::fromLatin1(versionString()));
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("portico"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QApplication::installTranslator(&translator);
    }

    // Data, and the key file outside the data directory.
    const std::filesystem::path base =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation).toStdString();
    app::Workstation::Paths paths;
    const std::string name = config.demo ? "portico-demo" : "portico";
    paths.dataDir = config.dataDir.empty() ? base / name : config.dataDir;
    paths.keyFile = config.keyFile.empty() ? base / (name + "-keys") / "station.key" : config.keyFile;
    auto station = app::Workstation::create(config, paths);
    if (!station) {
        return fail(station.error().toString());
    }
    auto& w = *station.value();
    if (w.recoveredFromCorruption()) {
        w.window().showNotice(ui::ErrorText::forCode(ErrorCode::DatabaseCorrupt));
    }

    std::optional<auth::Session> officer;
    if (std::getenv("PORTICO_DEMO_AUTOLOGIN")) {
        // Unattended demo (screenshots): log the demo officer in without typing.
        auto s = w.accounts().login(app::Workstation::kOfficer, app::Workstation::kOfficerPassword);
        if (!s) {
            return fail("demo log-in failed: " + s.error().toString());
        }
        officer = s.value();
    } else {
        ui::LoginDialog login(w.accounts(), config.demo);
        if (login.exec() != QDialog::Accepted || !login.session()) {
            return 0;
        }
        officer = *login.session();
    }
    if (auto st = w.start(*officer); !st) {
        w.window().showNotice(ui::ErrorText::forError(st.error()));
    }
    w.window().show();
    w.travelerDisplay().move(w.window().x() + w.window().width() + 10, w.window().y());
    w.travelerDisplay().show();
    if (const char* shots = std::getenv("PORTICO_SCREENSHOT_DIR"); shots && *shots) {
        scheduleScreenshots(w.window(), w.travelerDisplay(), QString::fromLocal8Bit(shots));
    }
    return QApplication::exec();
}
