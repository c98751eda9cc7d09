// SPDX-License-Identifier: GPL-3.0-or-later
// Child for the kill -9 test: records inspections in a loop (with purges and key rotations mixed in) and reports
// each device sequence number to a side file, fsynced AFTER the commit returned. The parent kills it at random.
//
// usage: portico_store_kill_child DB KEYFILE REPORTFILE [--report-before-commit] [--no-maintenance]
//                                 [--checkpoint-pages N]
// --report-before-commit is the negative control: it reports before committing, so a kill in between must show
// up as a lost record. --checkpoint-pages N makes the background checkpointer run every N WAL pages (a few
// records), so kills also land inside background checkpoints.
#include "audit/AuditLog.h"
#include "policy/Retention.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "store/KeyRotation.h"
#include "store/PurgeJob.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

using namespace portico;

namespace {
void report(int fd, std::int64_t seq) {
    const std::string line = std::to_string(seq) + "\n";
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        std::_Exit(5);
    }
    ::fdatasync(fd);
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr,
                     "usage: %s DB KEYFILE REPORTFILE [--report-before-commit] [--no-maintenance] "
                     "[--checkpoint-pages N]\n",
                     argv[0]);
        return 2;
    }
    bool before = false;
    bool maintenance = true;
    store::OpenOptions options;
    options.path = argv[1];
    for (int i = 4; i < argc; ++i) {
        before = before || std::strcmp(argv[i], "--report-before-commit") == 0;
        maintenance = maintenance && std::strcmp(argv[i], "--no-maintenance") != 0;
        if (std::strcmp(argv[i], "--checkpoint-pages") == 0 && i + 1 < argc) {
            options.checkpointPages = std::atoi(argv[++i]);
        }
    }
    auto db = store::Database::open(options);
    if (!db) {
        std::fprintf(stderr, "open: %s\n", db.error().toString().c_str());
        return 3;
    }
    auto ring = store::KeyFile::loadOrCreate(argv[2]);
    if (!ring) {
        std::fprintf(stderr, "key: %s\n", ring.error().toString().c_str());
        return 3;
    }
    const int fd = ::open(argv[3], O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0) {
        return 4;
    }
    auto crypto = std::make_unique<store::Crypto>(*ring);
    audit::AuditLog log(*db);
    SystemClock clock;
    auto inspections = std::make_unique<store::InspectionStore>(*db, *crypto, log, clock, "kill-station");
    std::printf("ready\n");
    std::fflush(stdout);
    for (std::int64_t i = 1;; ++i) {
        store::NewInspection n;
        n.officerId = "officer-k";
        n.outcome = inspection::Outcome::Match;
        n.decision = inspection::Decision::Verified;
        n.citizen = i % 2 == 0;
        n.capturePhoto.assign(1500, static_cast<std::uint8_t>(i));
        n.captureTemplate.assign(256, static_cast<std::uint8_t>(i * 3));
        if (before) {
            auto next = db->queryInt64("SELECT CAST(value AS INTEGER) + 1 FROM meta WHERE key='last_device_seq'");
            report(fd, next.valueOr(-1));
        }
        auto r = inspections->record(n);
        if (!r) {
            std::fprintf(stderr, "record: %s\n", r.error().toString().c_str());
            return 6;
        }
        if (!before) {
            report(fd, r->deviceSeq);
        }
        if (maintenance && r->deviceSeq % 5 == 0) {
            store::PurgeJob job(*db, log, clock, policy::RetentionPolicy{});
            if (auto p = job.run(); !p) {
                std::fprintf(stderr, "purge: %s\n", p.error().toString().c_str());
                return 7;
            }
        }
        if (maintenance && r->deviceSeq % 7 == 0) {
            if (auto k = store::rotateKeys(*db, argv[2], log, clock, "kill-test"); !k) {
                std::fprintf(stderr, "rotate: %s\n", k.error().toString().c_str());
                return 8;
            }
            auto fresh = store::KeyFile::load(argv[2]);
            if (!fresh) {
                return 9;
            }
            inspections.reset();
            crypto = std::make_unique<store::Crypto>(*fresh);
            inspections = std::make_unique<store::InspectionStore>(*db, *crypto, log, clock, "kill-station");
        }
    }
}
