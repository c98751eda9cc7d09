// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ReportPdf.h"

#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QTextOption>

namespace portico::ui {

namespace {

QString pct(double rate) {
    return QString::number(rate * 100.0, 'f', 1) + QStringLiteral("%");
}

QString num(std::int64_t n) {
    return QString::number(n);
}

QString cell(const QString& s) {
    return QStringLiteral("<td>") + s.toHtmlEscaped() + QStringLiteral("</td>");
}

/// A figure ("10.4%", "1284", "8400 ms"): never wrapped, so "5.5%" cannot become "5." over "5%".
QString figure(const QString& s) {
    return QStringLiteral("<td style='white-space: nowrap'>") + s.toHtmlEscaped() + QStringLiteral("</td>");
}

QString groupLabel(const std::string& key) {
    // Keys are "lane:2", "age:80+", "sex:F": show the part after the colon.
    const auto colon = key.find(':');
    return QString::fromStdString(colon == std::string::npos ? key : key.substr(colon + 1));
}

QString ms(const std::optional<double>& v) {
    return v ? QString::number(*v, 'f', 0) + QStringLiteral(" ms") : QStringLiteral("–");
}

} // namespace

QString ReportPdf::html(const review::DailyStats& s) {
    QString h;
    h += QStringLiteral("<html><body style='font-family: sans-serif; font-size: 9pt'>");
    h += QStringLiteral("<h2>") + tr("Daily operations report").toHtmlEscaped() + QStringLiteral("</h2>");
    h += QStringLiteral("<p>") +
         tr("Day %1 (UTC) · port %2 · lane %3")
             .arg(QString::fromStdString(s.day), s.port.empty() ? tr("all") : QString::fromStdString(s.port),
                  s.lane ? QString::number(*s.lane) : tr("all"))
             .toHtmlEscaped() +
         QStringLiteral("</p>");
    h += QStringLiteral("<p>") +
         tr("Aggregates only: no names, photos, templates or document numbers.").toHtmlEscaped() +
         QStringLiteral("</p>");

    const review::OutcomeCounts& o = s.overall;
    h += QStringLiteral("<h3>") + tr("Overall").toHtmlEscaped() +
         QStringLiteral("</h3><table border='1' "
                        "cellpadding='3' "
                        "cellspacing='0'>");
    const auto row = [&](const QString& label, const QString& value) {
        h += QStringLiteral("<tr>") + cell(label) + figure(value) + QStringLiteral("</tr>");
    };
    row(tr("Travelers processed"), num(o.processed));
    row(tr("Opt-outs"), num(o.optOuts));
    row(tr("Opt-outs declared before any analysis"), num(o.optOutsBeforeAnalysis));
    row(tr("Analysed but not decided (abandoned)"), num(o.abandoned));
    row(tr("Biometric attempts"), num(o.attempts));
    row(tr("Match rate"), pct(o.matchRate()));
    row(tr("No-match rate"), pct(o.noMatchRate()));
    row(tr("Failure to acquire"), pct(o.ftaRate()));
    row(tr("Non-match rate (no match + failure to acquire)"), pct(o.nonMatchRate()));
    row(tr("Officer referrals"), num(o.referred));
    row(tr("Review cases"), num(o.reviewCases));
    row(tr("Unresolved"), num(o.reviewOpen));
    row(tr("Identity confirmed"), num(o.confirmed));
    row(tr("Not confirmed, to secondary"), num(o.notConfirmed));
    row(tr("Inconclusive"), num(o.inconclusive));
    row(tr("Review overturn rate"), pct(o.overturnRate()));
    h += QStringLiteral("</table>");

    const auto groupTable = [&](const QString& title, const QString& groupHeader,
                                const std::vector<review::GroupStats>& groups) {
        // The whole text width, and headers wrapped only between words: a header word is never cut ("Proce" over
        // "ssed"), whatever the language.
        h += QStringLiteral("<h3>") + title.toHtmlEscaped() +
             QStringLiteral("</h3><table border='1' cellpadding='2' cellspacing='0' width='100%' "
                            "style='font-size: 8pt'><tr>");
        for (const QString& head : {groupHeader, tr("Processed"), tr("Attempts"), tr("Match"), tr("No match"),
                                    tr("FTA"), tr("Non-match"), tr("Opt-outs"), tr("Resolved"), tr("Overturn")}) {
            h += QStringLiteral("<th>") + head.toHtmlEscaped() + QStringLiteral("</th>");
        }
        h += QStringLiteral("</tr>");
        for (const auto& g : groups) {
            const auto& c = g.counts;
            h += QStringLiteral("<tr>") + figure(groupLabel(g.key)) + figure(num(c.processed)) +
                 figure(num(c.attempts)) + figure(pct(c.matchRate())) + figure(pct(c.noMatchRate())) +
                 figure(pct(c.ftaRate())) + figure(pct(c.nonMatchRate())) + figure(num(c.optOuts)) +
                 figure(num(c.reviewResolved)) + figure(pct(c.overturnRate())) + QStringLiteral("</tr>");
        }
        h += QStringLiteral("</table>");
    };
    groupTable(tr("Per lane"), tr("Lane"), s.perLane);
    groupTable(tr("Per age band"), tr("Age band"), s.perAgeBand);
    groupTable(tr("Per sex"), tr("Sex"), s.perSex);

    h += QStringLiteral("<h3>") + tr("Alarms").toHtmlEscaped() + QStringLiteral("</h3>");
    h += QStringLiteral("<p>") +
         tr("A group alarms when its rate exceeds %1 × the overall rate, judged only with at least %2 attempts and "
            "%3 non-matches (non-match), or %4 resolved cases and %5 overturns (overturn).")
             .arg(QString::number(s.rule.factor, 'f', 1), num(s.rule.minAttempts), num(s.rule.minNonMatches),
                  num(s.rule.minResolved), num(s.rule.minOverturns))
             .toHtmlEscaped() +
         QStringLiteral("</p>");
    if (s.alarms.empty()) {
        h += QStringLiteral("<p>") + tr("No alarm.").toHtmlEscaped() + QStringLiteral("</p>");
    } else {
        h += QStringLiteral("<ul>");
        for (const auto& a : s.alarms) {
            const QString what =
                a.kind == review::AlarmKind::Overturn ? tr("review overturn rate") : tr("non-match rate");
            h += QStringLiteral("<li>") +
                 tr("%1: %2 %3 against %4 overall (%5 of %6)")
                     .arg(QString::fromStdString(a.key), what, pct(a.rate), pct(a.overall), num(a.events),
                          num(a.denominator))
                     .toHtmlEscaped() +
                 QStringLiteral("</li>");
        }
        h += QStringLiteral("</ul>");
    }

    h += QStringLiteral("<h3>") + tr("Capture health").toHtmlEscaped() +
         QStringLiteral("</h3><table border='1' cellpadding='3' cellspacing='0'>");
    row(tr("Capture to decision, median (records: %1)").arg(s.capture.samples), ms(s.capture.captureToDecisionP50Ms));
    row(tr("Capture to decision, 90th percentile"), ms(s.capture.captureToDecisionP90Ms));
    row(tr("Time to good capture, median (records: %1)").arg(s.capture.timeToCaptureSamples),
        ms(s.capture.timeToCaptureP50Ms));
    row(tr("Time to good capture, 90th percentile"), ms(s.capture.timeToCaptureP90Ms));
    h += QStringLiteral("</table></body></html>");
    return h;
}

bool ReportPdf::write(const review::DailyStats& stats, const QString& path, QString* error) {
    QFile probe(path);
    if (!probe.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error) {
            *error = probe.errorString();
        }
        return false;
    }
    probe.close();
    {
        QPdfWriter writer(path); // the file is complete when the writer goes out of scope
        writer.setCreator(QStringLiteral("Portico"));
        writer.setTitle(tr("Daily operations report %1").arg(QString::fromStdString(stats.day)));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(150);
        // Laid out on the page's printable width (at the 96 dpi QTextDocument lays out in; print() scales it to
        // the writer), and wrapped only between words: a header is never cut inside a word ("Proce" / "ssed").
        QTextDocument doc;
        doc.setDocumentMargin(0);
        doc.setPageSize(writer.pageLayout().paintRectPixels(96).size());
        QTextOption wrap = doc.defaultTextOption();
        wrap.setWrapMode(QTextOption::WordWrap);
        doc.setDefaultTextOption(wrap);
        doc.setHtml(html(stats));
        doc.print(&writer);
    }
    if (QFile(path).size() <= 0) {
        if (error) {
            *error = QStringLiteral("the PDF writer produced no output");
        }
        return false;
    }
    return true;
}

} // namespace portico::ui
