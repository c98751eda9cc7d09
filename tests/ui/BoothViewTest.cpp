// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/BoothView.h"
#include "ui/CameraView.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using portico::inspection::Decision;
using portico::ui::BoothState;
using portico::ui::BoothView;
using portico::ui::Verdict;

Q_DECLARE_METATYPE(portico::inspection::Decision)

namespace {
struct Shown {
    BoothView view;
    Shown() {
        qRegisterMetaType<Decision>();
        view.resize(1366, 700);
        view.show();
        REQUIRE(QTest::qWaitForWindowExposed(&view));
        view.activateWindow();
    }
    QString text(const char* name) const { return view.findChild<QLabel*>(QString::fromLatin1(name))->text(); }
};

BoothState matchState() {
    BoothState s;
    s.verdict = Verdict::Match;
    s.verdictDetail = QStringLiteral("Appointment A-1042 · 1 in 333,333 chance of a wrong match");
    s.score = 0.82;
    s.threshold = 0.61;
    portico::ui::TravelerCard t;
    t.appointmentId = QStringLiteral("A-1042");
    t.name = QStringLiteral("GARCÍA LÓPEZ, María");
    t.age = QStringLiteral("34 y");
    s.traveler = t;
    return s;
}
} // namespace

TEST_CASE("function keys record the officer's decisions", "[ui][booth]") {
    Shown s;
    QSignalSpy decisions(&s.view, &BoothView::decisionRequested);
    QTest::keyClick(&s.view, Qt::Key_F1);
    QTest::keyClick(&s.view, Qt::Key_F4);
    QTest::keyClick(&s.view, Qt::Key_F3);
    REQUIRE(decisions.count() == 3);
    CHECK(decisions.at(0).at(0).value<Decision>() == Decision::Verified);
    CHECK(decisions.at(1).at(0).value<Decision>() == Decision::NoShow);
    CHECK(decisions.at(2).at(0).value<Decision>() == Decision::OptOut);

    QSignalSpy next(&s.view, &BoothView::nextTravelerRequested);
    QTest::keyClick(&s.view, Qt::Key_Escape);
    CHECK(next.count() == 1);
}

TEST_CASE("F2 refers with a reason chosen by its digit and an optional note", "[ui][booth]") {
    Shown s;
    QSignalSpy decisions(&s.view, &BoothView::decisionRequested);
    QTimer::singleShot(100, [] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        auto* reasons = dialog->findChild<QListWidget*>(QStringLiteral("referReasons"));
        QTest::keyClick(reasons, Qt::Key_3);
        auto* note = dialog->findChild<QLineEdit*>(QStringLiteral("referNote"));
        note->setFocus();
        QTest::keyClicks(note, QStringLiteral("name differs"));
        QTest::keyClick(note, Qt::Key_Return);
    });
    QTest::keyClick(&s.view, Qt::Key_F2);
    REQUIRE(decisions.count() == 1);
    CHECK(decisions.at(0).at(0).value<Decision>() == Decision::Referred);
    CHECK(decisions.at(0).at(1).toString().contains(QStringLiteral("Manifest does not match")));
    CHECK(decisions.at(0).at(2).toString() == QStringLiteral("name differs"));
}

TEST_CASE("under the age policy F1 first asks what was checked, by its digit, then records verified with it",
          "[ui][booth]") {
    Shown s;
    BoothState state = matchState();
    state.secondLookReasons << QStringLiteral("traveler younger than 14 (age policy)");
    state.confirmSecondLook = true;
    s.view.setState(state);
    CHECK(s.view.findChild<QPushButton*>(QStringLiteral("verifiedButton"))
              ->text()
              .contains(QStringLiteral("second look")));
    QSignalSpy decisions(&s.view, &BoothView::decisionRequested);

    // Escape leaves the dialog: nothing is recorded.
    QTimer::singleShot(100, [] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        CHECK(dialog->objectName() == QStringLiteral("secondLookDialog"));
        QTest::keyClick(dialog, Qt::Key_Escape);
    });
    QTest::keyClick(&s.view, Qt::Key_F1);
    CHECK(decisions.count() == 0);

    // 2, Enter: verified, with what was checked as its stable name.
    s.view.activateWindow(); // the closed dialog took the activation with it
    REQUIRE(QTest::qWaitForWindowActive(&s.view));
    QTimer::singleShot(100, [] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        REQUIRE(dialog);
        auto* checks = dialog->findChild<QListWidget*>(QStringLiteral("secondLookChecks"));
        REQUIRE(checks);
        QTest::keyClick(checks, Qt::Key_2);
        CHECK(checks->currentRow() == 1);
        QTest::keyClick(checks, Qt::Key_Return);
        CHECK_FALSE(dialog->isVisible());
    });
    QTest::keyClick(&s.view, Qt::Key_F1);
    REQUIRE(decisions.count() == 1);
    CHECK(decisions.at(0).at(0).value<Decision>() == Decision::Verified);
    CHECK(decisions.at(0).at(1).toString() == QStringLiteral("accompanying_adult"));

    // Without the age policy F1 records at once, as before.
    s.view.setState(matchState());
    s.view.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&s.view));
    QTest::keyClick(&s.view, Qt::Key_F1);
    REQUIRE(decisions.count() == 2);
    CHECK(decisions.at(1).at(1).toString().isEmpty());
}

TEST_CASE("the verdict is shown in words and reset clears the previous traveler", "[ui][booth]") {
    Shown s;
    s.view.setState(matchState());
    CHECK(s.text("verdictLabel").contains(QStringLiteral("MATCH")));
    CHECK(s.text("travelerName") == QStringLiteral("GARCÍA LÓPEZ, María"));
    CHECK(s.text("verdictDetail").contains(QStringLiteral("chance of a wrong match")));

    auto noMatch = matchState();
    noMatch.verdict = Verdict::NoMatch;
    noMatch.secondLookReasons = {QStringLiteral("traveler younger than 14")};
    s.view.setState(noMatch);
    CHECK(s.text("verdictLabel").contains(QStringLiteral("NO MATCH")));
    CHECK(s.text("secondLookLabel").contains(QStringLiteral("younger than 14")));

    s.view.reset();
    CHECK(s.text("travelerName") == QStringLiteral("No traveler selected"));
    CHECK(s.text("secondLookLabel").isEmpty());
    CHECK_FALSE(s.text("verdictLabel").contains(QStringLiteral("MATCH")));
}

TEST_CASE("a camera switched off drops the frames that still arrive", "[ui][booth]") {
    Shown s;
    QImage frame(64, 48, QImage::Format_RGB32);
    frame.fill(Qt::gray);
    s.view.cameraView()->setFrame(frame);
    CHECK_FALSE(s.view.cameraView()->frame().isNull());
    s.view.setCameraOff(QStringLiteral("Camera off — citizen opted out"));
    CHECK(s.view.cameraView()->frame().isNull());
    s.view.cameraView()->setFrame(frame);
    CHECK(s.view.cameraView()->frame().isNull());
}
