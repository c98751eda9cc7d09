// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "booth/BoothSession.h"
#include "booth/DocumentCheck.h"
#include "booth/Lane.h"
#include "booth/TravelerGallery.h"
#include "common/EventChannel.h"
#include "common/Executor.h"
#include "inspection/Record.h"
#include "manifest/ManifestStore.h"
#include "store/AuditSink.h"
#include "sync/ManifestSync.h"
#include "sync/Uploader.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace portico::booth {

// ---- events out (see BoothService) ---------------------------------------------------------------------------

/// @brief A camera frame for the preview (lane capture thread). Not sent after an opt-out.
struct FrameArrived {
    capture::FramePtr frame;
};

/// @brief What the analysis saw on the newest frame: face box, quality, the prompt for the traveler (lane analysis
/// thread). Not sent after an opt-out.
struct Observed {
    capture::Observation observation;
};

/// @brief The stored manifest after a refresh: every entry of the port, its first photo (opened once: the gallery
/// enrolled from the same bytes) and the appointments already decided at this station.
struct ManifestLoaded {
    std::vector<manifest::ManifestEntry> entries;
    std::map<std::string, store::Bytes> photos; ///< appointment id → first manifest photo (encoded)
    std::set<std::string> decided;
    TravelerGallery::RebuildReport gallery;
};

/// @brief Which traveler an event is about: the service numbers each traveler in turn (a new face, Esc, a decision,
/// a sign-in or sign-out starts the next one). A front end passes the serial of the traveler it shows with every
/// decision, so a key pressed just as the booth moves on can never decide about someone the officer has not seen.
using TravelerSerial = std::uint64_t;

/// @brief Everything about the previous traveler is gone: show the booth empty and welcome the next one, @p serial.
struct TravelerReset {
    TravelerSerial serial = 0;
};

/// @brief Another candidate of the 1:N search that also reached the threshold.
struct OtherCandidate {
    std::string appointmentId;
    double score = 0.0;
};

/// @brief What the software proposes after a capture: the verdict, its numbers and why a second look is required.
/// The officer decides; nothing here is a decision.
struct Proposal {
    TravelerSerial serial = 0; ///< the traveler this proposal is about
    match::OutcomeKind kind = match::OutcomeKind::Unknown;
    std::optional<double> score;               ///< best candidate's score (absent for low quality / unavailable)
    std::optional<match::Threshold> threshold; ///< the operating point: score, FMR, gallery size, "1 in X"
    std::optional<std::string> appointmentId;  ///< the matched appointment (Match only)
    /// The matched traveler's manifest entry: present only when the view was audited (else ViewRefused is sent).
    std::optional<manifest::ManifestEntry> traveler;
    std::optional<inspection::PriorInspection> prior; ///< the booking was already decided here: a repeat
    std::vector<OtherCandidate> others;               ///< other candidates at or above the threshold, best first
    std::vector<inspection::ReasonCode> secondLook;   ///< why the officer must look twice (booth policy)
    std::vector<std::string> failingMeasures;         ///< low quality: the quality measures that failed
    cv::Mat chip;                                     ///< the captured face, framed for display (BGR)
    /// A match with no reason for a second look: the traveler may be thanked and go on.
    bool clearToContinue = false;
    /// "Verified" needs the officer to say what was checked (booth::needsConfirmedSecondLook: the age policy).
    bool confirmSecondLook = false;
};

/// @brief The officer opened an appointment from the manifest; the view was audited.
struct TravelerOpened {
    TravelerSerial serial = 0; ///< the traveler the appointment was opened for
    manifest::ManifestEntry entry;
    std::optional<inspection::PriorInspection> prior;
};

/// @brief A traveler's record was not shown because its view could not be audited (fail closed).
struct ViewRefused {
    std::string appointmentId;
    ErrorCode code = ErrorCode::Unknown;
};

/// @brief The typed or scanned MRZ, checked and compared with the traveler's manifest entry.
struct MrzChecked {
    bool readable = false;
    bool checkDigitsOk = false;
    /// Fields that differ from the manifest entry; absent when no traveler is selected.
    std::optional<std::vector<std::string>> differences;
    /// Unreadable, a wrong check digit or a difference: recorded with the decision (document_mismatch).
    bool problem = false;
};

/// @brief The document photo was read (image: the bytes, for display); error Unknown when a face template was made.
struct DocumentRead {
    store::Bytes image;
    ErrorCode error = ErrorCode::Unknown;
    bool waitingForCapture = false; ///< compared as soon as the traveler's photo is taken
};

/// @brief The 1:1 comparison of the capture with the document photo (audited), or why it failed.
struct DocumentCompared {
    std::optional<DocumentComparison> comparison;
    ErrorCode error = ErrorCode::Unknown;
};

/// @brief The decision is durable; the traveler's state is cleared. Also sent for the `abandoned` record the booth
/// writes when it moves on from an analysed traveler without a decision (decision Abandoned).
struct DecisionRecorded {
    inspection::Decision decision = inspection::Decision::Unknown;
    std::optional<std::string> appointmentId;
    store::RecordedInspection record;
    inspection::AbandonReason abandoned = inspection::AbandonReason::Unknown; ///< Abandoned only: why
    /// OptOut only: frames with a face analysed before the opt-out (0: declared before any analysis).
    std::optional<int> framesAnalysedBeforeOptOut;
};

/// @brief The decision could not be recorded; the traveler is kept so the officer can try again. Conflict: the
/// decision named a traveler who is no longer the booth's (the booth moved on before the key arrived): nothing was
/// recorded, the officer looks again.
struct DecisionFailed {
    inspection::Decision decision = inspection::Decision::Unknown;
    ErrorCode code = ErrorCode::Unknown;
};

/// @brief The officer proved it is them again after the inactivity lock (audited).
struct Unlocked {};
/// @brief The unlock or sign-in was refused (wrong password, locked or disabled account, or it could not be
/// audited).
struct UnlockRefused {
    ErrorCode code = ErrorCode::Unknown;
};
/// @brief Another person signed in at the booth (after a sign-out, or over the lock screen): a new session. The
/// previous officer's traveler, if undecided, was recorded as abandoned first.
struct SignedIn {
    auth::Session session;
};
/// @brief The officer signed out: the booth waits for the next person to sign in, analysing nothing.
struct SignedOut {
    std::string officer;
};
/// @brief The booth's accounts, for a supervisor or admin (never a hash).
struct AccountsListed {
    std::vector<auth::AccountInfo> accounts;
};
/// @brief What became of an account command (unlock, disable, enable, password change): code Unknown when done.
struct AccountChanged {
    enum class Action { Unknown = 0, Unlock, Disable, Enable, ChangePassword };
    Action action = Action::Unknown;
    std::string username;
    ErrorCode code = ErrorCode::Unknown;
    std::string detail; ///< the refusal's reason (e.g. which password rule), when there is one
};

using BoothEvent =
    std::variant<FrameArrived, Observed, ManifestLoaded, TravelerReset, Proposal, TravelerOpened, ViewRefused,
                 MrzChecked, DocumentRead, DocumentCompared, DecisionRecorded, DecisionFailed, Unlocked, UnlockRefused,
                 SignedIn, SignedOut, AccountsListed, AccountChanged>;

/// @brief The station's state for its status line (thread-safe snapshot).
struct BoothStatus {
    bool online = true;
    std::optional<Clock::TimePoint> offlineSince;
    std::optional<Clock::TimePoint> manifestIssued;
    /// The manifest held is past its expires_at (when): the booth keeps working on it, every match asks for a
    /// second look (secondLookReasons).
    std::optional<Clock::TimePoint> manifestExpiredAt;
    std::int64_t outboxDepth = 0;
    std::optional<Clock::TimePoint> oldestPending;
    std::optional<Clock::TimePoint> lastUpload;
    std::optional<Clock::TimePoint> nextUpload; ///< the uploader's next attempt (after a failure or a Retry-After)
    std::optional<Error> uploadsHalted;         ///< uploads stopped (401/403) until resumed: why
    bool cameraUp = false;
    double cameraFps = 0.0;
};

// ---- the service ----------------------------------------------------------------------------------------------

/// @brief The objects one booth uses, all on the booth's own thread (its own database connection). Optional parts
/// may be absent: a headless lane without camera, gallery or document reader (portico-cli simulate, fast mode).
struct BoothParts {
    store::InspectionStore& inspections;
    manifest::ManifestStore& manifests;
    store::AuditSink& audit; ///< every view of a traveler record, document comparisons, lock and unlock
    const Clock& clock;
    auth::Accounts* accounts = nullptr;         ///< unlock after the inactivity lock
    sync::ManifestSync* manifestSync = nullptr; ///< absent: the stored manifest only
    sync::Uploader* uploader = nullptr;         ///< woken after each decision; its status feeds status()
    TravelerGallery* gallery = nullptr;         ///< rebuilt from each new manifest
    DocumentCheck* documentCheck = nullptr;     ///< 1:1 against the travel-document photo
    Lane* lane = nullptr;                       ///< the camera lane; absent: captures are fed with captured()
};

/// @brief The booth workflow without a screen: manifest refresh → gallery, capture → proposal, MRZ and document
/// checks, the officer's decision → one inspection record → upload, and the audit of every view (fail closed: a
/// view that cannot be audited is not shown). Any front end drives it with the commands below and shows the events
/// it emits; it decides nothing itself.
///
/// Threads: every command may be called from any thread and runs on the executor (one worker thread in a station,
/// the caller's thread with InlineExecutor). Events are sent on that thread, except FrameArrived and Observed,
/// which come straight from the lane's capture and analysis threads. The parts are used only on the executor.
class BoothService {
public:
    using Listener = EventChannel<BoothEvent>::Listener;

    BoothService(BoothParts parts, SessionPolicy policy, Executor& executor);
    ~BoothService();
    BoothService(const BoothService&) = delete;
    BoothService& operator=(const BoothService&) = delete;

    /// @brief Where events go (called on the threads named above). Replacing it waits for a call in progress, so
    /// once setListener({}) returns the old listener is never called again.
    void setListener(Listener listener);

    /// @brief The officer signs in: the camera starts, a first traveler is awaited (TravelerReset) and the manifest is
    /// refreshed.
    void start(const std::string& officer, auth::Role role = auth::Role::Officer);
    /// @brief Stop the camera (captures and frames stop).
    void stop();

    /// @brief Ask central for a newer manifest; the gallery and the ManifestLoaded event follow when something
    /// changed (or nothing was loaded yet).
    void refreshManifest();
    /// @brief Load the stored manifest without asking central (a headless lane that synced by itself).
    void loadManifest();

    /// @brief Esc, or a new face after the previous traveler left: forget the traveler and await the next one. A
    /// traveler who was analysed but not decided first ends in an `abandoned` record with @p why
    /// (DecisionRecorded), so every analysed traveler leaves a record.
    void nextTraveler(inspection::AbandonReason why = inspection::AbandonReason::Dismissed);
    /// @brief The officer's capture key.
    void captureNow();
    /// @brief The end of one acquisition (the lane calls it; a headless driver feeds its own).
    void captured(LaneCapture capture);
    /// @brief A live observation (the lane calls it): forwarded, and a new face after the previous traveler left
    /// the camera's view starts the next traveler.
    void observed(const capture::Observation& observation);
    /// @brief The officer opens an appointment from the manifest (audited before it is shown).
    void openAppointment(const std::string& appointmentId);
    /// @brief The MRZ typed or scanned at the booth.
    void enterMrz(const std::string& text);
    /// @brief A page image from the document reader (or chosen by the officer): its photo is compared 1:1.
    void documentFile(const std::filesystem::path& path);
    /// @brief Record the officer's decision about traveler @p serial (the one on screen: TravelerReset, Proposal or
    /// TravelerOpened). A serial that is no longer the booth's traveler is refused (DecisionFailed, Conflict) and
    /// nothing is recorded. An opt-out stops the camera's analysis at once, before anything is
    /// written, until the next traveler; the record says how many frames with a face had been analysed (0: the
    /// opt-out was declared before any, e.g. F3 while waiting for the traveler).
    /// Verified under the age policy needs @p check (Proposal::confirmSecondLook; DecisionFailed with
    /// ConfirmationRequired otherwise).
    void decide(TravelerSerial serial, inspection::Decision decision, const std::string& reason = {},
                const std::string& note = {}, inspection::SecondLookCheck check = inspection::SecondLookCheck::Unknown);
    /// @brief Nobody at the keyboard for @p idleFor: the front end hides traveler data; audited.
    void lock(std::chrono::milliseconds idleFor);
    /// @brief The signed-in officer's password after a lock (checked like a log-in, audited).
    void unlock(const std::string& password);
    /// @brief Someone signs in at the lock screen: the same officer unlocks (Unlocked); another person starts a
    /// new session (SignedIn) after the previous officer's undecided traveler is recorded as abandoned and their
    /// session is closed (audited).
    void signIn(const std::string& username, const std::string& password);
    /// @brief The officer signs out (audited): the traveler on screen, if analysed and undecided, is recorded as
    /// abandoned, analysis stops, and nobody can decide until someone signs in (SignedOut).
    void signOut();

    /// @brief The booth's accounts (AccountsListed), for the signed-in supervisor or admin (Forbidden otherwise).
    void listAccounts();
    /// @brief Unlock, disable or enable an account as the signed-in person (auth::mayManage; AccountChanged).
    void unlockAccount(const std::string& username);
    void setAccountDisabled(const std::string& username, bool disabled);
    /// @brief The signed-in person changes their own password (AccountChanged).
    void changePassword(const std::string& current, const std::string& next);

    /// @brief Online/offline, manifest age, outbox and camera, for the status line (any thread).
    BoothStatus status() const;
    /// @brief The officer signed in (empty before start()).
    std::string officer() const;

private:
    bool post(std::function<void()> task);
    void loadOnWorker(bool sync);
    void onCaptureOnWorker(const LaneCapture& capture);
    void compareDocumentOnWorker();
    void abandonOnWorker(inspection::AbandonReason why);
    void forgetTraveler();
    void beginTravelerOnWorker();
    void setOfficer(const std::string& officer, auth::Role role);
    void accountCommand(AccountChanged::Action action, const std::string& username,
                        const std::function<Status(auth::Accounts&, const auth::Session&)>& op);
    Status auditView(const std::string& appointmentId, const char* via);
    const manifest::ManifestEntry* entry(const std::string& appointmentId) const;

    BoothParts m_parts;
    Executor& m_executor;
    BoothSession m_session; ///< executor only

    EventChannel<BoothEvent> m_events;
    mutable std::mutex m_mutex; ///< guards m_officer and the online tracking
    std::string m_officer;
    mutable std::optional<Clock::TimePoint> m_offlineSince;
    auth::Role m_role = auth::Role::Unknown; ///< executor only: the signed-in person's role

    std::atomic<bool> m_optedOut{false};    ///< camera stopped for this traveler: nothing is shown or kept
    std::atomic<bool> m_resultShown{false}; ///< a proposal is out for the current traveler
    std::atomic<int> m_emptyFrames{0};      ///< observations without a face since that proposal
    std::atomic<int> m_facesAnalysed{0};    ///< observations with a face since the traveler began

    // Executor only.
    std::map<std::string, manifest::ManifestEntry> m_entries;
    std::atomic<TravelerSerial> m_serial{0}; ///< the booth's current traveler (changed on the executor only)
    bool m_galleryBuilt = false;
    std::optional<face::Template> m_documentTemplate;
};

} // namespace portico::booth
