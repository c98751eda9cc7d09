// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace portico::store {

/// @brief Folds the WAL into the database file on its own thread and connection, so a committing writer never pays
/// for a checkpoint. Durability is unchanged: a commit is durable when its WAL frames are synced (synchronous=FULL);
/// the checkpoint only copies committed pages, syncing the WAL before and the database file after, as SQLite's own
/// automatic checkpoint does.
///
/// Installed by Database on its writer connection in place of SQLite's automatic checkpoint (a wal_hook that only
/// signals). The thread starts at the first signal, opens its own connection (same file, same VFS, same
/// synchronous level) and runs PASSIVE checkpoints, which never block readers or the writer. The WAL restarts only
/// when a checkpoint has copied every frame before the next write begins; under writes without a pause that may not
/// happen, so past kInlineFactor x the threshold the writer checkpoints in its own call (SQLite's behaviour).
class WalCheckpointer {
public:
    /// @brief Checkpoint once the WAL holds at least `thresholdPages` frames.
    WalCheckpointer(std::filesystem::path path, std::string vfsName, std::string synchronous, int thresholdPages);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    /// @brief Called after every commit with the WAL's frame count (from the writer's thread; cheap).
    void notify(int walPages);
    /// @brief Background checkpoints run so far (for tests and benchmarks).
    std::uint64_t checkpoints() const;
    /// @brief Checkpoints the writer ran itself because the WAL passed kInlineFactor x the threshold.
    std::uint64_t inlineCheckpoints() const;
    /// @brief The WAL bound, in thresholds, past which the writer checkpoints in its own call.
    static constexpr int kInlineFactor = 4;
    /// @brief sqlite3_wal_hook callback; `context` is a WalCheckpointer.
    static int walHook(void* context, sqlite3* db, const char* dbName, int walPages);

private:
    void run();

    const std::filesystem::path m_path;
    const std::string m_vfsName;
    const std::string m_synchronous;
    const int m_thresholdPages;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stop = false;
    std::uint64_t m_checkpoints = 0;
    std::uint64_t m_inlineCheckpoints = 0;
    int m_framesAfterLast = 0; ///< WAL frames when the last checkpoint ended (copied or not)
    std::thread m_thread;
};

} // namespace portico::store
