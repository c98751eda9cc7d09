// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "booth/BoothService.h"
#include "common/Clock.h"
#include "common/SerialExecutor.h"
#include "config/StationConfig.h"
#include "demo/DemoAccounts.h"
#include "face/ModelStore.h"
#include "review/ReviewService.h"
#include "station/Station.h"
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

/// @brief The workstation, composed once from the station config: the station's core pieces, one per thread
/// (core/station: the booth with its service, the uploader, the review with its service, the purge, and the one face
/// engine with the lane on the camera), and the screens with their adapters. In demo mode it also runs a local
/// portico-central seeded with the demo travelers and replays their recorded frames as the camera. Used by `portico`
/// and by the end-to-end widget tests. Needs a QApplication.
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
    auth::Accounts& accounts() { return *m_booth->accounts; }
    sync::Uploader& uploader() { return m_upload->uploader; }
    booth::BoothService& boothService() { return *m_boothService; }
    const std::string& centralUrl() const { return m_centralUrl; }
    const std::filesystem::path& centralDataDir() const { return m_centralData; }
    const std::filesystem::path& databasePath() const { return m_dbPath; }
    /// @brief Demo mode: the demo travelers' photos (folder per identity) and the document reader's drop folder.
    const std::filesystem::path& demoPhotosDir() const { return m_demoPhotos; }
    const std::filesystem::path& documentDropDir() const { return m_config.documentDropDir; }
    bool recoveredFromCorruption() const { return m_report.recoveredFromCorruption; }
    /// @brief Start the camera, sync and uploads for a logged-in officer.
    Status start(const auth::Session& officer);
    /// @brief The screens of @p session's role: review and monitoring for a supervisor only (after a switch of
    /// officer at the lock screen too).
    void showScreensFor(const auth::Session& session);

    /// @brief Apply the retention policy now (also runs every few minutes); the receipt goes to the audit log.
    void purgeNow();

    /// @brief Demo mode: stop the local central service (as a network outage would).
    void stopCentral();
    /// @brief Demo mode: start the local central service again at the same address.
    Status restartCentral();

private:
    Workstation() = default;
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
    // Core, one piece per thread (core/station). Declared in the order they are built; the destructor stops the
    // threads first.
    std::optional<station::StationStore> m_store;
    std::unique_ptr<station::FaceParts> m_face;
    std::unique_ptr<station::BoothThread> m_booth;
    std::unique_ptr<station::UploadThread> m_upload;
    std::unique_ptr<station::ReviewThread> m_review;
    std::unique_ptr<station::PurgeThread> m_purge;
    std::unique_ptr<booth::BoothService> m_boothService;
    std::unique_ptr<review::ReviewService> m_reviewService;
    std::unique_ptr<SerialExecutor> m_boothWorker;
    std::unique_ptr<SerialExecutor> m_reviewWorker;
    std::unique_ptr<SerialExecutor> m_purgeWorker;
    // Screens and their adapters.
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<ui::TravelerDisplay> m_traveler;
    std::unique_ptr<ui::BoothController> m_controller;
    ui::ReviewView* m_reviewView = nullptr; ///< owned by the window once added; else by m_screensOwner
    ui::StatsView* m_statsView = nullptr;
    std::unique_ptr<QWidget> m_screensOwner;
    std::unique_ptr<ui::SupervisorController> m_supervisor;
    QTimer m_purgeTimer;
};

} // namespace portico::app
