// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/QualityText.h"

#include <catch2/catch.hpp>

#include <QLocale>

using portico::ui::QualityText;

TEST_CASE("a recorded capture's quality reads in words, each measure with its value, verdict and limit",
          "[ui][review]") {
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const std::string json = R"({"face_count":{"value":1,"pass":true,"min":1,"max":1},
        "inter_eye_distance":{"value":57.73,"pass":true,"min":40},
        "yaw":{"value":-16.92,"pass":true,"min":-25,"max":25},
        "sharpness":{"value":1527.4,"pass":true,"min":500},
        "clipping":{"value":0.2,"pass":false,"max":0.15},
        "brightness":{"value":123,"pass":true},
        "score":97.8})";
    const QString text = QualityText::summary(json);
    INFO(text.toStdString());
    CHECK(text.startsWith(QStringLiteral("Quality score 97.8 · "))); // the unified score leads
    CHECK(text.contains(QStringLiteral("Faces 1 ✓ (= 1)")));
    CHECK(text.contains(QStringLiteral("Eye distance 57.7 px ✓ (≥ 40 px)")));
    CHECK(text.contains(QStringLiteral("Yaw -16.9° ✓ (-25°…25°)")));
    CHECK(text.contains(QStringLiteral("Sharpness 1,527 ✓ (≥ 500)")));
    CHECK(text.contains(QStringLiteral("Clipped 0.2 ✗ (≤ 0.15)")));
    CHECK(text.contains(QStringLiteral("Brightness 123 ✓"))); // a record from before limits were kept
    // No identifier reaches the screen.
    CHECK_FALSE(text.contains(QLatin1Char('_')));
    QLocale::setDefault(QLocale::c());
}

TEST_CASE("missing or malformed quality JSON reads as not recorded", "[ui][review]") {
    CHECK(QualityText::summary("") == QStringLiteral("not recorded"));
    CHECK(QualityText::summary("{}") == QStringLiteral("not recorded"));
    CHECK(QualityText::summary("{\"sharp") == QStringLiteral("not recorded"));
    CHECK(QualityText::summary("[1,2]") == QStringLiteral("not recorded"));
    CHECK(QualityText::measureName("future_measure") == QStringLiteral("future_measure"));
}
