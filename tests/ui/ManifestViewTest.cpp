// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ManifestView.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using portico::ui::ManifestRow;
using portico::ui::ManifestView;

namespace {
QList<ManifestRow> rows(const QDateTime& now) {
    auto row = [&](QString id, QString status, QString name, QString doc, int lane, int startMin) {
        ManifestRow r;
        r.appointmentId = std::move(id);
        r.status = std::move(status);
        r.name = std::move(name);
        r.document = std::move(doc);
        r.lane = lane;
        r.windowStart = now.addSecs(startMin * 60);
        r.windowEnd = now.addSecs((startMin + 30) * 60);
        r.ageYears = 30;
        return r;
    };
    return {row("A-1", "booked", "GARCÍA, María", "P G1234567", 1, 10),
            row("A-2", "checked-in", "SMITH, John", "P X7654321", 2, -20),
            row("A-3", "processed", "DUPONT, Anne", "P F1111111", 1, -90),
            row("A-4", "booked", "SILVA, João", "P B2222222", 2, -120)};
}
} // namespace

TEST_CASE("manifest search narrows by name, document number and appointment id as you type", "[ui][manifest]") {
    ManifestView view;
    const auto now = QDateTime::currentDateTimeUtc();
    view.setRows(rows(now), now);
    view.show();
    auto* search = view.findChild<QLineEdit*>(QStringLiteral("manifestSearch"));
    auto* table = view.findChild<QTableView*>(QStringLiteral("manifestTable"));
    CHECK(table->model()->rowCount() == 4);
    QTest::keyClicks(search, QStringLiteral("smi"));
    CHECK(table->model()->rowCount() == 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("B22"));
    CHECK(table->model()->rowCount() == 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("a-3"));
    CHECK(table->model()->rowCount() == 1);
    search->clear();
    CHECK(table->model()->rowCount() == 4);

    auto* counts = view.findChild<QLabel*>(QStringLiteral("manifestCounts"));
    // A-4's window ended two hours ago without processing; A-3 is processed.
    CHECK(counts->text().contains(QStringLiteral("4 expected")));
    CHECK(counts->text().contains(QStringLiteral("1 processed")));
    CHECK(counts->text().contains(QStringLiteral("1 outside window")));
}

TEST_CASE("manifest filters by status and lane, and Enter opens the selected row", "[ui][manifest]") {
    ManifestView view;
    const auto now = QDateTime::currentDateTimeUtc();
    view.setRows(rows(now), now);
    view.show();
    auto* table = view.findChild<QTableView*>(QStringLiteral("manifestTable"));
    auto* status = view.findChild<QComboBox*>(QStringLiteral("statusFilter"));
    auto* lane = view.findChild<QComboBox*>(QStringLiteral("laneFilter"));
    status->setCurrentIndex(status->findData(QStringLiteral("booked")));
    CHECK(table->model()->rowCount() == 2);
    lane->setCurrentIndex(lane->findData(2));
    CHECK(table->model()->rowCount() == 1);

    QSignalSpy open(&view, &ManifestView::openRequested);
    auto* search = view.findChild<QLineEdit*>(QStringLiteral("manifestSearch"));
    search->setFocus();
    QTest::keyClick(search, Qt::Key_Return); // moves to the first hit
    QTest::keyClick(table, Qt::Key_Return);  // opens it
    REQUIRE(open.count() == 1);
    CHECK(open.at(0).at(0).toString() == QStringLiteral("A-4"));
}
