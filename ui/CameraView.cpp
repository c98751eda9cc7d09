// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/CameraView.h"

#include <QPainter>

namespace portico::ui {

CameraView::CameraView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("cameraView"));
    setMinimumSize(320, 240);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void CameraView::setFrame(const QImage& frame) {
    if (!m_offMessage.isEmpty()) {
        return; // camera off: frames that still arrive are dropped, never shown
    }
    m_frame = frame;
    update();
}

void CameraView::setOverlay(const CameraOverlay& overlay) {
    m_overlay = overlay;
    update();
}

void CameraView::setCameraOff(const QString& message) {
    m_offMessage = message;
    if (!message.isEmpty()) {
        m_frame = QImage();
    }
    update();
}

void CameraView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(0x20, 0x24, 0x2a));
    if (!m_offMessage.isEmpty() || m_frame.isNull()) {
        p.setPen(Qt::white);
        QFont f = font();
        f.setPointSize(16);
        p.setFont(f);
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   m_offMessage.isEmpty() ? tr("Waiting for the camera…") : m_offMessage);
        return;
    }
    const QSize scaled = m_frame.size().scaled(size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - scaled.width()) / 2, (height() - scaled.height()) / 2), scaled);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(target, m_frame);
    if (m_overlay.faceBox) {
        const double sx = static_cast<double>(target.width()) / m_frame.width();
        const double sy = static_cast<double>(target.height()) / m_frame.height();
        const QRectF& b = *m_overlay.faceBox;
        const QRectF box(target.x() + b.x() * sx, target.y() + b.y() * sy, b.width() * sx, b.height() * sy);
        bool allPass = !m_overlay.quality.isEmpty();
        for (const auto& q : m_overlay.quality) {
            allPass = allPass && q.pass;
        }
        // Blue when usable, orange when not: distinguishable without red-green vision.
        p.setPen(QPen(allPass ? QColor(0x2f, 0x80, 0xed) : QColor(0xf2, 0x99, 0x4a), 4));
        p.drawRect(box);
    }
}

} // namespace portico::ui
