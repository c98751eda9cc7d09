// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "booth/BoothSession.h"
#include "booth/DocumentCheck.h"
#include "booth/Lane.h"
#include "common/SerialExecutor.h"
#include "manifest/ManifestStore.h"
#include "store/AuditSink.h"
#include "sync/ManifestSync.h"
#include "sync/Uploader.h"
#include "ui/BoothState.h"
#include "ui/LockScreen.h"

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace portico::ui {

class MainWindow;
class TravelerDisplay;

/// @brief The core services one booth uses; built once by the composition root (app/portico).
struct BoothServices {
    booth::Lane& lane;
    booth::BoothSession& session;        ///< used on the worker thread only
    store::InspectionStore& inspections; ///< used on the worker thread only (appointments decided here)
    booth::TravelerGallery& gallery;
    manifest::ManifestStore& manifests; ///< used on the worker thread only
    sync::ManifestSync& manifestSync;   ///< used on the worker thread only
    sync::Uploader& uploader;
    store::AuditSink& audit;             ///< used on the worker thread only (every view of a traveler record)
    auth::Accounts& accounts;            ///< used on the worker thread only (unlock after the inactivity lock)
    booth::DocumentCheck& documentCheck; ///< used on the worker thread only (1:1 against the document photo)
    const Clock& clock;
    std::string port;
    int laneNumber = 0;
    int manifestStaleHours = 12;
    std::chrono::milliseconds manifestSyncInterval{std::chrono::minutes(5)};
    std::chrono::milliseconds inactivityLock{std::chrono::minutes(15)}; ///< 0 = never lock
    std::filesystem::path documentDropDir; ///< the document reader drops page images here; empty = none
    bool demo = false;
};

/// @brief Wires the booth screens to core. Core callbacks arrive on core threads and are re-posted to the GUI
/// thread (Qt::QueuedConnection); store, sync and matching work runs on one worker thread, never the GUI thread.
class BoothController : public QObject {
    Q_OBJECT
public:
    BoothController(BoothServices services, MainWindow& window, TravelerDisplay& traveler, QObject* parent = nullptr);
    ~BoothController() override;

    /// @brief Start the camera, sync the manifest and start a first traveler, for @p officer.
    void start(const auth::Session& officer);
    /// @brief Event-loop stall monitor: the longest gap seen between 50 ms ticks, in ms (p99 is logged).
    double worstStallMs() const { return m_worstStallMs; }
    /// @brief Change the inactivity limit (the station config gives it in minutes; tests use less).
    void setInactivityLimit(std::chrono::milliseconds limit);
    /// @brief Ask central for a newer manifest now (also runs every manifestSyncInterval).
    void syncManifestNow() { refreshManifest(); }

private:
    struct EntryView {
        manifest::ManifestEntry entry;
        QImage photo;
    };

    void onFrame(const QImage& frame);
    void onObservation(const capture::Observation& observation);
    void onCaptured(const booth::LaneCapture& capture, const QImage& chip);
    void decide(inspection::Decision decision, const QString& reason, const QString& note);
    void nextTraveler();
    void refreshManifest();
    void refreshStatus();
    void lockForInactivity();
    void tryUnlock(const QString& password);
    void compareDocument(const QString& path);
    void compareDocumentOnWorker(
        const std::string& officer); ///< worker thread: compare the held document template with the capture
    void scanDropFolder();
    void openAppointment(const QString& appointmentId);
    /// @brief Worker thread, after session.setTraveler(): tells the GUI when the appointment was decided before.
    void reportPriorDecisionFromWorker();
    /// @brief GUI thread: the traveler on screen holds an appointment already decided here; a second look.
    void showPriorDecision(const QString& appointmentId, inspection::Decision decision, Clock::TimePoint decidedAt);
    TravelerCard card(const EntryView& view) const;

    BoothServices m_s;
    MainWindow& m_window;
    TravelerDisplay& m_traveler;
    SerialExecutor m_worker;
    QTimer m_statusTimer;
    QTimer m_stallTimer;
    QTimer m_syncTimer;
    InactivityWatch m_inactivity;
    QFileSystemWatcher m_dropWatch;
    QDateTime m_travelerSince;                   ///< document images older than this belong to someone else
    QSet<QString> m_seenDocuments;               ///< drop-folder files already taken
    std::optional<face::Template> m_documentTpl; ///< worker thread only: this traveler's document photo
    std::optional<int> m_documentAge;            ///< worker thread only: age for the 1:1 threshold
    qint64 m_lastTickMs = 0;
    double m_worstStallMs = 0.0;
    std::vector<double> m_stalls;
    std::map<std::string, EntryView> m_entries; ///< GUI thread copy of the manifest (personal data: memory only)
    std::set<std::string> m_decided;            ///< GUI thread: appointments with a decision recorded here
    std::string m_officer;
    bool m_optedOut = false;
    bool m_resultShown = false; ///< a capture result is on screen for the current traveler
    int m_emptyFrames = 0;      ///< consecutive observations without a face since that result
    bool m_online = false;
    bool m_galleryBuilt = false; ///< worker thread only: the gallery reflects the stored manifest
    QDateTime m_offlineSince;
};

} // namespace portico::ui
