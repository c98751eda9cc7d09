// SPDX-License-Identifier: GPL-3.0-or-later
// Disk full: the booth records decisions on a store that runs out of space. The decision fails quickly with
// DiskFull (the officer sees it within a second), nothing crashes, no committed record is lost or damaged, the
// session keeps the traveler, and once space returns the same session and store record again without a restart.
// Two ways to run out of space: SQLite's max_page_count (deterministic, runs everywhere) and a real 1 MiB tmpfs
// filled to the last byte (needs root to mount; skipped with a message otherwise).
#include "audit/AuditLog.h"
#include "audit/AuditVerifier.h"
#include "booth/BoothSession.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "store/SqliteOutbox.h"

#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <random>
#include <unistd.h>

using namespace portico;

namespace {

struct Station {
    Station(const std::filesystem::path& dbPath, const std::filesystem::path& keyPath)
        : db(open(dbPath)), crypto(*store::KeyFile::loadOrCreate(keyPath)), audit(db),
          inspections(db, crypto, audit, clock, "WS-FULL"), session(inspections, clock, policy()) {
        session.setOfficer("officer-full");
    }
    static store::Database open(const std::filesystem::path& p) {
        auto db = store::Database::open(p);
        REQUIRE(db.ok());
        return std::move(db.value());
    }
    static booth::SessionPolicy policy() {
        booth::SessionPolicy p;
        p.port = "SYS";
        p.lane = 2;
        return p;
    }
    /// A traveler with a capture (~24 KiB of image bytes, so the file grows with every record).
    void prepareTraveler(std::mt19937& rng) {
        booth::CaptureEvidence ev;
        ev.jpeg.resize(24 * 1024);
        for (auto& b : ev.jpeg) {
            b = static_cast<std::uint8_t>(rng());
        }
        ev.templ.assign(520, static_cast<std::uint8_t>(rng()));
        ev.modelId = "face-api/faceres-128";
        ev.capturedAt = clock.now();
        session.setCapture(std::move(ev));
    }
    std::int64_t count() { return db.queryInt64("SELECT count(*) FROM inspections").valueOr(std::int64_t{-1}); }

    SystemClock clock;
    store::Database db;
    store::Crypto crypto;
    audit::AuditLog audit;
    store::InspectionStore inspections;
    booth::BoothSession session;
};

struct Attempt {
    Result<store::RecordedInspection> result;
    double ms = 0.0;
};

Attempt decide(Station& s) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = s.session.decide(booth::Decision::Referred, "document_check");
    return {std::move(r), std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()};
}

/// Record until the store refuses; every attempt is timed. Returns the failing attempt.
Attempt recordUntilFull(Station& s, std::mt19937& rng, std::int64_t& committed, double& slowestMs) {
    for (int i = 0; i < 400; ++i) {
        s.prepareTraveler(rng);
        Attempt a = decide(s);
        slowestMs = std::max(slowestMs, a.ms);
        if (!a.result) {
            return a;
        }
        ++committed;
    }
    FAIL("the store never ran out of space");
    return {makeError(ErrorCode::Unknown, ""), 0.0};
}

void checkWhole(Station& s, std::int64_t committed) {
    CHECK(s.count() == committed);
    CHECK(s.db.integrityCheck().valueOr("") == "ok");
    auto v = audit::AuditVerifier::verify(s.db);
    REQUIRE(v.ok());
    CHECK(v->ok);
    store::SqliteOutbox outbox(s.db, s.crypto);
    auto report = outbox.report();
    REQUIRE(report.ok());
    CHECK(report->missing.empty());
    CHECK(report->captured == committed);
    CHECK(report->lastDeviceSeq == committed); // the failed attempts used no sequence number
}

/// A size-limited tmpfs mounted for the test's lifetime.
class TmpfsMount {
public:
    TmpfsMount(const std::filesystem::path& dir, const std::string& size) : m_dir(dir) {
        std::filesystem::create_directories(dir);
        if (::geteuid() != 0) {
            m_why = "not root (mounting a tmpfs needs CAP_SYS_ADMIN)";
            return;
        }
        auto [status, out] = test::runCommand(
            "/bin/mount", {"-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "portico-diskfull", dir.string()});
        if (status != 0) {
            m_why = "mount -t tmpfs failed (status " + std::to_string(status) + ")";
            return;
        }
        m_mounted = true;
    }
    ~TmpfsMount() {
        if (m_mounted) {
            (void)test::runCommand("/bin/umount", {"-l", m_dir.string()});
        }
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;
    bool mounted() const { return m_mounted; }
    const std::string& why() const { return m_why; }

private:
    std::filesystem::path m_dir;
    bool m_mounted = false;
    std::string m_why;
};

/// Fill the file system holding @p file to the last byte; returns the bytes written.
std::int64_t fillUp(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    std::vector<char> block(4096, 'x');
    std::int64_t written = 0;
    for (std::size_t size = block.size(); size > 0;) {
        const auto n = ::write(fd, block.data(), size);
        if (n > 0) {
            written += n;
        } else if (n < 0 && errno == ENOSPC) {
            size /= 2; // the last partial block
        } else {
            break;
        }
    }
    ::fsync(fd);
    ::close(fd);
    return written;
}

} // namespace

TEST_CASE("Disk full (max_page_count): DiskFull within a second, nothing lost, recovery without reopening",
          "[reliability][store][diskfull]") {
    test::TempDir dir;
    Station s(dir.path() / "data" / "portico.db", dir.path() / "keys" / "master.key");
    std::mt19937 rng(11);
    std::int64_t committed = 0;
    double slowestMs = 0.0;
    for (int i = 0; i < 10; ++i) {
        s.prepareTraveler(rng);
        REQUIRE(decide(s).result.ok());
        ++committed;
    }
    // The database may grow by about ten more records' worth of pages, then it is "full".
    const auto pages = s.db.queryInt64("PRAGMA page_count").value();
    REQUIRE(s.db.exec("PRAGMA max_page_count = " + std::to_string(pages + 80)).ok());

    const Attempt full = recordUntilFull(s, rng, committed, slowestMs);
    INFO(full.result.error().toString());
    CHECK(full.result.code() == ErrorCode::DiskFull);
    CHECK(full.ms < 1000.0);
    CHECK(slowestMs < 1000.0);
    CHECK(committed > 10);
    CHECK(s.session.hasCapture()); // the traveler is kept for the retry
    checkWhole(s, committed);
    // Still full: a second try fails the same way, quickly, and changes nothing.
    const Attempt again = decide(s);
    CHECK(again.result.code() == ErrorCode::DiskFull);
    CHECK(again.ms < 1000.0);
    CHECK(s.count() == committed);

    // Space returns: the same session and store record the kept traveler, then more, without reopening.
    REQUIRE(s.db.exec("PRAGMA max_page_count = 1073741823").ok());
    const Attempt retried = decide(s);
    REQUIRE(retried.result.ok());
    ++committed;
    CHECK(retried.result->deviceSeq == committed);
    for (int i = 0; i < 5; ++i) {
        s.prepareTraveler(rng);
        REQUIRE(decide(s).result.ok());
        ++committed;
    }
    checkWhole(s, committed);
}

TEST_CASE("Disk full (a real 1 MiB tmpfs): DiskFull within a second, nothing lost, recovery when space returns",
          "[reliability][store][diskfull]") {
    test::TempDir dir;
    const auto mnt = dir.path() / "small";
    TmpfsMount mount(mnt, "1m");
    if (!mount.mounted()) {
        WARN("SKIPPED: the real-disk-full test needs a tmpfs mount: " << mount.why()
                                                                      << " (the max_page_count test still ran)");
        return;
    }
    std::int64_t committed = 0;
    double slowestMs = 0.0;
    std::mt19937 rng(12);
    {
        Station s(mnt / "portico.db", dir.path() / "keys" / "master.key");
        for (int i = 0; i < 5; ++i) {
            s.prepareTraveler(rng);
            REQUIRE(decide(s).result.ok());
            ++committed;
        }
        const auto filler = mnt / "filler.bin";
        const std::int64_t filled = fillUp(filler);
        CHECK(filled > 0);

        const Attempt full = recordUntilFull(s, rng, committed, slowestMs);
        INFO(full.result.error().toString());
        CHECK(full.result.code() == ErrorCode::DiskFull);
        CHECK(full.ms < 1000.0);
        CHECK(slowestMs < 1000.0);
        CHECK(s.session.hasCapture());
        CHECK(s.count() == committed);
        CHECK(s.db.integrityCheck().valueOr("") == "ok");

        // Space returns (the filler goes): the kept traveler and new ones are recorded on the same connection.
        std::filesystem::remove(filler);
        const Attempt retried = decide(s);
        INFO((retried.result ? std::string("ok") : retried.result.error().toString()));
        REQUIRE(retried.result.ok());
        ++committed;
        for (int i = 0; i < 3; ++i) {
            s.prepareTraveler(rng);
            REQUIRE(decide(s).result.ok());
            ++committed;
        }
        checkWhole(s, committed);
        WARN("tmpfs disk full: " << committed << " records committed, filler " << filled << " bytes, slowest attempt "
                                 << slowestMs << " ms, failing attempt " << full.ms << " ms");
    }
    // Reopened after the episode: everything committed is there and whole.
    Station again(mnt / "portico.db", dir.path() / "keys" / "master.key");
    checkWhole(again, committed);
}
