// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/StatsView.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace portico::ui {
namespace {
QString percent(double rate) {
    return QLocale().toString(rate * 100.0, 'f', 1) + QStringLiteral(" %");
}

QString groupName(const std::string& key) {
    const QString k = QString::fromStdString(key);
    if (k.startsWith(QStringLiteral("lane:"))) {
        return StatsView::tr("Lane %1").arg(k.mid(5));
    }
    if (k == QStringLiteral("age:unknown")) {
        return StatsView::tr("Age unknown");
    }
    if (k.startsWith(QStringLiteral("age:"))) {
        return StatsView::tr("Age %1").arg(k.mid(4));
    }
    if (k == QStringLiteral("sex:unknown")) {
        return StatsView::tr("Sex unknown");
    }
    if (k.startsWith(QStringLiteral("sex:"))) {
        return StatsView::tr("Sex %1").arg(k.mid(4));
    }
    return k;
}

QString alarmText(const review::GroupAlarm& a) {
    const QString what =
        a.kind == review::AlarmKind::Overturn ? StatsView::tr("review-overturn rate") : StatsView::tr("non-match rate");
    return StatsView::tr("⚠ %1: %2 %3 (%4 of %5) is more than twice the overall %6")
        .arg(groupName(a.key), what, percent(a.rate))
        .arg(a.events)
        .arg(a.denominator)
        .arg(percent(a.overall));
}
} // namespace

StatsView::StatsView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("statsView"));
    auto* root = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Day (UTC):"), this));
    m_day = new QDateEdit(QDate::currentDate(), this);
    m_day->setObjectName(QStringLiteral("statsDay"));
    m_day->setCalendarPopup(true);
    m_day->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    top->addWidget(m_day);
    auto* exportButton = new QPushButton(tr("Export daily report… (Ctrl+E)"), this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    top->addWidget(exportButton);
    top->addStretch(1);
    root->addLayout(top);
    m_overall = new QLabel(this);
    m_overall->setObjectName(QStringLiteral("statsOverall"));
    m_overall->setWordWrap(true);
    m_overall->setStyleSheet(QStringLiteral("font-size:12pt;"));
    root->addWidget(m_overall);
    m_alarms = new QLabel(this);
    m_alarms->setObjectName(QStringLiteral("statsAlarms"));
    m_alarms->setWordWrap(true);
    m_alarms->setStyleSheet(QStringLiteral("color:#a01010;font-weight:bold;font-size:12pt;"));
    root->addWidget(m_alarms);

    auto* middle = new QHBoxLayout;
    m_groups = new QTableWidget(0, 7, this);
    m_groups->setObjectName(QStringLiteral("statsGroups"));
    m_groups->setHorizontalHeaderLabels({tr("Group"), tr("Processed"), tr("Match rate"), tr("No match"),
                                         tr("Failure to acquire"), tr("Reviews resolved"), tr("Overturned")});
    m_groups->verticalHeader()->hide();
    m_groups->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_groups->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    middle->addWidget(m_groups, 3);
    auto* chart = new QChart;
    chart->setTitle(tr("Non-match rate by age band (%)"));
    chart->legend()->hide();
    m_chart = new QChartView(chart, this);
    m_chart->setObjectName(QStringLiteral("statsChart"));
    m_chart->setMinimumWidth(380);
    m_chart->setRenderHint(QPainter::Antialiasing);
    middle->addWidget(m_chart, 2);
    root->addLayout(middle, 3);

    m_capture = new QLabel(this);
    m_capture->setObjectName(QStringLiteral("statsCapture"));
    m_capture->setWordWrap(true);
    root->addWidget(m_capture);

    m_laneHealth = new QLabel(this);
    m_laneHealth->setObjectName(QStringLiteral("statsLaneHealth"));
    m_laneHealth->setWordWrap(true);
    m_laneHealth->hide(); // shown once the workstation has a lane camera to report on
    root->addWidget(m_laneHealth);

    m_operatingPoint = new QLabel(this);
    m_operatingPoint->setObjectName(QStringLiteral("statsOperatingPoint"));
    m_operatingPoint->setWordWrap(true);
    m_operatingPoint->hide(); // shown once the workstation states its operating point
    root->addWidget(m_operatingPoint);

    auto* trendTitle = new QLabel(tr("Shared intended addresses — information for your judgement, not a flag on "
                                     "any traveler (never shown at the booth)"),
                                  this);
    trendTitle->setStyleSheet(QStringLiteral("font-weight:bold;"));
    root->addWidget(trendTitle);
    m_trends = new QTableWidget(0, 4, this);
    m_trends->setObjectName(QStringLiteral("statsTrends"));
    m_trends->setHorizontalHeaderLabels(
        {tr("Address (normalised)"), tr("Distinct surnames"), tr("Travelers"), tr("Appointments")});
    m_trends->verticalHeader()->hide();
    m_trends->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_trends->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_trends->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    root->addWidget(m_trends, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("statsMessage"));
    m_message->setWordWrap(true);
    root->addWidget(m_message);

    connect(m_day, &QDateEdit::dateChanged, this, &StatsView::dayChanged);
    connect(exportButton, &QPushButton::clicked, this, &StatsView::exportReport);
    auto* s = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_E), this);
    s->setContext(Qt::WidgetWithChildrenShortcut);
    connect(s, &QShortcut::activated, this, &StatsView::exportReport);
}

QDate StatsView::day() const {
    return m_day->date();
}

void StatsView::showMessage(const QString& text) {
    m_message->setText(text);
}

void StatsView::exportReport() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the daily report"), QString(),
                                                          QFileDialog::DontUseNativeDialog);
    if (!dir.isEmpty()) {
        emit exportRequested(m_day->date(), dir);
    }
}

void StatsView::setStats(const review::DailyStats& s) {
    const auto& o = s.overall;
    // Each count follows its label, so no phrase needs a plural ("Processed 1", "Procesados 1").
    m_overall->setText(tr("Processed %1 · match rate %2 · no match %3 · failure to acquire %4 · opt-outs %5 "
                          "(before any analysis %10) · not decided %11 · referrals %6 · review cases %7 (open %8, "
                          "resolved %9)")
                           .arg(o.processed)
                           .arg(percent(o.matchRate()), percent(o.noMatchRate()), percent(o.ftaRate()))
                           .arg(o.optOuts)
                           .arg(o.referred)
                           .arg(o.reviewCases)
                           .arg(o.reviewOpen)
                           .arg(o.reviewResolved)
                           .arg(o.optOutsBeforeAnalysis)
                           .arg(o.abandoned));
    QStringList alarms;
    for (const auto& a : s.alarms) {
        alarms << alarmText(a);
    }
    m_alarms->setText(alarms.join(QStringLiteral("\n")));
    m_alarms->setVisible(!alarms.isEmpty());

    std::vector<const review::GroupStats*> groups;
    for (const auto* list : {&s.perLane, &s.perAgeBand, &s.perSex}) {
        for (const auto& g : *list) {
            groups.push_back(&g);
        }
    }
    m_groups->setRowCount(static_cast<int>(groups.size()));
    for (int i = 0; i < static_cast<int>(groups.size()); ++i) {
        const auto& g = *groups[static_cast<std::size_t>(i)];
        const auto& c = g.counts;
        const QStringList cells{groupName(g.key),
                                QString::number(c.processed),
                                c.attempts ? percent(c.matchRate()) : QStringLiteral("—"),
                                c.attempts ? percent(c.noMatchRate()) : QStringLiteral("—"),
                                c.attempts ? percent(c.ftaRate()) : QStringLiteral("—"),
                                QString::number(c.reviewResolved),
                                c.reviewResolved ? percent(c.overturnRate()) : QStringLiteral("—")};
        bool alarmed = false;
        for (const auto& a : s.alarms) {
            alarmed = alarmed || a.key == g.key;
        }
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells.at(col));
            if (alarmed) {
                item->setForeground(QColor(0xa0, 0x10, 0x10));
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            m_groups->setItem(i, col, item);
        }
    }

    // Chart: non-match rate per age band, with the overall rate for comparison (the numbers are in the table).
    auto* chart = m_chart->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    auto* set = new QBarSet(tr("Non-match rate"));
    QStringList bands;
    double top = 5.0;
    for (const auto& g : s.perAgeBand) {
        if (g.key == "age:unknown") {
            continue;
        }
        bands << QString::fromStdString(g.key.substr(4));
        const double v = g.counts.nonMatchRate() * 100.0;
        *set << v;
        top = std::max(top, v);
    }
    bands << tr("all");
    *set << s.overall.nonMatchRate() * 100.0;
    top = std::max(top, s.overall.nonMatchRate() * 100.0);
    auto* series = new QBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(3);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(bands);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = new QValueAxis;
    y->setRange(0.0, top * 1.2);
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);

    const auto ms = [](const std::optional<double>& v) {
        return v ? QLocale().toString(*v / 1000.0, 'f', 1) + QStringLiteral(" s") : QStringLiteral("—");
    };
    m_capture->setText(tr("Capture health: time to a good photo median %1 (p90 %2), travelers measured %3 · capture to "
                          "decision median %4")
                           .arg(ms(s.capture.timeToCaptureP50Ms), ms(s.capture.timeToCaptureP90Ms))
                           .arg(s.capture.timeToCaptureSamples)
                           .arg(ms(s.capture.captureToDecisionP50Ms)));
}

void StatsView::setOperatingPoint(const match::OperatingPointSummary& op) {
    const QLocale locale;
    const auto oneIn = [&](double rate) {
        return rate > 0.0 ? locale.toString(1.0 / rate, 'f', 0) : QStringLiteral("—");
    };
    const auto threshold = [&](const match::Threshold& t) {
        QString text = locale.toString(t.score, 'f', 3);
        if (t.clamped) {
            return tr("%1 (clamped: the calibration cannot support this rate)").arg(text);
        }
        return t.estimated ? tr("%1 (estimated)").arg(text) : text;
    };
    QString margin;
    switch (op.marginSource) {
    case match::ThresholdPolicy::MarginSource::Calibrated:
        margin = tr("%1 (derived from the calibration set's scores)").arg(locale.toString(op.ambiguityMargin, 'f', 3));
        break;
    case match::ThresholdPolicy::MarginSource::Configured:
        margin = tr("%1 (set in the station config)").arg(locale.toString(op.ambiguityMargin, 'f', 3));
        break;
    case match::ThresholdPolicy::MarginSource::Fallback:
        margin = tr("%1 (not calibrated)").arg(locale.toString(op.ambiguityMargin, 'f', 3));
        break;
    }
    const QString rates =
        tr("Matching operating point · 1:1: false-match rate 1 in %1 (threshold %2) · 1:N: a false candidate in 1 of "
           "%3 searches (threshold %4 for %5 travelers, %6 for %7)")
            .arg(oneIn(op.verification.fmr), threshold(op.verification), oneIn(op.config.identificationFpir),
                 threshold(op.identificationSmall))
            .arg(locale.toString(static_cast<qulonglong>(op.identificationSmall.gallerySize)))
            .arg(threshold(op.identificationLarge))
            .arg(locale.toString(static_cast<qulonglong>(op.identificationLarge.gallerySize)));
    const QString limits = tr("1:N thresholds measured up to %1 travelers, estimated by the tail model up to %2 · "
                              "younger than %3 or older than %4: rates × %5 · ambiguity margin %6")
                               .arg(locale.toString(static_cast<qulonglong>(op.largestMeasuredGallery)))
                               .arg(locale.toString(static_cast<qulonglong>(op.largestSupportedGallery)))
                               .arg(op.config.youngerThanYears)
                               .arg(op.config.olderThanYears)
                               .arg(locale.toString(op.config.ageFmrFactor, 'g', 3), margin);
    const QString calibration =
        tr("Calibration: %1 · impostor pairs %2 · built %3")
            .arg(QString::fromStdString(op.table.dataset))
            .arg(locale.toString(static_cast<qulonglong>(op.impostorComparisons)))
            .arg(op.provenance.created.empty() ? QStringLiteral("—") : QString::fromStdString(op.provenance.created));
    m_operatingPoint->setText(rates + QStringLiteral("\n") + limits + QStringLiteral("\n") + calibration);
    m_operatingPoint->show();
}

void StatsView::setLaneHealth(const capture::CaptureHealthSnapshot& h) {
    const auto minutes = [](double seconds) {
        if (seconds >= 3600.0) {
            return tr("%1 h").arg(QLocale().toString(seconds / 3600.0, 'f', 1));
        }
        if (seconds >= 60.0) {
            return tr("%1 min").arg(QLocale().toString(seconds / 60.0, 'f', 0));
        }
        return tr("%1 s").arg(QLocale().toString(seconds, 'f', 0));
    };
    const bool up = h.status == capture::SourceStatus::Streaming;
    QString text = tr("Camera of lane %1 since this workstation started: up %2 % of %3 (%4 now) · disconnections %5 · "
                      "photos taken %6 · failures to acquire %7 · %8 frames/s analysed, analysis p95 %9 ms")
                       .arg(QString::fromStdString(h.lane))
                       .arg(QLocale().toString(100.0 * h.uptimeRatio(), 'f', 1))
                       .arg(minutes(h.observedSeconds))
                       .arg(up ? tr("streaming") : tr("DOWN"))
                       .arg(h.disconnects)
                       .arg(h.captures)
                       .arg(h.failuresToAcquire)
                       .arg(QLocale().toString(h.analysedFps, 'f', 1))
                       .arg(QLocale().toString(h.analysisLatencyP95Ms, 'f', 0));
    m_laneHealth->setText(text);
    m_laneHealth->setStyleSheet(up ? QString() : QStringLiteral("color: #8a4b00; font-weight: bold;"));
    m_laneHealth->show();
}

void StatsView::setTrends(const std::vector<review::AddressTrend>& trends, int minSurnames) {
    m_trends->setRowCount(static_cast<int>(trends.size()));
    for (int i = 0; i < static_cast<int>(trends.size()); ++i) {
        const auto& t = trends[static_cast<std::size_t>(i)];
        QStringList ids;
        for (const auto& id : t.appointmentIds) {
            ids << QString::fromStdString(id);
        }
        const QStringList cells{QString::fromStdString(t.normalisedAddress), QString::number(t.distinctSurnames),
                                QString::number(t.travelers), ids.join(QStringLiteral(", "))};
        for (int col = 0; col < cells.size(); ++col) {
            m_trends->setItem(i, col, new QTableWidgetItem(cells.at(col)));
        }
    }
    m_trends->setToolTip(
        tr("Addresses shared by at least %1 travelers with different surnames within 30 days").arg(minSurnames));
}

} // namespace portico::ui
