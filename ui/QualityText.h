// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

#include <string>

namespace portico::ui {

/// @brief A recorded capture's quality measures in a supervisor's words: each measure by name, its value with its
/// unit, whether it passed and the limit it was held to ("Sharpness 1,527 ✓ (≥ 500) · Yaw −16.9° ✓ (−25…25°)").
class QualityText {
    Q_DECLARE_TR_FUNCTIONS(QualityText)
public:
    /// @brief The measure's name (docs/quality.md); an unknown id is shown as it is.
    static QString measureName(const std::string& id);
    /// @brief The quality JSON of an inspection record (measure → {value, pass, min, max}, plus "score") as one
    /// line; "not recorded" when it is empty or not JSON.
    static QString summary(const std::string& qualityJson);
};

} // namespace portico::ui
