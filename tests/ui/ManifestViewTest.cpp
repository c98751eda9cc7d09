// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ManifestView.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTranslator>

#include <map>

using portico::ui::ManifestRow;
using portico::ui::ManifestView;

namespace {
QList<ManifestRow> rows(const QDateTime& now) {
    auto row = [&](QString id, QString status, QString name, QString doc, int lane, int startMin,
                   bool processed = false) {
        ManifestRow r;
        r.appointmentId = std::move(id);
        r.status = std::move(status);
        r.processed = processed;
        r.name = std::move(name);
        r.document = std::move(doc);
        r.lane = lane;
        r.windowStart = now.addSecs(startMin * 60);
        r.windowEnd = now.addSecs((startMin + 30) * 60);
        r.ageYears = 30;
        return r;
    };
    return {row("A-1", "booked", "GARCÍA, María", "P G1234567", 1, 10),
            row("A-2", "checked_in", "SMITH, John", "P X7654321", 2, -20),
            row("A-3", "checked_in", "DUPONT, Anne", "P F1111111", 1, -90, true),
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

namespace {
/// The Status cell of each shown row, by appointment id.
std::map<QString, QString> statusById(QTableView* table) {
    std::map<QString, QString> out;
    for (int i = 0; i < table->model()->rowCount(); ++i) {
        const auto cell = table->model()->index(i, portico::ui::ManifestTableModel::Status);
        out[cell.data(Qt::UserRole).toString()] = cell.data().toString();
    }
    return out;
}
} // namespace

TEST_CASE("statuses are shown in words and filtered by the manifest's codes, a decision here makes a row processed",
          "[ui][manifest]") {
    ManifestView view;
    const auto now = QDateTime::currentDateTimeUtc();
    view.setRows(rows(now), now);
    view.show();
    auto* table = view.findChild<QTableView*>(QStringLiteral("manifestTable"));
    auto* status = view.findChild<QComboBox*>(QStringLiteral("statusFilter"));
    auto* counts = view.findChild<QLabel*>(QStringLiteral("manifestCounts"));

    // Words, never codes: A-3 was decided here, so it reads processed whatever central last said.
    const std::map<QString, QString> words{{QStringLiteral("A-1"), QStringLiteral("Booked")},
                                           {QStringLiteral("A-2"), QStringLiteral("Checked in")},
                                           {QStringLiteral("A-3"), QStringLiteral("Processed")},
                                           {QStringLiteral("A-4"), QStringLiteral("Booked")}};
    CHECK(statusById(table) == words);
    for (int i = 0; i < status->count(); ++i) {
        CHECK_FALSE(status->itemText(i).contains(QLatin1Char('_')));
    }

    // The manifest's own code checked_in finds the traveler central checked in (and not the processed one).
    status->setCurrentIndex(status->findData(QStringLiteral("checked_in")));
    REQUIRE(status->currentIndex() > 0);
    CHECK(statusById(table) == std::map<QString, QString>{{QStringLiteral("A-2"), QStringLiteral("Checked in")}});
    status->setCurrentIndex(status->findData(QStringLiteral("processed")));
    CHECK(statusById(table) == std::map<QString, QString>{{QStringLiteral("A-3"), QStringLiteral("Processed")}});

    // The officer decides A-4 (its window has ended): processed now, no longer counted outside its window.
    CHECK(counts->text().contains(QStringLiteral("1 processed")));
    CHECK(counts->text().contains(QStringLiteral("1 outside window")));
    view.markProcessed(QStringLiteral("A-4"));
    CHECK(statusById(table).size() == 2); // the processed filter now shows it too
    CHECK(statusById(table)[QStringLiteral("A-4")] == QStringLiteral("Processed"));
    CHECK(counts->text().contains(QStringLiteral("2 processed")));
    CHECK(counts->text().contains(QStringLiteral("0 outside window")));
    view.markProcessed(QStringLiteral("NOT-IN-MANIFEST")); // a walk-in: nothing changes
    CHECK(counts->text().contains(QStringLiteral("2 processed")));
    CHECK(counts->text().contains(QStringLiteral("4 expected")));
}

TEST_CASE("a cancelled appointment is neither expected nor outside its window", "[ui][manifest]") {
    ManifestView view;
    const auto now = QDateTime::currentDateTimeUtc();
    auto list = rows(now);
    ManifestRow cancelled = list.back(); // window ended two hours ago
    cancelled.appointmentId = QStringLiteral("A-5");
    cancelled.status = QStringLiteral("cancelled");
    list.push_back(cancelled);
    view.setRows(list, now);
    auto* counts = view.findChild<QLabel*>(QStringLiteral("manifestCounts"));
    CHECK(counts->text().contains(QStringLiteral("4 expected")));
    CHECK(counts->text().contains(QStringLiteral("1 outside window")));
    CHECK(counts->text().contains(QStringLiteral("5 shown")));
    // Decided here after all (central's cancellation arrived late): it counts as expected and processed.
    view.markProcessed(QStringLiteral("A-5"));
    CHECK(counts->text().contains(QStringLiteral("5 expected")));
    CHECK(counts->text().contains(QStringLiteral("2 processed")));
    CHECK(counts->text().contains(QStringLiteral("1 outside window")));
}

TEST_CASE("a Spanish-speaking officer reads the statuses in Spanish", "[ui][manifest][translations]") {
    QTranslator spanish;
    REQUIRE(spanish.load(QStringLiteral(":/i18n/portico_es.qm")));
    REQUIRE(QCoreApplication::installTranslator(&spanish));
    {
        ManifestView view;
        const auto now = QDateTime::currentDateTimeUtc();
        view.setRows(rows(now), now);
        auto* table = view.findChild<QTableView*>(QStringLiteral("manifestTable"));
        auto shown = statusById(table);
        CHECK(shown[QStringLiteral("A-1")] == QStringLiteral("Reservada"));
        CHECK(shown[QStringLiteral("A-2")] == QStringLiteral("Registrada"));
        CHECK(shown[QStringLiteral("A-3")] == QStringLiteral("Procesada"));
        auto* status = view.findChild<QComboBox*>(QStringLiteral("statusFilter"));
        CHECK(status->itemText(status->findData(QStringLiteral("cancelled"))) == QStringLiteral("Cancelada"));
        // Each count takes its own plural.
        auto* counts = view.findChild<QLabel*>(QStringLiteral("manifestCounts"));
        CHECK(counts->text() == QStringLiteral("4 esperados · 1 procesado · 1 fuera de horario · 4 mostrados"));
    }
    QCoreApplication::removeTranslator(&spanish);
}

TEST_CASE("the window filter follows the clock, and the table lists the earliest window first", "[ui][manifest]") {
    ManifestView view;
    const auto now = QDateTime::currentDateTimeUtc();
    view.setRows(rows(now), now);
    auto* table = view.findChild<QTableView*>(QStringLiteral("manifestTable"));
    auto* window = view.findChild<QComboBox*>(QStringLiteral("windowFilter"));
    REQUIRE(window != nullptr);
    auto ids = [&] {
        QStringList out;
        for (int i = 0; i < table->model()->rowCount(); ++i) {
            out << table->model()->index(i, 0).data(Qt::UserRole).toString();
        }
        return out;
    };
    // Sorted by the windows' start times, not by their text (a window before midnight sorts before one after).
    CHECK(ids() ==
          QStringList{QStringLiteral("A-4"), QStringLiteral("A-3"), QStringLiteral("A-2"), QStringLiteral("A-1")});
    using W = portico::ui::ManifestFilter::WindowFilter;
    window->setCurrentIndex(window->findData(static_cast<int>(W::OpenNow)));
    CHECK(ids() == QStringList{QStringLiteral("A-2")});
    window->setCurrentIndex(window->findData(static_cast<int>(W::NextHour)));
    CHECK(ids() == QStringList{QStringLiteral("A-2"), QStringLiteral("A-1")});
    window->setCurrentIndex(window->findData(static_cast<int>(W::Ended)));
    CHECK(ids() == QStringList{QStringLiteral("A-4"), QStringLiteral("A-3")});
    auto* counts = view.findChild<QLabel*>(QStringLiteral("manifestCounts"));
    CHECK(counts->text().contains(QStringLiteral("1 outside window")));

    // Half an hour later A-2's window has ended and A-1's is open, with no new manifest.
    view.setNow(now.addSecs(30 * 60));
    CHECK(ids() == QStringList{QStringLiteral("A-4"), QStringLiteral("A-3"), QStringLiteral("A-2")});
    CHECK(counts->text().contains(QStringLiteral("2 outside window")));
    window->setCurrentIndex(window->findData(static_cast<int>(W::OpenNow)));
    CHECK(ids() == QStringList{QStringLiteral("A-1")});
}
