// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/WalCheckpointer.h"

#include "common/Log.h"

#include <sqlite3.h>

#include <algorithm>
#include <system_error>

namespace portico::store {

WalCheckpointer::WalCheckpointer(std::filesystem::path path, std::string vfsName, std::string synchronous,
                                 int thresholdPages)
    : m_path(std::move(path)), m_vfsName(std::move(vfsName)), m_synchronous(std::move(synchronous)),
      m_thresholdPages(thresholdPages) {}

WalCheckpointer::~WalCheckpointer() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

int WalCheckpointer::walHook(void* context, sqlite3* db, const char* dbName, int walPages) {
    auto* self = static_cast<WalCheckpointer*>(context);
    if (walPages >= kInlineFactor * self->m_thresholdPages) {
        // Writes without a pause keep the background checkpoint from ever catching up, so the WAL cannot restart:
        // past this bound the writer checkpoints itself, as SQLite's automatic checkpoint would, to bound the WAL.
        (void)sqlite3_wal_checkpoint_v2(db, dbName, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        std::lock_guard lock(self->m_mutex);
        ++self->m_inlineCheckpoints;
        return SQLITE_OK;
    }
    self->notify(walPages);
    return SQLITE_OK;
}

void WalCheckpointer::notify(int walPages) {
    if (walPages < m_thresholdPages) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_stop || m_pending) {
            return;
        }
        // A PASSIVE checkpoint that ran while the writer went on leaves a few frames behind, and the WAL restarts
        // only once all are copied: wait for a few more before the next one instead of one per commit.
        if (walPages >= m_framesAfterLast && walPages < m_framesAfterLast + std::max(1, m_thresholdPages / 8)) {
            return;
        }
        m_pending = true;
        if (!m_thread.joinable()) {
            try {
                m_thread = std::thread([this] { run(); });
            } catch (const std::system_error&) {
                // No thread: stay idle; the writer checkpoints itself once the WAL passes the bound.
                m_pending = false;
                m_stop = true;
                return;
            }
        }
    }
    m_wake.notify_one();
}

std::uint64_t WalCheckpointer::checkpoints() const {
    std::lock_guard lock(m_mutex);
    return m_checkpoints;
}

std::uint64_t WalCheckpointer::inlineCheckpoints() const {
    std::lock_guard lock(m_mutex);
    return m_inlineCheckpoints;
}

void WalCheckpointer::run() {
    static auto logger = log::get("store");
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                                   m_vfsName.empty() ? nullptr : m_vfsName.c_str());
    if (rc != SQLITE_OK) {
        logger->warn("background checkpoint: cannot open a connection ({}); the WAL grows until the next one",
                     sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        db = nullptr;
    } else {
        sqlite3_extended_result_codes(db, 1);
        // Same sync level as the writer: with FULL the checkpoint syncs the WAL before copying and the file after.
        const std::string pragma = "PRAGMA synchronous=" + m_synchronous + ";";
        (void)sqlite3_exec(db, pragma.c_str(), nullptr, nullptr, nullptr);
    }
    int lastRc = SQLITE_OK;
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_stop || m_pending; });
        if (m_stop) {
            break;
        }
        lock.unlock();
        int logFrames = 0;
        int copied = 0;
        const int crc = db != nullptr
                            ? sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied)
                            : SQLITE_CANTOPEN;
        if (crc != SQLITE_OK && crc != SQLITE_BUSY && crc != lastRc) {
            logger->warn("background checkpoint failed: {}", sqlite3_errstr(crc)); // once per kind of failure
        }
        lastRc = crc;
        lock.lock();
        m_pending = false;
        m_framesAfterLast = crc == SQLITE_OK ? logFrames : 0;
        ++m_checkpoints;
    }
    lock.unlock();
    if (db != nullptr) {
        sqlite3_close_v2(db);
    }
}

} // namespace portico::store
