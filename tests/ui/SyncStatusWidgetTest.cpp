// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SyncStatusWidget.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QStringList>

#include <cstdlib>

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

TEST_CASE("the officer sees when the waiting decisions are next sent, and that uploads stopped and why", "[ui]") {
    SyncStatusWidget w;
    StationStatus s;
    s.port = QStringLiteral("DEMO");
    s.lane = 1;
    s.online = false;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    s.offlineSince = now.addSecs(-120);
    s.manifestIssued = now.addSecs(-60);
    s.cameraUp = true;
    s.outboxDepth = 3;
    s.nextUpload = now.addSecs(14 * 60);
    w.setStatus(s, now);
    auto* line = w.findChild<QLabel*>(QStringLiteral("statusLine"));
    auto* band = w.findChild<QLabel*>(QStringLiteral("offlineBand"));
    REQUIRE(line != nullptr);
    REQUIRE(band != nullptr);
    const QString at = now.addSecs(14 * 60).toLocalTime().time().toString(QStringLiteral("HH:mm"));
    CHECK(line->text().contains(QStringLiteral("next\u00A0upload\u00A0") + at));

    // The server refused the station's credentials: uploads stop until someone acts, and the band says so.
    s.uploadsStopped = QStringLiteral("The central service refused this workstation's credentials.");
    w.setStatus(s, now);
    CHECK_FALSE(line->text().contains(QStringLiteral("next\u00A0upload")));
    CHECK(band->text().contains(QStringLiteral("Uploads stopped: The central service refused")));
    CHECK(band->text().contains(QStringLiteral("(3 waiting to upload)")));
}

TEST_CASE("past its expiry the manifest band says the booth keeps working, and that every match needs a second look",
          "[ui]") {
    SyncStatusWidget w;
    w.resize(1366, 120);
    StationStatus s;
    s.port = QStringLiteral("DEMO");
    s.lane = 1;
    s.officer = QStringLiteral("officer");
    s.online = true;
    s.cameraUp = true;
    s.cameraFps = 15.0;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    s.manifestIssued = now.addSecs(-72 * 3600);
    s.manifestStaleHours = 12;
    auto* line = w.findChild<QLabel*>(QStringLiteral("statusLine"));
    auto* band = w.findChild<QLabel*>(QStringLiteral("offlineBand"));
    REQUIRE(line != nullptr);
    REQUIRE(band != nullptr);

    // Old but not expired (core says so by leaving manifestExpiredAt empty): the stale band.
    w.setStatus(s, now);
    CHECK(band->text().contains(QStringLiteral("Manifest is 72 h old")));
    CHECK_FALSE(band->text().contains(QStringLiteral("EXPIRED")));

    // Expired: the line and the band say it, and what the officer does about it.
    s.manifestExpiredAt = now.addSecs(-48 * 3600);
    w.setStatus(s, now);
    w.show();
    CHECK(line->text().contains(QStringLiteral("Manifest\u00A0EXPIRED\u00A0(72\u00A0h\u00A0old)")));
    CHECK(band->isVisible());
    CHECK(band->text().contains(QStringLiteral("Manifest EXPIRED at")));
    CHECK(band->text().contains(QStringLiteral("the booth keeps working on it, but every match needs a second look")));
    CHECK_FALSE(band->text().contains(QStringLiteral("Manifest is 72 h old")));
    if (const char* shots = std::getenv("PORTICO_SCREENSHOT_DIR"); shots && *shots) {
        w.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/status-manifest-expired.png"));
    }
}
