// SPDX-License-Identifier: GPL-3.0-or-later
#include "booth/BoothService.h"

#include "booth/BoothPolicy.h"
#include "common/Log.h"
#include "document/Mrz.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

namespace portico::booth {
namespace {
/// Consecutive observations without a face after a proposal that mean the traveler has left the camera.
constexpr int kEmptyFramesBeforeNext = 3;
/// The largest document page image read (a scanned page is a few MB at most).
constexpr std::uintmax_t kMaxDocumentBytes = 32u * 1024u * 1024u;

std::chrono::year_month_day today(const Clock& clock) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock.now())};
}

std::optional<std::string> matchedAppointment(const match::Outcome& o) {
    if (const auto* m = std::get_if<match::Match>(&o.result)) {
        if (const auto* id = std::get_if<std::string>(&m->candidate.id)) {
            return *id;
        }
    }
    return std::nullopt;
}

std::optional<double> bestScore(const match::Outcome& o) {
    if (const auto* m = std::get_if<match::Match>(&o.result)) {
        return m->score;
    }
    if (const auto* nm = std::get_if<match::NoMatch>(&o.result); nm && nm->best) {
        return nm->best->score;
    }
    if (const auto* a = std::get_if<match::Ambiguous>(&o.result); a && !a->candidates.empty()) {
        return a->candidates.front().score;
    }
    return std::nullopt;
}

Result<store::Bytes> readFile(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return makeError(ErrorCode::NotFound, "document image unreadable");
    }
    if (size > kMaxDocumentBytes) {
        return makeError(ErrorCode::ImageInvalid, "document image too large");
    }
    std::ifstream in(path, std::ios::binary);
    store::Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        return makeError(ErrorCode::IoError, "document image unreadable");
    }
    if (bytes.empty()) {
        return makeError(ErrorCode::NotFound, "document image unreadable");
    }
    return bytes;
}
} // namespace

BoothService::BoothService(BoothParts parts, SessionPolicy policy, Executor& executor)
    : m_parts(parts), m_executor(executor), m_session(parts.inspections, parts.clock, std::move(policy)) {}

BoothService::~BoothService() {
    stop();
}

void BoothService::setListener(Listener listener) {
    m_events.setListener(std::move(listener));
}

bool BoothService::post(std::function<void()> task) {
    if (m_executor.post(std::move(task))) {
        return true;
    }
    log::get("booth")->error("the booth's work queue is full: a command was dropped");
    return false;
}

std::string BoothService::officer() const {
    std::lock_guard lock(m_mutex);
    return m_officer;
}

void BoothService::setOfficer(const std::string& officer, auth::Role role) {
    {
        std::lock_guard lock(m_mutex);
        m_officer = officer;
    }
    m_session.setOfficer(officer);
    m_role = role;
}

void BoothService::start(const std::string& officer, auth::Role role) {
    {
        std::lock_guard lock(m_mutex);
        m_officer = officer;
    }
    post([this, officer, role] {
        setOfficer(officer, role);
        beginTravelerOnWorker();
    });
    if (m_parts.lane) {
        Lane::Callbacks callbacks;
        callbacks.frame = [this](const capture::FramePtr& f) {
            if (!m_optedOut) {
                m_events.publish(FrameArrived{f});
            }
        };
        callbacks.observation = [this](const capture::Observation& o) { observed(o); };
        callbacks.captured = [this](const LaneCapture& c) { captured(c); };
        m_parts.lane->setCallbacks(std::move(callbacks));
        m_parts.lane->start();
        m_parts.lane->beginTraveler();
    }
    refreshManifest();
}

void BoothService::stop() {
    if (m_parts.lane) {
        m_parts.lane->stop();
    }
}

void BoothService::refreshManifest() {
    post([this] { loadOnWorker(true); });
}

void BoothService::loadManifest() {
    post([this] { loadOnWorker(false); });
}

void BoothService::loadOnWorker(bool sync) {
    if (sync && m_parts.manifestSync) {
        auto synced = m_parts.manifestSync->syncOnce();
        if (!synced) {
            log::get("booth")->warn("manifest sync failed: {}", errorCodeName(synced.code()));
        }
        if (m_galleryBuilt && (!synced || (!synced->changed && synced->photosFetched == 0))) {
            return; // nothing new: the gallery and the screens already show the stored manifest
        }
    }
    auto entries = m_parts.manifests.entries(m_session.policy().port);
    if (!entries) {
        log::get("booth")->warn("manifest not read: {}", errorCodeName(entries.code()));
        return;
    }
    ManifestLoaded loaded;
    // Each photo is opened (read and unsealed) once: the gallery enrols from it and the screens show it.
    std::map<std::string, store::Bytes> opened; // photo id → bytes
    auto photoSource = [this, &opened](const std::string& id) {
        auto bytes = m_parts.manifests.photo(id);
        if (bytes && bytes.value()) {
            opened[id] = *bytes.value();
        }
        return bytes;
    };
    if (m_parts.gallery) {
        loaded.gallery = m_parts.gallery->rebuild(entries.value(), photoSource, today(m_parts.clock));
    }
    m_galleryBuilt = true;
    m_entries.clear();
    for (const auto& e : entries.value()) {
        if (!e.photoIds.empty()) {
            if (auto it = opened.find(e.photoIds.front()); it != opened.end()) {
                loaded.photos[e.appointmentId] = it->second;
            } else if (auto bytes = m_parts.manifests.photo(e.photoIds.front()); bytes && bytes.value()) {
                // Enrolled from a template: the photo was not opened for the gallery.
                loaded.photos[e.appointmentId] = std::move(*bytes.value());
            }
        }
        m_entries[e.appointmentId] = e;
    }
    // Appointments already decided here (also before a restart) are processed. An inspection recorded up to a day
    // before the earliest window opens still counts.
    if (!entries->empty()) {
        auto earliest = entries->front().windowStart;
        for (const auto& e : entries.value()) {
            earliest = std::min(earliest, e.windowStart);
        }
        auto found = m_parts.inspections.decidedAppointments(earliest - std::chrono::hours(24));
        if (found) {
            loaded.decided = std::move(found.value());
        } else {
            log::get("booth")->warn("decided appointments not read: {}", errorCodeName(found.code()));
        }
    }
    loaded.entries = std::move(entries.value());
    m_events.publish(loaded);
}

const manifest::ManifestEntry* BoothService::entry(const std::string& appointmentId) const {
    auto it = m_entries.find(appointmentId);
    return it == m_entries.end() ? nullptr : &it->second;
}

Status BoothService::auditView(const std::string& appointmentId, const char* via) {
    // Showing a traveler's record is an access: audited first, with ids only. No audit, no view.
    auto s = m_parts.audit.append({m_parts.clock.now(), m_session.officer(), "traveler.view", appointmentId,
                                   nlohmann::json{{"via", via}}.dump()});
    if (!s) {
        log::get("booth")->error("a traveler view could not be audited and is not shown: {}",
                                 errorCodeName(s.error().code));
    }
    return s;
}

void BoothService::forgetTraveler() {
    m_optedOut = false;
    m_resultShown = false;
    m_emptyFrames = 0;
    m_facesAnalysed = 0;
}

void BoothService::beginTravelerOnWorker() {
    m_serial.store(m_serial.load() + 1);
    m_events.publish(TravelerReset{m_serial.load()});
}

void BoothService::nextTraveler(inspection::AbandonReason why) {
    forgetTraveler();
    post([this, why] {
        abandonOnWorker(why);
        m_documentTemplate.reset();
        beginTravelerOnWorker();
    });
    if (m_parts.lane) {
        m_parts.lane->beginTraveler();
    }
}

void BoothService::abandonOnWorker(inspection::AbandonReason why) {
    const std::optional<std::string> appointment =
        m_session.traveler() ? std::optional<std::string>(m_session.traveler()->appointmentId) : std::nullopt;
    auto abandoned = m_session.abandon(why);
    if (!abandoned) {
        // The traveler has gone either way; the officer is told the record could not be written.
        m_events.publish(DecisionFailed{inspection::Decision::Abandoned, abandoned.code()});
        m_session.reset();
        return;
    }
    if (abandoned.value()) {
        if (m_parts.uploader) {
            m_parts.uploader->wake();
        }
        m_events.publish(DecisionRecorded{inspection::Decision::Abandoned, appointment, *abandoned.value(), why, {}});
    }
}

void BoothService::captureNow() {
    if (m_parts.lane && !m_optedOut) {
        m_parts.lane->captureNow();
    }
}

void BoothService::observed(const capture::Observation& o) {
    if (m_optedOut) {
        return;
    }
    // A new face after the previous traveler has left starts the next traveler: no stale name by a new face.
    if (m_resultShown) {
        if (o.faceCount == 0) {
            ++m_emptyFrames;
        } else if (m_emptyFrames >= kEmptyFramesBeforeNext) {
            nextTraveler(inspection::AbandonReason::NextTraveler);
        }
    }
    if (o.faceCount > 0) {
        ++m_facesAnalysed;
    }
    m_events.publish(Observed{o});
}

void BoothService::captured(LaneCapture capture) {
    if (m_optedOut) {
        return; // an opted-out traveler's capture is dropped unseen
    }
    ++m_facesAnalysed; // a capture is an analysis of the traveler, whatever observations came before
    post([this, c = std::move(capture)] { onCaptureOnWorker(c); });
}

void BoothService::onCaptureOnWorker(const LaneCapture& c) {
    if (m_optedOut) {
        return;
    }
    const auto& o = c.outcome;
    Proposal p;
    p.serial = m_serial.load();
    p.kind = o.kind();
    p.score = bestScore(o);
    p.threshold = o.threshold;
    p.appointmentId = matchedAppointment(o);
    p.chip = c.chip;
    for (const auto& m : c.failingMeasures) {
        p.failingMeasures.push_back(m.name);
    }
    std::vector<std::pair<std::string, double>> lookAlikes;
    for (const auto& candidate : c.candidates) {
        const auto* id = std::get_if<std::string>(&candidate.id);
        if (!id) {
            continue;
        }
        lookAlikes.emplace_back(*id, candidate.score);
        if (p.threshold && candidate.score >= p.threshold->score && (!p.appointmentId || *id != *p.appointmentId)) {
            p.others.push_back({*id, candidate.score});
        }
    }
    m_session.setLookAlikes(std::move(lookAlikes));
    if (c.evidence) {
        m_session.setCapture(*c.evidence);
    }
    m_session.setOutcome(o);
    // An offline booth keeps matching against a manifest past its expiry, but never silently (docs/api.md §3.1).
    const bool manifestExpired = m_parts.manifestSync && m_parts.manifestSync->manifestExpired(m_parts.clock.now());
    m_session.setManifestExpired(manifestExpired);
    if (p.appointmentId) {
        if (const auto* e = entry(*p.appointmentId)) {
            if (auto s = auditView(*p.appointmentId, "match"); s) {
                m_session.setTraveler(travelerRefFor(*e));
                p.traveler = *e;
                p.prior = m_session.priorDecision();
            } else {
                m_events.publish(ViewRefused{*p.appointmentId, s.error().code});
            }
        }
    }
    p.secondLook = secondLookReasons(o.reasons, c.evidence ? c.evidence->liveness : std::nullopt, p.prior.has_value(),
                                     manifestExpired);
    p.clearToContinue = p.kind == match::OutcomeKind::Match && p.secondLook.empty();
    p.confirmSecondLook = needsConfirmedSecondLook(p.secondLook);
    m_resultShown = true;
    m_emptyFrames = 0;
    m_events.publish(p);
    if (c.evidence && m_documentTemplate) {
        compareDocumentOnWorker(); // the document photo came first
    }
}

void BoothService::openAppointment(const std::string& appointmentId) {
    post([this, appointmentId] {
        const auto* e = entry(appointmentId);
        if (!e) {
            return;
        }
        if (auto s = auditView(appointmentId, "manifest"); !s) {
            m_events.publish(ViewRefused{appointmentId, s.error().code});
            return;
        }
        m_session.setTraveler(travelerRefFor(*e));
        m_events.publish(TravelerOpened{m_serial.load(), *e, m_session.priorDecision()});
    });
}

void BoothService::enterMrz(const std::string& text) {
    post([this, text] {
        const auto now = today(m_parts.clock);
        const document::Date d{static_cast<int>(now.year()), static_cast<int>(static_cast<unsigned>(now.month())),
                               static_cast<int>(static_cast<unsigned>(now.day()))};
        MrzChecked checked;
        auto mrz = document::parseMrz(text, d);
        if (!mrz) {
            checked.problem = true;
            m_events.publish(checked); // nothing is recorded for an unreadable MRZ: the officer types it again
            return;
        }
        checked.readable = true;
        checked.checkDigitsOk = mrz->allChecksOk();
        checked.problem = !checked.checkDigitsOk;
        const auto& traveler = m_session.traveler();
        if (const auto* e = traveler ? entry(traveler->appointmentId) : nullptr) {
            const document::ExpectedDocument expected{e->documentNumber, e->surname,   e->givenNames,
                                                      e->nationality,    std::nullopt, std::nullopt};
            checked.differences = document::compareMrz(mrz.value(), expected);
            checked.problem = checked.problem || !checked.differences->empty();
        }
        // A document that disagrees with the manifest is recorded and goes to a supervisor with the decision.
        m_session.setDocumentMismatch(checked.problem);
        m_events.publish(checked);
    });
}

void BoothService::documentFile(const std::filesystem::path& path) {
    if (m_optedOut || !m_parts.documentCheck) {
        return;
    }
    post([this, path] {
        DocumentRead read;
        auto bytes = readFile(path); // read once: the same bytes are shown and analysed
        m_documentTemplate.reset();
        if (!bytes) {
            read.error = bytes.code();
        } else {
            read.image = std::move(bytes.value());
            auto tpl = m_parts.documentCheck->documentTemplate(read.image);
            if (tpl) {
                m_documentTemplate = std::move(tpl.value());
            } else {
                read.error = tpl.code();
            }
        }
        read.waitingForCapture = m_documentTemplate && !m_session.hasCapture();
        m_events.publish(read);
        if (m_documentTemplate && m_session.hasCapture()) {
            compareDocumentOnWorker();
        }
    });
}

void BoothService::compareDocumentOnWorker() {
    const auto& capture = m_session.capture();
    if (!m_documentTemplate || !capture || !m_parts.documentCheck) {
        return;
    }
    const auto& traveler = m_session.traveler();
    const std::optional<int> age =
        traveler ? ageFromIsoDate(traveler->dateOfBirth, today(m_parts.clock)) : std::optional<int>{};
    auto compared = m_parts.documentCheck->compare(capture->templ, *m_documentTemplate, age);
    DocumentCompared out;
    if (!compared) {
        out.error = compared.code();
        m_events.publish(out);
        return;
    }
    const std::string ref = traveler ? traveler->appointmentId : std::string();
    // The comparison is shown and recorded only once it is on the audit trail.
    if (auto s = m_parts.audit.append({m_parts.clock.now(), m_session.officer(), "document.compare", ref,
                                       nlohmann::json{{"same_person", compared->samePerson}}.dump()});
        !s) {
        out.error = s.error().code;
        m_events.publish(out);
        return;
    }
    m_session.setDocumentComparison(compared.value());
    out.comparison = compared.value();
    m_events.publish(out);
}

void BoothService::decide(TravelerSerial serial, inspection::Decision decision, const std::string& reason,
                          const std::string& note, inspection::SecondLookCheck check) {
    int facesAnalysed = 0;
    bool held = false; // this call stopped the analysis
    if (decision == inspection::Decision::OptOut && serial == m_serial.load()) {
        // The camera's analysis stops at once: nothing further is analysed, captured, shown or kept.
        held = !m_optedOut.exchange(true);
        if (m_parts.lane) {
            m_parts.lane->cancel();
        }
        facesAnalysed = m_facesAnalysed.load();
    }
    const bool posted = post([this, serial, decision, reason, note, check, facesAnalysed, held] {
        if (serial != m_serial.load()) {
            // The booth moved on before the key arrived: the decision was about someone who has gone.
            log::get("booth")->warn("a decision for a previous traveler arrived after the booth moved on; refused");
            if (held && !m_session.optedOut()) {
                // The analysis was held for this key (the booth moved on between the check above and this task):
                // the current traveler did not opt out, so their analysis resumes.
                m_optedOut = false;
                if (m_parts.lane) {
                    m_parts.lane->beginTraveler();
                }
            }
            m_events.publish(DecisionFailed{decision, ErrorCode::Conflict});
            return;
        }
        const std::optional<std::string> appointment =
            m_session.traveler() ? std::optional<std::string>(m_session.traveler()->appointmentId) : std::nullopt;
        if (decision == inspection::Decision::OptOut) {
            m_documentTemplate.reset(); // the session drops the capture itself
            m_session.setFramesAnalysed(facesAnalysed);
        }
        auto recorded = m_session.decide(decision, reason, note, check);
        if (!recorded) {
            m_events.publish(DecisionFailed{decision, recorded.code()});
            return;
        }
        if (m_parts.uploader) {
            m_parts.uploader->wake();
        }
        DecisionRecorded done{decision, appointment, recorded.value(), inspection::AbandonReason::Unknown, {}};
        if (decision == inspection::Decision::OptOut) {
            done.framesAnalysedBeforeOptOut = facesAnalysed;
        }
        m_events.publish(done);
        if (decision != inspection::Decision::OptOut) {
            // The next traveler: the opted-out one stays on screen (camera off) until the officer presses Esc.
            m_documentTemplate.reset();
            m_resultShown = false;
            m_emptyFrames = 0;
            m_facesAnalysed = 0;
            beginTravelerOnWorker();
            if (m_parts.lane) {
                m_parts.lane->beginTraveler();
            }
        }
    });
    if (!posted) {
        m_events.publish(DecisionFailed{decision, ErrorCode::DatabaseError});
    }
}

void BoothService::lock(std::chrono::milliseconds idleFor) {
    post([this, idleFor] {
        const std::string who = m_session.officer();
        if (auto s =
                m_parts.audit.append({m_parts.clock.now(), who, "session.lock", who,
                                      nlohmann::json{{"reason", "inactivity"}, {"after_ms", idleFor.count()}}.dump()});
            !s) {
            // The screen is locked either way: hiding traveler data never waits for the audit.
            log::get("booth")->error("the inactivity lock could not be audited: {}", errorCodeName(s.error().code));
        }
    });
}

void BoothService::unlock(const std::string& password) {
    signIn(officer(), password);
}

void BoothService::signIn(const std::string& username, const std::string& password) {
    post([this, username, password] {
        const std::string previous = m_session.officer();
        if (!m_parts.accounts) {
            m_events.publish(UnlockRefused{ErrorCode::Unauthorized});
            return;
        }
        auto session = m_parts.accounts->login(username, password); // audited, with lockout
        if (!session) {
            m_events.publish(UnlockRefused{session.code()});
            return;
        }
        if (username == previous) {
            // The same officer: an unlock, shown only once it is on the audit trail.
            if (auto s = m_parts.audit.append({m_parts.clock.now(), username, "session.unlock", username, "{}"}); !s) {
                m_events.publish(UnlockRefused{s.error().code});
                return;
            }
            m_events.publish(Unlocked{});
            return;
        }
        if (!previous.empty()) {
            // The previous officer's traveler and session end here, on their name.
            abandonOnWorker(inspection::AbandonReason::SignedOut);
            m_documentTemplate.reset();
            (void)m_parts.accounts->logout({previous, m_role, {}});
        } else {
            m_session.reset(); // whatever reached the booth while nobody was signed in is nobody's to decide
        }
        beginTravelerOnWorker();
        if (auto s = m_parts.audit.append({m_parts.clock.now(), username, "session.start", username,
                                           nlohmann::json{{"previous", previous}}.dump()});
            !s) {
            log::get("booth")->error("the new session could not be audited: {}", errorCodeName(s.error().code));
            m_events.publish(UnlockRefused{s.error().code});
            return;
        }
        setOfficer(username, session->role);
        forgetTraveler();
        if (m_parts.lane) {
            m_parts.lane->beginTraveler(); // analysis resumes for the next traveler
        }
        m_events.publish(SignedIn{session.value()});
    });
}

void BoothService::signOut() {
    forgetTraveler();
    if (m_parts.lane) {
        m_parts.lane->cancel(); // nobody can decide: nothing is analysed until someone signs in
    }
    post([this] {
        const std::string who = m_session.officer();
        if (who.empty()) {
            return;
        }
        abandonOnWorker(inspection::AbandonReason::SignedOut);
        m_documentTemplate.reset();
        if (m_parts.accounts) {
            (void)m_parts.accounts->logout({who, m_role, {}}); // audited
        }
        setOfficer({}, auth::Role::Unknown);
        beginTravelerOnWorker();
        m_events.publish(SignedOut{who});
    });
}

void BoothService::accountCommand(AccountChanged::Action action, const std::string& username,
                                  const std::function<Status(auth::Accounts&, const auth::Session&)>& op) {
    post([this, action, username, op] {
        AccountChanged out{action, username, ErrorCode::Unknown, {}};
        if (!m_parts.accounts || m_session.officer().empty()) {
            out.code = ErrorCode::Unauthorized;
        } else if (auto s = op(*m_parts.accounts, auth::Session{m_session.officer(), m_role, {}}); !s) {
            out.code = s.error().code;
            out.detail = s.error().detail;
        }
        m_events.publish(out);
    });
}

void BoothService::listAccounts() {
    post([this] {
        if (!m_parts.accounts || (m_role != auth::Role::Supervisor && m_role != auth::Role::Admin)) {
            m_events.publish(AccountChanged{AccountChanged::Action::Unknown, {}, ErrorCode::Forbidden, {}});
            return;
        }
        auto listed = m_parts.accounts->list();
        if (!listed) {
            m_events.publish(AccountChanged{AccountChanged::Action::Unknown, {}, listed.code(), {}});
            return;
        }
        m_events.publish(AccountsListed{std::move(listed.value())});
    });
}

void BoothService::unlockAccount(const std::string& username) {
    accountCommand(AccountChanged::Action::Unlock, username,
                   [username](auth::Accounts& a, const auth::Session& by) { return a.unlock(by, username); });
}

void BoothService::setAccountDisabled(const std::string& username, bool disabled) {
    accountCommand(disabled ? AccountChanged::Action::Disable : AccountChanged::Action::Enable, username,
                   [username, disabled](auth::Accounts& a, const auth::Session& by) {
                       return a.setDisabled(by, username, disabled);
                   });
}

void BoothService::changePassword(const std::string& current, const std::string& next) {
    accountCommand(AccountChanged::Action::ChangePassword, {},
                   [current, next](auth::Accounts& a, const auth::Session& by) {
                       return a.changePassword(by.username, current, next);
                   });
}

BoothStatus BoothService::status() const {
    BoothStatus s;
    const auto now = m_parts.clock.now();
    bool failing = false;
    if (m_parts.uploader) {
        const auto up = m_parts.uploader->status();
        failing = up.lastError && (!up.lastSuccess || up.failedBatches > 0) && up.depth > 0;
        s.outboxDepth = up.depth;
        if (up.oldestPendingAge) {
            s.oldestPending = now - *up.oldestPendingAge;
        }
        s.lastUpload = up.lastSuccess;
        s.nextUpload = up.nextAttempt;
        s.uploadsHalted = up.halted;
    }
    if (m_parts.manifestSync) {
        const auto ms = m_parts.manifestSync->status();
        // A refused manifest (bad signature, rejected) is not an outage: the network answered.
        failing = failing || (ms.lastError && ms.lastError->code != ErrorCode::SignatureInvalid &&
                              ms.lastError->code != ErrorCode::ManifestRejected);
        if (ms.applied) {
            s.manifestIssued = ms.applied->issuedAt;
            if (m_parts.manifestSync->manifestExpired(now)) {
                s.manifestExpiredAt = ms.applied->expiresAt;
            }
        } else if (ms.staleness.present) {
            s.manifestIssued = ms.staleness.issuedAt;
        }
    }
    if (m_parts.lane) {
        const auto health = m_parts.lane->health().snapshot();
        s.cameraUp =
            health.status == capture::SourceStatus::Streaming || health.status == capture::SourceStatus::Opening;
        s.cameraFps = health.deliveredFps;
    }
    s.online = !failing;
    std::lock_guard lock(m_mutex);
    if (s.online) {
        m_offlineSince.reset();
    } else if (!m_offlineSince) {
        m_offlineSince = now;
    }
    s.offlineSince = m_offlineSince;
    return s;
}

} // namespace portico::booth
