// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/AuditLog.h"
#include "auth/Accounts.h"
#include "booth/BoothSession.h"
#include "booth/DocumentCheck.h"
#include "booth/Lane.h"
#include "booth/TravelerGallery.h"
#include "capture/FaceAnalyzer.h"
#include "common/Clock.h"
#include "common/SerialExecutor.h"
#include "config/StationConfig.h"
#include "demo/DemoAccounts.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "manifest/ManifestStore.h"
#include "match/ThresholdPolicy.h"
#include "net/CurlHttpClient.h"
#include "review/Monitoring.h"
#include "review/ReviewQueue.h"
#include "review/TrendSignals.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "store/PurgeJob.h"
#include "store/SqliteOutbox.h"
#include "sync/ManifestSync.h"
#include "sync/Uploader.h"
#include "ui/BoothController.h"
#include "ui/MainWindow.h"
#include "ui/ReviewView.h"
#include "ui/StatsView.h"
#include "ui/SupervisorController.h"
#include "ui/TravelerDisplay.h"

#include <QProcess>
#include <QTimer>

#include <filesystem>
#include <memory>
#include <optional>

namespace portico::app {

/// @brief The workstation, composed once from the station config: the encrypted store, accounts, sync and upload
/// against the central service, the face engine and the lane on the camera, and the screens. In demo mode it also
/// runs a local portico-central seeded with the demo travelers and replays their recorded frames as the camera.
/// Used by `portico` and by the end-to-end widget tests. Needs a QApplication.
class Workstation {
public:
    struct Paths {
        std::filesystem::path dataDir;
        std::filesystem::path keyFile; ///< outside dataDir
    };
    /// @brief Compose the workstation. `wallClock` is the clock every part uses (nullptr = the system clock; a
    /// test may pass a shifted one to see the booth days later); it must outlive the workstation.
    static Result<std::unique_ptr<Workstation>> create(config::StationConfig config, Paths paths,
                                                       const Clock* wallClock = nullptr);
    ~Workstation();

    /// Demo accounts (demo mode only; shown on the log-in screen). Defined in core (demo/DemoAccounts.h), where a
    /// production booth also checks that its database holds none of them.
    static constexpr const char* kOfficer = demo::kDemoOfficer.username;
    static constexpr const char* kOfficerPassword = demo::kDemoOfficer.password;
    static constexpr const char* kSupervisor = demo::kDemoSupervisor.username;
    static constexpr const char* kSupervisorPassword = demo::kDemoSupervisor.password;

    ui::MainWindow& window() { return *m_window; }
    ui::TravelerDisplay& travelerDisplay() { return *m_traveler; }
    ui::BoothController& controller() { return *m_controller; }
    /// @brief The supervisor's screens (added to the window when a supervisor signs in).
    ui::ReviewView& reviewView() { return *m_reviewView; }
    ui::StatsView& statsView() { return *m_statsView; }
    ui::SupervisorController& supervisor() { return *m_supervisor; }
    auth::Accounts& accounts() { return *m_accounts; }
    sync::Uploader& uploader() { return *m_uploader; }
    const std::string& centralUrl() const { return m_centralUrl; }
    const std::filesystem::path& centralDataDir() const { return m_centralData; }
    const std::filesystem::path& databasePath() const { return m_dbPath; }
    /// @brief Demo mode: the demo travelers' photos (folder per identity) and the document reader's drop folder.
    const std::filesystem::path& demoPhotosDir() const { return m_demoPhotos; }
    const std::filesystem::path& documentDropDir() const { return m_config.documentDropDir; }
    bool recoveredFromCorruption() const { return m_report.recoveredFromCorruption; }
    /// @brief Start the camera, sync and uploads for a logged-in officer.
    Status start(const auth::Session& officer);

    /// @brief Apply the retention policy now (also runs every few minutes); the receipt goes to the audit log.
    void purgeNow();

    /// @brief Demo mode: stop the local central service (as a network outage would).
    void stopCentral();
    /// @brief Demo mode: start the local central service again at the same address.
    Status restartCentral();

private:
    Workstation() = default;
    Status composeDemoCentral(const face::ModelStore& models);
    Status composeCentralClients(const std::string& token, const std::string& manifestKey);
    Status startCentralProcess(const QString& listen);

    const Clock& clock() const { return *m_clock; }

    config::StationConfig m_config;
    SystemClock m_systemClock;
    const Clock* m_clock = &m_systemClock;
    QProcess m_central;
    std::string m_centralUrl;
    std::string m_centralKey; ///< demo: the local central's manifest signing key
    std::filesystem::path m_centralData;
    std::filesystem::path m_demoPhotos;
    std::filesystem::path m_demoVideo;
    std::size_t m_demoTravelers = 0;
    std::filesystem::path m_dbPath;
    store::OpenReport m_report;
    std::unique_ptr<store::Crypto> m_crypto;
    std::optional<store::Database> m_boothDb;
    std::optional<store::Database> m_syncDb;
    std::unique_ptr<audit::AuditLog> m_audit;
    std::unique_ptr<auth::Accounts> m_accounts;
    std::unique_ptr<store::InspectionStore> m_inspections;
    std::unique_ptr<manifest::ManifestStore> m_manifests;
    std::unique_ptr<store::SqliteOutbox> m_outbox;
    std::unique_ptr<net::CurlHttpClient> m_manifestHttp;
    std::unique_ptr<net::CurlHttpClient> m_uploadHttp;
    std::unique_ptr<sync::ManifestSync> m_manifestSync;
    std::unique_ptr<sync::Uploader> m_uploader;
    std::optional<capture::FaceAnalyzer> m_analyzer;
    std::optional<face::FacePipeline> m_pipeline;
    std::unique_ptr<match::ThresholdPolicy> m_policy;
    std::unique_ptr<booth::TravelerGallery> m_gallery;
    std::unique_ptr<booth::Lane> m_lane;
    std::unique_ptr<booth::DocumentCheck> m_documentCheck;
    std::unique_ptr<booth::BoothSession> m_session;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<ui::TravelerDisplay> m_traveler;
    std::unique_ptr<ui::BoothController> m_controller;
    // Supervisor review and monitoring, on their own connection and worker thread.
    std::optional<store::Database> m_reviewDb;
    std::unique_ptr<audit::AuditLog> m_reviewAudit;
    std::unique_ptr<store::InspectionStore> m_reviewInspections;
    std::unique_ptr<manifest::ManifestStore> m_reviewManifests;
    std::unique_ptr<review::ReviewQueue> m_queue;
    std::unique_ptr<review::Monitoring> m_monitoring;
    std::unique_ptr<review::TrendSignals> m_trends;
    ui::ReviewView* m_reviewView = nullptr; ///< owned by the window once added; else by m_screensOwner
    ui::StatsView* m_statsView = nullptr;
    std::unique_ptr<QWidget> m_screensOwner;
    std::unique_ptr<ui::SupervisorController> m_supervisor;
    // Retention: the purge job runs at start and every few minutes on its own connection and thread.
    std::optional<store::Database> m_purgeDb;
    std::unique_ptr<audit::AuditLog> m_purgeAudit;
    std::unique_ptr<store::PurgeJob> m_purge;
    std::unique_ptr<SerialExecutor> m_purgeWorker;
    QTimer m_purgeTimer;
};

} // namespace portico::app
