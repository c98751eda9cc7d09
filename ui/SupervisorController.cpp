// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SupervisorController.h"

#include "booth/BoothPolicy.h"
#include "booth/Lane.h"
#include "common/Log.h"
#include "review/DailyReport.h"
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

QImage imageOf(const std::optional<store::Bytes>& bytes) {
    if (!bytes || bytes->empty()) {
        return {};
    }
    return QImage::fromData(bytes->data(), static_cast<int>(bytes->size()));
}
} // namespace

SupervisorController::SupervisorController(SupervisorServices services, ReviewView& review, StatsView& stats,
                                           QObject* parent)
    : QObject(parent), m_s(std::move(services)), m_review(review), m_stats(stats) {
    connect(&m_review, &ReviewView::caseSelected, this, &SupervisorController::openCase);
    connect(&m_review, &ReviewView::claimRequested, this, &SupervisorController::claim);
    connect(&m_review, &ReviewView::releaseRequested, this, &SupervisorController::release);
    connect(&m_review, &ReviewView::resolveRequested, this, &SupervisorController::resolve);
    connect(&m_review, &ReviewView::refreshRequested, this, &SupervisorController::refreshQueue);
    connect(&m_stats, &StatsView::dayChanged, this, &SupervisorController::refreshStats);
    connect(&m_stats, &StatsView::exportRequested, this, &SupervisorController::exportReport);
    connect(&m_timer, &QTimer::timeout, this, &SupervisorController::refreshQueue);
}

SupervisorController::~SupervisorController() = default;

void SupervisorController::start(const auth::Session& supervisor) {
    m_session = supervisor;
    refreshQueue();
    refreshStats(m_stats.day());
    m_timer.start(10000);
}

void SupervisorController::fail(ErrorCode code) {
    m_review.showError(ErrorText::forCode(code));
}

void SupervisorController::refreshQueue() {
    updateLaneHealth();
    if (!m_session) {
        return;
    }
    m_worker.post([this, session = *m_session] {
        auto cases = m_s.queue.list(session);
        auto summary = m_s.queue.summary(session);
        if (!cases || !summary) {
            const ErrorCode code = !cases ? cases.code() : summary.code();
            QMetaObject::invokeMethod(
                this, [this, code] { fail(code); }, Qt::QueuedConnection);
            return;
        }
        const auto now = m_s.clock.now();
        QList<ReviewListRow> rows;
        for (const auto& c : cases.value()) {
            if (c.state == review::CaseState::Resolved) {
                continue;
            }
            ReviewListRow r;
            r.caseId = QString::fromStdString(c.id);
            r.waiting = minutes(c.timeInQueue(now));
            r.lane = c.lane;
            r.reasons = reasonWords(c.reasons);
            r.outcome = outcomeWords(c.outcome);
            r.state = stateWords(c);
            r.mine = c.claimedBy && *c.claimedBy == session.username;
            rows.push_back(r);
        }
        const auto& s = summary.value();
        // One phrase per count, so each takes its own plural ("1 abierto", "2 abiertos").
        const QString text = QStringList{tr("%n open", nullptr, static_cast<int>(s.open)),
                                         tr("%n claimed", nullptr, static_cast<int>(s.claimed)),
                                         tr("%n resolved today", nullptr, static_cast<int>(s.resolvedToday)),
                                         tr("oldest waiting %1").arg(minutes(s.oldestOpen))}
                                 .join(QStringLiteral(" · "));
        QMetaObject::invokeMethod(
            this,
            [this, rows, text] {
                m_review.setSummary(text);
                m_review.setCases(rows);
            },
            Qt::QueuedConnection);
    });
}

void SupervisorController::openCase(const QString& caseId) {
    m_worker.post([this, id = caseId.toStdString()] { showCaseOnWorker(id); });
}

void SupervisorController::showCaseOnWorker(const std::string& caseId) {
    const auto session = *m_session;
    auto ev = m_s.queue.evidence(session, caseId);
    if (!ev) {
        QMetaObject::invokeMethod(
            this, [this, code = ev.code()] { fail(code); }, Qt::QueuedConnection);
        return;
    }
    const auto& e = ev.value();
    const auto& in = e.inspection;
    ReviewCaseDetail d;
    d.caseId = QString::fromStdString(caseId);
    d.state = e.reviewCase.state;
    d.claimedBy = QString::fromStdString(e.reviewCase.claimedBy.value_or(""));
    d.claimedByMe = e.reviewCase.claimedBy && *e.reviewCase.claimedBy == session.username;
    const auto& details = in.details;
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
    // The manifest entries of the case's port: the matched traveler and the look-alikes the search ranked high.
    // Only those entries are opened (one keyed query each), not the port's whole manifest.
    std::map<std::string, std::optional<manifest::ManifestEntry>> entries;
    auto findEntry = [this, &entries, &in](const std::string& appointment) -> const manifest::ManifestEntry* {
        auto it = entries.find(appointment);
        if (it == entries.end()) {
            auto one = m_s.manifests.entry(in.port, appointment);
            it = entries.emplace(appointment, one ? std::move(one.value()) : std::nullopt).first;
        }
        return it->second ? &*it->second : nullptr;
    };
    auto photoOf = [this](const manifest::ManifestEntry& entry) {
        if (entry.photoIds.empty()) {
            return QImage();
        }
        auto photo = m_s.manifests.photo(entry.photoIds.front());
        return photo && photo.value() ? imageOf(*photo.value()) : QImage();
    };
    auto nameOf = [](const manifest::ManifestEntry& entry) {
        return QStringLiteral("%1, %2").arg(QString::fromStdString(entry.surname).toUpper(),
                                            QString::fromStdString(entry.givenNames));
    };
    if (in.appointmentId) {
        d.traveler = tr("Appointment %1").arg(QString::fromStdString(*in.appointmentId));
        if (const auto* entry = findEntry(*in.appointmentId)) {
            d.traveler += QStringLiteral(" · %1 · %2").arg(nameOf(*entry), QString::fromStdString(entry->nationality));
            d.gallery = photoOf(*entry);
        }
    } else {
        d.traveler = tr("No manifest entry was matched or selected");
    }
    for (const auto& c : details.candidates) {
        LookAlike l;
        const auto* entry = findEntry(c.appointmentId);
        l.label = QString::number(c.score, 'f', 3);
        l.name = entry ? nameOf(*entry) : QString::fromStdString(c.appointmentId);
        if (entry) {
            l.photo = photoOf(*entry);
        }
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
    QMetaObject::invokeMethod(
        this, [this, d] { m_review.showCase(d); }, Qt::QueuedConnection);
}

void SupervisorController::transition(const QString& caseId, Transition act) {
    m_worker.post([this, id = caseId.toStdString(), act = std::move(act)] {
        auto done = act(m_s.queue, *m_session, id);
        if (!done) {
            QMetaObject::invokeMethod(
                this, [this, code = done.code()] { fail(code); }, Qt::QueuedConnection);
        }
        showCaseOnWorker(id);
        QMetaObject::invokeMethod(
            this, [this] { refreshQueue(); }, Qt::QueuedConnection);
    });
}

void SupervisorController::claim(const QString& caseId) {
    transition(caseId,
               [](review::ReviewQueue& q, const auth::Session& s, const std::string& id) { return q.claim(s, id); });
}

void SupervisorController::release(const QString& caseId) {
    transition(caseId,
               [](review::ReviewQueue& q, const auth::Session& s, const std::string& id) { return q.release(s, id); });
}

void SupervisorController::resolve(const QString& caseId, review::Resolution resolution, const QString& note) {
    m_worker.post([this, id = caseId.toStdString(), resolution, note = note.toStdString()] {
        auto done = m_s.queue.resolve(*m_session, id, resolution, note);
        if (!done) {
            QMetaObject::invokeMethod(
                this, [this, code = done.code()] { fail(code); }, Qt::QueuedConnection);
            return;
        }
        showCaseOnWorker(id);
        QMetaObject::invokeMethod(
            this,
            [this] {
                refreshQueue();
                refreshStats(m_stats.day());
            },
            Qt::QueuedConnection);
    });
}

void SupervisorController::updateLaneHealth() {
    if (m_s.laneHealth) {
        m_stats.setLaneHealth(m_s.laneHealth());
    }
}

void SupervisorController::refreshStats(const QDate& day) {
    if (!m_session) {
        return;
    }
    updateLaneHealth();
    const std::chrono::year_month_day ymd{std::chrono::year(day.year()),
                                          std::chrono::month(static_cast<unsigned>(day.month())),
                                          std::chrono::day(static_cast<unsigned>(day.day()))};
    m_worker.post([this, ymd, session = *m_session] {
        review::StatsOptions options;
        options.port = m_s.port;
        auto stats = m_s.monitoring.daily(ymd, options);
        auto trends = m_s.trends.list(session, m_s.port);
        QMetaObject::invokeMethod(
            this,
            [this, stats, trends] {
                if (stats) {
                    m_stats.setStats(stats.value());
                } else {
                    m_stats.showMessage(ErrorText::forCode(stats.code()));
                }
                if (trends) {
                    m_stats.setTrends(trends.value(), review::TrendOptions{}.minDistinctSurnames);
                }
            },
            Qt::QueuedConnection);
    });
}

void SupervisorController::exportReport(const QDate& day, const QString& directory) {
    const std::chrono::year_month_day ymd{std::chrono::year(day.year()),
                                          std::chrono::month(static_cast<unsigned>(day.month())),
                                          std::chrono::day(static_cast<unsigned>(day.day()))};
    m_worker.post([this, ymd, directory, session = *m_session] {
        review::StatsOptions options;
        options.port = m_s.port;
        auto stats = m_s.monitoring.daily(ymd, options);
        if (!stats) {
            QMetaObject::invokeMethod(
                this, [this, code = stats.code()] { m_stats.showMessage(ErrorText::forCode(code)); },
                Qt::QueuedConnection);
            return;
        }
        const QString base =
            QDir(directory).filePath(QStringLiteral("portico-daily-%1").arg(QString::fromStdString(stats->day)));
        QFile csv(base + QStringLiteral(".csv"));
        const std::string text = review::dailyReportCsv(stats.value());
        const bool csvOk = csv.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                           csv.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size());
        csv.close();
        (void)review::auditReportExport(m_s.audit, m_s.clock, session.username, stats.value(), {"csv", "pdf"});
        // The PDF is drawn on the GUI thread (fonts and painting belong there).
        QMetaObject::invokeMethod(
            this,
            [this, base, csvOk, s = stats.value()] {
                QString error;
                const bool pdfOk = ReportPdf::write(s, base + QStringLiteral(".pdf"), &error);
                if (csvOk && pdfOk) {
                    m_stats.showMessage(tr("Daily report saved: %1.pdf and .csv").arg(base));
                } else {
                    log::get("ui")->error("daily report export failed");
                    m_stats.showMessage(ErrorText::forCode(ErrorCode::IoError));
                }
            },
            Qt::QueuedConnection);
    });
}

} // namespace portico::ui
