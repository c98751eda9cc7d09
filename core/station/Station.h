// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/AuditLog.h"
#include "auth/Accounts.h"
#include "booth/BoothService.h"
#include "booth/DocumentCheck.h"
#include "booth/Lane.h"
#include "booth/TravelerGallery.h"
#include "capture/FaceAnalyzer.h"
#include "common/Clock.h"
#include "face/FaceEngine.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "manifest/ManifestStore.h"
#include "match/ThresholdPolicy.h"
#include "net/CurlHttpClient.h"
#include "review/Monitoring.h"
#include "review/ReviewQueue.h"
#include "review/TrendSignals.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "store/PurgeJob.h"
#include "store/SqliteOutbox.h"
#include "sync/ManifestSync.h"
#include "sync/Uploader.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

/// @brief The station's composition, one piece per thread, shared by the workstation (app/portico), the headless
/// lane (portico-cli simulate) and the tests. Each thread that touches the store gets its own SQLite connection and
/// the objects built on it; the face engine is loaded once and shared by capture and matching.
namespace portico::station {

/// @brief The station's encrypted store: the key ring is read once, every thread opens its own connection.
class StationStore {
public:
    /// @brief Load (or create) the key file, which must live outside the database's folder.
    static Result<StationStore> open(const std::filesystem::path& database, const std::filesystem::path& keyFile);
    /// @brief A new connection (migrations run on the first; @p report says what opening found).
    Result<store::Database> connect(store::OpenReport* report = nullptr) const;
    const store::Crypto& crypto() const { return *m_crypto; }
    const std::filesystem::path& path() const { return m_path; }

private:
    StationStore(std::filesystem::path path, std::shared_ptr<const store::Crypto> crypto)
        : m_path(std::move(path)), m_crypto(std::move(crypto)) {}
    std::filesystem::path m_path;
    std::shared_ptr<const store::Crypto> m_crypto;
};

/// @brief What a thread that reads and writes station records holds: its own connection, its own audit chain
/// writer, the inspection store and the manifest cache on them.
struct StoreThread {
    static Result<std::unique_ptr<StoreThread>> open(const StationStore& store, const Clock& clock,
                                                     const std::string& deviceId, store::OpenReport* report = nullptr);
    explicit StoreThread(store::Database database, const StationStore& store, const Clock& clock,
                         const std::string& deviceId);

    store::Database db;
    audit::AuditLog audit;
    store::InspectionStore inspections;
    manifest::ManifestStore manifests;
};

/// @brief How the station reaches central.
struct CentralSettings {
    net::HttpClientOptions http;         ///< base URL, token, TLS pin, timeouts
    std::string manifestKey;             ///< manifest signing key (base64); empty: no manifest sync
    sync::ManifestSyncOptions manifests; ///< port, staleness, whether photos are fetched
};

/// @brief The booth's thread: its store thread, the accounts, and the manifest sync on its own HTTP client.
struct BoothThread {
    static Result<std::unique_ptr<BoothThread>> open(const StationStore& store, const Clock& clock,
                                                     const std::string& deviceId, const CentralSettings& central,
                                                     auth::HashLimits hashing = auth::HashLimits::interactive(),
                                                     store::OpenReport* report = nullptr);

    std::unique_ptr<StoreThread> store;
    std::unique_ptr<auth::Accounts> accounts;
    std::unique_ptr<net::CurlHttpClient> http;
    std::unique_ptr<sync::ManifestSync> manifestSync; ///< absent without a manifest key
};

/// @brief The uploader's thread: its own connection, the outbox on it, its own HTTP client and the uploader.
struct UploadThread {
    static Result<std::unique_ptr<UploadThread>> open(const StationStore& store, const Clock& clock,
                                                      const net::HttpClientOptions& http,
                                                      sync::UploaderOptions options);
    UploadThread(store::Database database, const StationStore& store, const Clock& clock,
                 const net::HttpClientOptions& http, sync::UploaderOptions options);
    ~UploadThread(); ///< stops the uploader before the objects it uses go

    store::Database db;
    store::SqliteOutbox outbox;
    net::CurlHttpClient http;
    sync::Uploader uploader;
};

/// @brief The supervisor's review and monitoring thread.
struct ReviewThread {
    static Result<std::unique_ptr<ReviewThread>> open(const StationStore& store, const Clock& clock,
                                                      const std::string& deviceId);
    ReviewThread(std::unique_ptr<StoreThread> store, const StationStore& station, const Clock& clock);

    std::unique_ptr<StoreThread> store;
    review::ReviewQueue queue;
    review::Monitoring monitoring;
    review::TrendSignals trends;
};

/// @brief The retention purge's thread.
struct PurgeThread {
    static Result<std::unique_ptr<PurgeThread>> open(const StationStore& store, const Clock& clock,
                                                     policy::RetentionPolicy retention);
    PurgeThread(store::Database database, const Clock& clock, policy::RetentionPolicy retention);

    store::Database db;
    audit::AuditLog audit;
    store::PurgeJob purge;
};

/// @brief The face engine of the process with everything that runs on it: the live analyzer (capture), the photo
/// pipeline (gallery enrolment, document photos), the thresholds, the day's gallery, the 1:1 document check and,
/// once a camera is attached, the lane. Loaded once; capture and matching share the one engine, so every template
/// comes from the same descriptor.
struct FaceParts {
    /// @brief Load the engine and check that @p calibration was made for its descriptor (ModelMismatch otherwise)
    /// and that it supports the station's operating point (@p operatingPoint; ConfigInvalid otherwise).
    static Result<std::unique_ptr<FaceParts>> load(const face::ModelStore& models, const match::ScoreTable& calibration,
                                                   match::ThresholdPolicyConfig operatingPoint = {},
                                                   capture::FaceAnalyzerOptions analyzer = {});
    FaceParts(const FaceParts&) = delete;
    FaceParts& operator=(const FaceParts&) = delete;
    /// @brief Put the lane on a camera (or a replay). The lane's threads start with the booth service.
    void attachCamera(std::unique_ptr<capture::FrameSource> source, const Clock& clock,
                      booth::LaneOptions options = {});

    std::shared_ptr<const face::FaceEngine> engine;
    capture::FaceAnalyzer analyzer; ///< live frames
    face::FacePipeline pipeline;    ///< gallery and document photos
    match::ThresholdPolicy policy;  ///< from the engine's own calibration
    booth::TravelerGallery gallery; ///< the day's travelers, enrolled by pipeline
    booth::DocumentCheck documentCheck;
    std::unique_ptr<booth::Lane> lane; ///< once a camera is attached

private:
    FaceParts(std::shared_ptr<const face::FaceEngine> engine, capture::FaceAnalyzer analyzer,
              face::FacePipeline pipeline, match::ThresholdPolicy policy);
};

/// @brief The booth service on the booth's thread, with the face parts when there is a camera lane.
booth::BoothParts boothParts(BoothThread& booth, UploadThread* upload, FaceParts* face, const Clock& clock);

} // namespace portico::station
