// SPDX-License-Identifier: GPL-3.0-or-later
#include "Workstation.h"

#include "capture/OpenCvCamera.h"
#include "capture/VideoFileSource.h"

#include "common/Log.h"
#include "demo/DemoKit.h"
#include "face/ModelStore.h"
#include "manifest/SignatureVerifier.h"

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

// The score table of the descriptor the pipeline runs: thresholds from another model's scores are refused.
Result<match::ScoreTable> loadCalibration(const std::string& modelId) {
    QFile f(QStringLiteral(":/calibration/faceplugin-0.0.1.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::ConfigInvalid, "the calibration table is missing from this build");
    }
    auto table = match::ScoreTable::fromJson(f.readAll().toStdString());
    if (table && table->info().modelId != modelId) {
        return makeError(ErrorCode::ModelMismatch,
                         "the calibration table is for " + table->info().modelId + ", the face engine runs " + modelId);
    }
    return table;
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
    std::filesystem::create_directories(paths.keyFile.parent_path(), ec);

    // ---- models (verified); in demo mode the demo kit and the local central service
    const auto models = face::ModelStore::pinned(config.modelDir);
    if (auto ok = models.verifyAll(); !ok) {
        return ok.error();
    }
    if (config.demo) {
        auto kit = demo::prepareDemoKit(models, paths.dataDir / "kit");
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

    // ---- local store: one connection for the booth worker, one for the uploader thread
    auto ring = store::KeyFile::loadOrCreate(paths.keyFile);
    if (!ring) {
        return context("key file", ring.error());
    }
    w->m_dbPath = paths.dataDir / "portico.db";
    if (auto outside = store::KeyFile::checkOutside(paths.keyFile, w->m_dbPath); !outside) {
        return context("key file", outside.error());
    }
    w->m_crypto = std::make_unique<store::Crypto>(ring.value());
    auto boothDb = store::Database::open(w->m_dbPath, &w->m_report);
    if (!boothDb) {
        return context("database", boothDb.error());
    }
    w->m_boothDb.emplace(std::move(boothDb.value()));
    auto syncDb = store::Database::open(w->m_dbPath);
    if (!syncDb) {
        return context("database", syncDb.error());
    }
    w->m_syncDb.emplace(std::move(syncDb.value()));
    w->m_audit = std::make_unique<audit::AuditLog>(*w->m_boothDb);
    w->m_accounts =
        std::make_unique<auth::Accounts>(*w->m_boothDb, *w->m_audit, w->clock(), auth::HashLimits::interactive());
    if (config.demo) {
        // Demo accounts, shown on the log-in screen; the database is marked as the demo's.
        if (auto added = demo::createDemoAccounts(*w->m_boothDb, *w->m_accounts); !added) {
            return context("demo account", added.error());
        }
    } else if (auto clean = demo::refuseDemoData(*w->m_boothDb); !clean) {
        // The published demo passwords never open a production booth.
        return context("data folder " + paths.dataDir.string(), clean.error());
    }
    w->m_inspections = std::make_unique<store::InspectionStore>(*w->m_boothDb, *w->m_crypto, *w->m_audit, w->clock(),
                                                                config.stationId);
    w->m_manifests = std::make_unique<manifest::ManifestStore>(*w->m_boothDb, *w->m_crypto);
    w->m_outbox = std::make_unique<store::SqliteOutbox>(*w->m_syncDb, *w->m_crypto);

    // ---- central service clients (one per thread)
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
    if (auto clients = w->composeCentralClients(token, manifestKey); !clients) {
        return clients.error();
    }

    // ---- face engine, thresholds, gallery, lane
    auto analyzer = capture::FaceAnalyzer::load(models);
    if (!analyzer) {
        return context("face engine", analyzer.error());
    }
    w->m_analyzer.emplace(std::move(analyzer.value()));
    auto pipeline = face::FacePipeline::load(models);
    if (!pipeline) {
        return context("face engine", pipeline.error());
    }
    w->m_pipeline.emplace(std::move(pipeline.value()));
    auto table = loadCalibration(w->m_pipeline->modelId());
    if (!table) {
        return context("calibration", table.error());
    }
    w->m_policy = std::make_unique<match::ThresholdPolicy>(table.value());
    w->m_gallery = std::make_unique<booth::TravelerGallery>(*w->m_pipeline);
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
            if (auto s = w->m_audit->append(
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
    w->m_lane = std::make_unique<booth::Lane>(std::move(source), *w->m_analyzer, w->m_pipeline->modelSha256(),
                                              *w->m_gallery, *w->m_policy, w->clock(), std::move(laneOptions));
    w->m_documentCheck = std::make_unique<booth::DocumentCheck>(*w->m_pipeline, *w->m_policy);
    w->m_session = std::make_unique<booth::BoothSession>(
        *w->m_inspections, w->clock(),
        booth::SessionPolicy{config.portCode, config.lane, std::chrono::hours(config.citizenCaptureRetentionHours)});

    // ---- screens
    w->m_window = std::make_unique<ui::MainWindow>(
        ui::MainWindow::Options{QString::fromStdString(config.portCode), config.lane, config.demo});
    w->m_traveler = std::make_unique<ui::TravelerDisplay>();
    w->m_controller = std::make_unique<ui::BoothController>(
        ui::BoothServices{.lane = *w->m_lane,
                          .session = *w->m_session,
                          .gallery = *w->m_gallery,
                          .manifests = *w->m_manifests,
                          .manifestSync = *w->m_manifestSync,
                          .uploader = *w->m_uploader,
                          .audit = *w->m_audit,
                          .accounts = *w->m_accounts,
                          .documentCheck = *w->m_documentCheck,
                          .clock = w->clock(),
                          .port = config.portCode,
                          .laneNumber = config.lane,
                          .manifestStaleHours = config.manifestStaleHours,
                          .manifestSyncInterval = std::chrono::minutes(config.manifestSyncMinutes),
                          .inactivityLock = std::chrono::minutes(config.inactivityLockMinutes),
                          .documentDropDir = config.documentDropDir,
                          .demo = config.demo},
        *w->m_window, *w->m_traveler);

    // ---- supervisor review and monitoring (shown only to a supervisor)
    auto reviewDb = store::Database::open(w->m_dbPath);
    if (!reviewDb) {
        return context("database", reviewDb.error());
    }
    w->m_reviewDb.emplace(std::move(reviewDb.value()));
    w->m_reviewAudit = std::make_unique<audit::AuditLog>(*w->m_reviewDb);
    w->m_reviewInspections = std::make_unique<store::InspectionStore>(*w->m_reviewDb, *w->m_crypto, *w->m_reviewAudit,
                                                                      w->clock(), config.stationId);
    w->m_reviewManifests = std::make_unique<manifest::ManifestStore>(*w->m_reviewDb, *w->m_crypto);
    w->m_queue = std::make_unique<review::ReviewQueue>(*w->m_reviewDb, *w->m_crypto, *w->m_reviewInspections,
                                                       *w->m_reviewAudit, w->clock());
    w->m_monitoring = std::make_unique<review::Monitoring>(*w->m_reviewDb);
    w->m_trends = std::make_unique<review::TrendSignals>(*w->m_reviewManifests, *w->m_reviewAudit, w->clock());
    w->m_screensOwner = std::make_unique<QWidget>();
    w->m_reviewView = new ui::ReviewView(w->m_screensOwner.get());
    w->m_statsView = new ui::StatsView(w->m_screensOwner.get());
    w->m_supervisor = std::make_unique<ui::SupervisorController>(
        ui::SupervisorServices{*w->m_queue, *w->m_monitoring, *w->m_trends, *w->m_reviewManifests, *w->m_reviewAudit,
                               w->clock(), config.portCode,
                               [lane = w->m_lane.get()] { return lane->health().snapshot(); }},
        *w->m_reviewView, *w->m_statsView);

    // ---- retention, enforced by the software: citizens' captures within the configured hours (≤ 12), others a
    // day after central acknowledged them, manifest photos a day after the appointment window
    policy::RetentionPolicy retention;
    retention.citizenBiometricsMaxAge = std::chrono::hours(config.citizenCaptureRetentionHours);
    retention.nonCitizenGraceAfterAck = std::chrono::hours(24);
    retention.manifestPhotoGraceAfterWindow = std::chrono::hours(24);
    auto purgeDb = store::Database::open(w->m_dbPath);
    if (!purgeDb) {
        return context("database", purgeDb.error());
    }
    w->m_purgeDb.emplace(std::move(purgeDb.value()));
    w->m_purgeAudit = std::make_unique<audit::AuditLog>(*w->m_purgeDb);
    w->m_purge = std::make_unique<store::PurgeJob>(*w->m_purgeDb, *w->m_purgeAudit, w->clock(), retention);
    w->m_purgeWorker = std::make_unique<SerialExecutor>(4);
    QObject::connect(&w->m_purgeTimer, &QTimer::timeout, [ws = w.get()] { ws->purgeNow(); });
    return w;
}

void Workstation::purgeNow() {
    m_purgeWorker->post([this] {
        auto receipt = m_purge->run();
        if (!receipt) {
            log::get("app")->error("retention purge failed: {}", errorCodeName(receipt.code()));
        }
    });
}

Status Workstation::composeCentralClients(const std::string& token, const std::string& manifestKey) {
    net::HttpClientOptions http;
    http.baseUrl = m_centralUrl;
    http.bearerToken = token;
    http.pinnedPublicKey = m_config.centralKeyPin;
    http.caFile = m_config.centralCaFile.string();
    m_manifestHttp = std::make_unique<net::CurlHttpClient>(http, clock());
    // The uploader keeps its own backoff in the outbox (next attempt per record); a long retry loop inside one
    // request would only hide an outage from the officer's status bar. Two quick attempts, then report.
    net::HttpClientOptions upload = http;
    upload.retry.maxAttempts = 2;
    upload.retry.totalBudget = std::chrono::seconds(10);
    m_uploadHttp = std::make_unique<net::CurlHttpClient>(upload, clock());
    auto verifier = manifest::SignatureVerifier::fromBase64(manifestKey);
    if (!verifier) {
        return context("manifest key", verifier.error());
    }
    sync::ManifestSyncOptions syncOptions;
    syncOptions.port = m_config.portCode;
    syncOptions.staleAfter = std::chrono::hours(m_config.manifestStaleHours);
    m_manifestSync =
        std::make_unique<sync::ManifestSync>(*m_manifestHttp, *m_manifests, verifier.value(), clock(), syncOptions);
    sync::UploaderOptions uploadOptions;
    uploadOptions.deviceId = m_config.stationId;
    uploadOptions.idlePoll = std::chrono::milliseconds(1000);
    m_uploader = std::make_unique<sync::Uploader>(*m_uploadHttp, *m_outbox, clock(), uploadOptions);
    return {};
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
    if (officer.role == auth::Role::Supervisor) { // core refuses review to anyone else, admins included
        m_window->addSupervisorScreens(m_reviewView, m_statsView);
        m_supervisor->start(officer);
    }
    return m_uploader->start();
}

Workstation::~Workstation() {
    // Stop the threads before the objects they use go away; then central.
    m_purgeTimer.stop();
    m_purgeWorker.reset();
    m_supervisor.reset();
    m_controller.reset();
    if (m_uploader) {
        m_uploader->stop();
    }
    if (m_lane) {
        m_lane->stop();
    }
    stopCentral();
}

} // namespace portico::app
