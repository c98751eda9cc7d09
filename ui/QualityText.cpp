// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/QualityText.h"

#include <nlohmann/json.hpp>

#include <QLocale>
#include <QStringList>

#include <array>
#include <optional>
#include <string_view>
#include <utility>

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
    // Each measure's stable id (docs/quality.md) with its name, plus the unified score.
    static constexpr std::array<std::pair<std::string_view, const char*>, 12> kNames{{
        {"face_count", QT_TRANSLATE_NOOP("QualityText", "Faces")},
        {"in_frame", QT_TRANSLATE_NOOP("QualityText", "In frame")},
        {"centred", QT_TRANSLATE_NOOP("QualityText", "Off centre")},
        {"inter_eye_distance", QT_TRANSLATE_NOOP("QualityText", "Eye distance")},
        {"yaw", QT_TRANSLATE_NOOP("QualityText", "Yaw")},
        {"pitch", QT_TRANSLATE_NOOP("QualityText", "Pitch")},
        {"roll", QT_TRANSLATE_NOOP("QualityText", "Roll")},
        {"eyes_open", QT_TRANSLATE_NOOP("QualityText", "Eyes open")},
        {"brightness", QT_TRANSLATE_NOOP("QualityText", "Brightness")},
        {"clipping", QT_TRANSLATE_NOOP("QualityText", "Clipped")},
        {"sharpness", QT_TRANSLATE_NOOP("QualityText", "Sharpness")},
        {"score", QT_TRANSLATE_NOOP("QualityText", "Quality score")},
    }};
    for (const auto& [key, name] : kNames) {
        if (id == key) {
            return tr(name);
        }
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
            const auto bound = [&m](const char* key) {
                return m.contains(key) && m[key].is_number() ? std::optional<double>(m[key].get<double>())
                                                             : std::nullopt;
            };
            const auto lo = bound("min");
            const auto hi = bound("max");
            if (lo && hi) {
                part += *lo == *hi ? QStringLiteral(" (= %1)").arg(limit(*lo, unit))
                                   : QStringLiteral(" (%1…%2)").arg(limit(*lo, unit), limit(*hi, unit));
            } else if (lo) {
                part += QStringLiteral(" (≥ %1)").arg(limit(*lo, unit));
            } else if (hi) {
                part += QStringLiteral(" (≤ %1)").arg(limit(*hi, unit));
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
