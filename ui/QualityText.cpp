// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/QualityText.h"

#include <nlohmann/json.hpp>

#include <QLocale>
#include <QStringList>

namespace portico::ui {
namespace {
/// The unit a measure's value is written with, and how: angles and distances to a tenth, sharpness whole.
struct Unit {
    QString suffix;
    char format = 'g';
    int precision = 3;
};

Unit unitOf(const std::string& id) {
    if (id == "yaw" || id == "pitch" || id == "roll") {
        return {QStringLiteral("°"), 'f', 1};
    }
    if (id == "inter_eye_distance") {
        return {QStringLiteral(" px"), 'f', 1};
    }
    if (id == "sharpness") {
        return {QString(), 'f', 0};
    }
    return {};
}

QString number(double v, const Unit& unit) {
    return QLocale().toString(v, unit.format, unit.precision) + unit.suffix;
}

/// Limits are round numbers: written without trailing zeros.
QString limit(double v, const Unit& unit) {
    return QLocale().toString(v, 'g', 4) + unit.suffix;
}
} // namespace

QString QualityText::measureName(const std::string& id) {
    if (id == "face_count") {
        return tr("Faces");
    }
    if (id == "in_frame") {
        return tr("In frame");
    }
    if (id == "centred") {
        return tr("Off centre");
    }
    if (id == "inter_eye_distance") {
        return tr("Eye distance");
    }
    if (id == "yaw") {
        return tr("Yaw");
    }
    if (id == "pitch") {
        return tr("Pitch");
    }
    if (id == "roll") {
        return tr("Roll");
    }
    if (id == "eyes_open") {
        return tr("Eyes open");
    }
    if (id == "brightness") {
        return tr("Brightness");
    }
    if (id == "clipping") {
        return tr("Clipped");
    }
    if (id == "sharpness") {
        return tr("Sharpness");
    }
    if (id == "score") {
        return tr("Quality score");
    }
    return QString::fromStdString(id);
}

QString QualityText::summary(const std::string& qualityJson) {
    const auto q = nlohmann::json::parse(qualityJson, nullptr, false);
    if (q.is_discarded() || !q.is_object() || q.empty()) {
        return tr("not recorded");
    }
    QStringList parts;
    QString score;
    for (auto it = q.begin(); it != q.end(); ++it) {
        const auto& m = it.value();
        const Unit unit = unitOf(it.key());
        if (m.is_object() && m.contains("value") && m["value"].is_number()) {
            QString part = QStringLiteral("%1 %2 %3")
                               .arg(measureName(it.key()), number(m["value"].get<double>(), unit),
                                    m.value("pass", true) ? QStringLiteral("✓") : QStringLiteral("✗"));
            const bool hasMin = m.contains("min") && m["min"].is_number();
            const bool hasMax = m.contains("max") && m["max"].is_number();
            if (hasMin && hasMax && m["min"].get<double>() == m["max"].get<double>()) {
                part += QStringLiteral(" (= %1)").arg(limit(m["min"].get<double>(), unit));
            } else if (hasMin && hasMax) {
                part += QStringLiteral(" (%1…%2)")
                            .arg(limit(m["min"].get<double>(), unit), limit(m["max"].get<double>(), unit));
            } else if (hasMin) {
                part += QStringLiteral(" (≥ %1)").arg(limit(m["min"].get<double>(), unit));
            } else if (hasMax) {
                part += QStringLiteral(" (≤ %1)").arg(limit(m["max"].get<double>(), unit));
            }
            parts << part;
        } else if (m.is_number()) {
            const QString part = QStringLiteral("%1 %2").arg(measureName(it.key()), number(m.get<double>(), unit));
            if (it.key() == "score") {
                score = part; // the unified score leads
            } else {
                parts << part;
            }
        }
    }
    if (!score.isEmpty()) {
        parts.prepend(score);
    }
    return parts.isEmpty() ? tr("not recorded") : parts.join(QStringLiteral(" · "));
}

} // namespace portico::ui
