// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/BoothState.h"

#include <QWidget>

namespace portico::ui {

/// @brief Paints the newest camera frame, scaled to fit, with the face box. Never queues frames.
class CameraView : public QWidget {
    Q_OBJECT
public:
    explicit CameraView(QWidget* parent = nullptr);
    void setFrame(const QImage& frame);
    void setOverlay(const CameraOverlay& overlay);
    /// @brief Stop showing the camera (opt-out or camera failure) with a message instead of a picture.
    void setCameraOff(const QString& message);
    const QImage& frame() const { return m_frame; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_frame;
    CameraOverlay m_overlay;
    QString m_offMessage;
};

} // namespace portico::ui
