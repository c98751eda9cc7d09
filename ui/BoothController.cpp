// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/BoothController.h"

#include "common/Log.h"
#include "document/Mrz.h"
#include "ui/AppointmentStatus.h"
#include "ui/BoothView.h"
#include "ui/CameraView.h"
#include "ui/ErrorText.h"
#include "ui/MainWindow.h"
#include "ui/ManifestView.h"
#include "ui/SyncStatusWidget.h"
#include "ui/TravelerDisplay.h"

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QMetaObject>
#include <QTabWidget>

#include <algorithm>

namespace portico::ui {
namespace {
QImage toQImage(const cv::Mat& bgr) {
    if (bgr.empty() || bgr.type() != CV_8UC3) {
        return {};
    }
    return QImage(bgr.data, bgr.cols, bgr.rows, static_cast<qsizetype>(bgr.step), QImage::Format_BGR888).copy();
}

QDateTime toQt(Clock::TimePoint t) {
    return QDateTime::fromMSecsSinceEpoch(
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count(), Qt::UTC);
}

std::chrono::year_month_day today(const Clock& clock) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock.now())};
}

QString reasonText(match::ReasonCode r) {
    switch (r) {
    case match::ReasonCode::AgeUnder14:
        return BoothController::tr("traveler younger than 14 (age policy)");
    case match::ReasonCode::AgeOver79:
        return BoothController::tr("traveler older than 79 (age policy)");
    case match::ReasonCode::Ambiguous:
        return BoothController::tr("two candidates score alike");
    case match::ReasonCode::NoMatch:
        return BoothController::tr("no expected traveler reached the threshold");
    case match::ReasonCode::LowQuality:
        return BoothController::tr("the photo failed quality checks");
    case match::ReasonCode::ThresholdClamped:
        return BoothController::tr("the calibration cannot support today's gallery size: strictest threshold used");
    case match::ReasonCode::AgeUnknown:
        return BoothController::tr("date of birth unknown: age policy not applied");
    default:
        return {};
    }
}

QString measureLabel(const std::string& name) {
    if (name == "inter_eye_distance") {
        return BoothController::tr("Size");
    }
    if (name == "yaw" || name == "pitch") {
        return BoothController::tr("Pose");
    }
    if (name == "roll") {
        return BoothController::tr("Level");
    }
    if (name == "sharpness") {
        return BoothController::tr("Sharp");
    }
    if (name == "brightness" || name == "clipping") {
        return BoothController::tr("Light");
    }
    if (name == "eyes_open") {
        return BoothController::tr("Eyes");
    }
    if (name == "centred" || name == "in_frame") {
        return BoothController::tr("Centre");
    }
    if (name == "face_count") {
        return BoothController::tr("One face");
    }
    return QString::fromStdString(name);
}
} // namespace

BoothController::BoothController(BoothServices services, MainWindow& window, TravelerDisplay& traveler, QObject* parent)
    : QObject(parent), m_s(std::move(services)), m_window(window), m_traveler(traveler) {
    auto* booth = m_window.booth();
    connect(booth, &BoothView::decisionRequested, this, &BoothController::decide);
    connect(booth, &BoothView::nextTravelerRequested, this, &BoothController::nextTraveler);
    connect(booth, &BoothView::captureRequested, this, [this] { m_s.lane.captureNow(); });
    connect(booth, &BoothView::travelerLanguageRequested, this, [this] { m_traveler.nextLanguage(); });
    connect(booth, &BoothView::mrzEntered, this, [this](const QString& text) {
        const auto now = today(m_s.clock);
        const document::Date d{static_cast<int>(now.year()), static_cast<int>(static_cast<unsigned>(now.month())),
                               static_cast<int>(static_cast<unsigned>(now.day()))};
        auto mrz = document::parseMrz(text.toStdString(), d);
        auto state = m_window.booth()->state();
        if (!mrz) {
            state.mrzStatus = tr("MRZ not readable: check the characters and line lengths, or type it again.");
            state.mrzProblem = true;
        } else {
            QStringList parts;
            parts << (mrz->allChecksOk() ? tr("MRZ ✓ check digits") : tr("MRZ ✗ check digit wrong"));
            bool problem = !mrz->allChecksOk();
            if (state.traveler) {
                auto it = m_entries.find(state.traveler->appointmentId.toStdString());
                if (it != m_entries.end()) {
                    const auto& e = it->second.entry;
                    document::ExpectedDocument expected{e.documentNumber, e.surname,    e.givenNames,
                                                        e.nationality,    std::nullopt, std::nullopt};
                    const auto diff = document::compareMrz(mrz.value(), expected);
                    if (diff.empty()) {
                        parts << tr("✓ matches manifest");
                    } else {
                        QStringList fields;
                        for (const auto& f : diff) {
                            fields << QString::fromStdString(f);
                        }
                        parts << tr("✗ differs from manifest: %1").arg(fields.join(QStringLiteral(", ")));
                        problem = true;
                    }
                }
            }
            state.mrzStatus = parts.join(QStringLiteral(" · "));
            state.mrzProblem = problem;
            // A document that disagrees with the manifest is recorded and goes to a supervisor with the decision.
            m_worker.post([this, problem] { m_s.session.setDocumentMismatch(problem); });
        }
        m_window.booth()->setState(state);
    });
    connect(m_window.manifest(), &ManifestView::openRequested, this, &BoothController::openAppointment);

    connect(&m_statusTimer, &QTimer::timeout, this, &BoothController::refreshStatus);
    m_statusTimer.start(1000);
    connect(&m_syncTimer, &QTimer::timeout, this, &BoothController::refreshManifest);
    connect(booth, &BoothView::documentImageChosen, this, &BoothController::compareDocument);
    connect(&m_dropWatch, &QFileSystemWatcher::directoryChanged, this, [this] { scanDropFolder(); });
    connect(&m_inactivity, &InactivityWatch::idle, this, &BoothController::lockForInactivity);
    connect(m_window.lockScreen(), &LockScreen::unlockRequested, this, &BoothController::tryUnlock);
    // Event-loop stall monitor: a 50 ms tick that measures how late it runs.
    connect(&m_stallTimer, &QTimer::timeout, this, [this] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (m_lastTickMs != 0) {
            const double late = std::max(0.0, static_cast<double>(now - m_lastTickMs) - 50.0);
            m_worstStallMs = std::max(m_worstStallMs, late);
            if (m_stalls.size() < 100000) {
                m_stalls.push_back(late);
            }
        }
        m_lastTickMs = now;
    });
    m_stallTimer.start(50);
}

BoothController::~BoothController() {
    m_s.lane.stop();
    if (!m_stalls.empty()) {
        auto s = m_stalls;
        std::sort(s.begin(), s.end());
        const double p99 = s[std::min(s.size() - 1, s.size() * 99 / 100)];
        log::get("ui")->info("event-loop stall p99 {:.1f} ms, worst {:.1f} ms over {} ticks", p99, m_worstStallMs,
                             s.size());
    }
}

void BoothController::start(const auth::Session& officer) {
    m_officer = officer.username;
    m_worker.post([this, officer = officer.username] { m_s.session.setOfficer(officer); });
    booth::Lane::Callbacks callbacks;
    callbacks.frame = [this](const capture::FramePtr& f) {
        QImage image = toQImage(f->image);
        QMetaObject::invokeMethod(
            this, [this, image] { onFrame(image); }, Qt::QueuedConnection);
    };
    callbacks.observation = [this](const capture::Observation& o) {
        QMetaObject::invokeMethod(
            this, [this, o] { onObservation(o); }, Qt::QueuedConnection);
    };
    callbacks.captured = [this](const booth::LaneCapture& c) {
        QImage chip = toQImage(c.chip);
        QMetaObject::invokeMethod(
            this, [this, c, chip] { onCaptured(c, chip); }, Qt::QueuedConnection);
    };
    m_s.lane.setCallbacks(std::move(callbacks));
    m_s.lane.start();
    m_s.lane.beginTraveler();
    refreshManifest();
    refreshStatus();
    m_syncTimer.start(static_cast<int>(std::max<std::int64_t>(1000, m_s.manifestSyncInterval.count())));
    m_travelerSince = QDateTime::currentDateTimeUtc();
    if (!m_s.documentDropDir.empty()) {
        const QString dir = QString::fromStdString(m_s.documentDropDir.string());
        if (!m_dropWatch.addPath(dir)) {
            m_window.showNotice(
                tr("The document reader folder %1 cannot be watched: load document photos with F6.").arg(dir));
        }
    }
    if (m_s.inactivityLock.count() > 0) {
        m_inactivity.start(m_s.inactivityLock);
    }
}

void BoothController::setInactivityLimit(std::chrono::milliseconds limit) {
    m_s.inactivityLock = limit;
    m_inactivity.stop();
    if (limit.count() > 0 && !m_officer.empty()) {
        m_inactivity.start(limit);
    }
}

void BoothController::scanDropFolder() {
    const QDir dir(QString::fromStdString(m_s.documentDropDir.string()));
    const auto files = dir.entryInfoList({QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"), QStringLiteral("*.png")},
                                         QDir::Files | QDir::Readable, QDir::Time);
    for (const auto& f : files) { // newest first
        if (f.lastModified().toUTC() < m_travelerSince || m_seenDocuments.contains(f.absoluteFilePath())) {
            continue;
        }
        m_seenDocuments.insert(f.absoluteFilePath());
        compareDocument(f.absoluteFilePath());
        return;
    }
}

void BoothController::compareDocument(const QString& path) {
    if (m_optedOut) {
        return;
    }
    auto state = m_window.booth()->state();
    state.documentResult = tr("Reading the document photo…");
    state.documentProblem = false;
    m_window.booth()->setState(state);
    m_worker.post([this, path, officer = m_officer] {
        // Read once: the same bytes are shown and analysed.
        QFile file(path);
        const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        const QImage image = QImage::fromData(bytes);
        auto tpl = bytes.isEmpty() ? Result<face::Template>(makeError(ErrorCode::NotFound, "document image unreadable"))
                                   : m_s.documentCheck.documentTemplate(std::span<const std::uint8_t>(
                                         reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                         static_cast<std::size_t>(bytes.size())));
        m_documentTpl.reset();
        if (m_s.session.traveler()) {
            m_documentAge = booth::ageFromIsoDate(m_s.session.traveler()->dateOfBirth, today(m_s.clock));
        }
        if (tpl) {
            m_documentTpl = tpl.value();
        }
        const ErrorCode code = tpl ? ErrorCode::Unknown : tpl.code();
        const bool haveCapture = m_s.session.hasCapture();
        QMetaObject::invokeMethod(
            this,
            [this, image, code, haveCapture] {
                auto st = m_window.booth()->state();
                st.documentCrop = image;
                if (code != ErrorCode::Unknown) {
                    st.documentResult = tr("Document photo not usable: %1").arg(ErrorText::forCode(code));
                    st.documentProblem = true;
                } else if (!haveCapture) {
                    st.documentResult = tr("Document photo read: compared as soon as the traveler's photo is taken.");
                    st.documentProblem = false;
                }
                m_window.booth()->setState(st);
            },
            Qt::QueuedConnection);
        if (tpl && haveCapture) {
            compareDocumentOnWorker(officer);
        }
    });
}

void BoothController::compareDocumentOnWorker(const std::string& officer) {
    const auto& capture = m_s.session.capture();
    if (!m_documentTpl || !capture) {
        return;
    }
    auto compared = m_s.documentCheck.compare(capture->templ, *m_documentTpl, m_documentAge);
    QString text;
    bool problem = true;
    if (!compared) {
        text = tr("Document photo could not be compared: %1").arg(ErrorText::forCode(compared.code()));
    } else {
        m_s.session.setDocumentComparison(compared.value());
        const auto& c = compared.value();
        const QLocale locale;
        const QString oneIn = locale.toString(std::max(1.0, c.threshold.oneIn), 'f', 0);
        problem = !c.samePerson;
        text = c.samePerson
                   ? tr("Document photo ✓ same person (score %1 ≥ %2; 1 in %3 chance of a false match)")
                         .arg(c.score, 0, 'f', 3)
                         .arg(c.threshold.score, 0, 'f', 3)
                         .arg(oneIn)
                   : tr("Document photo ✗ not confirmed (score %1 < %2): compare the faces yourself; a supervisor "
                        "will see this case")
                         .arg(c.score, 0, 'f', 3)
                         .arg(c.threshold.score, 0, 'f', 3);
        const std::string ref = m_s.session.traveler() ? m_s.session.traveler()->appointmentId : std::string();
        (void)m_s.audit.append(
            {m_s.clock.now(), officer, "document.compare", ref, nlohmann::json{{"same_person", c.samePerson}}.dump()});
    }
    QMetaObject::invokeMethod(
        this,
        [this, text, problem] {
            auto st = m_window.booth()->state();
            st.documentResult = text;
            st.documentProblem = problem;
            m_window.booth()->setState(st);
        },
        Qt::QueuedConnection);
}

void BoothController::lockForInactivity() {
    if (m_window.isLocked()) {
        return;
    }
    // Nobody at the keyboard: hide traveler data on both screens until the officer proves it is them again.
    m_window.lock(QString::fromStdString(m_officer));
    m_traveler.showWelcome();
    m_worker.post([this, officer = m_officer] {
        (void)m_s.audit.append(
            {m_s.clock.now(), officer, "session.lock", officer,
             nlohmann::json{{"reason", "inactivity"}, {"after_ms", m_s.inactivityLock.count()}}.dump()});
    });
}

void BoothController::tryUnlock(const QString& password) {
    m_window.lockScreen()->setBusy(true);
    m_worker.post([this, officer = m_officer, password = password.toStdString()] {
        // The same account, checked (and audited, with lockout) like a log-in.
        auto session = m_s.accounts.login(officer, password);
        const ErrorCode code = session ? ErrorCode::Unknown : session.code();
        if (session) {
            (void)m_s.audit.append({m_s.clock.now(), officer, "session.unlock", officer, "{}"});
        }
        QMetaObject::invokeMethod(
            this,
            [this, ok = session.ok(), code] {
                m_window.lockScreen()->setBusy(false);
                if (!ok) {
                    m_window.lockScreen()->showError(ErrorText::forCode(code));
                    return;
                }
                m_window.unlock();
                m_inactivity.restart();
            },
            Qt::QueuedConnection);
    });
}

void BoothController::onFrame(const QImage& frame) {
    if (!m_optedOut) {
        m_window.booth()->cameraView()->setFrame(frame);
    }
}

void BoothController::onObservation(const capture::Observation& o) {
    if (m_optedOut) {
        return;
    }
    // A new face after the previous traveler has left starts the next traveler: no stale name by a new face.
    if (m_resultShown) {
        if (o.faceCount == 0) {
            ++m_emptyFrames;
        } else if (m_emptyFrames >= 3) {
            nextTraveler();
        }
    }
    CameraOverlay overlay;
    if (o.face) {
        const auto& b = o.face->box;
        overlay.faceBox = QRectF(b.x, b.y, b.width, b.height);
    }
    QStringList seen;
    for (const auto& m : o.measures) {
        const QString label = measureLabel(m.name);
        if (!m.evaluated || seen.contains(label)) {
            continue;
        }
        seen << label;
        bool pass = m.pass;
        for (const auto& other : o.measures) {
            if (other.evaluated && measureLabel(other.name) == label) {
                pass = pass && other.pass;
            }
        }
        overlay.quality.push_back({label, pass});
    }
    m_traveler.showPrompt(o.prompt);
    overlay.prompt = m_traveler.prompts().text(o.prompt);
    overlay.captureStatus = o.gatePassed ? tr("Good photo — capturing…") : tr("Guiding the traveler…");
    m_window.booth()->setCameraOverlay(overlay);
}

TravelerCard BoothController::card(const EntryView& v) const {
    const auto& e = v.entry;
    TravelerCard c;
    c.appointmentId = QString::fromStdString(e.appointmentId);
    c.name =
        QStringLiteral("%1, %2").arg(QString::fromStdString(e.surname).toUpper(), QString::fromStdString(e.givenNames));
    const auto age = booth::ageFromIsoDate(e.dateOfBirth, today(m_s.clock));
    c.age = age ? tr("%1 y").arg(*age) : tr("age unknown");
    c.nationality = QString::fromStdString(e.nationality);
    c.document = tr("%1 %2 (exp %3)")
                     .arg(QString::fromStdString(e.documentType), QString::fromStdString(e.documentNumber),
                          QString::fromStdString(e.documentExpiry.substr(0, 4)));
    c.appointment = tr("%1–%2 · %3 · Lane %4")
                        .arg(toQt(e.windowStart).toLocalTime().time().toString(QStringLiteral("HH:mm")),
                             toQt(e.windowEnd).toLocalTime().time().toString(QStringLiteral("HH:mm")),
                             AppointmentStatus::label(AppointmentStatus::effective(
                                 QString::fromStdString(e.status), m_decided.count(e.appointmentId) > 0)),
                             QString::fromStdString(e.lane));
    c.photo = v.photo;
    return c;
}

void BoothController::onCaptured(const booth::LaneCapture& c, const QImage& chip) {
    if (m_optedOut) {
        return; // an opted-out traveler's capture is dropped unseen
    }
    BoothState state;
    state.liveCrop = chip;
    const auto& o = c.outcome;
    std::optional<std::string> appointment;
    switch (o.kind()) {
    case match::OutcomeKind::Match: {
        const auto& m = std::get<match::Match>(o.result);
        state.verdict = Verdict::Match;
        state.score = m.score;
        state.threshold = m.threshold;
        if (const auto* id = std::get_if<std::string>(&m.candidate.id)) {
            appointment = *id;
        }
        break;
    }
    case match::OutcomeKind::NoMatch: {
        const auto& nm = std::get<match::NoMatch>(o.result);
        state.verdict = Verdict::NoMatch;
        state.threshold = nm.threshold;
        if (nm.best) {
            state.score = nm.best->score;
        }
        break;
    }
    case match::OutcomeKind::Ambiguous: {
        const auto& a = std::get<match::Ambiguous>(o.result);
        state.verdict = Verdict::Ambiguous;
        state.threshold = a.threshold;
        if (!a.candidates.empty()) {
            state.score = a.candidates.front().score;
        }
        break;
    }
    case match::OutcomeKind::LowQuality:
        state.verdict = Verdict::PoorPhoto;
        break;
    default:
        state.verdict = Verdict::Unavailable;
        break;
    }
    if (o.threshold) {
        const QLocale locale;
        const QString oneIn = locale.toString(std::max(1.0, o.threshold->oneIn), 'f', 0);
        const QString n = locale.toString(static_cast<qulonglong>(o.threshold->gallerySize));
        state.verdictDetail = appointment
                                  ? tr("Appointment %1 · 1 in %2 chance of a false candidate at today's gallery of %3")
                                        .arg(QString::fromStdString(*appointment), oneIn, n)
                                  : tr("1 in %1 chance of a false candidate at today's gallery of %2").arg(oneIn, n);
    } else if (state.verdict == Verdict::PoorPhoto) {
        QStringList failing;
        for (const auto& m : c.failingMeasures) {
            failing << measureLabel(m.name);
        }
        failing.removeDuplicates();
        state.verdictDetail = tr("Failed: %1").arg(failing.join(QStringLiteral(", ")));
    }
    for (auto r : o.reasons) {
        const QString text = reasonText(r);
        if (!text.isEmpty() && r != match::ReasonCode::ThresholdClamped) {
            state.secondLookReasons << text;
        }
    }
    if (c.evidence && c.evidence->liveness && *c.evidence->liveness < 0.5) {
        state.secondLookReasons << tr("little natural movement seen (liveness evidence is weak)");
    }
    // Matched against a manifest past its expiry: the booth keeps working, the officer looks twice (core decides).
    const bool manifestExpired = m_s.manifestSync.manifestExpired(m_s.clock.now());
    if (manifestExpired) {
        state.secondLookReasons << tr("the manifest has expired: this traveler may have been changed or removed since");
    }
    for (std::size_t i = 0; i < c.candidates.size(); ++i) {
        const auto* id = std::get_if<std::string>(&c.candidates[i].id);
        if (!id || (appointment && *id == *appointment) || !state.threshold ||
            c.candidates[i].score < *state.threshold) {
            continue;
        }
        auto it = m_entries.find(*id);
        state.otherCandidates.push_back({QString::fromStdString(*id),
                                         it != m_entries.end() ? card(it->second).name : QString(),
                                         c.candidates[i].score});
    }
    std::optional<booth::TravelerRef> ref;
    if (appointment) {
        auto it = m_entries.find(*appointment);
        if (it != m_entries.end()) {
            state.traveler = card(it->second);
            ref = booth::travelerRefFor(it->second.entry);
            const QString suggested =
                TravelerPrompts::suggestLanguage(QString::fromStdString(it->second.entry.nationality));
            m_traveler.setLanguage(suggested);
        }
    }
    m_window.booth()->setState(state);
    m_resultShown = true;
    m_emptyFrames = 0;
    if (state.secondLookReasons.isEmpty() && state.verdict == Verdict::Match) {
        m_traveler.showThankYou();
    } else {
        m_traveler.showOfficerWillHelp();
    }
    std::vector<std::pair<std::string, double>> lookAlikes;
    for (const auto& candidate : c.candidates) {
        if (const auto* id = std::get_if<std::string>(&candidate.id)) {
            lookAlikes.emplace_back(*id, candidate.score);
        }
    }
    m_worker.post([this, c, ref, lookAlikes, manifestExpired, officer = m_officer] {
        m_s.session.setLookAlikes(lookAlikes);
        m_s.session.setManifestExpired(manifestExpired);
        if (c.evidence) {
            m_s.session.setCapture(*c.evidence);
            if (m_documentTpl) {
                compareDocumentOnWorker(officer); // the document photo came first
            }
        }
        m_s.session.setOutcome(c.outcome);
        if (ref) {
            m_s.session.setTraveler(*ref);
            reportPriorDecisionFromWorker();
            // Showing a traveler's record is an access: audited, with ids only.
            (void)m_s.audit.append(
                {m_s.clock.now(), officer, "traveler.view", ref->appointmentId, R"({"via":"match"})"});
        }
    });
}

void BoothController::openAppointment(const QString& appointmentId) {
    auto it = m_entries.find(appointmentId.toStdString());
    if (it == m_entries.end()) {
        return;
    }
    auto state = m_window.booth()->state();
    state.traveler = card(it->second);
    m_window.booth()->setState(state);
    m_window.screens()->setCurrentWidget(m_window.booth());
    const booth::TravelerRef ref = booth::travelerRefFor(it->second.entry);
    m_worker.post([this, ref, officer = m_officer] {
        m_s.session.setTraveler(ref);
        reportPriorDecisionFromWorker();
        (void)m_s.audit.append({m_s.clock.now(), officer, "traveler.view", ref.appointmentId, R"({"via":"manifest"})"});
    });
}

void BoothController::reportPriorDecisionFromWorker() {
    const auto& prior = m_s.session.priorDecision();
    const auto& traveler = m_s.session.traveler();
    if (!prior || !traveler) {
        return;
    }
    QMetaObject::invokeMethod(
        this,
        [this, id = QString::fromStdString(traveler->appointmentId), decision = QString::fromStdString(prior->decision),
         at = prior->decidedAt] { showPriorDecision(id, decision, at); },
        Qt::QueuedConnection);
}

void BoothController::showPriorDecision(const QString& appointmentId, const QString& decision,
                                        Clock::TimePoint decidedAt) {
    auto state = m_window.booth()->state();
    if (!state.traveler || state.traveler->appointmentId != appointmentId) {
        return; // the officer has moved on to someone else meanwhile
    }
    const QString words = AppointmentStatus::decisionLabel(decision);
    // The time alone when it was today, else the date too: the lookup covers every earlier day.
    const QDateTime when = toQt(decidedAt).toLocalTime();
    const bool sameDay = when.date() == toQt(m_s.clock.now()).toLocalTime().date();
    const QString at = when.toString(sameDay ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm"));
    const QString reason =
        tr("this appointment was already decided here at %1 (%2): make sure one booking is not being used twice")
            .arg(at, words);
    if (state.secondLookReasons.contains(reason)) {
        return;
    }
    state.secondLookReasons << reason;
    m_window.booth()->setState(state);
    if (m_resultShown) {
        m_traveler.showOfficerWillHelp();
    }
}

void BoothController::decide(Decision decision, const QString& reason, const QString& note) {
    booth::Decision d = booth::Decision::Unknown;
    switch (decision) {
    case Decision::Verified:
        d = booth::Decision::Verified;
        break;
    case Decision::Refer:
        d = booth::Decision::Referred;
        break;
    case Decision::OptOut:
        d = booth::Decision::OptOut;
        break;
    case Decision::NoShow:
        d = booth::Decision::NoShow;
        break;
    case Decision::Unknown:
        return;
    }
    if (d == booth::Decision::OptOut) {
        // The camera stops at once: nothing further is captured, shown or kept.
        m_optedOut = true;
        m_s.lane.cancel();
        m_window.booth()->setCameraOff(tr("Camera off — citizen opted out; inspect the document manually"));
        auto state = m_window.booth()->state();
        state.verdict = Verdict::OptedOut;
        state.liveCrop = QImage();
        state.score.reset();
        m_window.booth()->setState(state);
        m_traveler.showCameraOff();
    }
    const bool posted = m_worker.post([this, d, reason = reason.toStdString(), note = note.toStdString()] {
        std::string appointment = m_s.session.traveler() ? m_s.session.traveler()->appointmentId : std::string();
        auto recorded = m_s.session.decide(d, reason, note);
        const ErrorCode code = recorded ? ErrorCode::Unknown : recorded.code();
        QMetaObject::invokeMethod(
            this,
            [this, ok = recorded.ok(), code, d, appointment = std::move(appointment)] {
                if (!ok) {
                    m_window.showNotice(ErrorText::forCode(code));
                    return;
                }
                m_s.uploader.wake();
                if (!appointment.empty()) {
                    m_decided.insert(appointment);
                    m_window.manifest()->markProcessed(QString::fromStdString(appointment));
                }
                QString words;
                switch (d) {
                case booth::Decision::Verified:
                    words = tr("verified, continue");
                    break;
                case booth::Decision::Referred:
                    words = tr("referred to secondary");
                    break;
                case booth::Decision::OptOut:
                    words = tr("opted out, manual document check");
                    break;
                case booth::Decision::NoShow:
                    words = tr("no-show or outside the window");
                    break;
                case booth::Decision::Unknown:
                    words = QString::fromLatin1(booth::decisionName(d));
                    break;
                }
                m_window.showNotice(tr("Decision recorded: %1").arg(words));
                if (d != booth::Decision::OptOut) {
                    nextTraveler();
                }
            },
            Qt::QueuedConnection);
    });
    if (!posted) {
        m_window.showNotice(ErrorText::forCode(ErrorCode::DatabaseError));
    }
}

void BoothController::nextTraveler() {
    m_optedOut = false;
    m_resultShown = false;
    m_emptyFrames = 0;
    m_window.booth()->reset();
    m_traveler.setLanguage(QStringLiteral("en"));
    m_traveler.showWelcome();
    m_travelerSince = QDateTime::currentDateTimeUtc();
    m_worker.post([this] {
        m_s.session.reset();
        m_documentTpl.reset();
        m_documentAge.reset();
    });
    m_s.lane.beginTraveler();
}

void BoothController::refreshManifest() {
    m_worker.post([this] {
        auto synced = m_s.manifestSync.syncOnce();
        if (!synced) {
            log::get("ui")->warn("manifest sync failed: {}", errorCodeName(synced.code()));
        }
        if (m_galleryBuilt && (!synced || (!synced->changed && synced->photosFetched == 0))) {
            return; // nothing new: the gallery and the screens already show the stored manifest
        }
        auto entries = m_s.manifests.entries(m_s.port);
        if (!entries) {
            return;
        }
        // Each photo is opened (read and unsealed) once: the gallery enrols from it and the screen shows it.
        std::map<std::string, QImage> shown;
        auto photoSource = [this, &shown](const std::string& id) {
            auto bytes = m_s.manifests.photo(id);
            if (bytes && bytes.value()) {
                shown[id] = QImage::fromData(bytes.value()->data(), static_cast<int>(bytes.value()->size()));
            }
            return bytes;
        };
        m_s.gallery.rebuild(entries.value(), photoSource, today(m_s.clock));
        m_galleryBuilt = true;
        auto views = std::make_shared<std::map<std::string, EntryView>>();
        for (auto& e : entries.value()) {
            EntryView v;
            if (!e.photoIds.empty()) {
                if (auto it = shown.find(e.photoIds.front()); it != shown.end()) {
                    v.photo = it->second;
                } else if (auto bytes = m_s.manifests.photo(e.photoIds.front()); bytes && bytes.value()) {
                    // Enrolled from a template: the photo was not opened for the gallery.
                    v.photo = QImage::fromData(bytes.value()->data(), static_cast<int>(bytes.value()->size()));
                }
            }
            v.entry = std::move(e);
            (*views)[v.entry.appointmentId] = std::move(v);
        }
        // Appointments already decided here (also before a restart) are shown processed. An inspection recorded up
        // to a day before the earliest window opens still counts.
        auto decided = std::make_shared<std::set<std::string>>();
        if (!views->empty()) {
            auto earliest = views->begin()->second.entry.windowStart;
            for (const auto& [id, v] : *views) {
                earliest = std::min(earliest, v.entry.windowStart);
            }
            auto found = m_s.session.decidedAppointments(earliest - std::chrono::hours(24));
            if (found) {
                *decided = std::move(found.value());
            } else {
                log::get("ui")->warn("decided appointments not read: {}", errorCodeName(found.code()));
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, views, decided] {
                m_entries = std::move(*views);
                m_decided.insert(decided->begin(), decided->end());
                QList<ManifestRow> rows;
                const auto now = today(m_s.clock);
                for (const auto& [id, v] : m_entries) {
                    const auto& e = v.entry;
                    ManifestRow r;
                    r.appointmentId = QString::fromStdString(id);
                    r.windowStart = toQt(e.windowStart);
                    r.windowEnd = toQt(e.windowEnd);
                    r.status = QString::fromStdString(e.status);
                    r.processed = m_decided.count(id) > 0;
                    r.name = card(v).name;
                    r.ageYears = booth::ageFromIsoDate(e.dateOfBirth, now).value_or(0);
                    r.nationality = QString::fromStdString(e.nationality);
                    r.document = QString::fromStdString(e.documentNumber);
                    r.lane = QString::fromStdString(e.lane).toInt();
                    rows.push_back(r);
                }
                m_window.manifest()->setRows(rows, toQt(m_s.clock.now()));
            },
            Qt::QueuedConnection);
    });
}

void BoothController::refreshStatus() {
    m_window.manifest()->setNow(toQt(m_s.clock.now()));
    StationStatus s;
    s.port = QString::fromStdString(m_s.port);
    s.lane = m_s.laneNumber;
    s.officer = QString::fromStdString(m_officer);
    s.demo = m_s.demo;
    s.manifestStaleHours = m_s.manifestStaleHours;
    const auto up = m_s.uploader.status();
    const auto ms = m_s.manifestSync.status();
    const bool failing = (up.lastError && (!up.lastSuccess || up.failedBatches > 0) && up.depth > 0) ||
                         (ms.lastError && ms.lastError->code != ErrorCode::SignatureInvalid &&
                          ms.lastError->code != ErrorCode::ManifestRejected);
    s.online = !failing;
    if (!s.online && m_online) {
        m_offlineSince = toQt(m_s.clock.now());
    }
    if (s.online || !m_offlineSince.isValid()) {
        m_offlineSince = toQt(m_s.clock.now());
    }
    m_online = s.online;
    s.offlineSince = m_offlineSince;
    if (ms.applied) {
        s.manifestIssued = toQt(ms.applied->issuedAt);
        if (m_s.manifestSync.manifestExpired(m_s.clock.now())) {
            s.manifestExpiredAt = toQt(ms.applied->expiresAt);
        }
    } else if (ms.staleness.present) {
        s.manifestIssued = toQt(ms.staleness.issuedAt);
    }
    s.outboxDepth = static_cast<int>(up.depth);
    if (up.oldestPendingAge) {
        s.oldestPending = toQt(m_s.clock.now() - *up.oldestPendingAge);
    }
    if (up.lastSuccess) {
        s.lastUpload = toQt(*up.lastSuccess);
    }
    if (up.nextAttempt) {
        s.nextUpload = toQt(*up.nextAttempt);
    }
    if (up.halted) {
        s.uploadsStopped = ErrorText::forError(*up.halted);
    }
    const auto health = m_s.lane.health().snapshot();
    s.cameraUp = health.status == capture::SourceStatus::Streaming || health.status == capture::SourceStatus::Opening;
    s.cameraFps = health.deliveredFps;
    m_window.status()->setStatus(s, toQt(m_s.clock.now()));
}

} // namespace portico::ui
