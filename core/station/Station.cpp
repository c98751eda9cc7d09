// SPDX-License-Identifier: GPL-3.0-or-later
#include "station/Station.h"

#include "manifest/SignatureVerifier.h"

namespace portico::station {
namespace {
Error context(const std::string& what, const Error& e) {
    return makeError(e.code, what + ": " + e.detail);
}
} // namespace

// ---- store ------------------------------------------------------------------------------------------------------

Result<StationStore> StationStore::open(const std::filesystem::path& database, const std::filesystem::path& keyFile) {
    std::error_code ec;
    std::filesystem::create_directories(database.parent_path(), ec);
    std::filesystem::create_directories(keyFile.parent_path(), ec);
    auto ring = store::KeyFile::loadOrCreate(keyFile);
    if (!ring) {
        return context("key file", ring.error());
    }
    if (auto outside = store::KeyFile::checkOutside(keyFile, database); !outside) {
        return context("key file", outside.error());
    }
    return StationStore(database, std::make_shared<const store::Crypto>(std::move(ring.value())));
}

Result<store::Database> StationStore::connect(store::OpenReport* report) const {
    auto db = store::Database::open(m_path, report);
    if (!db) {
        return context("database", db.error());
    }
    return db;
}

StoreThread::StoreThread(store::Database database, const StationStore& store, const Clock& clock,
                         const std::string& deviceId)
    : db(std::move(database)), audit(db), inspections(db, store.crypto(), audit, clock, deviceId),
      manifests(db, store.crypto()) {}

Result<std::unique_ptr<StoreThread>> StoreThread::open(const StationStore& store, const Clock& clock,
                                                       const std::string& deviceId, store::OpenReport* report) {
    auto db = store.connect(report);
    if (!db) {
        return db.error();
    }
    return std::make_unique<StoreThread>(std::move(db.value()), store, clock, deviceId);
}

// ---- booth, upload, review, purge -------------------------------------------------------------------------------

Result<std::unique_ptr<BoothThread>> BoothThread::open(const StationStore& store, const Clock& clock,
                                                       const std::string& deviceId, const CentralSettings& central,
                                                       auth::HashLimits hashing, store::OpenReport* report) {
    auto b = std::make_unique<BoothThread>();
    auto s = StoreThread::open(store, clock, deviceId, report);
    if (!s) {
        return s.error();
    }
    b->store = std::move(s.value());
    b->accounts = std::make_unique<auth::Accounts>(b->store->db, b->store->audit, clock, hashing);
    b->http = std::make_unique<net::CurlHttpClient>(central.http, clock);
    if (!central.manifestKey.empty()) {
        auto verifier = manifest::SignatureVerifier::fromBase64(central.manifestKey);
        if (!verifier) {
            return context("manifest key", verifier.error());
        }
        b->manifestSync = std::make_unique<sync::ManifestSync>(*b->http, b->store->manifests, verifier.value(), clock,
                                                               central.manifests);
    }
    return b;
}

UploadThread::UploadThread(store::Database database, const StationStore& store, const Clock& clock,
                           const net::HttpClientOptions& httpOptions, sync::UploaderOptions options)
    : db(std::move(database)), outbox(db, store.crypto()), http(httpOptions, clock),
      uploader(http, outbox, clock, std::move(options)) {}

UploadThread::~UploadThread() {
    uploader.stop();
}

Result<std::unique_ptr<UploadThread>> UploadThread::open(const StationStore& store, const Clock& clock,
                                                         const net::HttpClientOptions& http,
                                                         sync::UploaderOptions options) {
    auto db = store.connect();
    if (!db) {
        return db.error();
    }
    return std::make_unique<UploadThread>(std::move(db.value()), store, clock, http, std::move(options));
}

ReviewThread::ReviewThread(std::unique_ptr<StoreThread> s, const StationStore& station, const Clock& clock)
    : store(std::move(s)), queue(store->db, station.crypto(), store->inspections, store->audit, clock),
      monitoring(store->db), trends(store->manifests, store->audit, clock) {}

Result<std::unique_ptr<ReviewThread>> ReviewThread::open(const StationStore& store, const Clock& clock,
                                                         const std::string& deviceId) {
    auto s = StoreThread::open(store, clock, deviceId);
    if (!s) {
        return s.error();
    }
    return std::make_unique<ReviewThread>(std::move(s.value()), store, clock);
}

PurgeThread::PurgeThread(store::Database database, const Clock& clock, policy::RetentionPolicy retention)
    : db(std::move(database)), audit(db), purge(db, audit, clock, retention) {}

Result<std::unique_ptr<PurgeThread>> PurgeThread::open(const StationStore& store, const Clock& clock,
                                                       policy::RetentionPolicy retention) {
    auto db = store.connect();
    if (!db) {
        return db.error();
    }
    return std::make_unique<PurgeThread>(std::move(db.value()), clock, retention);
}

// ---- face --------------------------------------------------------------------------------------------------------

FaceParts::FaceParts(std::shared_ptr<const face::FaceEngine> e, capture::FaceAnalyzer a, face::FacePipeline p,
                     match::ThresholdPolicy t)
    : engine(std::move(e)), analyzer(std::move(a)), pipeline(std::move(p)), policy(std::move(t)), gallery(pipeline),
      documentCheck(pipeline, policy) {}

Result<std::unique_ptr<FaceParts>> FaceParts::load(const face::ModelStore& models, const match::ScoreTable& calibration,
                                                   match::ThresholdPolicyConfig operatingPoint,
                                                   capture::FaceAnalyzerOptions analyzerOptions) {
    auto engine = face::FaceEngine::load(models, capture::FaceAnalyzer::engineOptions(analyzerOptions));
    if (!engine) {
        return context("face engine", engine.error());
    }
    // Thresholds from another model's scores would be meaningless: the calibration must be this descriptor's.
    if (auto same = calibration.requireModel(engine.value()->modelId()); !same) {
        return context("calibration", same.error());
    }
    match::ThresholdPolicy policy(calibration, operatingPoint);
    if (auto supported = policy.checkSupported(); !supported) {
        return context("config key 'operatingPoint'", supported.error());
    }
    auto analyzer = capture::FaceAnalyzer::create(engine.value(), models, analyzerOptions);
    if (!analyzer) {
        return context("face engine", analyzer.error());
    }
    face::PipelineOptions pipelineOptions;
    pipelineOptions.descriptor = analyzerOptions.descriptor;
    pipelineOptions.flipAverage = analyzerOptions.flipAverage;
    pipelineOptions.fastDetect = analyzerOptions.fastDetect;
    auto pipeline = face::FacePipeline::create(engine.value(), pipelineOptions);
    if (!pipeline) {
        return context("face engine", pipeline.error());
    }
    return std::unique_ptr<FaceParts>(new FaceParts(std::move(engine.value()), std::move(analyzer.value()),
                                                    std::move(pipeline.value()), std::move(policy)));
}

void FaceParts::attachCamera(std::unique_ptr<capture::FrameSource> source, const Clock& clock,
                             booth::LaneOptions options) {
    lane = std::make_unique<booth::Lane>(std::move(source), analyzer, gallery, policy, clock, std::move(options));
}

booth::BoothParts boothParts(BoothThread& booth, UploadThread* upload, FaceParts* face, const Clock& clock) {
    booth::BoothParts parts{booth.store->inspections, booth.store->manifests, booth.store->audit, clock};
    parts.accounts = booth.accounts.get();
    parts.manifestSync = booth.manifestSync.get();
    parts.uploader = upload ? &upload->uploader : nullptr;
    if (face) {
        parts.gallery = &face->gallery;
        parts.documentCheck = &face->documentCheck;
        parts.lane = face->lane.get();
    }
    return parts;
}

} // namespace portico::station
