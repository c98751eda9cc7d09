// SPDX-License-Identifier: GPL-3.0-or-later
// The whole booth, driven like an officer: the real demo composition (portico-central on loopback, encrypted
// SQLite store, sync and upload, the face engine on the replayed camera) and the real widgets, offscreen.
#include "Workstation.h"
#include "support/ChildProcess.h"
#include "support/TestCerts.h"
#include "support/TestPaths.h"
#include "ui/BoothView.h"
#include "ui/CameraView.h"
#include "ui/LockScreen.h"
#include "ui/MainWindow.h"
#include "ui/ManifestView.h"
#include "ui/ReviewView.h"
#include "ui/StatsView.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <functional>

#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

using namespace portico;

namespace {
nlohmann::json centralStats(const std::filesystem::path& dataDir) {
    auto [status, out] = test::runCommand(test::centralExe().string(), {"stats", "--data", dataDir.string()});
    REQUIRE(status == 0);
    return nlohmann::json::parse(out);
}

long long countRows(const std::filesystem::path& db, const char* sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

/// F1 as an officer presses it: under the age policy (a demo traveler may be a child) the booth first asks what
/// was checked; the officer picks "1" (the document photo) and presses Enter.
void pressVerified(ui::BoothView* booth) {
    booth->activateWindow();
    if (booth->state().confirmSecondLook) {
        QTimer::singleShot(100, [] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            REQUIRE(dialog);
            auto* checks = dialog->findChild<QListWidget*>(QStringLiteral("secondLookChecks"));
            REQUIRE(checks);
            QTest::keyClick(checks, Qt::Key_1);
            QTest::keyClick(checks, Qt::Key_Return);
        });
    }
    QTest::keyClick(booth, Qt::Key_F1);
    // A closed dialog takes the window's activation with it: the booth's next keys (F3, Ctrl+L …) need it back.
    booth->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(booth->window()));
}

/// Every local record reached central exactly once. The replay keeps walking, so the booth may add `abandoned`
/// records (a walker shown and not decided) at any time: central must catch up with whatever the booth holds.
void checkAllUploadedOnce(app::Workstation& w) {
    const char* all = "SELECT count(*) FROM inspections";
    REQUIRE(QTest::qWaitFor(
        [&] { return centralStats(w.centralDataDir()).at("records_stored") == countRows(w.databasePath(), all); },
        60000));
}
} // namespace

TEST_CASE("a traveler walks up, is matched, verified with F1 and uploaded, an opt-out stores no image",
          "[ui][integration][booth]") {
    test::TempDir tmp;
    (void)test::modelDir(); // fails clearly when the models are not fetched
    config::StationConfig config;
    config.demo = true;
    config.portCode = "DEMO";
    config.stationId = "e2e-booth";
    config.documentDropDir = tmp.path() / "document-reader";
    std::filesystem::create_directories(config.documentDropDir);
    auto created = app::Workstation::create(config, {tmp.path() / "data", tmp.path() / "keys" / "station.key"});
    INFO((created ? std::string() : created.error().toString()));
    REQUIRE(created.ok());
    auto& w = *created.value();
    auto officer = w.accounts().login(app::Workstation::kOfficer, app::Workstation::kOfficerPassword);
    REQUIRE(officer.ok());
    REQUIRE(w.start(officer.value()).ok());
    w.window().show();
    auto* booth = w.window().booth();

    // The first demo traveler walks up: the booth shows a match with its evidence. The replay then stops, as a
    // traveler at the desk stands still: the next walker would otherwise step up while the (slow, under ASan) test
    // still reads the document, and the booth would move on.
    REQUIRE(QTest::qWaitFor([&] { return booth->state().verdict == ui::Verdict::Match; }, 120000));
    w.boothService().stop();
    QTest::qWait(300);
    REQUIRE(booth->state().verdict == ui::Verdict::Match);
    REQUIRE(booth->state().traveler.has_value());
    CHECK_FALSE(booth->state().traveler->photo.isNull()); // the manifest photo, side by side with the live one
    CHECK_FALSE(booth->state().liveCrop.isNull());
    REQUIRE(booth->state().score.has_value());
    CHECK(*booth->state().score >= *booth->state().threshold);

    // The document reader drops the travel document's photo: it shows someone else. The booth says so, in words,
    // and leaves the decision to the officer.
    std::filesystem::copy_file(test::facesDevDir() / "celeba_7203" / "1.jpg", config.documentDropDir / "page-0001.jpg");
    REQUIRE(QTest::qWaitFor([&] { return booth->state().documentResult.contains(QStringLiteral("✗")); }, 30000));
    CHECK(booth->state().documentProblem);
    CHECK_FALSE(booth->state().documentCrop.isNull());

    // F1: verified. One immutable record, uploaded to central exactly once.
    const QString appointment = booth->state().traveler->appointmentId;
    auto* counts = w.window().manifest()->findChild<QLabel*>(QStringLiteral("manifestCounts"));
    REQUIRE(counts != nullptr);
    CHECK(counts->text().contains(QStringLiteral(" 0 processed")));
    pressVerified(booth);
    // (an abandoned walker's upload may come first: wait for the decision itself)
    REQUIRE(QTest::qWaitFor(
        [&] {
            return countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE decision = 'verified'") == 1;
        },
        60000));
    // The manifest shows the traveler processed, in words.
    REQUIRE(QTest::qWaitFor([&] { return counts->text().contains(QStringLiteral(" 1 processed")); }, 20000));
    auto* table = w.window().manifest()->findChild<QTableView*>(QStringLiteral("manifestTable"));
    REQUIRE(table != nullptr);
    QStringList shown;
    QPersistentModelIndex row; // the traveler's row, opened again below
    for (int i = 0; i < table->model()->rowCount(); ++i) {
        const auto cell = table->model()->index(i, ui::ManifestTableModel::Status);
        if (cell.data(Qt::UserRole).toString() == appointment) {
            shown << cell.data().toString();
            row = cell;
        }
    }
    CHECK(shown == QStringList{QStringLiteral("Processed")});
    checkAllUploadedOnce(w);
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE decision = 'verified'") == 1);
    // The 1:1 result is part of the record, and the disagreement went to a supervisor.
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE doc_score < doc_threshold") == 1);
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM review_cases WHERE reasons LIKE '%document_mismatch%'") ==
          1);

    // The same booking opened again from the manifest (Enter on its row): the booth says it was decided already,
    // so one booking used twice gets a second look.
    REQUIRE(row.isValid());
    table->setCurrentIndex(row);
    QTest::keyClick(table, Qt::Key_Return);
    REQUIRE(QTest::qWaitFor(
        [&] {
            return booth->state().traveler && booth->state().traveler->appointmentId == appointment &&
                   booth->state()
                       .secondLookReasons.join(QStringLiteral("; "))
                       .contains(QStringLiteral("already decided here"));
        },
        20000));
    CHECK(booth->state().secondLookReasons.join(QStringLiteral("; ")).contains(QStringLiteral("(verified)")));

    // F3: citizen opt-out. The camera stops at once; the record carries no image.
    booth->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(booth->window()));
    QTest::keyClick(booth, Qt::Key_F3);
    CHECK(booth->cameraView()->frame().isNull());
    CHECK(booth->state().verdict == ui::Verdict::OptedOut);
    REQUIRE(QTest::qWaitFor([&] { return w.uploader().status().accepted >= 2; }, 60000));
    checkAllUploadedOnce(w);
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE opted_out = 1") == 1);
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE opted_out = 1 AND "
                                      "(capture_photo IS NOT NULL OR capture_template IS NOT NULL)") == 0);
    // The opt-out was the booking's second decision: recorded as a repeat (an opt-out opens no review case).
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE opted_out = 1 AND reason_codes LIKE "
                                      "'%repeat_appointment%'") == 1);
}

namespace {
/// The wall clock moved by hand (days go by in a test), the steady clock left alone (frames, timeouts).
class FakeWallClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now() + m_offset.load(); }
    std::chrono::steady_clock::time_point steadyNow() const override { return std::chrono::steady_clock::now(); }
    void advance(std::chrono::hours h) { m_offset = m_offset.load() + h; }

private:
    std::atomic<std::chrono::hours> m_offset{std::chrono::hours(0)};
};

struct DemoBooth {
    test::TempDir tmp;
    std::unique_ptr<app::Workstation> station;

    std::filesystem::path dropDir;

    explicit DemoBooth(const std::string& stationId, const char* user = app::Workstation::kOfficer,
                       const char* password = app::Workstation::kOfficerPassword, const Clock* clock = nullptr) {
        (void)test::modelDir();
        config::StationConfig config;
        config.demo = true;
        config.portCode = "DEMO";
        config.stationId = stationId;
        dropDir = tmp.path() / "document-reader";
        std::filesystem::create_directories(dropDir);
        config.documentDropDir = dropDir;
        auto created =
            app::Workstation::create(config, {tmp.path() / "data", tmp.path() / "keys" / "station.key"}, clock);
        INFO((created ? std::string() : created.error().toString()));
        REQUIRE(created.ok());
        station = std::move(created.value());
        auto officer = station->accounts().login(user, password);
        REQUIRE(officer.ok());
        REQUIRE(station->start(officer.value()).ok());
        station->window().show();
    }
};

QLabel* offlineBand(ui::MainWindow& window) {
    auto* band = window.findChild<QLabel*>(QStringLiteral("offlineBand"));
    REQUIRE(band != nullptr);
    return band;
}
} // namespace

TEST_CASE("offline for 72 hours: the booth keeps working on its expired manifest, says so, and drains when central "
          "is back",
          "[ui][integration][booth][offline]") {
    FakeWallClock clock;
    DemoBooth b("offline-booth", app::Workstation::kOfficer, app::Workstation::kOfficerPassword, &clock);
    auto& w = *b.station;
    auto* booth = w.window().booth();
    CHECK(w.window().screens()->count() == 2); // an officer sees the booth and the manifest, no review screens
    REQUIRE(QTest::qWaitFor([&] { return booth->state().verdict == ui::Verdict::Match; }, 120000));
    CHECK(booth->state().secondLookReasons.filter(QStringLiteral("expired")).isEmpty());

    // F1 on the match shown. The replay keeps walking: between what the test saw and the key, the booth may have
    // moved on to the next walker (the one shown is then recorded as abandoned), and core refuses a decision the
    // screen did not ask for (the age policy's confirmation). Then F1 again on the match now shown.
    const char* decided = "SELECT count(*) FROM inspections WHERE decision != 'abandoned'";
    const auto verifyShown = [&](long long records, const std::function<bool()>& shown) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            REQUIRE(QTest::qWaitFor(shown, 120000));
            pressVerified(booth);
            if (QTest::qWaitFor([&] { return countRows(w.databasePath(), decided) >= records; }, 8000)) {
                CHECK(countRows(w.databasePath(), decided) == records);
                return;
            }
        }
        FAIL("F1 recorded nothing on three matches in a row");
    };

    // The network goes: the officer carries on; the decision is durable locally and the band says so.
    w.stopCentral();
    // (a walker the booth moved on from before this may have been uploaded as abandoned: nothing is, from now on)
    const auto acceptedBefore = w.uploader().status().accepted;
    verifyShown(1, [&] { return booth->state().verdict == ui::Verdict::Match; });
    auto* band = offlineBand(w.window());
    REQUIRE(
        QTest::qWaitFor([&] { return band->isVisible() && band->text().contains(QStringLiteral("OFFLINE")); }, 90000));
    CHECK(band->text().contains(QStringLiteral(" waiting to upload")));
    CHECK(w.uploader().status().accepted == acceptedBefore);
    CHECK(w.uploader().status().depth >= 1);

    // Three days without central: the manifest (valid 24 h) has expired. The band says what that means.
    clock.advance(std::chrono::hours(72));
    REQUIRE(QTest::qWaitFor([&] { return band->text().contains(QStringLiteral("Manifest EXPIRED")); }, 10000));
    CHECK(band->text().contains(QStringLiteral("every match needs a second look")));
    // The band is laid out whole: its two warnings fit the height it is given.
    QTest::qWait(1500);
    CHECK(band->height() >= band->heightForWidth(band->width()));
    if (const char* shots = std::getenv("PORTICO_SCREENSHOT_DIR"); shots && *shots) {
        w.window().grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/booth-manifest-expired.png"));
    }

    // The booth is not blocked: the next traveler is matched, and the officer is asked for a second look.
    verifyShown(2, [&] {
        return booth->state().verdict == ui::Verdict::Match &&
               !booth->state().secondLookReasons.filter(QStringLiteral("manifest has expired")).isEmpty();
    });
    // The record says its match was made against an expired manifest; the first one (before expiry) does not.
    CHECK(countRows(w.databasePath(),
                    "SELECT count(*) FROM inspections WHERE reason_codes LIKE '%\"manifest_expired\"%' AND "
                    "decision != 'abandoned'") == 1);

    // Central comes back at the same address: the queue drains by itself, exactly once.
    REQUIRE(w.restartCentral().ok());
    w.uploader().wake();
    REQUIRE(QTest::qWaitFor(
        [&] { return w.uploader().status().accepted >= acceptedBefore + 2 && w.uploader().status().depth == 0; },
        150000));
    checkAllUploadedOnce(w);
    REQUIRE(QTest::qWaitFor([&] { return !band->text().contains(QStringLiteral("OFFLINE")); }, 10000));
}

TEST_CASE("inactivity locks the booth, hides traveler data and only the officer's password unlocks it",
          "[ui][integration][booth][lock]") {
    DemoBooth b("lock-booth");
    auto& w = *b.station;
    // Once the day's gallery is built (the booth's worker is then free for the password check).
    REQUIRE(QTest::qWaitFor([&] { return w.window().manifest()->filter()->rowCount() > 0; }, 120000));
    w.controller().setInactivityLimit(std::chrono::milliseconds(400));
    REQUIRE(QTest::qWaitFor([&] { return w.window().isLocked(); }, 5000));
    auto* lock = w.window().lockScreen();
    CHECK(lock->isVisible());
    CHECK_FALSE(w.window().booth()->isVisible()); // no traveler data on screen while locked

    auto* password = lock->findChild<QLineEdit*>(QStringLiteral("lockPassword"));
    auto* error = lock->findChild<QLabel*>(QStringLiteral("lockError"));
    REQUIRE(password != nullptr);
    REQUIRE(error != nullptr);
    w.controller().setInactivityLimit(std::chrono::milliseconds(0)); // no re-lock while typing in the test
    QTest::keyClicks(password, QStringLiteral("not the password at all"));
    QTest::keyClick(password, Qt::Key_Return);
    REQUIRE(QTest::qWaitFor([&] { return !error->text().isEmpty(); }, 10000));
    CHECK(w.window().isLocked());

    QTest::keyClicks(password, QString::fromLatin1(app::Workstation::kOfficerPassword));
    QTest::keyClick(password, Qt::Key_Return);
    REQUIRE(QTest::qWaitFor([&] { return !w.window().isLocked(); }, 10000));
    CHECK(w.window().booth()->isVisible());

    // Lock, failed and successful unlock are all in the audit log.
    REQUIRE(QTest::qWaitFor(
        [&] {
            return countRows(w.databasePath(), "SELECT count(*) FROM audit_log WHERE action = 'session.unlock'") == 1;
        },
        5000));
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM audit_log WHERE action = 'session.lock'") == 1);
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM audit_log WHERE action LIKE '%fail%'") >= 1);
    // Retention is enforced by the workstation itself: the purge job ran at start and left its receipt.
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM audit_log WHERE action = 'purge.run'") >= 1);
}

TEST_CASE("an officer signs out, a supervisor signs in over the lock screen and unlocks a locked-out officer, who "
          "then changes the password",
          "[ui][integration][booth][lock]") {
    DemoBooth b("accounts-booth");
    auto& w = *b.station;
    auto& window = w.window();
    REQUIRE(QTest::qWaitFor([&] { return window.manifest()->filter()->rowCount() > 0; }, 120000));
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    auto* lock = window.lockScreen();
    auto* user = lock->findChild<QLineEdit*>(QStringLiteral("lockUser"));
    auto* password = lock->findChild<QLineEdit*>(QStringLiteral("lockPassword"));
    auto* error = lock->findChild<QLabel*>(QStringLiteral("lockError"));
    REQUIRE((user && password && error));
    const auto signIn = [&](const char* name, const char* pass) {
        user->setFocus();
        user->selectAll();
        QTest::keyClicks(user, QString::fromLatin1(name));
        QTest::keyClick(user, Qt::Key_Tab);
        QTest::keyClicks(password, QString::fromLatin1(pass));
        QTest::keyClick(password, Qt::Key_Return);
    };
    const auto audited = [&](const char* action, const char* actor) {
        return countRows(w.databasePath(), (std::string("SELECT count(*) FROM audit_log WHERE action = '") + action +
                                            "' AND actor = '" + actor + "'")
                                               .c_str());
    };

    // Ctrl+Shift+Q: the officer signs out. Traveler data goes, the booth waits for someone to sign in.
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE(window.isLocked());
    CHECK(user->text().isEmpty());
    CHECK_FALSE(window.booth()->isVisible());
    REQUIRE(QTest::qWaitFor([&] { return audited("auth.logout", app::Workstation::kOfficer) == 1; }, 10000));

    // Meanwhile the officer's account is locked by ten wrong passwords (another connection to the same store).
    {
        auto db = store::Database::open(w.databasePath());
        REQUIRE(db);
        audit::AuditLog log(*db);
        SystemClock clock;
        auth::Accounts accounts(*db, log, clock, auth::HashLimits::interactive());
        for (int i = 0; i < auth::Accounts::kMaxFailures; ++i) {
            (void)accounts.login(app::Workstation::kOfficer, "not the password at all");
        }
        REQUIRE(accounts.isLocked(app::Workstation::kOfficer).value());
    }
    signIn(app::Workstation::kOfficer, app::Workstation::kOfficerPassword);
    REQUIRE(QTest::qWaitFor([&] { return error->text().contains(QStringLiteral("locked")); }, 10000));
    CHECK(window.isLocked());
    if (const char* shots = std::getenv("PORTICO_SCREENSHOT_DIR"); shots && *shots) {
        window.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/signed-out.png"));
    }

    // The supervisor signs in at the same screen: a new session, with the supervisor's screens.
    signIn(app::Workstation::kSupervisor, app::Workstation::kSupervisorPassword);
    REQUIRE(QTest::qWaitFor([&] { return !window.isLocked(); }, 10000));
    CHECK(w.controller().officer() == app::Workstation::kSupervisor);
    CHECK(window.screens()->count() == 4);
    CHECK(window.screens()->isTabVisible(2));
    CHECK(audited("session.start", app::Workstation::kSupervisor) == 1);

    // Ctrl+Shift+A: the accounts. The locked officer is listed as such; U unlocks.
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QTableWidget* table = nullptr;
    REQUIRE(QTest::qWaitFor(
        [&] {
            auto* dialog = window.findChild<QDialog*>(QStringLiteral("accountsDialog"));
            table = dialog ? dialog->findChild<QTableWidget*>(QStringLiteral("accountsTable")) : nullptr;
            return table && table->rowCount() >= 2;
        },
        10000));
    int officerRow = -1;
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->text() == QString::fromLatin1(app::Workstation::kOfficer)) {
            officerRow = r;
        }
    }
    REQUIRE(officerRow >= 0);
    CHECK(table->item(officerRow, 3)->text().startsWith(QStringLiteral("LOCKED")));
    table->selectRow(officerRow);
    table->setFocus();
    if (const char* shots = std::getenv("PORTICO_SCREENSHOT_DIR"); shots && *shots) {
        table->window()->grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/accounts.png"));
    }
    QTest::keyClick(table, Qt::Key_U);
    REQUIRE(QTest::qWaitFor([&] { return table->item(officerRow, 3)->text() == QStringLiteral("active"); }, 10000));
    CHECK(audited("account.unlock", app::Workstation::kSupervisor) == 1);
    QTest::keyClick(table, Qt::Key_Escape);
    REQUIRE(QTest::qWaitFor([&] { return !window.findChild<QDialog*>(QStringLiteral("accountsDialog")); }, 5000));

    // The supervisor hands the booth back: sign out, the officer signs in, the review screens are gone.
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE(window.isLocked());
    signIn(app::Workstation::kOfficer, app::Workstation::kOfficerPassword);
    REQUIRE(QTest::qWaitFor([&] { return !window.isLocked(); }, 10000));
    CHECK_FALSE(window.screens()->isTabVisible(2));
    CHECK_FALSE(window.screens()->isTabVisible(3));

    // Ctrl+Shift+P: the officer changes the password (the current one first).
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QDialog* dialog = nullptr;
    REQUIRE(
        QTest::qWaitFor([&] { return (dialog = window.findChild<QDialog*>(QStringLiteral("passwordDialog"))); }, 5000));
    const QString next = QStringLiteral("quiet harbor lantern 2026");
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("currentPassword")),
                     QString::fromLatin1(app::Workstation::kOfficerPassword));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("newPassword")), next);
    auto* repeat = dialog->findChild<QLineEdit*>(QStringLiteral("repeatPassword"));
    QTest::keyClicks(repeat, next);
    QTest::keyClick(repeat, Qt::Key_Return);
    REQUIRE(QTest::qWaitFor([&] { return !window.findChild<QDialog*>(QStringLiteral("passwordDialog")); }, 10000));
    CHECK(audited("account.password_changed", app::Workstation::kOfficer) == 1);
    {
        auto db = store::Database::open(w.databasePath());
        REQUIRE(db);
        audit::AuditLog log(*db);
        SystemClock clock;
        auth::Accounts accounts(*db, log, clock, auth::HashLimits::interactive());
        CHECK(accounts.login(app::Workstation::kOfficer, next.toStdString()).ok());
    }
}

TEST_CASE("a real booth composes from its station config against the configured central, and refuses a recording "
          "as its camera",
          "[ui][integration][booth][config]") {
    test::TempDir tmp;
    (void)test::modelDir();
    const auto centralData = tmp.path() / "central";
    std::filesystem::create_directories(centralData);
    auto [keyStatus, key] = test::runCommand(test::centralExe().string(), {"pubkey", "--data", centralData.string()});
    REQUIRE(keyStatus == 0);
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) {
        key.pop_back();
    }
    // The agency's PKI: central's certificate chains to the agency CA the station trusts (centralCaFile), and its
    // key is pinned (centralKeyPin). Outside demo mode nothing else is accepted.
    const auto pki = test::makeTestPki(tmp.path());
    test::CentralProcess central(centralData.string(),
                                 {"--seed-manifest", "12", "--port-code", "ELP", "--token", "lane-7-secret", "--tls",
                                  pki.server.cert.string(), pki.server.key.string()});
    const auto tokenFile = tmp.path() / "central.token";
    std::ofstream(tokenFile) << "lane-7-secret\n";

    config::StationConfig config;
    config.stationId = "elp-lane-7";
    config.portCode = "ELP";
    config.lane = 7;
    config.centralUrl = central.url();
    config.centralKeyPin = pki.server.pin;
    config.centralCaFile = pki.ca.cert;
    config.centralTokenFile = tokenFile;
    config.manifestPublicKey = key;
    const app::Workstation::Paths paths{tmp.path() / "data", tmp.path() / "keys" / "station.key"};

    // Plain http is the demo's: a production booth refuses it, naming the setting.
    {
        auto plain = config;
        plain.centralUrl = "http://" + central.url().substr(std::string("https://").size());
        auto refusedPlain = app::Workstation::create(plain, paths);
        REQUIRE_FALSE(refusedPlain.ok());
        CHECK_THAT(refusedPlain.error().detail, Catch::Contains("'centralUrl'"));
    }
    // A data folder that holds the demo's accounts (published passwords) never opens a production booth.
    {
        const app::Workstation::Paths demoData{tmp.path() / "demo-data", tmp.path() / "demo-keys" / "station.key"};
        std::filesystem::create_directories(demoData.dataDir);
        {
            auto db = store::Database::open(demoData.dataDir / "portico.db");
            REQUIRE(db);
            audit::AuditLog log(*db);
            SystemClock clock;
            auth::Accounts accounts(*db, log, clock, auth::HashLimits::minimal());
            REQUIRE(demo::createDemoAccounts(*db, accounts));
        }
        config.camera = "/dev/video63";
        auto refusedDemo = app::Workstation::create(config, demoData);
        REQUIRE_FALSE(refusedDemo.ok());
        CHECK(refusedDemo.code() == ErrorCode::ConfigInvalid);
        CHECK_THAT(refusedDemo.error().detail, Catch::Contains("demo"));
        config.camera = "0";
    }

    // A booth outside demo mode takes pictures from a live camera only.
    config.camera = (tmp.path() / "replay.avi").string();
    auto refused = app::Workstation::create(config, paths);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.code() == ErrorCode::ConfigInvalid);
    CHECK_THAT(refused.error().detail, Catch::Contains("'camera'"));

    // A 1:1 operating point the shipped calibration cannot support is refused at start, naming the key.
    config.camera = "/dev/video63";
    config.operatingPoint.verificationFmr = 1e-8;
    auto unsupported = app::Workstation::create(config, paths);
    REQUIRE_FALSE(unsupported.ok());
    CHECK(unsupported.code() == ErrorCode::ConfigInvalid);
    CHECK_THAT(unsupported.error().detail, Catch::Contains("'operatingPoint'") && Catch::Contains("verificationFmr"));
    config.operatingPoint = {};

    // With a camera device that is not plugged in: the booth starts, syncs its manifest and says the camera is down.
    // The site allows a camera that is not live (the override of docs/capture.md): it is audited, with its reason.
    config.camera = "/dev/video63";
    config.allowVirtualCamera = true;
    config.allowVirtualCameraReason = "lane 7 camera feeds through the port's video switch until March";
    auto created = app::Workstation::create(config, paths);
    INFO((created ? std::string() : created.error().toString()));
    REQUIRE(created.ok());
    auto& w = *created.value();
    CHECK(countRows(w.databasePath(),
                    "SELECT count(*) FROM audit_log WHERE action = 'config.virtual_camera_allowed' AND "
                    "details LIKE '%video switch%'") == 1);
    CHECK(w.centralUrl() == central.url());
    // No demo accounts outside demo mode.
    CHECK_FALSE(w.accounts().login(app::Workstation::kOfficer, app::Workstation::kOfficerPassword).ok());
    REQUIRE(w.accounts().add("admin", "ofc.rivera", "Officer Rivera", auth::Role::Officer, "copper meadow 5512").ok());
    auto officer = w.accounts().login("ofc.rivera", "copper meadow 5512");
    REQUIRE(officer.ok());
    REQUIRE(w.start(officer.value()).ok());
    w.window().show();
    REQUIRE(QTest::qWaitFor([&] { return w.window().manifest()->filter()->rowCount() == 12; }, 60000));
    auto* band = offlineBand(w.window());
    REQUIRE(
        QTest::qWaitFor([&] { return band->isVisible() && band->text().contains(QStringLiteral("camera")); }, 20000));
}

TEST_CASE("a supervisor claims and resolves a review case with the keyboard, and sees it in the day's figures",
          "[ui][integration][review]") {
    DemoBooth b("review-booth", app::Workstation::kSupervisor, app::Workstation::kSupervisorPassword);
    auto& w = *b.station;
    auto* booth = w.window().booth();
    CHECK(w.window().screens()->count() == 4); // booth, manifest, review, monitoring

    // At the booth: a match, but the document photo is someone else's. Verified by the officer; a case opens.
    REQUIRE(QTest::qWaitFor([&] { return booth->state().verdict == ui::Verdict::Match; }, 120000));
    // The monitoring screen's lane health while the demo camera streams (it has since start).
    w.supervisor().refreshStats(QDate::currentDate());
    QString laneWhileStreaming;
    REQUIRE(QTest::qWaitFor(
        [&] {
            auto* lane = w.statsView().findChild<QLabel*>(QStringLiteral("statsLaneHealth"));
            laneWhileStreaming = lane ? lane->text() : QString();
            return laneWhileStreaming.contains(QStringLiteral("photos taken"));
        },
        10000));
    // The camera stops, so no further walker changes the booth or the queue under the test. One the booth moved on
    // from undecided before may be queued too (abandoned, when it needed a second look).
    w.boothService().stop();
    QTest::qWait(300);
    REQUIRE(booth->state().verdict == ui::Verdict::Match);
    std::filesystem::copy_file(test::facesDevDir() / "celeba_7203" / "1.jpg", b.dropDir / "page-0001.jpg");
    REQUIRE(QTest::qWaitFor([&] { return booth->state().documentResult.contains(QStringLiteral("✗")); }, 30000));
    pressVerified(booth);
    REQUIRE(QTest::qWaitFor(
        [&] {
            return countRows(w.databasePath(), "SELECT count(*) FROM review_cases WHERE state = 'open' AND reasons "
                                               "LIKE '%document_mismatch%'") == 1;
        },
        10000));
    const long long open = countRows(w.databasePath(), "SELECT count(*) FROM review_cases WHERE state = 'open'");

    // The review screen: the case is listed and shown with its evidence side by side.
    auto& review = w.reviewView();
    w.window().screens()->setCurrentWidget(&review);
    w.supervisor().refreshQueue();
    REQUIRE(QTest::qWaitFor([&] { return review.cases().size() == open && review.currentCase().has_value(); }, 10000));
    auto* table = review.findChild<QTableWidget*>(QStringLiteral("reviewTable"));
    REQUIRE(table != nullptr);
    int documentCase = -1;
    for (int i = 0; i < review.cases().size(); ++i) {
        if (review.cases().at(i).reasons.contains(QStringLiteral("document disagrees"))) {
            documentCase = i;
        }
    }
    REQUIRE(documentCase >= 0);
    table->setFocus();
    table->selectRow(documentCase);
    REQUIRE(QTest::qWaitFor(
        [&] { return review.currentCase() && review.currentCase()->caseId == review.cases().at(documentCase).caseId; },
        10000));
    // The booth's capture, unless the traveler is a U.S. citizen (never written at the default retention).
    const bool citizen = countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE is_citizen = 1") == 1;
    CHECK(review.currentCase()->live.isNull() == citizen);
    if (!citizen) { // framed like the manifest photo: a square around the face, not the whole 640×480 frame
        CHECK(review.currentCase()->live.width() == review.currentCase()->live.height());
        CHECK(review.currentCase()->live.width() < 480);
    }
    auto* summary = review.findChild<QLabel*>(QStringLiteral("reviewSummary"));
    REQUIRE(summary != nullptr);
    CHECK(summary->text().startsWith(
        QStringLiteral("%1 open · 0 claimed · 0 resolved today · oldest waiting").arg(open)));
    CHECK_FALSE(review.currentCase()->gallery.isNull()); // the manifest photo
    CHECK(review.currentCase()->documentScore.contains(QStringLiteral("threshold")));
    // The search's best candidates, best first, with their manifest photos: the matched traveler leads.
    REQUIRE_FALSE(review.currentCase()->lookAlikes.isEmpty());
    CHECK_FALSE(review.currentCase()->lookAlikes.front().photo.isNull());
    CHECK(review.currentCase()->traveler.contains(review.currentCase()->lookAlikes.front().name));
    CHECK(review.currentCase()->state == review::CaseState::Open);

    // Ctrl+L claims it.
    table->setFocus();
    QTest::keyClick(table, Qt::Key_L, Qt::ControlModifier);
    REQUIRE(QTest::qWaitFor(
        [&] { return review.currentCase()->state == review::CaseState::Claimed && review.currentCase()->claimedByMe; },
        10000));

    // No note, no resolution.
    QTest::keyClick(table, Qt::Key_Return, Qt::ControlModifier);
    auto* error = review.findChild<QLabel*>(QStringLiteral("reviewError"));
    REQUIRE(error != nullptr);
    CHECK_FALSE(error->text().isEmpty());
    QTest::qWait(300);
    CHECK(review.currentCase()->state == review::CaseState::Claimed);

    // Alt+2 (not confirmed → secondary), a note, Ctrl+Enter.
    auto* note = review.findChild<QPlainTextEdit*>(QStringLiteral("resolutionNote"));
    REQUIRE(note != nullptr);
    QTest::keyClick(table, Qt::Key_2, Qt::AltModifier);
    note->setFocus();
    QTest::keyClicks(note, QStringLiteral("Document photo shows a different person; sent to secondary."));
    QTest::keyClick(note, Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(QTest::qWaitFor([&] { return review.currentCase()->state == review::CaseState::Resolved; }, 10000));
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM review_cases WHERE state = 'resolved' AND "
                                      "resolution = 'not_confirmed_secondary'") == 1);
    for (const char* action : {"review.case.view", "review.case.claim", "review.case.resolve"}) {
        INFO(action);
        CHECK(countRows(w.databasePath(),
                        (std::string("SELECT count(*) FROM audit_log WHERE action = '") + action + "'").c_str()) >= 1);
    }
    // The queue no longer lists it, and the day's figures count the resolution as an overturn of the match.
    REQUIRE(QTest::qWaitFor([&] { return review.cases().size() == open - 1; }, 15000));
    CHECK(summary->text().startsWith(QStringLiteral("%1 open · 0 claimed · 1 resolved today").arg(open - 1)));
    auto& stats = w.statsView();
    REQUIRE(QTest::qWaitFor(
        [&] {
            auto* overall = stats.findChild<QLabel*>(QStringLiteral("statsOverall"));
            return overall && overall->text().contains(QStringLiteral("(open %1, resolved 1)").arg(open - 1));
        },
        15000));
    // Each count follows its label: no "1 travelers".
    // (a walker the booth moved on from undecided is processed too: analysed, recorded as abandoned)
    const long long processed = countRows(w.databasePath(), "SELECT count(*) FROM inspections");
    CHECK(stats.findChild<QLabel*>(QStringLiteral("statsOverall"))
              ->text()
              .startsWith(QStringLiteral("Processed %1 · ").arg(processed)));
    // The lane camera's health is on the same screen (seen before the test stopped the camera, above).
    CHECK(laneWhileStreaming.contains(QStringLiteral("streaming")));
    CHECK(laneWhileStreaming.contains(QStringLiteral("disconnections 0 · photos taken ")));
    CHECK_FALSE(laneWhileStreaming.contains(QStringLiteral("DOWN")));
    auto* lane = stats.findChild<QLabel*>(QStringLiteral("statsLaneHealth"));
    REQUIRE(lane != nullptr);
    CHECK(lane->isVisibleTo(&stats));
    auto* capture = stats.findChild<QLabel*>(QStringLiteral("statsCapture"));
    REQUIRE(capture != nullptr);
    CHECK(capture->text().contains(QStringLiteral("travelers measured %1 · ").arg(processed)));
    // The operating point in force: the station config's defaults over the shipped calibration from calib/.
    auto* op = stats.findChild<QLabel*>(QStringLiteral("statsOperatingPoint"));
    REQUIRE(op != nullptr);
    CHECK(op->isVisibleTo(&stats));
    INFO(op->text().toStdString());
    CHECK(op->text().contains(QStringLiteral("1:1: false-match rate 1 in 10,000 (threshold 0.435)")));
    CHECK(op->text().contains(QStringLiteral("1:N: a false candidate in 1 of 333 searches")));
    CHECK(op->text().contains(QStringLiteral("(estimated)")));
    CHECK(op->text().contains(QStringLiteral("derived from the calibration set's scores")));
    CHECK(op->text().contains(QStringLiteral("shared/faces/calib")));
}
