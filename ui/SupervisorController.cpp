// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SupervisorController.h"

#include "booth/BoothPolicy.h"
#include "booth/Lane.h"
#include "common/Log.h"
#include "store/Database.h"
#include "ui/AppointmentStatus.h"
#include "ui/ErrorText.h"
#include "ui/QualityText.h"
#include "ui/ReportPdf.h"
#include "ui/ReviewView.h"
#include "ui/StatsView.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QMetaObject>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

namespace portico::ui {
namespace {
QString minutes(std::chrono::milliseconds d) {
    const auto m = std::chrono::duration_cast<std::chrono::minutes>(d).count();
    if (m < 60) {
        return SupervisorController::tr("%1 min").arg(m);
    }
    return SupervisorController::tr("%1 h %2 min").arg(m / 60).arg(m % 60);
}

QString reasonWords(const std::vector<inspection::ReviewReason>& reasons) {
    using inspection::ReviewReason;
    QStringList words;
    for (const auto r : reasons) {
        switch (r) {
        case ReviewReason::NoMatch:
            words << SupervisorController::tr("no match");
            break;
        case ReviewReason::Ambiguous:
            words << SupervisorController::tr("two look-alike candidates");
            break;
        case ReviewReason::LowQuality:
            words << SupervisorController::tr("poor photo");
            break;
        case ReviewReason::AgeUnder14:
            words << SupervisorController::tr("child under 14");
            break;
        case ReviewReason::AgeOver79:
            words << SupervisorController::tr("traveler over 79");
            break;
        case ReviewReason::LowLiveness:
            words << SupervisorController::tr("weak liveness evidence");
            break;
        case ReviewReason::DocumentMismatch:
            words << SupervisorController::tr("document disagrees");
            break;
        case ReviewReason::RepeatAppointment:
            words << SupervisorController::tr("booking decided twice");
            break;
        case ReviewReason::OfficerReferral:
            words << SupervisorController::tr("officer referral");
            break;
        case ReviewReason::Abandoned:
            words << SupervisorController::tr("analysed but not decided");
            break;
        case ReviewReason::Unknown:
            words << QString::fromLatin1(inspection::reviewReasonName(r));
            break;
        }
    }
    return words.join(QStringLiteral(", "));
}

QString stateWords(const review::ReviewCase& c) {
    switch (c.state) {
    case review::CaseState::Open:
        return SupervisorController::tr("open");
    case review::CaseState::Claimed:
        return SupervisorController::tr("claimed by %1").arg(QString::fromStdString(c.claimedBy.value_or("")));
    case review::CaseState::Resolved:
        return SupervisorController::tr("resolved");
    default:
        return {};
    }
}

QString resolutionWords(review::Resolution r) {
    switch (r) {
    case review::Resolution::IdentityConfirmed:
        return SupervisorController::tr("identity confirmed");
    case review::Resolution::NotConfirmedSecondary:
        return SupervisorController::tr("not confirmed → secondary inspection");
    case review::Resolution::Inconclusive:
        return SupervisorController::tr("inconclusive");
    default:
        return {};
    }
}

QString outcomeWords(inspection::Outcome outcome) {
    switch (outcome) {
    case inspection::Outcome::Match:
        return SupervisorController::tr("match");
    case inspection::Outcome::NoMatch:
        return SupervisorController::tr("no match");
    case inspection::Outcome::Ambiguous:
        return SupervisorController::tr("two candidates");
    case inspection::Outcome::LowQuality:
        return SupervisorController::tr("poor photo");
    case inspection::Outcome::Unavailable:
        return SupervisorController::tr("matcher unavailable");
    case inspection::Outcome::None:
    case inspection::Outcome::Unknown:
        break;
    }
    return SupervisorController::tr("no biometric check");
}

QString oneIn(double fmr) {
    return fmr > 0 ? QLocale().toString(1.0 / fmr, 'f', 0) : QStringLiteral("—");
}

QImage imageOf(const store::Bytes& bytes) {
    return bytes.empty() ? QImage() : QImage::fromData(bytes.data(), static_cast<int>(bytes.size()));
}

QImage imageOf(const std::optional<store::Bytes>& bytes) {
    return bytes ? imageOf(*bytes) : QImage();
}

QString nameOf(const manifest::ManifestEntry& entry) {
    return QStringLiteral("%1, %2").arg(QString::fromStdString(entry.surname).toUpper(),
                                        QString::fromStdString(entry.givenNames));
}

std::chrono::year_month_day ymdOf(const QDate& day) {
    return std::chrono::year_month_day{std::chrono::year(day.year()),
                                       std::chrono::month(static_cast<unsigned>(day.month())),
                                       std::chrono::day(static_cast<unsigned>(day.day()))};
}

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;
} // namespace

SupervisorController::SupervisorController(SupervisorServices services, ReviewView& review, StatsView& stats,
                                           QObject* parent)
    : QObject(parent), m_s(std::move(services)), m_review(review), m_stats(stats) {
    connect(&m_review, &ReviewView::caseSelected, this,
            [this](const QString& id) { m_s.service.openCase(id.toStdString()); });
    connect(&m_review, &ReviewView::claimRequested, this,
            [this](const QString& id) { m_s.service.claim(id.toStdString()); });
    connect(&m_review, &ReviewView::releaseRequested, this,
            [this](const QString& id) { m_s.service.release(id.toStdString()); });
    connect(&m_review, &ReviewView::resolveRequested, this,
            [this](const QString& id, review::Resolution resolution, const QString& note) {
                m_s.service.resolve(id.toStdString(), resolution, note.toStdString());
            });
    connect(&m_review, &ReviewView::refreshRequested, this, &SupervisorController::refreshQueue);
    connect(&m_stats, &StatsView::dayChanged, this, &SupervisorController::refreshStats);
    connect(&m_stats, &StatsView::exportRequested, this, [this](const QDate& day, const QString& directory) {
        m_s.service.exportReport(ymdOf(day), directory.toStdString());
    });
    connect(&m_timer, &QTimer::timeout, this, &SupervisorController::refreshQueue);
    m_s.service.setListener([this](const review::ReviewEvent& e) { onEvent(e); });
}

SupervisorController::~SupervisorController() {
    m_s.service.setListener({}); // waits for an event in flight; none follows
}

void SupervisorController::start(const auth::Session& supervisor) {
    m_supervisor = supervisor.username;
    m_s.service.start(supervisor);
    refreshQueue();
    refreshStats(m_stats.day());
    m_timer.start(10000);
}

void SupervisorController::stop() {
    m_timer.stop();
    m_supervisor.clear();
}

void SupervisorController::refreshQueue() {
    updateLaneHealth();
    m_s.service.refreshQueue();
}

void SupervisorController::refreshStats(const QDate& day) {
    updateLaneHealth();
    m_s.service.refreshStats(ymdOf(day));
}

void SupervisorController::updateLaneHealth() {
    if (m_s.laneHealth) {
        m_stats.setLaneHealth(m_s.laneHealth());
    }
}

void SupervisorController::onEvent(const review::ReviewEvent& event) {
    // Review thread: the words and images are made here, the widgets are updated on the GUI thread.
    const auto post = [this](auto f) { QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection); };
    std::visit(Overloaded{
                   [&](const review::QueueLoaded& e) {
                       auto [rows, text] = queueRows(e);
                       post([this, rows = std::move(rows), text = std::move(text)] {
                           m_review.setSummary(text);
                           m_review.setCases(rows);
                       });
                   },
                   [&](const review::CaseShown& e) { post([this, d = caseDetail(e)] { m_review.showCase(d); }); },
                   [&](const review::ReviewFailed& e) {
                       post([this, code = e.code] { m_review.showError(ErrorText::forCode(code)); });
                   },
                   [&](const review::StatsLoaded& e) {
                       post([this, e] {
                           if (e.stats) {
                               m_stats.setStats(*e.stats);
                           } else {
                               m_stats.showMessage(ErrorText::forCode(e.statsError));
                           }
                           if (e.trends) {
                               m_stats.setTrends(*e.trends, review::TrendOptions{}.minDistinctSurnames);
                           }
                       });
                   },
                   [&](const review::ReportReady& e) {
                       // The PDF is drawn on the GUI thread (fonts and painting belong there).
                       post([this, e] {
                           const QString base = QString::fromStdString(e.basePath.string());
                           QString error;
                           const bool pdfOk = ReportPdf::write(e.stats, base + QStringLiteral(".pdf"), &error);
                           if (e.csvWritten && pdfOk) {
                               m_stats.showMessage(tr("Daily report saved: %1.pdf and .csv").arg(base));
                           } else {
                               log::get("ui")->error("daily report export failed");
                               m_stats.showMessage(ErrorText::forCode(ErrorCode::IoError));
                           }
                       });
                   },
                   [&](const review::ReportFailed& e) {
                       post([this, code = e.code] { m_stats.showMessage(ErrorText::forCode(code)); });
                   },
               },
               event);
}

std::pair<QList<ReviewListRow>, QString> SupervisorController::queueRows(const review::QueueLoaded& e) const {
    const auto now = m_s.clock.now();
    QList<ReviewListRow> rows;
    for (const auto& c : e.cases) {
        ReviewListRow r;
        r.caseId = QString::fromStdString(c.id);
        r.waiting = minutes(c.timeInQueue(now));
        r.lane = c.lane;
        r.reasons = reasonWords(c.reasons);
        r.outcome = outcomeWords(c.outcome);
        r.state = stateWords(c);
        r.mine = c.claimedBy && *c.claimedBy == m_supervisor;
        rows.push_back(r);
    }
    const auto& s = e.summary;
    // One phrase per count, so each takes its own plural ("1 abierto", "2 abiertos").
    const QString text = QStringList{tr("%n open", nullptr, static_cast<int>(s.open)),
                                     tr("%n claimed", nullptr, static_cast<int>(s.claimed)),
                                     tr("%n resolved today", nullptr, static_cast<int>(s.resolvedToday)),
                                     tr("oldest waiting %1").arg(minutes(s.oldestOpen))}
                             .join(QStringLiteral(" · "));
    return {rows, text};
}

ReviewCaseDetail SupervisorController::caseDetail(const review::CaseShown& shown) const {
    const auto& e = shown.evidence;
    const auto& in = e.inspection;
    const auto& details = in.details;
    ReviewCaseDetail d;
    d.caseId = QString::fromStdString(e.reviewCase.id);
    d.state = e.reviewCase.state;
    d.claimedBy = QString::fromStdString(e.reviewCase.claimedBy.value_or(""));
    d.claimedByMe = shown.claimedByMe;
    d.live = imageOf(e.capturePhoto);
    if (!d.live.isNull() && details.faceBox) {
        // Framed like the manifest photo (the booth's own framing), so the faces compare at the same scale; the
        // whole capture stays in the record.
        const auto& box = *details.faceBox;
        const cv::Rect r =
            booth::displayFrame(cv::Rect2f(static_cast<float>(box.x), static_cast<float>(box.y),
                                           static_cast<float>(box.width), static_cast<float>(box.height)),
                                cv::Size(d.live.width(), d.live.height()));
        if (r.area() > 0) {
            d.live = d.live.copy(r.x, r.y, r.width, r.height);
        }
    }
    if (d.live.isNull()) {
        d.liveMissing = in.optedOut             ? tr("none: the traveler opted out")
                        : in.biometricsPurgedAt ? tr("deleted by the retention policy")
                        : in.citizen            ? tr("not kept (U.S. citizen)")
                                                : tr("none");
    }
    d.reasons = reasonWords(e.reviewCase.reasons);
    if (const auto& prior = details.prior) {
        // A repeat: what this station decided about the same booking first, and when.
        d.reasons += QStringLiteral(" — ") + tr("first decided %1 at %2")
                                                 .arg(AppointmentStatus::decisionLabel(prior->decision),
                                                      QDateTime::fromMSecsSinceEpoch(store::toMs(prior->decidedAt))
                                                          .toLocalTime()
                                                          .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    }
    if (in.appointmentId) {
        d.traveler = tr("Appointment %1").arg(QString::fromStdString(*in.appointmentId));
        if (shown.traveler) {
            d.traveler += QStringLiteral(" · %1 · %2")
                              .arg(nameOf(*shown.traveler), QString::fromStdString(shown.traveler->nationality));
            d.gallery = imageOf(shown.travelerPhoto);
        }
    } else {
        d.traveler = tr("No manifest entry was matched or selected");
    }
    for (const auto& c : shown.lookAlikes) {
        LookAlike l;
        l.label = QString::number(c.candidate.score, 'f', 3);
        l.name = c.entry ? nameOf(*c.entry) : QString::fromStdString(c.candidate.appointmentId);
        l.photo = imageOf(c.photo);
        d.lookAlikes << l;
    }
    if (in.score && details.threshold) {
        const auto& t = *details.threshold;
        // The odds the officer was shown: a false candidate per search at the day's gallery size. Records made before
        // those were kept give the per-comparison rate alone.
        d.scores = t.oneIn && t.gallerySize
                       ? tr("score %1 against threshold %2 (false-match rate %3 per comparison; 1 in %4 chance of a "
                            "false candidate at the gallery of %5)")
                             .arg(*in.score, 0, 'f', 3)
                             .arg(t.score, 0, 'f', 3)
                             .arg(t.fmr, 0, 'g', 2)
                             .arg(QLocale().toString(std::max(1.0, *t.oneIn), 'f', 0))
                             .arg(QLocale().toString(static_cast<qulonglong>(*t.gallerySize)))
                       : tr("score %1 against threshold %2 (false-match rate %3 per comparison, 1 in %4)")
                             .arg(*in.score, 0, 'f', 3)
                             .arg(t.score, 0, 'f', 3)
                             .arg(t.fmr, 0, 'g', 2)
                             .arg(oneIn(t.fmr));
    } else {
        d.scores = tr("no score (%1)").arg(outcomeWords(in.outcome));
    }
    d.documentMissing = in.docScore ? tr("compared at the booth, not stored") : tr("none");
    if (in.docScore && in.docThreshold) {
        d.documentScore = tr("score %1 against threshold %2 (1 in %3)")
                              .arg(*in.docScore, 0, 'f', 3)
                              .arg(*in.docThreshold, 0, 'f', 3)
                              .arg(oneIn(in.docFmr.value_or(0.0)));
    }
    if (in.liveness) {
        d.liveness =
            tr("%1 (below %2 counts as weak)").arg(*in.liveness, 0, 'f', 2).arg(booth::kWeakLivenessBelow, 0, 'f', 1);
    }
    d.quality = QualityText::summary(e.qualityJson);
    QStringList note;
    if (!e.referralReason.empty()) {
        note << QString::fromStdString(e.referralReason);
    }
    if (!e.officerNote.empty()) {
        note << QString::fromStdString(e.officerNote);
    }
    d.officerNote = note.join(QStringLiteral(" — "));
    if (e.reviewCase.state == review::CaseState::Resolved) {
        d.resolution = resolutionWords(e.reviewCase.resolution) + QStringLiteral(": ") +
                       QString::fromStdString(e.resolutionNote.value_or(""));
    }
    return d;
}

} // namespace portico::ui
