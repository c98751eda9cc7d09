// SPDX-License-Identifier: GPL-3.0-or-later
// portico: the officer's workstation. The composition root: builds every adapter once, hands them to the UI.
#include "Version.h"
#include "audit/AuditLog.h"
#include "auth/Accounts.h"
#include "booth/BoothSession.h"
#include "booth/Lane.h"
#include "booth/TravelerGallery.h"
#include "capture/FaceAnalyzer.h"
#include "capture/OpenCvCamera.h"
#include "capture/VideoFileSource.h"
#include "config/StationConfig.h"
#include "demo/DemoKit.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "manifest/ManifestStore.h"
#include "manifest/SignatureVerifier.h"
#include "match/ThresholdPolicy.h"
#include "net/CurlHttpClient.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "store/SqliteOutbox.h"
#include "sync/ManifestSync.h"
#include "sync/Uploader.h"
#include "ui/BoothController.h"
#include "ui/ErrorText.h"
#include "ui/LoginDialog.h"
#include "ui/MainWindow.h"
#include "ui/TravelerDisplay.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QProcess>
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

/// portico-central beside this executable (build tree or installed), else on PATH.
QString centralExecutable() {
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString& candidate : {here.filePath(QStringLiteral("portico-central")),
                                     here.filePath(QStringLiteral("../portico-central/portico-central"))}) {
        if (QFile::exists(candidate)) {
            return candidate;
        }
    }
    return QStandardPaths::findExecutable(QStringLiteral("portico-central"));
}

/// The demo's central service: a child process on loopback with a seeded manifest of the demo travelers.
struct DemoCentral {
    QProcess process;
    std::string url;
    std::string publicKey;

    Status start(const std::filesystem::path& dataDir, const std::filesystem::path& photos, std::size_t travelers,
                 const std::string& port, const std::string& token) {
        const QString exe = centralExecutable();
        if (exe.isEmpty()) {
            return makeError(ErrorCode::NotFound, "portico-central not found beside portico or on PATH");
        }
        QProcess key;
        key.start(exe, {QStringLiteral("pubkey"), QStringLiteral("--data"), QString::fromStdString(dataDir.string())});
        if (!key.waitForFinished(20000) || key.exitCode() != 0) {
            return makeError(ErrorCode::IoError, "portico-central pubkey failed");
        }
        publicKey = QString::fromUtf8(key.readAllStandardOutput()).trimmed().toStdString();
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.setReadChannel(QProcess::StandardOutput);
        process.start(exe, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"),
                            QString::fromStdString(dataDir.string()), QStringLiteral("--seed-manifest"),
                            QString::number(travelers), QStringLiteral("--photos"),
                            QString::fromStdString(photos.string()), QStringLiteral("--port-code"),
                            QString::fromStdString(port), QStringLiteral("--token"), QString::fromStdString(token)});
        if (!process.waitForStarted(10000)) {
            return makeError(ErrorCode::IoError, "portico-central did not start");
        }
        while (!process.canReadLine()) {
            if (!process.waitForReadyRead(30000)) {
                return makeError(ErrorCode::Timeout, "portico-central did not report its address");
            }
        }
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        const QString prefix = QStringLiteral("listening on ");
        if (!line.startsWith(prefix)) {
            return makeError(ErrorCode::IoError, "unexpected first line from portico-central");
        }
        url = line.mid(prefix.size()).toStdString();
        return {};
    }
    ~DemoCentral() {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(5000)) {
                process.kill();
                process.waitForFinished(2000);
            }
        }
    }
};

Result<match::ScoreTable> loadCalibration() {
    QFile f(QStringLiteral(":/calibration/face-api-1.7.15.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::ConfigInvalid, "the calibration table is missing from this build");
    }
    return match::ScoreTable::fromJson(f.readAll().toStdString());
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

std::string modelSha(const face::ModelStore& models) {
    for (const auto& f : models.files()) {
        if (f.path == "model/face_recognition_model.bin") {
            return f.sha256;
        }
    }
    return {};
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
    if (!demo) {
        return fail("only the built-in demo is wired in this version: run `portico --demo` (scripts/demo)");
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Portico"));
    QApplication::setApplicationVersion(QString::fromLatin1(versionString()));
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("portico"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QApplication::installTranslator(&translator);
    }

    // ---- paths: data, and the key file outside the data directory
    const std::filesystem::path base =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation).toStdString();
    const std::filesystem::path dataDir = config.dataDir.empty() ? base / "portico-demo" : config.dataDir;
    const std::filesystem::path keyFile =
        config.keyFile.empty() ? base / "portico-demo-keys" / "station.key" : config.keyFile;
    std::error_code ec;
    std::filesystem::create_directories(dataDir, ec);
    std::filesystem::create_directories(keyFile.parent_path(), ec);

    // ---- models (verified) and the demo kit
    const auto models = face::ModelStore::pinned(config.modelDir);
    if (auto ok = models.verifyAll(); !ok) {
        return fail(ok.error().detail);
    }
    auto kit = demo::prepareDemoKit(models, dataDir / "kit");
    if (!kit) {
        return fail("demo kit: " + kit.error().toString());
    }
    const std::string token = "demo-workstation-token";
    DemoCentral central;
    if (auto st = central.start(dataDir / "central", kit->photosDir, kit->identities.size(), config.portCode, token);
        !st) {
        return fail("demo central: " + st.error().toString());
    }

    // ---- local store: one connection for the booth worker, one for the uploader thread
    SystemClock clock;
    auto ring = store::KeyFile::loadOrCreate(keyFile);
    if (!ring) {
        return fail("key file: " + ring.error().toString());
    }
    if (auto outside = store::KeyFile::checkOutside(keyFile, dataDir / "portico.db"); !outside) {
        return fail("key file: " + outside.error().toString());
    }
    store::Crypto crypto(ring.value());
    store::OpenReport report;
    auto boothDb = store::Database::open(dataDir / "portico.db", &report);
    if (!boothDb) {
        return fail("database: " + boothDb.error().toString());
    }
    auto syncDb = store::Database::open(dataDir / "portico.db");
    if (!syncDb) {
        return fail("database: " + syncDb.error().toString());
    }
    audit::AuditLog auditLog(boothDb.value());
    auth::Accounts accounts(boothDb.value(), auditLog, clock, auth::HashLimits::interactive());
    // Demo accounts, shown on the log-in screen (created once; a second add is refused harmlessly).
    for (const auto& [user, name, role, password] :
         {std::tuple{"officer", "Demo Officer", auth::Role::Officer, "harbor lantern 4821"},
          std::tuple{"supervisor", "Demo Supervisor", auth::Role::Supervisor, "granite ferry 7390"}}) {
        if (auto added = accounts.add("system", user, name, role, password);
            !added && added.code() != ErrorCode::Conflict) {
            return fail(std::string("demo account: ") + added.error().toString());
        }
    }
    store::InspectionStore inspections(boothDb.value(), crypto, auditLog, clock, config.stationId);
    manifest::ManifestStore manifests(boothDb.value(), crypto);
    store::SqliteOutbox outbox(syncDb.value(), crypto);

    // ---- central service clients (one per thread)
    net::HttpClientOptions http;
    http.baseUrl = central.url;
    http.bearerToken = token;
    net::CurlHttpClient manifestHttp(http, clock);
    net::CurlHttpClient uploadHttp(http, clock);
    auto verifier = manifest::SignatureVerifier::fromBase64(central.publicKey);
    if (!verifier) {
        return fail("manifest key: " + verifier.error().toString());
    }
    sync::ManifestSyncOptions syncOptions;
    syncOptions.port = config.portCode;
    syncOptions.staleAfter = std::chrono::hours(config.manifestStaleHours);
    sync::ManifestSync manifestSync(manifestHttp, manifests, verifier.value(), clock, syncOptions);
    sync::UploaderOptions uploadOptions;
    uploadOptions.deviceId = config.stationId;
    uploadOptions.idlePoll = std::chrono::milliseconds(1000);
    sync::Uploader uploader(uploadHttp, outbox, clock, uploadOptions);

    // ---- face engine, thresholds, gallery, lane
    auto analyzer = capture::FaceAnalyzer::load(models);
    auto pipeline = face::FacePipeline::load(models);
    if (!analyzer || !pipeline) {
        return fail("face engine: " + (analyzer ? pipeline.error() : analyzer.error()).toString());
    }
    auto table = loadCalibration();
    if (!table) {
        return fail("calibration: " + table.error().toString());
    }
    match::ThresholdPolicy policy(table.value());
    booth::TravelerGallery gallery(pipeline.value(), std::string(face::Embedder::kModelId));
    capture::VideoFileOptions videoOptions;
    videoOptions.loop = true;
    auto source = std::make_unique<capture::VideoFileSource>(kit->video, videoOptions, clock);
    booth::Lane lane(std::move(source), analyzer.value(), modelSha(models), gallery, policy, clock);
    booth::BoothSession session(inspections, clock, {config.portCode, config.lane, std::chrono::milliseconds(0)});

    // ---- screens
    ui::MainWindow window({QString::fromStdString(config.portCode), config.lane, config.demo});
    ui::TravelerDisplay travelerDisplay;
    ui::BoothController controller({lane, session, gallery, manifests, manifestSync, uploader, auditLog, clock,
                                    config.portCode, config.lane, config.manifestStaleHours, config.demo},
                                   window, travelerDisplay);
    if (report.recoveredFromCorruption) {
        window.showNotice(ui::ErrorText::forCode(ErrorCode::DatabaseCorrupt));
    }

    ui::LoginDialog login(accounts, config.demo);
    if (std::getenv("PORTICO_DEMO_AUTOLOGIN")) {
        // Unattended demo (fresh-check, screenshots): log the demo officer in without typing.
        auto s = accounts.login("officer", "harbor lantern 4821");
        if (!s) {
            return fail("demo log-in failed: " + s.error().toString());
        }
        controller.start(s.value());
    } else {
        if (login.exec() != QDialog::Accepted || !login.session()) {
            return 0;
        }
        controller.start(*login.session());
    }
    if (auto st = uploader.start(); !st) {
        window.showNotice(ui::ErrorText::forError(st.error()));
    }
    window.show();
    travelerDisplay.move(window.x() + window.width() + 10, window.y());
    travelerDisplay.show();
    if (const char* shots = std::getenv("PORTICO_SCREENSHOT_DIR"); shots && *shots) {
        scheduleScreenshots(window, travelerDisplay, shots);
    }
    const int rc = QApplication::exec();
    uploader.stop();
    lane.stop();
    return rc;
}
