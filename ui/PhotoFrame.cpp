// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/PhotoFrame.h"

#include <QPainter>
#include <QPixmap>

namespace portico::ui {

namespace {
constexpr int kCaptionHeight = 24;
}

QLabel* photoFrame(const QString& caption, const QString& objectName, int size, QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setObjectName(objectName);
    l->setFixedSize(size, size + kCaptionHeight);
    l->setAlignment(Qt::AlignCenter);
    l->setWordWrap(true); // "why there is no photo" must fit the frame in every language
    l->setMargin(6);
    l->setFrameShape(QFrame::StyledPanel);
    l->setText(caption);
    l->setToolTip(caption);
    return l;
}

void setFramePhoto(QLabel* frame, const QImage& image, const QString& caption, int size) {
    if (image.isNull()) {
        frame->setPixmap(QPixmap());
        frame->setText(caption + QStringLiteral("\n—"));
        return;
    }
    QImage canvas(size, size + kCaptionHeight, QImage::Format_RGB32);
    canvas.fill(Qt::white);
    QPainter p(&canvas);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(QRect(0, 0, size, size),
                image.scaled(size, size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation));
    p.setPen(Qt::black);
    p.drawText(QRect(0, size, size, kCaptionHeight), Qt::AlignCenter, caption);
    p.end();
    frame->setPixmap(QPixmap::fromImage(canvas));
}

} // namespace portico::ui
