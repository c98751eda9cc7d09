// SPDX-License-Identifier: GPL-3.0-or-later
// portico: the officer's workstation. Parses the command line and hands over to the composition (Workstation).
#include "Version.h"
#include "Workstation.h"
#include "ui/BoothView.h"
#include "ui/ErrorText.h"
#include "ui/LoginDialog.h"

#include <QApplication>
#include <QDate>
#include <QDir>
#include <QElapsedTimer>
#include <QLocale>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
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

/// Screenshots of each screen for the README (scripts/screenshots), then quit: the booth after a traveler walked up
/// and the document reader delivered someone else's document photo; the lock screen; the manifest; as a supervisor,
/// the review case that decision opened and the monitoring screen; the traveler display in two languages.
void shootAll(app::Workstation& w, const std::function<void(QWidget&, const QString&)>& grab);

void scheduleScreenshots(app::Workstation& w, const QString& dir) {
    QDir().mkpath(dir);
    auto grab = [dir](QWidget& widget, const QString& name) { widget.grab().save(dir + QLatin1Char('/') + name); };
    const int delayMs = qEnvironmentVariableIntValue("PORTICO_SCREENSHOT_DELAY_MS") > 0
                            ? qEnvironmentVariableIntValue("PORTICO_SCREENSHOT_DELAY_MS")
                            : 20000;
    auto& window = w.window();
    // When a traveler has been matched, the document reader delivers a page: another demo traveler's photo. The
    // booth is photographed once the 1:1 result is on screen (or when the time is up).
    auto* poll = new QTimer(&window);
    auto dropped = std::make_shared<bool>(false);
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    QObject::connect(poll, &QTimer::timeout, &window, [&w, &window, poll, dropped, started, delayMs, grab] {
        const auto& state = window.booth()->state();
        if (!*dropped && state.verdict == ui::Verdict::Match && !w.documentDropDir().empty()) {
            std::vector<std::filesystem::path> identities;
            for (const auto& e : std::filesystem::directory_iterator(w.demoPhotosDir())) {
                identities.push_back(e.path());
            }
            std::sort(identities.begin(), identities.end());
            for (const auto& f : std::filesystem::directory_iterator(identities.back())) {
                std::error_code ec;
                std::filesystem::copy_file(f.path(), w.documentDropDir() / "page-0001.jpg",
                                           std::filesystem::copy_options::overwrite_existing, ec);
                break;
            }
            *dropped = true;
            return;
        }
        const bool compared =
            state.documentResult.contains(QStringLiteral("✓")) || state.documentResult.contains(QStringLiteral("✗"));
        if ((*dropped && compared) || started->elapsed() > delayMs * 3) {
            poll->stop();
            shootAll(w, grab);
        }
    });
    poll->start(250);
}

void shootAll(app::Workstation& w, const std::function<void(QWidget&, const QString&)>& grab) {
    auto& window = w.window();
    {
        grab(window, QStringLiteral("booth.png"));
        auto& traveler = w.travelerDisplay();
        traveler.setLanguage(QStringLiteral("en"));
        grab(traveler, QStringLiteral("traveler-en.png"));
        traveler.setLanguage(QStringLiteral("es"));
        grab(traveler, QStringLiteral("traveler-es.png"));
        window.lock(QStringLiteral("supervisor"));
        grab(window, QStringLiteral("lock.png"));
        window.unlock();
        // F1: verified by the officer; the document disagreement opens a review case.
        if (auto* verified = window.booth()->findChild<QPushButton*>(QStringLiteral("verifiedButton"))) {
            verified->click();
        }
        window.screens()->setCurrentIndex(1);
        QTimer::singleShot(1500, &window, [&w, &window, grab] {
            grab(window, QStringLiteral("manifest.png"));
            if (window.screens()->count() < 4) {
                QApplication::quit();
                return;
            }
            w.supervisor().refreshQueue();
            window.screens()->setCurrentIndex(2);
            QTimer::singleShot(3000, &window, [&w, &window, grab] {
                grab(window, QStringLiteral("review.png"));
                w.supervisor().refreshStats(QDate::currentDate());
                window.screens()->setCurrentIndex(3);
                QTimer::singleShot(2000, &window, [&window, grab] {
                    grab(window, QStringLiteral("monitoring.png"));
                    QApplication::quit();
                });
            });
        });
    }
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

    // Demo mode exists only as `portico --demo`, on its own data folder: a station config can never ask for it.
    config::StationConfig config;
    if (demo && !configPath.empty()) {
        return fail("--demo runs the built-in demo on its own data and takes no --config");
    }
    if (demo) {
        config.demo = true;
        config.portCode = "DEMO";
        config.stationId = "demo-booth-1";
    } else if (configPath.empty()) {
        return fail("a station configuration is needed: portico --config /etc/portico/station.json "
                    "(or portico --demo for the built-in demo)");
    } else {
        auto loaded = config::loadStationConfig(configPath);
        if (!loaded) {
            return fail(loaded.error().detail);
        }
        config = loaded.value();
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
    if (const char* who = std::getenv("PORTICO_DEMO_AUTOLOGIN"); who && config.demo) {
        // Unattended demo (screenshots): log a demo account in without typing ("supervisor", else the officer).
        const bool supervisor = std::string_view(who) == "supervisor";
        auto s = supervisor ? w.accounts().login(app::Workstation::kSupervisor, app::Workstation::kSupervisorPassword)
                            : w.accounts().login(app::Workstation::kOfficer, app::Workstation::kOfficerPassword);
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
        scheduleScreenshots(w, QString::fromLocal8Bit(shots));
    }
    return QApplication::exec();
}
