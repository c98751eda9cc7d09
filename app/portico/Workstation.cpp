// SPDX-License-Identifier: GPL-3.0-or-later
#include "Workstation.h"

#include "capture/OpenCvCamera.h"
#include "capture/VideoFileSource.h"

#include "common/Log.h"
#include "demo/DemoKit.h"
#include "face/ModelStore.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <fstream>
#include <sstream>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace portico::app {
namespace {

/// portico-central beside this executable (build tree or installed), else on PATH.
QString centralExecutable() {
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString& candidate : {here.filePath(QStringLiteral("portico-central")),
                                     here.filePath(QStringLiteral("../portico-central/portico-central")),
                                     here.filePath(QStringLiteral("../../app/portico-central/portico-central"))}) {
        if (QFile::exists(candidate)) {
            return candidate;
        }
    }
    return QStandardPaths::findExecutable(QStringLiteral("portico-central"));
}

/// The first line portico-central prints is "listening on URL".
Result<std::string> readListeningUrl(QProcess& process) {
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
    return line.mid(prefix.size()).toStdString();
}

Result<std::string> readTokenFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot read the central token file " + path.string());
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string token = ss.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
        token.pop_back();
    }
    if (token.empty()) {
        return makeError(ErrorCode::ConfigInvalid, "the central token file " + path.string() + " is empty");
    }
    return token;
}

constexpr const char* kDemoToken = "demo-workstation-token";

// The score table of the descriptor the face engine runs, compiled into this build (station::FaceParts checks it
// is the engine's: thresholds from another model's scores are refused).
Result<match::ScoreTable> loadCalibration() {
    QFile f(QStringLiteral(":/calibration/faceplugin-0.0.1.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::ConfigInvalid, "the calibration table is missing from this build");
    }
    return match::ScoreTable::fromJson(f.readAll().toStdString());
}

Error context(const std::string& what, const Error& e) {
    return makeError(e.code, what + ": " + e.detail);
}
} // namespace

Result<std::unique_ptr<Workstation>> Workstation::create(config::StationConfig config, Paths paths,
                                                         const Clock* wallClock) {
    if (auto ready = config.checkReadyForBooth(); !ready) {
        return ready.error();
    }
    std::unique_ptr<Workstation> w(new Workstation());
    if (wallClock != nullptr) {
        w->m_clock = wallClock;
    }
    w->m_config = config;
    std::error_code ec;
    std::filesystem::create_directories(paths.dataDir, ec);

    // ---- the face engine, once for the process (verified models, calibration of its descriptor)
    const auto models = face::ModelStore::pinned(config.modelDir);
    if (auto ok = models.verifyAll(); !ok) {
        return ok.error();
    }
    auto table = loadCalibration();
    if (!table) {
        return context("calibration", table.error());
    }
    auto face = station::FaceParts::load(models, table.value(),
                                         match::ThresholdPolicyConfig::fromOperatingPoint(config.operatingPoint));
    if (!face) {
        return face.error();
    }
    w->m_face = std::move(face.value());

    // ---- demo mode: the demo kit (made on the same engine) and the local central service
    if (config.demo) {
        auto kit = demo::prepareDemoKit(models, w->m_face->pipeline, paths.dataDir / "kit");
        if (!kit) {
            return context("demo kit", kit.error());
        }
        w->m_demoPhotos = kit->photosDir;
        w->m_demoVideo = kit->video;
        w->m_demoTravelers = kit->identities.size();
        w->m_centralData = paths.dataDir / "central";
        if (config.documentDropDir.empty()) {
            // The demo's document reader: drop a page image here (or press F6) for the 1:1 check.
            config.documentDropDir = paths.dataDir / "document-reader";
            std::filesystem::create_directories(config.documentDropDir, ec);
            w->m_config.documentDropDir = config.documentDropDir;
        }
        if (auto started = w->startCentralProcess(QStringLiteral("127.0.0.1:0")); !started) {
            return context("demo central", started.error());
        }
    } else {
        w->m_centralUrl = config.centralUrl;
    }
    std::string token = kDemoToken;
    std::string manifestKey = w->m_centralKey;
    if (!config.demo) {
        auto read = readTokenFile(config.centralTokenFile);
        if (!read) {
            return read.error();
        }
        token = read.value();
        manifestKey = config.manifestPublicKey;
    }

    // ---- the station's store and its threads: booth, upload, review, purge (each its own connection)
    w->m_dbPath = paths.dataDir / "portico.db";
    auto store = station::StationStore::open(w->m_dbPath, paths.keyFile);
    if (!store) {
        return store.error();
    }
    w->m_store.emplace(std::move(store.value()));
    station::CentralSettings central;
    central.http.baseUrl = w->m_centralUrl;
    central.http.bearerToken = token;
    central.http.pinnedPublicKey = config.centralKeyPin;
    central.http.caFile = config.centralCaFile.string();
    central.manifestKey = manifestKey;
    central.manifests.port = config.portCode;
    central.manifests.staleAfter = std::chrono::hours(config.manifestStaleHours);
    // The booth opens the store first: a corrupt file is moved aside before any other connection sees it.
    auto booth = station::BoothThread::open(*w->m_store, w->clock(), config.stationId, central,
                                            auth::HashLimits::interactive(), &w->m_report);
    if (!booth) {
        return booth.error();
    }
    w->m_booth = std::move(booth.value());
    if (config.demo) {
        // Demo accounts, shown on the log-in screen; the database is marked as the demo's.
        if (auto added = demo::createDemoAccounts(w->m_booth->store->db, *w->m_booth->accounts); !added) {
            return context("demo account", added.error());
        }
    } else if (auto clean = demo::refuseDemoData(w->m_booth->store->db); !clean) {
        // The published demo passwords never open a production booth.
        return context("data folder " + paths.dataDir.string(), clean.error());
    }
    // The uploader keeps its own backoff in the outbox (next attempt per record); a long retry loop inside one
    // request would only hide an outage from the officer's status bar. Two quick attempts, then report.
    net::HttpClientOptions upload = central.http;
    upload.retry.maxAttempts = 2;
    upload.retry.totalBudget = std::chrono::seconds(10);
    sync::UploaderOptions uploadOptions;
    uploadOptions.deviceId = config.stationId;
    uploadOptions.idlePoll = std::chrono::milliseconds(1000);
    auto uploads = station::UploadThread::open(*w->m_store, w->clock(), upload, uploadOptions);
    if (!uploads) {
        return uploads.error();
    }
    w->m_upload = std::move(uploads.value());
    auto review = station::ReviewThread::open(*w->m_store, w->clock(), config.stationId);
    if (!review) {
        return review.error();
    }
    w->m_review = std::move(review.value());
    // Retention, enforced by the software: citizens' captures within the configured hours (≤ 12), others a day
    // after central acknowledged them, manifest photos a day after the appointment window.
    policy::RetentionPolicy retention;
    retention.citizenBiometricsMaxAge = std::chrono::hours(config.citizenCaptureRetentionHours);
    retention.nonCitizenGraceAfterAck = std::chrono::hours(24);
    retention.manifestPhotoGraceAfterWindow = std::chrono::hours(24);
    auto purge = station::PurgeThread::open(*w->m_store, w->clock(), retention);
    if (!purge) {
        return purge.error();
    }
    w->m_purge = std::move(purge.value());

    // ---- the lane on the camera (a recorded replay only in demo mode)
    std::unique_ptr<capture::FrameSource> source;
    if (config.demo) {
        capture::VideoFileOptions videoOptions;
        videoOptions.loop = true;
        source = std::make_unique<capture::VideoFileSource>(w->m_demoVideo, videoOptions, w->clock());
    } else {
        capture::CameraOptions camera;
        camera.device = config.camera;
        camera.allowNonLive = config.allowVirtualCamera;
        if (config.allowVirtualCamera) {
            // The override of "live cameras only" is the site's decision, recorded at every start with its reason.
            const nlohmann::json details = {{"camera", config.camera}, {"reason", config.allowVirtualCameraReason}};
            if (auto s = w->m_booth->store->audit.append(
                    {w->clock().now(), "system", "config.virtual_camera_allowed", config.stationId, details.dump()});
                !s) {
                return context("audit", s.error());
            }
            log::get("app")->warn("station config allows a camera that is not live (allowVirtualCamera)");
        }
        source = std::make_unique<capture::OpenCvCamera>(camera, w->clock());
    }
    booth::LaneOptions laneOptions;
    laneOptions.name = std::to_string(config.lane);
    w->m_face->attachCamera(std::move(source), w->clock(), std::move(laneOptions));

    // ---- the workflows: the booth's and the review's, each on its own thread
    w->m_boothWorker = std::make_unique<SerialExecutor>();
    w->m_boothService = std::make_unique<booth::BoothService>(
        station::boothParts(*w->m_booth, w->m_upload.get(), w->m_face.get(), w->clock()),
        booth::SessionPolicy{config.portCode, config.lane, std::chrono::hours(config.citizenCaptureRetentionHours)},
        *w->m_boothWorker);
    w->m_reviewWorker = std::make_unique<SerialExecutor>();
    w->m_reviewService = std::make_unique<review::ReviewService>(
        review::ReviewParts{w->m_review->queue, w->m_review->monitoring, w->m_review->trends,
                            w->m_review->store->manifests, w->m_review->store->audit, w->clock(), config.portCode},
        *w->m_reviewWorker);
    w->m_purgeWorker = std::make_unique<SerialExecutor>(4);

    // ---- screens
    w->m_window = std::make_unique<ui::MainWindow>(
        ui::MainWindow::Options{QString::fromStdString(config.portCode), config.lane, config.demo});
    w->m_traveler = std::make_unique<ui::TravelerDisplay>();
    w->m_controller = std::make_unique<ui::BoothController>(
        ui::BoothServices{.service = *w->m_boothService,
                          .clock = w->clock(),
                          .port = config.portCode,
                          .laneNumber = config.lane,
                          .manifestStaleHours = config.manifestStaleHours,
                          .manifestSyncInterval = std::chrono::minutes(config.manifestSyncMinutes),
                          .inactivityLock = std::chrono::minutes(config.inactivityLockMinutes),
                          .documentDropDir = config.documentDropDir,
                          .demo = config.demo},
        *w->m_window, *w->m_traveler);
    // Supervisor review and monitoring (shown only to a supervisor).
    w->m_screensOwner = std::make_unique<QWidget>();
    w->m_reviewView = new ui::ReviewView(w->m_screensOwner.get());
    w->m_statsView = new ui::StatsView(w->m_screensOwner.get());
    w->m_statsView->setOperatingPoint(w->m_face->policy.summary());
    w->m_supervisor = std::make_unique<ui::SupervisorController>(
        ui::SupervisorServices{*w->m_reviewService, w->clock(),
                               [lane = w->m_face->lane.get()] { return lane->health().snapshot(); }},
        *w->m_reviewView, *w->m_statsView);
    QObject::connect(&w->m_purgeTimer, &QTimer::timeout, [ws = w.get()] { ws->purgeNow(); });
    // Another person signed in at the booth, or the officer signed out: the screens follow who is there.
    QObject::connect(w->m_controller.get(), &ui::BoothController::sessionStarted,
                     [ws = w.get()](const auth::Session& session) { ws->showScreensFor(session); });
    QObject::connect(w->m_controller.get(), &ui::BoothController::sessionEnded,
                     [ws = w.get()] { ws->showScreensFor(auth::Session{}); });
    return w;
}

void Workstation::showScreensFor(const auth::Session& session) {
    // Core refuses review to anyone but a supervisor (admins included); the screens follow the same rule.
    const bool supervisor = session.role == auth::Role::Supervisor;
    m_window->setSupervisorScreens(m_reviewView, m_statsView, supervisor);
    if (supervisor) {
        m_supervisor->start(session);
    } else {
        m_supervisor->stop();
        m_reviewService->start(session); // a later review request is refused in core under this session
    }
}

void Workstation::purgeNow() {
    m_purgeWorker->post([this] {
        auto receipt = m_purge->purge.run();
        if (!receipt) {
            log::get("app")->error("retention purge failed: {}", errorCodeName(receipt.code()));
        }
    });
}

Status Workstation::startCentralProcess(const QString& listen) {
    const QString exe = centralExecutable();
    if (exe.isEmpty()) {
        return makeError(ErrorCode::NotFound, "portico-central not found beside portico or on PATH");
    }
    const QString data = QString::fromStdString(m_centralData.string());
    if (m_centralKey.empty()) {
        QProcess key;
        key.start(exe, {QStringLiteral("pubkey"), QStringLiteral("--data"), data});
        if (!key.waitForFinished(20000) || key.exitCode() != 0) {
            return makeError(ErrorCode::IoError, "portico-central pubkey failed");
        }
        m_centralKey = QString::fromUtf8(key.readAllStandardOutput()).trimmed().toStdString();
    }
    m_central.setProcessChannelMode(QProcess::SeparateChannels);
    m_central.setReadChannel(QProcess::StandardOutput);
    // The demo's central service must not outlive the workstation, however it ends (Ctrl+C, a kill, a crash): the
    // kernel sends it SIGTERM when this process goes. Runs in the child between fork and exec.
    const pid_t parent = ::getpid();
    m_central.setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) {
            ::_exit(1); // the workstation died before the death signal was armed
        }
    });
    m_central.start(exe, {QStringLiteral("--listen"), listen, QStringLiteral("--data"), data,
                          QStringLiteral("--seed-manifest"), QString::number(m_demoTravelers),
                          QStringLiteral("--photos"), QString::fromStdString(m_demoPhotos.string()),
                          QStringLiteral("--port-code"), QString::fromStdString(m_config.portCode),
                          QStringLiteral("--token"), QString::fromLatin1(kDemoToken)});
    if (!m_central.waitForStarted(10000)) {
        return makeError(ErrorCode::IoError, "portico-central did not start");
    }
    auto url = readListeningUrl(m_central);
    if (!url) {
        return url.error();
    }
    if (!m_centralUrl.empty() && url.value() != m_centralUrl) {
        return makeError(ErrorCode::IoError, "portico-central came back at another address");
    }
    m_centralUrl = url.value();
    return {};
}

void Workstation::stopCentral() {
    if (m_central.state() != QProcess::NotRunning) {
        m_central.terminate();
        if (!m_central.waitForFinished(5000)) {
            m_central.kill();
            m_central.waitForFinished(2000);
        }
    }
}

Status Workstation::restartCentral() {
    if (!m_config.demo) {
        return makeError(ErrorCode::InvalidArgument, "only the demo runs its own central service");
    }
    stopCentral();
    // Same address as before: "http://127.0.0.1:PORT" → "127.0.0.1:PORT".
    const std::string prefix = "http://";
    const std::string hostPort = m_centralUrl.starts_with(prefix) ? m_centralUrl.substr(prefix.size()) : m_centralUrl;
    return startCentralProcess(QString::fromStdString(hostPort));
}

Status Workstation::start(const auth::Session& officer) {
    m_controller->start(officer);
    purgeNow();
    m_purgeTimer.start(5 * 60 * 1000);
    if (officer.role == auth::Role::Supervisor) {
        showScreensFor(officer);
    }
    return m_upload->uploader.start();
}

Workstation::~Workstation() {
    // The threads stop first (each finishes its queued work), then the adapters and the objects the threads used;
    // central last.
    m_purgeTimer.stop();
    m_purgeWorker.reset();
    if (m_face && m_face->lane) {
        m_face->lane->stop();
    }
    m_boothWorker.reset();
    m_reviewWorker.reset();
    if (m_upload) {
        m_upload->uploader.stop();
    }
    m_supervisor.reset();
    m_controller.reset();
    stopCentral();
}

} // namespace portico::app
