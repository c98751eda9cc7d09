// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SyncStatusWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QResizeEvent>
#include <QVBoxLayout>

namespace portico::ui {
namespace {
QString age(qint64 seconds) {
    if (seconds < 90) {
        return SyncStatusWidget::tr("%n s", nullptr, static_cast<int>(seconds));
    }
    if (seconds < 90 * 60) {
        return SyncStatusWidget::tr("%n min", nullptr, static_cast<int>(seconds / 60));
    }
    return SyncStatusWidget::tr("%n h", nullptr, static_cast<int>(seconds / 3600));
}
} // namespace

SyncStatusWidget::SyncStatusWidget(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("syncStatus"));
    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->setSpacing(0);
    auto* top = new QWidget(this);
    top->setStyleSheet(QStringLiteral("background:#12355b;color:white;"));
    auto* row = new QHBoxLayout(top);
    row->setContentsMargins(10, 6, 10, 6);
    m_line = new QLabel(top);
    m_line->setObjectName(QStringLiteral("statusLine"));
    m_line->setWordWrap(true); // wraps rather than widening the window past a 1366-pixel screen
    QFont f = m_line->font();
    f.setPointSize(11);
    m_line->setFont(f);
    m_demo = new QLabel(tr("DEMO — not for operational use"), top);
    m_demo->setObjectName(QStringLiteral("demoBadge"));
    m_demo->setStyleSheet(QStringLiteral("background:#f2c94c;color:black;font-weight:bold;padding:3px 8px;"));
    m_demo->hide();
    row->addWidget(m_line, 1);
    row->addWidget(m_demo);
    m_band = new QLabel(this);
    m_band->setObjectName(QStringLiteral("offlineBand"));
    m_band->setWordWrap(true);
    m_band->setStyleSheet(QStringLiteral("background:#f2a900;color:black;font-weight:bold;"));
    m_band->setContentsMargins(10, 6, 10, 6); // not a style-sheet padding: heightForWidth() counts these
    // As tall as the text, never squeezed by the screen below, never stretched by it either.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_band->hide();
    root->addWidget(top);
    root->addWidget(m_band);
}

void SyncStatusWidget::setStatus(const StationStatus& s, const QDateTime& now) {
    QStringList parts;
    parts << tr("Port %1 · Lane %2").arg(s.port).arg(s.lane);
    if (!s.officer.isEmpty()) {
        parts << tr("Officer %1").arg(s.officer);
    }
    parts << (s.online ? tr("● ONLINE") : tr("○ OFFLINE"));
    if (s.manifestIssued && s.manifestExpiredAt) {
        parts << tr("Manifest EXPIRED (%1 old)").arg(age(s.manifestIssued->secsTo(now)));
    } else if (s.manifestIssued) {
        parts << tr("Manifest %1 (%2 old)")
                     .arg(s.manifestIssued->toLocalTime().time().toString(QStringLiteral("HH:mm")),
                          age(s.manifestIssued->secsTo(now)));
    } else {
        parts << tr("No manifest");
    }
    parts << tr("Outbox %1").arg(s.outboxDepth);
    if (s.outboxDepth > 0 && s.oldestPending) {
        parts << tr("oldest %1").arg(age(s.oldestPending->secsTo(now)));
    }
    if (s.lastUpload) {
        parts << tr("last upload %1 ago").arg(age(s.lastUpload->secsTo(now)));
    }
    if (s.outboxDepth > 0 && s.uploadsStopped.isEmpty() && s.nextUpload && *s.nextUpload > now) {
        parts << tr("next upload %1").arg(s.nextUpload->toLocalTime().time().toString(QStringLiteral("HH:mm")));
    }
    parts << (s.cameraUp ? tr("Camera %1 fps").arg(s.cameraFps, 0, 'f', 0) : tr("Camera DOWN"));
    // Each item keeps its words together (no-break spaces), so a narrow screen wraps the line only between items
    // ("Cámara 10 fps" never splits as "Cámara" / "10 fps").
    for (auto& part : parts) {
        part.replace(QLatin1Char(' '), QChar(0x00A0));
    }
    m_line->setText(parts.join(QStringLiteral("  ·  ")));
    m_demo->setVisible(s.demo);

    QStringList band;
    if (!s.online) {
        band << tr("OFFLINE since %1 · decisions are saved on this workstation (%n waiting to upload)", nullptr,
                   s.outboxDepth)
                    .arg(s.offlineSince.toLocalTime().time().toString(QStringLiteral("HH:mm")));
    }
    if (!s.uploadsStopped.isEmpty()) {
        band << tr("Uploads stopped: %1 Decisions are kept on this workstation (%n waiting to upload).", nullptr,
                   s.outboxDepth)
                    .arg(s.uploadsStopped);
    }
    if (!s.manifestIssued) {
        band << tr("No manifest yet: every traveler needs a manual check until the first sync.");
    } else if (s.manifestExpiredAt) {
        band << tr("Manifest EXPIRED at %1 (issued %2 ago): the booth keeps working on it, but every match needs a "
                   "second look, and travelers booked or changed since are missing.")
                    .arg(QLocale().toString(s.manifestExpiredAt->toLocalTime(), QStringLiteral("d MMM HH:mm")),
                         age(s.manifestIssued->secsTo(now)));
    } else if (s.manifestIssued->secsTo(now) > static_cast<qint64>(s.manifestStaleHours) * 3600) {
        band << tr("Manifest is %1 old: travelers booked after %2 are missing.")
                    .arg(age(s.manifestIssued->secsTo(now)),
                         s.manifestIssued->toLocalTime().time().toString(QStringLiteral("HH:mm")));
    }
    if (!s.cameraUp) {
        band << tr("The camera is not sending pictures. Check its cable; Portico reconnects by itself.");
    }
    m_band->setText(band.join(QStringLiteral("\n")));
    m_band->setVisible(!band.isEmpty());
    keepTextHeights();
}

void SyncStatusWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    keepTextHeights();
}

void SyncStatusWidget::keepTextHeights() {
    // The band spans this widget's whole width (its own geometry may not be laid out yet); the line is measured
    // once the row has given it its width (setStatus() runs every second, so it settles at once).
    if (width() <= 0) {
        return;
    }
    m_band->setMinimumHeight(m_band->isVisible() ? m_band->heightForWidth(width()) : 0);
    if (m_line->width() > 100) {
        m_line->setMinimumHeight(m_line->heightForWidth(m_line->width()));
    }
}

} // namespace portico::ui
