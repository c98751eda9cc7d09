// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QLabel>
#include <QString>

namespace portico::ui {

/// @brief A fixed-size photo frame with a caption, so that photos shown side by side are at the same scale.
QLabel* photoFrame(const QString& caption, const QString& objectName, int size, QWidget* parent);
/// @brief Show @p image in a frame made by photoFrame(): same size and crop for every photo (the eye compares
/// faces, not picture sizes); a dash under the caption when there is no image.
void setFramePhoto(QLabel* frame, const QImage& image, const QString& caption, int size);

} // namespace portico::ui
