// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ManifestTestData.h"
#include "common/Clock.h"
#include "manifest/ManifestStore.h"
#include "net/CurlHttpClient.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "support/HostileServer.h"
#include "support/TestPaths.h"
#include "sync/ManifestSync.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace portico::test {

/// @brief A station (sealed SQLite store, manifest cache, the real CurlHttpClient and ManifestSync) talking to a
/// HostileServer that serves whatever manifest body and photo bytes the test sets, signed with the test's key.
class HostileStation {
public:
    explicit HostileStation(std::function<void(net::HttpClientOptions&)> tune = {});

    /// @brief A manifest document of `count` entries at `version`, issued now, each entry naming one photo whose
    /// bytes are photoBytes(index) and whose SHA-256 is in the entry.
    nlohmann::json manifestJson(std::int64_t version, int count, int firstIndex = 0) const;
    /// @brief The photo bytes the honest server would send for entry `index` (a real JPEG of the dev set).
    std::string photoBytes(int index) const;
    /// @brief The next manifest request gets this body with a valid signature over it.
    void serveManifest(std::string body);
    /// @brief Photo requests for `id` get this reply (default: 404).
    void servePhoto(const std::string& id, RawReply reply);
    /// @brief The next manifest request gets this reply verbatim (any head, any body).
    void serveManifestReply(RawReply reply);
    /// @brief Serve and apply a good manifest at `version` (photos not fetched); true when applied.
    bool applyGood(std::int64_t version, int count = 3);
    Result<sync::ManifestSyncResult> syncOnce() { return sync->syncOnce(); }
    /// @brief The applied manifest is still `version`, with its entries and their names intact.
    void requirePreviousKept(std::int64_t version);

    TempDir dir;
    store::Database db;
    store::Crypto crypto;
    manifest::ManifestStore cache;
    TestSigner signer;
    SystemClock clock;
    std::unique_ptr<HostileServer> server;
    std::unique_ptr<net::CurlHttpClient> http;
    std::unique_ptr<sync::ManifestSync> sync;
    sync::ManifestSyncOptions options;

private:
    RawReply handle(const RawRequest& request);

    mutable std::mutex m_mutex;
    std::optional<RawReply> m_manifest;
    std::map<std::string, RawReply> m_photos;
    std::optional<std::vector<manifest::ManifestEntry>> m_goodEntries;
};

} // namespace portico::test
