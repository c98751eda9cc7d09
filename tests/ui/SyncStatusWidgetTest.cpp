// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SyncStatusWidget.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QStringList>

using portico::ui::StationStatus;
using portico::ui::SyncStatusWidget;

TEST_CASE("the status line wraps only between its items, never inside one", "[ui]") {
    SyncStatusWidget w;
    StationStatus s;
    s.port = QStringLiteral("DEMO");
    s.lane = 1;
    s.officer = QStringLiteral("supervisor");
    s.online = true;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    s.manifestIssued = now.addSecs(-10);
    s.lastUpload = now.addSecs(-6);
    s.cameraUp = true;
    s.cameraFps = 10.0;
    w.setStatus(s, now);
    auto* line = w.findChild<QLabel*>(QStringLiteral("statusLine"));
    REQUIRE(line != nullptr);
    const QStringList items = line->text().split(QStringLiteral("  ·  "));
    INFO(line->text().toStdString());
    REQUIRE(items.size() == 7); // port and lane, officer, online, manifest, outbox, last upload, camera
    for (const QString& item : items) {
        INFO(item.toStdString());
        CHECK_FALSE(item.contains(QLatin1Char(' '))); // a plain space is a place the label may break
        CHECK(item.contains(QChar(0x00A0)));
    }
    CHECK(items.last() == QStringLiteral("Camera\u00A010\u00A0fps"));
}
