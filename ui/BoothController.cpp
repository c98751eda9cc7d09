// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/BoothController.h"

#include "ui/AccountDialogs.h"

#include "common/Log.h"
#include "ui/AppointmentStatus.h"
#include "ui/BoothView.h"
#include "ui/CameraView.h"
#include "ui/ErrorText.h"
#include "ui/MainWindow.h"
#include "ui/ManifestView.h"
#include "ui/SyncStatusWidget.h"
#include "ui/TravelerDisplay.h"

#include <QDateTime>
#include <QDir>
#include <QLocale>
#include <QMetaObject>
#include <QTabWidget>

#include <algorithm>

namespace portico::ui {
namespace {
template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

QImage toQImage(const cv::Mat& bgr) {
    if (bgr.empty() || bgr.type() != CV_8UC3) {
        return {};
    }
    return QImage(bgr.data, bgr.cols, bgr.rows, static_cast<qsizetype>(bgr.step), QImage::Format_BGR888).copy();
}

QImage fromBytes(const store::Bytes& bytes) {
    return bytes.empty() ? QImage() : QImage::fromData(bytes.data(), static_cast<int>(bytes.size()));
}

QDateTime toQt(Clock::TimePoint t) {
    return QDateTime::fromMSecsSinceEpoch(
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count(), Qt::UTC);
}

std::chrono::year_month_day today(const Clock& clock) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock.now())};
}

/// The words for a second-look reason (the repeat is worded with its date, see priorText()).
QString reasonText(inspection::ReasonCode r) {
    using inspection::ReasonCode;
    switch (r) {
    case ReasonCode::AgeUnder14:
        return BoothController::tr("traveler younger than 14 (age policy)");
    case ReasonCode::AgeOver79:
        return BoothController::tr("traveler older than 79 (age policy)");
    case ReasonCode::Ambiguous:
        return BoothController::tr("two candidates score alike");
    case ReasonCode::NoMatch:
        return BoothController::tr("no expected traveler reached the threshold");
    case ReasonCode::LowQuality:
        return BoothController::tr("the photo failed quality checks");
    case ReasonCode::AgeUnknown:
        return BoothController::tr("date of birth unknown: age policy not applied");
    case ReasonCode::LowLiveness:
        return BoothController::tr("little natural movement seen (liveness evidence is weak)");
    case ReasonCode::ManifestExpired:
        return BoothController::tr("the manifest has expired: this traveler may have been changed or removed since");
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

QString decisionWords(inspection::Decision d) {
    switch (d) {
    case inspection::Decision::Verified:
        return BoothController::tr("verified, continue");
    case inspection::Decision::Referred:
        return BoothController::tr("referred to secondary");
    case inspection::Decision::OptOut:
        return BoothController::tr("opted out, manual document check");
    case inspection::Decision::NoShow:
        return BoothController::tr("no-show or outside the window");
    case inspection::Decision::Abandoned:
        return BoothController::tr("not decided (abandoned)");
    case inspection::Decision::Unknown:
        break;
    }
    return QString::fromLatin1(inspection::decisionName(d));
}
} // namespace

BoothController::BoothController(BoothServices services, MainWindow& window, TravelerDisplay& traveler, QObject* parent)
    : QObject(parent), m_s(std::move(services)), m_window(window), m_traveler(traveler) {
    auto* booth = m_window.booth();
    connect(booth, &BoothView::decisionRequested, this, &BoothController::decide);
    connect(booth, &BoothView::nextTravelerRequested, this, [this] { m_s.service.nextTraveler(); });
    connect(booth, &BoothView::captureRequested, this, [this] { m_s.service.captureNow(); });
    connect(booth, &BoothView::travelerLanguageRequested, this, [this] { m_traveler.nextLanguage(); });
    connect(booth, &BoothView::mrzEntered, this,
            [this](const QString& text) { m_s.service.enterMrz(text.toStdString()); });
    connect(m_window.manifest(), &ManifestView::openRequested, this,
            [this](const QString& id) { m_s.service.openAppointment(id.toStdString()); });

    connect(&m_statusTimer, &QTimer::timeout, this, &BoothController::refreshStatus);
    m_statusTimer.start(1000);
    connect(&m_syncTimer, &QTimer::timeout, this, [this] { m_s.service.refreshManifest(); });
    connect(booth, &BoothView::documentImageChosen, this, &BoothController::compareDocument);
    connect(&m_dropWatch, &QFileSystemWatcher::directoryChanged, this, [this] { scanDropFolder(); });
    connect(&m_inactivity, &InactivityWatch::idle, this, &BoothController::lockForInactivity);
    connect(m_window.lockScreen(), &LockScreen::unlockRequested, this, &BoothController::tryUnlock);
    connect(&m_window, &MainWindow::signOutRequested, this, &BoothController::signOut);
    connect(&m_window, &MainWindow::changePasswordRequested, this, &BoothController::openPasswordDialog);
    connect(&m_window, &MainWindow::accountsRequested, this, &BoothController::openAccountsDialog);
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
    m_s.service.setListener([this](const booth::BoothEvent& e) { onEvent(e); });
}

BoothController::~BoothController() {
    m_s.service.setListener({}); // waits for an event in flight; none follows
    m_s.service.stop();
    if (!m_stalls.empty()) {
        auto s = m_stalls;
        std::sort(s.begin(), s.end());
        const double p99 = s[std::min(s.size() - 1, s.size() * 99 / 100)];
        log::get("ui")->info("event-loop stall p99 {:.1f} ms, worst {:.1f} ms over {} ticks", p99, m_worstStallMs,
                             s.size());
    }
}

void BoothController::onEvent(const booth::BoothEvent& event) {
    // Core thread: images are decoded here, never on the GUI thread.
    const auto post = [this](auto f) { QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection); };
    std::visit(
        Overloaded{
            [&](const booth::FrameArrived& e) { post([this, image = toQImage(e.frame->image)] { showFrame(image); }); },
            [&](const booth::Observed& e) { post([this, o = e.observation] { showObservation(o); }); },
            [&](const booth::ManifestLoaded& e) {
                auto views = std::make_shared<std::map<std::string, EntryView>>();
                for (const auto& entry : e.entries) {
                    EntryView v;
                    v.entry = entry;
                    if (auto it = e.photos.find(entry.appointmentId); it != e.photos.end()) {
                        v.photo = fromBytes(it->second);
                    }
                    (*views)[entry.appointmentId] = std::move(v);
                }
                post([this, views, decided = e.decided] { showManifest(views, decided); });
            },
            [&](const booth::TravelerReset& e) { post([this, serial = e.serial] { resetForNextTraveler(serial); }); },
            [&](const booth::Proposal& e) { post([this, p = e, chip = toQImage(e.chip)] { showProposal(p, chip); }); },
            [&](const booth::TravelerOpened& e) { post([this, e] { showTravelerOpened(e); }); },
            [&](const booth::ViewRefused& e) {
                post([this, code = e.code] {
                    m_window.showNotice(tr("The traveler's record is not shown: the access could not be recorded. %1")
                                            .arg(ErrorText::forCode(code)));
                });
            },
            [&](const booth::MrzChecked& e) { post([this, e] { showMrz(e); }); },
            [&](const booth::DocumentRead& e) {
                post([this, image = fromBytes(e.image), error = e.error, waiting = e.waitingForCapture] {
                    showDocumentRead(image, error, waiting);
                });
            },
            [&](const booth::DocumentCompared& e) { post([this, e] { showDocumentCompared(e); }); },
            [&](const booth::DecisionRecorded& e) { post([this, e] { showDecisionRecorded(e); }); },
            [&](const booth::DecisionFailed& e) {
                post([this, code = e.code] {
                    // Conflict: the key named a traveler the booth had already moved on from (the screen has
                    // changed since); nothing was recorded.
                    m_window.showNotice(code == ErrorCode::Conflict
                                            ? tr("The traveler changed before your key arrived: nothing was "
                                                 "recorded. Look at the screen and decide again.")
                                            : ErrorText::forCode(code));
                });
            },
            [&](const booth::Unlocked&) {
                post([this] {
                    m_window.lockScreen()->setBusy(false);
                    m_window.unlock();
                    m_inactivity.restart();
                });
            },
            [&](const booth::UnlockRefused& e) {
                post([this, code = e.code] {
                    m_window.lockScreen()->setBusy(false);
                    m_window.lockScreen()->showError(code == ErrorCode::Unauthorized
                                                         ? tr("Unknown user name or wrong password.")
                                                         : ErrorText::forCode(code));
                });
            },
            [&](const booth::SignedIn& e) {
                post([this, session = e.session] {
                    m_officer = session.username;
                    m_role = session.role;
                    m_window.lockScreen()->setBusy(false);
                    m_window.unlock();
                    if (m_s.inactivityLock.count() > 0) {
                        m_inactivity.start(m_s.inactivityLock);
                    }
                    refreshStatus();
                    m_window.showNotice(tr("Signed in: %1").arg(QString::fromStdString(session.username)));
                    emit sessionStarted(session);
                });
            },
            [&](const booth::SignedOut& e) {
                post([this, who = QString::fromStdString(e.officer)] {
                    m_officer.clear();
                    m_role = auth::Role::Unknown;
                    m_inactivity.stop();
                    m_window.lockSignedOut(who);
                    m_traveler.showWelcome();
                    refreshStatus();
                    emit sessionEnded();
                });
            },
            [&](const booth::AccountsListed& e) {
                post([this, accounts = e.accounts] {
                    if (m_accountsDialog) {
                        m_accountsDialog->setAccounts(accounts);
                    }
                });
            },
            [&](const booth::AccountChanged& e) { post([this, e] { showAccountChanged(e); }); },
        },
        event);
}

void BoothController::start(const auth::Session& officer) {
    m_officer = officer.username;
    m_role = officer.role;
    m_s.service.start(officer.username, officer.role);
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
    m_s.service.documentFile(path.toStdString());
}

void BoothController::showDocumentRead(const QImage& image, ErrorCode error, bool waitingForCapture) {
    auto st = m_window.booth()->state();
    st.documentCrop = image;
    if (error != ErrorCode::Unknown) {
        st.documentResult = tr("Document photo not usable: %1").arg(ErrorText::forCode(error));
        st.documentProblem = true;
    } else if (waitingForCapture) {
        st.documentResult = tr("Document photo read: compared as soon as the traveler's photo is taken.");
        st.documentProblem = false;
    }
    m_window.booth()->setState(st);
}

void BoothController::showDocumentCompared(const booth::DocumentCompared& compared) {
    QString text;
    bool problem = true;
    if (!compared.comparison) {
        text = tr("Document photo could not be compared: %1").arg(ErrorText::forCode(compared.error));
    } else {
        const auto& c = *compared.comparison;
        const QString oneIn = QLocale().toString(std::max(1.0, c.threshold.oneIn), 'f', 0);
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
    }
    auto st = m_window.booth()->state();
    st.documentResult = text;
    st.documentProblem = problem;
    m_window.booth()->setState(st);
}

void BoothController::showMrz(const booth::MrzChecked& checked) {
    auto state = m_window.booth()->state();
    if (!checked.readable) {
        state.mrzStatus = tr("MRZ not readable: check the characters and line lengths, or type it again.");
        state.mrzProblem = true;
    } else {
        QStringList parts;
        parts << (checked.checkDigitsOk ? tr("MRZ ✓ check digits") : tr("MRZ ✗ check digit wrong"));
        if (checked.differences) {
            if (checked.differences->empty()) {
                parts << tr("✓ matches manifest");
            } else {
                QStringList fields;
                for (const auto& f : *checked.differences) {
                    fields << QString::fromStdString(f);
                }
                parts << tr("✗ differs from manifest: %1").arg(fields.join(QStringLiteral(", ")));
            }
        }
        state.mrzStatus = parts.join(QStringLiteral(" · "));
        state.mrzProblem = checked.problem;
    }
    m_window.booth()->setState(state);
}

void BoothController::lockForInactivity() {
    if (m_window.isLocked()) {
        return;
    }
    // Nobody at the keyboard: hide traveler data on both screens until the officer proves it is them again.
    m_window.lock(QString::fromStdString(m_officer));
    m_traveler.showWelcome();
    m_s.service.lock(m_s.inactivityLock);
}

void BoothController::tryUnlock(const QString& username, const QString& password) {
    m_window.lockScreen()->setBusy(true);
    m_s.service.signIn(username.toStdString(), password.toStdString());
}

void BoothController::signOut() {
    if (m_officer.empty()) {
        return;
    }
    // Traveler data leaves the screens at once; the service records what must be and closes the session.
    m_inactivity.stop();
    m_window.lockSignedOut(QString::fromStdString(m_officer));
    m_traveler.showWelcome();
    m_s.service.signOut();
}

void BoothController::openPasswordDialog() {
    if (m_officer.empty() || m_passwordDialog) {
        return;
    }
    auto* dialog = new PasswordDialog(QString::fromStdString(m_officer), &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_passwordDialog = dialog;
    connect(dialog, &PasswordDialog::changeRequested, this, [this](const QString& current, const QString& next) {
        m_s.service.changePassword(current.toStdString(), next.toStdString());
    });
    dialog->open();
}

void BoothController::openAccountsDialog() {
    if (m_role != auth::Role::Supervisor && m_role != auth::Role::Admin) {
        m_window.showNotice(ErrorText::forCode(ErrorCode::Forbidden));
        return;
    }
    if (m_accountsDialog) {
        m_accountsDialog->raise();
        return;
    }
    auto* dialog = new AccountsDialog(&m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_accountsDialog = dialog;
    connect(dialog, &AccountsDialog::unlockRequested, this,
            [this](const QString& user) { m_s.service.unlockAccount(user.toStdString()); });
    connect(dialog, &AccountsDialog::disableRequested, this, [this](const QString& user, bool disabled) {
        m_s.service.setAccountDisabled(user.toStdString(), disabled);
    });
    dialog->open();
    m_s.service.listAccounts();
}

void BoothController::showAccountChanged(const booth::AccountChanged& e) {
    using Action = booth::AccountChanged::Action;
    const QString user = QString::fromStdString(e.username);
    if (e.action == Action::ChangePassword) {
        if (!m_passwordDialog) {
            return;
        }
        if (e.code == ErrorCode::Unknown) {
            m_passwordDialog->passwordChanged();
            m_window.showNotice(tr("Your password was changed."));
        } else {
            m_passwordDialog->showError(e.code == ErrorCode::Unauthorized ? tr("The current password is wrong.")
                                                                          : ErrorText::forCode(e.code));
        }
        return;
    }
    if (!m_accountsDialog) {
        return;
    }
    if (e.code != ErrorCode::Unknown) {
        m_accountsDialog->showMessage(ErrorText::forCode(e.code), true);
        return;
    }
    switch (e.action) {
    case Action::Unlock:
        m_accountsDialog->showMessage(tr("%1 is unlocked and can sign in again.").arg(user), false);
        break;
    case Action::Disable:
        m_accountsDialog->showMessage(tr("%1 is disabled: no sign-in until enabled.").arg(user), false);
        break;
    case Action::Enable:
        m_accountsDialog->showMessage(tr("%1 is enabled.").arg(user), false);
        break;
    case Action::ChangePassword:
    case Action::Unknown:
        break;
    }
    m_s.service.listAccounts(); // the list shows the change
}

void BoothController::showFrame(const QImage& frame) {
    if (!m_optedOut) {
        m_window.booth()->cameraView()->setFrame(frame);
    }
}

void BoothController::showObservation(const capture::Observation& o) {
    if (m_optedOut) {
        return;
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

TravelerCard BoothController::card(const manifest::ManifestEntry& e) const {
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
    if (auto it = m_entries.find(e.appointmentId); it != m_entries.end()) {
        c.photo = it->second.photo;
    }
    return c;
}

QString BoothController::priorText(const inspection::PriorInspection& prior) const {
    const QString words = AppointmentStatus::decisionLabel(prior.decision);
    // The time alone when it was today, else the date too: the lookup covers every earlier day.
    const QDateTime when = toQt(prior.decidedAt).toLocalTime();
    const bool sameDay = when.date() == toQt(m_s.clock.now()).toLocalTime().date();
    const QString at = when.toString(sameDay ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm"));
    return tr("this appointment was already decided here at %1 (%2): make sure one booking is not being used twice")
        .arg(at, words);
}

void BoothController::showProposal(const booth::Proposal& p, const QImage& chip) {
    if (m_optedOut) {
        return; // an opted-out traveler's capture is dropped unseen
    }
    m_shownTraveler = p.serial;
    BoothState state;
    state.liveCrop = chip;
    switch (p.kind) {
    case match::OutcomeKind::Match:
        state.verdict = Verdict::Match;
        break;
    case match::OutcomeKind::NoMatch:
        state.verdict = Verdict::NoMatch;
        break;
    case match::OutcomeKind::Ambiguous:
        state.verdict = Verdict::Ambiguous;
        break;
    case match::OutcomeKind::LowQuality:
        state.verdict = Verdict::PoorPhoto;
        break;
    default:
        state.verdict = Verdict::Unavailable;
        break;
    }
    state.score = p.score;
    if (p.threshold) {
        state.threshold = p.threshold->score;
        const QLocale locale;
        const QString oneIn = locale.toString(std::max(1.0, p.threshold->oneIn), 'f', 0);
        const QString n = locale.toString(static_cast<qulonglong>(p.threshold->gallerySize));
        state.verdictDetail = p.appointmentId
                                  ? tr("Appointment %1 · 1 in %2 chance of a false candidate at today's gallery of %3")
                                        .arg(QString::fromStdString(*p.appointmentId), oneIn, n)
                                  : tr("1 in %1 chance of a false candidate at today's gallery of %2").arg(oneIn, n);
    } else if (state.verdict == Verdict::PoorPhoto) {
        QStringList failing;
        for (const auto& m : p.failingMeasures) {
            failing << measureLabel(m);
        }
        failing.removeDuplicates();
        state.verdictDetail = tr("Failed: %1").arg(failing.join(QStringLiteral(", ")));
    }
    for (const auto r : p.secondLook) {
        const QString text =
            r == inspection::ReasonCode::RepeatAppointment && p.prior ? priorText(*p.prior) : reasonText(r);
        if (!text.isEmpty()) {
            state.secondLookReasons << text;
        }
    }
    for (const auto& other : p.others) {
        auto it = m_entries.find(other.appointmentId);
        state.otherCandidates.push_back({QString::fromStdString(other.appointmentId),
                                         it != m_entries.end() ? card(it->second.entry).name : QString(), other.score});
    }
    if (p.traveler) {
        state.traveler = card(*p.traveler);
        m_traveler.setLanguage(TravelerPrompts::suggestLanguage(QString::fromStdString(p.traveler->nationality)));
    }
    state.confirmSecondLook = p.confirmSecondLook;
    m_window.booth()->setState(state);
    m_resultShown = true;
    if (p.clearToContinue) {
        m_traveler.showThankYou();
    } else {
        m_traveler.showOfficerWillHelp();
    }
}

void BoothController::showTravelerOpened(const booth::TravelerOpened& opened) {
    m_shownTraveler = opened.serial;
    auto state = m_window.booth()->state();
    state.traveler = card(opened.entry);
    if (opened.prior) {
        // A booking decided here before: a second look, whatever the camera says.
        const QString reason = priorText(*opened.prior);
        if (!state.secondLookReasons.contains(reason)) {
            state.secondLookReasons << reason;
        }
        if (m_resultShown) {
            m_traveler.showOfficerWillHelp();
        }
    }
    m_window.booth()->setState(state);
    m_window.screens()->setCurrentWidget(m_window.booth());
}

void BoothController::decide(inspection::Decision d, const QString& reason, const QString& note) {
    if (d == inspection::Decision::Unknown) {
        return;
    }
    if (d == inspection::Decision::OptOut) {
        // The camera goes off on screen at once; the service stops it and keeps nothing.
        m_optedOut = true;
        m_window.booth()->setCameraOff(tr("Camera off — citizen opted out; inspect the document manually"));
        auto state = m_window.booth()->state();
        state.verdict = Verdict::OptedOut;
        state.liveCrop = QImage();
        state.score.reset();
        m_window.booth()->setState(state);
        m_traveler.showCameraOff();
    }
    if (d == inspection::Decision::Verified) {
        // F1 carries what was checked on a second look (BoothView::verify), never a free reason.
        m_s.service.decide(m_shownTraveler, d, {}, note.toStdString(),
                           inspection::parseSecondLookCheck(reason.toStdString()));
        return;
    }
    m_s.service.decide(m_shownTraveler, d, reason.toStdString(), note.toStdString());
}

void BoothController::showDecisionRecorded(const booth::DecisionRecorded& recorded) {
    using inspection::Decision;
    if (recorded.decision == Decision::Abandoned) {
        // Not a decision: the appointment is not processed, and the officer learns the traveler went undecided.
        QString why;
        switch (recorded.abandoned) {
        case inspection::AbandonReason::NextTraveler:
            why = tr("a new traveler stepped up");
            break;
        case inspection::AbandonReason::Dismissed:
            why = tr("cleared with Esc");
            break;
        case inspection::AbandonReason::SignedOut:
            why = tr("the officer signed out");
            break;
        case inspection::AbandonReason::Unknown:
            break;
        }
        m_window.showNotice(
            tr("The previous traveler was analysed but not decided (%1): recorded as abandoned.").arg(why));
        return;
    }
    if (recorded.appointmentId) {
        m_decided.insert(*recorded.appointmentId);
        m_window.manifest()->markProcessed(QString::fromStdString(*recorded.appointmentId));
    }
    if (recorded.decision == Decision::OptOut && recorded.framesAnalysedBeforeOptOut) {
        const int frames = *recorded.framesAnalysedBeforeOptOut;
        m_window.showNotice(
            frames == 0 ? tr("Opt-out recorded before any frame of the traveler was analysed: no image was taken.")
                        : tr("Opt-out recorded: analysis stopped (frames with a face analysed: %1); no image is "
                             "kept.")
                              .arg(frames));
        return;
    }
    m_window.showNotice(tr("Decision recorded: %1").arg(decisionWords(recorded.decision)));
}

void BoothController::resetForNextTraveler(booth::TravelerSerial serial) {
    m_shownTraveler = serial;
    m_optedOut = false;
    m_resultShown = false;
    m_window.booth()->reset();
    m_traveler.setLanguage(QStringLiteral("en"));
    m_traveler.showWelcome();
    m_travelerSince = QDateTime::currentDateTimeUtc();
}

void BoothController::showManifest(const std::shared_ptr<std::map<std::string, EntryView>>& entries,
                                   const std::set<std::string>& decided) {
    m_entries = std::move(*entries);
    m_decided.insert(decided.begin(), decided.end());
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
        r.name = card(e).name;
        r.ageYears = booth::ageFromIsoDate(e.dateOfBirth, now).value_or(0);
        r.nationality = QString::fromStdString(e.nationality);
        r.document = QString::fromStdString(e.documentNumber);
        r.lane = QString::fromStdString(e.lane).toInt();
        rows.push_back(r);
    }
    m_window.manifest()->setRows(rows, toQt(m_s.clock.now()));
}

void BoothController::refreshStatus() {
    const auto now = m_s.clock.now();
    m_window.manifest()->setNow(toQt(now));
    const auto core = m_s.service.status();
    StationStatus s;
    s.port = QString::fromStdString(m_s.port);
    s.lane = m_s.laneNumber;
    s.officer = QString::fromStdString(m_officer);
    s.demo = m_s.demo;
    s.manifestStaleHours = m_s.manifestStaleHours;
    s.online = core.online;
    s.offlineSince = toQt(core.offlineSince.value_or(now));
    if (core.manifestIssued) {
        s.manifestIssued = toQt(*core.manifestIssued);
    }
    if (core.manifestExpiredAt) {
        s.manifestExpiredAt = toQt(*core.manifestExpiredAt);
    }
    s.outboxDepth = static_cast<int>(core.outboxDepth);
    if (core.oldestPending) {
        s.oldestPending = toQt(*core.oldestPending);
    }
    if (core.lastUpload) {
        s.lastUpload = toQt(*core.lastUpload);
    }
    if (core.nextUpload) {
        s.nextUpload = toQt(*core.nextUpload);
    }
    if (core.uploadsHalted) {
        s.uploadsStopped = ErrorText::forError(*core.uploadsHalted);
    }
    s.cameraUp = core.cameraUp;
    s.cameraFps = core.cameraFps;
    m_window.status()->setStatus(s, toQt(now));
}

} // namespace portico::ui
