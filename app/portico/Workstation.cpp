// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoWorkstation.h"

#include "capture/VideoFileSource.h"

#include "demo/DemoKit.h"
#include "face/Embedder.h"
#include "face/ModelStore.h"
#include "manifest/SignatureVerifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

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

/// Start the demo's central service: a child process on loopback with a seeded manifest of the demo travelers.
Result<std::pair<std::string, std::string>> startCentral(QProcess& process, const std::filesystem::path& dataDir,
                                                         const std::filesystem::path& photos, std::size_t travelers,
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
    const std::string publicKey = QString::fromUtf8(key.readAllStandardOutput()).trimmed().toStdString();
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setReadChannel(QProcess::StandardOutput);
    process.start(exe, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"),
                        QString::fromStdString(dataDir.string()), QStringLiteral("--seed-manifest"),
                        QString::number(travelers), QStringLiteral("--photos"), QString::fromStdString(photos.string()),
                        QStringLiteral("--port-code"), QString::fromStdString(port), QStringLiteral("--token"),
                        QString::fromStdString(token)});
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
    return std::pair{line.mid(prefix.size()).toStdString(), publicKey};
}

Result<match::ScoreTable> loadCalibration() {
    QFile f(QStringLiteral(":/calibration/face-api-1.7.15.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::ConfigInvalid, "the calibration table is missing from this build");
    }
    return match::ScoreTable::fromJson(f.readAll().toStdString());
}

std::string modelSha(const face::ModelStore& models) {
    for (const auto& f : models.files()) {
        if (f.path == "model/face_recognition_model.bin") {
            return f.sha256;
        }
    }
    return {};
}

Error context(const std::string& what, const Error& e) {
    return makeError(e.code, what + ": " + e.detail);
}
} // namespace

Result<std::unique_ptr<DemoWorkstation>> DemoWorkstation::create(config::StationConfig config, Paths paths) {
    std::unique_ptr<DemoWorkstation> w(new DemoWorkstation());
    w->m_config = config;
    std::error_code ec;
    std::filesystem::create_directories(paths.dataDir, ec);
    std::filesystem::create_directories(paths.keyFile.parent_path(), ec);

    // ---- models (verified) and the demo kit
    const auto models = face::ModelStore::pinned(config.modelDir);
    if (auto ok = models.verifyAll(); !ok) {
        return ok.error();
    }
    auto kit = demo::prepareDemoKit(models, paths.dataDir / "kit");
    if (!kit) {
        return context("demo kit", kit.error());
    }
    const std::string token = "demo-workstation-token";
    w->m_centralData = paths.dataDir / "central";
    auto central =
        startCentral(w->m_central, w->m_centralData, kit->photosDir, kit->identities.size(), config.portCode, token);
    if (!central) {
        return context("demo central", central.error());
    }
    w->m_centralUrl = central->first;

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
        std::make_unique<auth::Accounts>(*w->m_boothDb, *w->m_audit, w->m_clock, auth::HashLimits::interactive());
    // Demo accounts, shown on the log-in screen (created once; a second add is refused as a conflict).
    for (const auto& [user, name, role, password] :
         {std::tuple{kOfficer, "Demo Officer", auth::Role::Officer, kOfficerPassword},
          std::tuple{"supervisor", "Demo Supervisor", auth::Role::Supervisor, "granite ferry 7390"}}) {
        if (auto added = w->m_accounts->add("system", user, name, role, password);
            !added && added.code() != ErrorCode::Conflict) {
            return context("demo account", added.error());
        }
    }
    w->m_inspections = std::make_unique<store::InspectionStore>(*w->m_boothDb, *w->m_crypto, *w->m_audit, w->m_clock,
                                                                config.stationId);
    w->m_manifests = std::make_unique<manifest::ManifestStore>(*w->m_boothDb, *w->m_crypto);
    w->m_outbox = std::make_unique<store::SqliteOutbox>(*w->m_syncDb, *w->m_crypto);

    // ---- central service clients (one per thread)
    net::HttpClientOptions http;
    http.baseUrl = w->m_centralUrl;
    http.bearerToken = token;
    w->m_manifestHttp = std::make_unique<net::CurlHttpClient>(http, w->m_clock);
    w->m_uploadHttp = std::make_unique<net::CurlHttpClient>(http, w->m_clock);
    auto verifier = manifest::SignatureVerifier::fromBase64(central->second);
    if (!verifier) {
        return context("manifest key", verifier.error());
    }
    sync::ManifestSyncOptions syncOptions;
    syncOptions.port = config.portCode;
    syncOptions.staleAfter = std::chrono::hours(config.manifestStaleHours);
    w->m_manifestSync = std::make_unique<sync::ManifestSync>(*w->m_manifestHttp, *w->m_manifests, verifier.value(),
                                                             w->m_clock, syncOptions);
    sync::UploaderOptions uploadOptions;
    uploadOptions.deviceId = config.stationId;
    uploadOptions.idlePoll = std::chrono::milliseconds(1000);
    w->m_uploader = std::make_unique<sync::Uploader>(*w->m_uploadHttp, *w->m_outbox, w->m_clock, uploadOptions);

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
    auto table = loadCalibration();
    if (!table) {
        return context("calibration", table.error());
    }
    w->m_policy = std::make_unique<match::ThresholdPolicy>(table.value());
    w->m_gallery = std::make_unique<booth::TravelerGallery>(*w->m_pipeline, std::string(face::Embedder::kModelId));
    capture::VideoFileOptions videoOptions;
    videoOptions.loop = true;
    auto source = std::make_unique<capture::VideoFileSource>(kit->video, videoOptions, w->m_clock);
    w->m_lane = std::make_unique<booth::Lane>(std::move(source), *w->m_analyzer, modelSha(models), *w->m_gallery,
                                              *w->m_policy, w->m_clock);
    w->m_session = std::make_unique<booth::BoothSession>(
        *w->m_inspections, w->m_clock,
        booth::SessionPolicy{config.portCode, config.lane, std::chrono::milliseconds(0)});

    // ---- screens
    w->m_window = std::make_unique<ui::MainWindow>(
        ui::MainWindow::Options{QString::fromStdString(config.portCode), config.lane, config.demo});
    w->m_traveler = std::make_unique<ui::TravelerDisplay>();
    w->m_controller = std::make_unique<ui::BoothController>(
        ui::BoothServices{*w->m_lane, *w->m_session, *w->m_gallery, *w->m_manifests, *w->m_manifestSync, *w->m_uploader,
                          *w->m_audit, w->m_clock, config.portCode, config.lane, config.manifestStaleHours,
                          config.demo},
        *w->m_window, *w->m_traveler);
    return w;
}

Status DemoWorkstation::start(const auth::Session& officer) {
    m_controller->start(officer);
    return m_uploader->start();
}

DemoWorkstation::~DemoWorkstation() {
    // Stop the threads before the objects they use go away; then central.
    m_controller.reset();
    if (m_uploader) {
        m_uploader->stop();
    }
    if (m_lane) {
        m_lane->stop();
    }
    if (m_central.state() != QProcess::NotRunning) {
        m_central.terminate();
        if (!m_central.waitForFinished(5000)) {
            m_central.kill();
            m_central.waitForFinished(2000);
        }
    }
}

} // namespace portico::app
