// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "booth/BoothService.h"
#include "ui/BoothState.h"
#include "ui/LockScreen.h"

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace portico::ui {

class AccountsDialog;
class MainWindow;
class PasswordDialog;
class TravelerDisplay;

/// @brief The booth's workflow and the station facts its screens show; built once by the composition root.
struct BoothServices {
    booth::BoothService& service;
    const Clock& clock;
    std::string port;
    int laneNumber = 0;
    int manifestStaleHours = 12;
    std::chrono::milliseconds manifestSyncInterval{std::chrono::minutes(5)};
    std::chrono::milliseconds inactivityLock{std::chrono::minutes(15)}; ///< 0 = never lock
    std::filesystem::path documentDropDir; ///< the document reader drops page images here; empty = none
    bool demo = false;
};

/// @brief The booth screens' adapter to booth::BoothService: widget actions become service commands, service
/// events become widget updates. Events arrive on core threads; they are turned into Qt types there and re-posted
/// to the GUI thread (Qt::QueuedConnection). The workflow itself (what is audited, recorded, proposed) is the
/// service's; this class only shows it, in words.
class BoothController : public QObject {
    Q_OBJECT
public:
    BoothController(BoothServices services, MainWindow& window, TravelerDisplay& traveler, QObject* parent = nullptr);
    ~BoothController() override; ///< no service event reaches it once this returns

    /// @brief Start the camera, sync the manifest and start a first traveler, for @p officer.
    void start(const auth::Session& officer);
    /// @brief Event-loop stall monitor: the longest gap seen between 50 ms ticks, in ms (p99 is logged).
    double worstStallMs() const { return m_worstStallMs; }
    /// @brief Change the inactivity limit (the station config gives it in minutes; tests use less).
    void setInactivityLimit(std::chrono::milliseconds limit);
    /// @brief Ask central for a newer manifest now (also runs every manifestSyncInterval).
    void syncManifestNow() { m_s.service.refreshManifest(); }
    /// @brief The signed-in person (after a switch of officer, the new one).
    const std::string& officer() const { return m_officer; }

signals:
    /// @brief Another person signed in at the booth (the composition root shows the screens of their role).
    void sessionStarted(const portico::auth::Session& session);
    /// @brief The officer signed out: nobody's screens until the next sign-in.
    void sessionEnded();

private:
    struct EntryView {
        manifest::ManifestEntry entry;
        QImage photo;
    };

    /// Core thread: turn an event into Qt types and post it to the GUI thread.
    void onEvent(const booth::BoothEvent& event);

    // GUI thread.
    void showFrame(const QImage& frame);
    void showObservation(const capture::Observation& observation);
    void showManifest(const std::shared_ptr<std::map<std::string, EntryView>>& entries,
                      const std::set<std::string>& decided);
    void showProposal(const booth::Proposal& proposal, const QImage& chip);
    void showTravelerOpened(const booth::TravelerOpened& opened);
    void showMrz(const booth::MrzChecked& checked);
    void showDocumentRead(const QImage& image, ErrorCode error, bool waitingForCapture);
    void showDocumentCompared(const booth::DocumentCompared& compared);
    void showDecisionRecorded(const booth::DecisionRecorded& recorded);
    void resetForNextTraveler(booth::TravelerSerial serial);
    void decide(inspection::Decision decision, const QString& reason, const QString& note);
    void refreshStatus();
    void lockForInactivity();
    void tryUnlock(const QString& username, const QString& password);
    void signOut();
    void openPasswordDialog();
    void openAccountsDialog();
    void showAccountChanged(const booth::AccountChanged& changed);
    void compareDocument(const QString& path);
    void scanDropFolder();
    QString priorText(const inspection::PriorInspection& prior) const;
    TravelerCard card(const manifest::ManifestEntry& entry) const;

    BoothServices m_s;
    MainWindow& m_window;
    TravelerDisplay& m_traveler;
    QTimer m_statusTimer;
    QTimer m_stallTimer;
    QTimer m_syncTimer;
    InactivityWatch m_inactivity;
    QFileSystemWatcher m_dropWatch;
    QDateTime m_travelerSince;     ///< document images older than this belong to someone else
    QSet<QString> m_seenDocuments; ///< drop-folder files already taken
    qint64 m_lastTickMs = 0;
    double m_worstStallMs = 0.0;
    std::vector<double> m_stalls;
    std::map<std::string, EntryView> m_entries; ///< the manifest as shown (personal data: memory only)
    std::set<std::string> m_decided;            ///< appointments with a decision recorded here
    std::string m_officer;
    auth::Role m_role = auth::Role::Unknown;
    QPointer<PasswordDialog> m_passwordDialog; ///< open while a password change is on its way
    QPointer<AccountsDialog> m_accountsDialog;
    bool m_optedOut = false;                   ///< the camera is off for the traveler on screen
    bool m_resultShown = false;                ///< a capture result is on screen for the current traveler
    booth::TravelerSerial m_shownTraveler = 0; ///< the traveler on screen: every decision names them
};

} // namespace portico::ui
