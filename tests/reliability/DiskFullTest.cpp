// SPDX-License-Identifier: GPL-3.0-or-later
// Disk full and failing writes: the booth records decisions on a store that runs out of space or whose disk starts
// returning I/O errors. The decision fails quickly (DiskFull / IoError: the officer sees it within a second),
// nothing crashes, no committed record is lost or damaged, the session keeps the traveler, and once the disk
// recovers the same session and store record again without a restart. Ways to provoke it: SQLite's
// max_page_count (deterministic, runs everywhere), a real 1 MiB tmpfs filled to the last byte (needs root to mount;
// skipped with a message otherwise), and a VFS shim that fails every write and sync for a while.
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
#include <sqlite3.h>

#include <atomic>
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
    auto r = s.session.decide(inspection::Decision::Referred, "document_check");
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

/// A SQLite VFS over the default one that fails every write and sync with an I/O error while `failing` is set: a
/// disk that starts returning EIO. Registered as the default VFS for the test's lifetime.
class FailingDiskVfs {
public:
    FailingDiskVfs() {
        s_base = sqlite3_vfs_find(nullptr);
        REQUIRE(s_base != nullptr);
        m_vfs = *s_base;
        m_vfs.zName = "portico-failing-disk";
        m_vfs.szOsFile = static_cast<int>(sizeof(File)) + s_base->szOsFile;
        m_vfs.xOpen = &FailingDiskVfs::open;
        REQUIRE(sqlite3_vfs_register(&m_vfs, 1) == SQLITE_OK);
    }
    ~FailingDiskVfs() {
        sqlite3_vfs_unregister(&m_vfs);
        sqlite3_vfs_register(s_base, 1);
    }
    FailingDiskVfs(const FailingDiskVfs&) = delete;
    FailingDiskVfs& operator=(const FailingDiskVfs&) = delete;

    static inline std::atomic<bool> failing{false};
    static inline std::atomic<int> injected{0};

private:
    struct File {
        sqlite3_file base;
        sqlite3_file* real;
    };
    static sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

    static int open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* outFlags) {
        auto* f = reinterpret_cast<File*>(file);
        f->real = reinterpret_cast<sqlite3_file*>(f + 1);
        const int rc = s_base->xOpen(s_base, name, f->real, flags, outFlags);
        f->base.pMethods = rc == SQLITE_OK && f->real->pMethods != nullptr ? &s_methods : nullptr;
        return rc;
    }
    static int close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
    static int read(sqlite3_file* f, void* b, int n, sqlite3_int64 o) {
        return real(f)->pMethods->xRead(real(f), b, n, o);
    }
    static int write(sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
        if (failing) {
            ++injected;
            return SQLITE_IOERR_WRITE;
        }
        return real(f)->pMethods->xWrite(real(f), b, n, o);
    }
    static int truncate(sqlite3_file* f, sqlite3_int64 size) {
        if (failing) {
            ++injected;
            return SQLITE_IOERR_TRUNCATE;
        }
        return real(f)->pMethods->xTruncate(real(f), size);
    }
    static int sync(sqlite3_file* f, int flags) {
        if (failing) {
            ++injected;
            return SQLITE_IOERR_FSYNC;
        }
        return real(f)->pMethods->xSync(real(f), flags);
    }
    static int fileSize(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
    static int lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
    static int unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
    static int checkReservedLock(sqlite3_file* f, int* out) {
        return real(f)->pMethods->xCheckReservedLock(real(f), out);
    }
    static int fileControl(sqlite3_file* f, int op, void* arg) {
        return real(f)->pMethods->xFileControl(real(f), op, arg);
    }
    static int sectorSize(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
    static int deviceCharacteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
    static int shmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
        return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
    }
    static int shmLock(sqlite3_file* f, int offset, int n, int flags) {
        return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
    }
    static void shmBarrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
    static int shmUnmap(sqlite3_file* f, int deleteFlag) { return real(f)->pMethods->xShmUnmap(real(f), deleteFlag); }
    static int fetch(sqlite3_file* f, sqlite3_int64 o, int n, void** out) {
        return real(f)->pMethods->xFetch(real(f), o, n, out);
    }
    static int unfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return real(f)->pMethods->xUnfetch(real(f), o, p); }

    static inline sqlite3_vfs* s_base = nullptr;
    // Version 2: no memory-mapped I/O through the shim (the store does not turn mmap on).
    static inline const sqlite3_io_methods s_methods = {2,
                                                        &close,
                                                        &read,
                                                        &write,
                                                        &truncate,
                                                        &sync,
                                                        &fileSize,
                                                        &lock,
                                                        &unlock,
                                                        &checkReservedLock,
                                                        &fileControl,
                                                        &sectorSize,
                                                        &deviceCharacteristics,
                                                        &shmMap,
                                                        &shmLock,
                                                        &shmBarrier,
                                                        &shmUnmap,
                                                        nullptr,
                                                        nullptr};
    sqlite3_vfs m_vfs{};
};

} // namespace

TEST_CASE("Failing writes (EIO from the disk): the decision fails within a second, nothing lost, recovery without "
          "reopening",
          "[reliability][store][diskfull]") {
    test::TempDir dir;
    FailingDiskVfs vfs;
    Station s(dir.path() / "data" / "portico.db", dir.path() / "keys" / "master.key");
    std::mt19937 rng(13);
    std::int64_t committed = 0;
    for (int i = 0; i < 8; ++i) {
        s.prepareTraveler(rng);
        REQUIRE(decide(s).result.ok());
        ++committed;
    }
    FailingDiskVfs::failing = true;
    s.prepareTraveler(rng);
    for (int i = 0; i < 3; ++i) {
        const Attempt a = decide(s);
        INFO("attempt " << i << ": " << (a.result ? std::string("ok") : a.result.error().toString()));
        REQUIRE_FALSE(a.result.ok());
        CHECK((a.result.code() == ErrorCode::IoError || a.result.code() == ErrorCode::DatabaseError));
        CHECK(a.ms < 1000.0);
        CHECK(s.session.hasCapture());
    }
    CHECK(FailingDiskVfs::injected > 0);
    FailingDiskVfs::failing = false;

    // The disk answers again: the kept traveler and new ones are recorded on the same connection.
    const Attempt retried = decide(s);
    INFO((retried.result ? std::string("ok") : retried.result.error().toString()));
    REQUIRE(retried.result.ok());
    ++committed;
    CHECK(retried.result->deviceSeq == committed);
    for (int i = 0; i < 3; ++i) {
        s.prepareTraveler(rng);
        REQUIRE(decide(s).result.ok());
        ++committed;
    }
    checkWhole(s, committed);
}

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
