// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli simulate: a headless lane composed as the workstation composes it (app/portico/DemoWorkstation.cpp),
// without Qt: manifest sync → gallery → capture → match → the officer's decision (drawn from a seed) → one
// inspection record → outbox → upload. Resumable: killed at any moment and started again on the same database, it
// goes on with the next traveler and the uploader drains what is pending. The kill -9 suite
// (tests/reliability/LaneKillTest.cpp, scripts/killtest) drives it.
#include "Commands.h"

#include "audit/AuditLog.h"
#include "booth/BoothSession.h"
#include "booth/Lane.h"
#include "booth/TravelerGallery.h"
#include "capture/FaceAnalyzer.h"
#include "capture/VideoFileSource.h"
#include "common/Clock.h"
#include "demo/DemoKit.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "face/Template.h"
#include "manifest/ManifestStore.h"
#include "manifest/SignatureVerifier.h"
#include "match/Decider.h"
#include "match/Gallery.h"
#include "match/Matcher.h"
#include "match/ScoreTable.h"
#include "match/ThresholdPolicy.h"
#include "net/CurlHttpClient.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "store/SqliteOutbox.h"
#include "sync/ManifestSync.h"
#include "sync/Uploader.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <thread>

namespace portico::cli {
namespace {

namespace fs = std::filesystem;

/// The officer every simulated record names (a real station names the logged-in account).
constexpr const char* kSimOfficer = "sim-officer";
/// Model id of the synthetic templates portico-central seeds when it has no photos (fast mode).
constexpr const char* kSyntheticModel = "synthetic-unit-128";

struct SimArgs {
    std::string db;
    std::string keyFile;
    std::string central;
    std::string token;
    std::string pubkey;
    std::string port = "SYS";
    std::string station = "WS-SIM";
    std::string mode = "pipeline";
    std::string kitDir;
    std::string calibration;
    std::string modelDir;
    std::int64_t travelers = 10;
    std::uint64_t seed = 1;
    bool drain = false;
    int drainTimeoutS = 120;
    int paceMs = 0;
    int maxBackoffMs = 60000;
    int requestTimeoutMs = 30000;
};

/// What the officer does with traveler @p index: a pure function of (seed, index), so a resumed run makes the same
/// choices a run that was never killed would have made.
struct Plan {
    booth::Decision decision = booth::Decision::Unknown;
    std::string reason;     ///< referral reason
    std::uint64_t pick = 0; ///< which walker / appointment
    bool impostor = false;  ///< fast mode: the probe belongs to nobody in the gallery
};

Plan planFor(std::uint64_t seed, std::int64_t index) {
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(index) * 1000003ull + 17);
    Plan p;
    p.pick = rng();
    const auto d = rng() % 20;
    p.impostor = rng() % 10 == 0;
    if (d < 12) {
        p.decision = booth::Decision::Verified; // turned into a referral below when nothing matched
    } else if (d < 16) {
        p.decision = booth::Decision::Referred;
        static const char* const kReasons[] = {"document_check", "secondary_inspection", "name_mismatch"};
        p.reason = kReasons[rng() % 3];
    } else if (d < 18) {
        p.decision = booth::Decision::OptOut;
    } else {
        p.decision = booth::Decision::NoShow;
    }
    return p;
}

std::string noteFor(std::int64_t index) {
    return "sim:" + std::to_string(index);
}

void emit(const nlohmann::json& j) {
    std::cout << j.dump() << std::endl; // one JSON object per line, flushed: the kill driver reads them
}

int fail(const std::string& what, const Error& e, int code = 1) {
    std::cerr << "simulate: " << what << ": " << errorCodeName(e.code) << ": " << e.detail << "\n";
    emit({{"event", "error"}, {"what", what}, {"error", errorCodeName(e.code)}});
    return code;
}

std::chrono::year_month_day today(const Clock& clock) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock.now())};
}

/// The next traveler to process: one past the highest traveler index recorded (every record's note names it).
/// Also checks that the records are exactly travelers 0..next-1 once each, i.e. that resuming never duplicated one.
Result<std::int64_t> resumePoint(store::Database& db, bool* consistent) {
    auto st = db.prepare("SELECT json_extract(details_json, '$.note') FROM inspections WHERE officer_id = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, kSimOfficer);
    std::map<std::int64_t, int> seen;
    while (true) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!row.value()) {
            break;
        }
        const auto note = st->columnOptText(0).value_or("");
        std::int64_t index = -1;
        if (note.rfind("sim:", 0) == 0) {
            std::from_chars(note.data() + 4, note.data() + note.size(), index);
        }
        if (index < 0) {
            *consistent = false; // a record of ours that names no traveler: refuse to guess
            return index;
        }
        ++seen[index];
    }
    const std::int64_t next = seen.empty() ? 0 : seen.rbegin()->first + 1;
    *consistent = *consistent && static_cast<std::int64_t>(seen.size()) == next;
    for (const auto& [index, count] : seen) {
        *consistent = *consistent && count == 1;
    }
    return next;
}

/// What the lane hands the booth session for one traveler.
struct LaneResult {
    std::optional<booth::CaptureEvidence> evidence;
    std::optional<match::Outcome> outcome;
    std::optional<booth::TravelerRef> traveler;
};

std::optional<std::string> matchedAppointment(const match::Outcome& o) {
    if (const auto* m = std::get_if<match::Match>(&o.result)) {
        if (const auto* id = std::get_if<std::string>(&m->candidate.id)) {
            return *id;
        }
    }
    return std::nullopt;
}

booth::TravelerRef refFor(const std::string& appointmentId, bool citizen) {
    booth::TravelerRef ref;
    ref.appointmentId = appointmentId;
    ref.citizen = citizen;
    return ref;
}

/// The two ways of producing a capture and an outcome. Everything after them (session, store, outbox, upload) is
/// the same code.
class LaneDriver {
public:
    virtual ~LaneDriver() = default;
    virtual LaneResult next(const Plan& plan) = 0;
};

/// Pipeline mode: the real face engine on the demo kit's replayed camera. For each traveler a standing frame of one
/// of the walkers is taken from the replay video, analysed (detection, landmarks, quality) as the analysis loop
/// does, and handed to Lane::evaluate (descriptor, template, 1:N search against the day's gallery, Decider).
class PipelineLane final : public LaneDriver {
public:
    static Result<std::unique_ptr<PipelineLane>> create(const SimArgs& a, const Clock& clock,
                                                        manifest::ManifestStore& manifests,
                                                        const std::vector<manifest::ManifestEntry>& entries) {
        std::unique_ptr<PipelineLane> p(new PipelineLane());
        const auto models = face::ModelStore::pinned(a.modelDir);
        if (auto ok = models.verifyAll(); !ok) {
            return ok.error();
        }
        auto kit = demo::prepareDemoKit(models, a.kitDir);
        if (!kit) {
            return kit.error();
        }
        auto analyzer = capture::FaceAnalyzer::load(models);
        if (!analyzer) {
            return analyzer.error();
        }
        p->m_analyzer.emplace(std::move(analyzer.value()));
        auto pipeline = face::FacePipeline::load(models);
        if (!pipeline) {
            return pipeline.error();
        }
        p->m_pipeline.emplace(std::move(pipeline.value()));
        auto table = match::ScoreTable::load(a.calibration);
        if (!table) {
            return table.error();
        }
        if (auto same = table->requireModel(p->m_pipeline->modelId()); !same) {
            return makeError(ErrorCode::ModelMismatch, a.calibration + ": " + same.error().detail);
        }
        p->m_policy = std::make_unique<match::ThresholdPolicy>(table.value());
        p->m_gallery = std::make_unique<booth::TravelerGallery>(*p->m_pipeline);
        auto photoSource = [&manifests](const std::string& id) { return manifests.photo(id); };
        const auto built = p->m_gallery->rebuild(entries, photoSource, today(clock));
        if (built.members == 0) {
            return makeError(ErrorCode::NotFound, "no gallery member could be enrolled from the manifest");
        }
        const std::string modelSha = p->m_pipeline->modelSha256();
        // The lane is built as the workstation builds it; its camera threads are not started: frames are fed to
        // evaluate() one traveler at a time, so the simulation runs as fast as the engine allows.
        capture::VideoFileOptions videoOptions;
        videoOptions.loop = true;
        auto source = std::make_unique<capture::VideoFileSource>(kit->video, videoOptions, clock);
        p->m_lane = std::make_unique<booth::Lane>(std::move(source), *p->m_analyzer, modelSha, *p->m_gallery,
                                                  *p->m_policy, clock);
        // One standing frame per walker (near the end of each walker's stretch of the replay).
        const demo::DemoKitOptions kitOptions;
        const int perTraveler = static_cast<int>(kitOptions.secondsPerTraveler * kitOptions.fps);
        cv::VideoCapture video(kit->video.string());
        cv::Mat frame;
        for (int i = 0; video.read(frame); ++i) {
            if (i % perTraveler == perTraveler - 3) {
                p->m_frames.push_back(frame.clone());
            }
        }
        if (p->m_frames.empty()) {
            return makeError(ErrorCode::IoError, "the replay video has no frames");
        }
        for (const auto& e : entries) {
            p->m_citizen[e.appointmentId] = e.citizenship == "us_citizen";
        }
        return p;
    }

    LaneResult next(const Plan& plan) override {
        const cv::Mat& image = m_frames[plan.pick % m_frames.size()];
        auto frame = std::make_shared<capture::Frame>(image, m_sequence++, std::chrono::steady_clock::now(),
                                                      capture::SourceInfo{});
        capture::CaptureResult r;
        r.frame = frame;
        r.observation = m_analyzer->analyse(*frame);
        r.observations = 1;
        r.outcome = r.observation.gatePassed ? capture::CaptureOutcome::AutoCaptured
                                             : capture::CaptureOutcome::FailureToAcquire;
        if (!r.observation.gatePassed) {
            r.failingMeasures = r.observation.failingMeasures();
        }
        auto c = m_lane->evaluate(r);
        LaneResult out;
        out.evidence = std::move(c.evidence);
        out.outcome = c.outcome;
        if (auto id = matchedAppointment(c.outcome)) {
            out.traveler = refFor(*id, m_citizen[*id]);
        }
        return out;
    }

private:
    PipelineLane() = default;
    std::optional<capture::FaceAnalyzer> m_analyzer;
    std::optional<face::FacePipeline> m_pipeline;
    std::unique_ptr<match::ThresholdPolicy> m_policy;
    std::unique_ptr<booth::TravelerGallery> m_gallery;
    std::unique_ptr<booth::Lane> m_lane;
    std::vector<cv::Mat> m_frames;
    std::map<std::string, bool> m_citizen;
    std::uint64_t m_sequence = 0;
};

/// Fast mode: no neural network. The gallery holds the manifest's synthetic templates (portico-central seeds them
/// when it has no photos); a traveler's probe is their enrolled template with a little noise (or, for impostors, a
/// random vector), matched by the same Matcher and Decider under the calibrated ThresholdPolicy. The capture is a
/// small synthetic JPEG. Session, store, outbox and upload are the real ones.
class FastLane final : public LaneDriver {
public:
    static Result<std::unique_ptr<FastLane>> create(const SimArgs& a, const Clock& clock,
                                                    const std::vector<manifest::ManifestEntry>& entries) {
        std::unique_ptr<FastLane> p(new FastLane());
        auto table = match::ScoreTable::load(a.calibration);
        if (!table) {
            return table.error();
        }
        p->m_policy = std::make_unique<match::ThresholdPolicy>(table.value());
        p->m_decider.emplace(*p->m_policy);
        const auto now = today(clock);
        for (const auto& e : entries) {
            for (const auto& t : e.templates) {
                if (t.modelId == kSyntheticModel && t.vector.size() == 128) {
                    if (p->m_gallery.add(e.appointmentId, t.vector)) {
                        p->m_members.push_back({e.appointmentId, t.vector, e.citizenship == "us_citizen",
                                                booth::ageFromIsoDate(e.dateOfBirth, now)});
                    }
                    break;
                }
            }
        }
        if (p->m_members.empty()) {
            return makeError(ErrorCode::NotFound,
                             "fast mode needs manifest entries with synthetic templates (seed central without photos)");
        }
        return p;
    }

    LaneResult next(const Plan& plan) override {
        std::mt19937_64 rng(plan.pick);
        std::normal_distribution<float> noise(0.f, 1.f);
        const Member& who = m_members[plan.pick % m_members.size()];
        std::vector<float> probe(128);
        float norm = 0.f;
        for (std::size_t i = 0; i < probe.size(); ++i) {
            probe[i] = plan.impostor ? noise(rng) : who.vector[i] + 0.02f * noise(rng);
            norm += probe[i] * probe[i];
        }
        for (auto& v : probe) {
            v /= std::sqrt(norm);
        }
        LaneResult out;
        booth::CaptureEvidence ev;
        auto templ = face::Template::create(kSyntheticModel, face::Template::ModelDigest{}, probe);
        if (!templ) {
            out.outcome = match::Decider::unavailable(std::string(errorCodeName(templ.code())));
            return out;
        }
        ev.templ = templ->encode();
        ev.modelId = kSyntheticModel;
        cv::Mat img(96, 96, CV_8UC3, cv::Scalar(static_cast<double>(plan.pick % 200), 120, 90));
        cv::circle(img, {48, 44}, 26, cv::Scalar(170, 180, 200), cv::FILLED);
        cv::imencode(".jpg", img, ev.jpeg, {cv::IMWRITE_JPEG_QUALITY, 80});
        ev.qualityJson = nlohmann::json{{"score", 80 + static_cast<int>(plan.pick % 20)}}.dump();
        ev.liveness = 0.9;
        ev.capturedAt = SystemClock().now();
        match::SearchOptions search;
        search.k = 5;
        auto candidates = m_matcher.search(m_gallery, probe, search);
        if (!candidates) {
            out.outcome = match::Decider::unavailable(std::string(errorCodeName(candidates.code())));
        } else {
            out.outcome = m_decider->identify(candidates.value(), m_gallery.size(), [this](const match::Candidate& c) {
                const auto* id = std::get_if<std::string>(&c.id);
                for (const auto& m : m_members) {
                    if (id && m.appointmentId == *id) {
                        return m.ageYears;
                    }
                }
                return std::optional<int>{};
            });
        }
        if (auto id = matchedAppointment(*out.outcome)) {
            for (const auto& m : m_members) {
                if (m.appointmentId == *id) {
                    out.traveler = refFor(*id, m.citizen);
                }
            }
        }
        out.evidence = std::move(ev);
        return out;
    }

private:
    struct Member {
        std::string appointmentId;
        std::vector<float> vector;
        bool citizen = false;
        std::optional<int> ageYears;
    };
    FastLane() = default;
    std::unique_ptr<match::ThresholdPolicy> m_policy;
    std::optional<match::Decider> m_decider;
    match::Gallery m_gallery{128};
    match::Matcher m_matcher;
    std::vector<Member> m_members;
};

int runSimulate(const SimArgs& a) {
    SystemClock clock;
    const auto started = std::chrono::steady_clock::now();
    if (a.mode != "pipeline" && a.mode != "fast") {
        return fail("options", makeError(ErrorCode::InvalidArgument, "--mode is pipeline or fast"), 2);
    }
    std::error_code ec;
    fs::create_directories(fs::path(a.db).parent_path(), ec);
    fs::create_directories(fs::path(a.keyFile).parent_path(), ec);

    // ---- local store: one connection for the booth, one for the uploader thread (as the workstation does)
    auto ring = store::KeyFile::loadOrCreate(a.keyFile);
    if (!ring) {
        return fail("key file", ring.error());
    }
    if (auto outside = store::KeyFile::checkOutside(a.keyFile, a.db); !outside) {
        return fail("key file", outside.error());
    }
    const store::Crypto crypto(ring.value());
    store::OpenReport openReport;
    auto boothDb = store::Database::open(a.db, &openReport);
    if (!boothDb) {
        return fail("database", boothDb.error());
    }
    auto syncDb = store::Database::open(a.db);
    if (!syncDb) {
        return fail("database", syncDb.error());
    }
    audit::AuditLog auditLog(*boothDb);
    store::InspectionStore inspections(*boothDb, crypto, auditLog, clock, a.station);
    manifest::ManifestStore manifests(*boothDb, crypto);
    store::SqliteOutbox outbox(*syncDb, crypto);
    store::SqliteOutbox queueProbe(*boothDb, crypto); // depth for --drain, read on this thread

    // ---- central service clients (one per thread)
    net::HttpClientOptions http;
    http.baseUrl = a.central;
    http.bearerToken = a.token;
    http.requestTimeout = std::chrono::milliseconds(a.requestTimeoutMs);
    http.retry.maxDelay = std::min(http.retry.maxDelay, std::chrono::milliseconds(a.maxBackoffMs));
    net::CurlHttpClient manifestHttp(http, clock);
    net::CurlHttpClient uploadHttp(http, clock);
    sync::UploaderOptions uploadOptions;
    uploadOptions.deviceId = a.station;
    uploadOptions.idlePoll = std::chrono::milliseconds(1000);
    uploadOptions.backoff.maxDelay =
        std::min(uploadOptions.backoff.maxDelay, std::chrono::milliseconds(a.maxBackoffMs));
    sync::Uploader uploader(uploadHttp, outbox, clock, uploadOptions);

    bool consistent = true;
    auto next = resumePoint(*boothDb, &consistent);
    if (!next) {
        return fail("resume", next.error());
    }
    if (!consistent) {
        return fail("resume", makeError(ErrorCode::Corrupt, "recorded travelers are not 0..n-1 exactly once"), 4);
    }
    // Upload what earlier runs left pending first: it does not depend on the manifest.
    if (auto s = uploader.start(); !s) {
        return fail("uploader", s.error());
    }

    std::unique_ptr<LaneDriver> lane;
    if (next.value() < a.travelers) {
        // ---- manifest (verified before it touches the store), then the gallery
        if (!a.pubkey.empty()) {
            auto verifier = manifest::SignatureVerifier::fromBase64(a.pubkey);
            if (!verifier) {
                return fail("manifest key", verifier.error(), 2);
            }
            sync::ManifestSyncOptions so;
            so.port = a.port;
            so.fetchPhotos = a.mode == "pipeline";
            sync::ManifestSync ms(manifestHttp, manifests, verifier.value(), clock, so);
            // Under a fault mix a sync may fail; with a manifest already held the lane goes on with it.
            for (int attempt = 0; attempt < 5; ++attempt) {
                auto synced = ms.syncOnce();
                if (synced) {
                    break;
                }
                auto held = manifests.current(a.port);
                if (held && held.value()) {
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            }
        }
        auto entries = manifests.entries(a.port);
        if (!entries) {
            return fail("manifest", entries.error());
        }
        if (entries->empty()) {
            return fail("manifest", makeError(ErrorCode::NotFound, "no manifest for port " + a.port), 1);
        }
        if (a.mode == "fast") {
            auto f = FastLane::create(a, clock, entries.value());
            if (!f) {
                return fail("lane", f.error());
            }
            lane = std::move(f.value());
        } else {
            auto p = PipelineLane::create(a, clock, manifests, entries.value());
            if (!p) {
                return fail("lane", p.error());
            }
            lane = std::move(p.value());
        }
    }
    emit({{"event", "ready"},
          {"next", next.value()},
          {"travelers", a.travelers},
          {"mode", a.mode},
          {"recovered_from_corruption", openReport.recoveredFromCorruption}});

    // ---- the lane: one traveler after the other, each ending in exactly one durable record
    booth::SessionPolicy policy;
    policy.port = a.port;
    policy.lane = 1;
    booth::BoothSession session(inspections, clock, policy);
    session.setOfficer(kSimOfficer);
    std::map<std::string, int> decisions;
    std::vector<double> recordMs;
    for (std::int64_t i = next.value(); i < a.travelers; ++i) {
        const Plan plan = planFor(a.seed, i);
        session.reset();
        booth::Decision decision = plan.decision;
        std::string reason = plan.reason;
        if (decision == booth::Decision::OptOut) {
            // Opt-out before any capture: the camera is stopped, nothing is captured or matched.
        } else if (decision == booth::Decision::NoShow) {
            // Nobody came: no capture; the record says the appointment was not honoured.
        } else {
            LaneResult r = lane->next(plan);
            if (r.evidence) {
                session.setCapture(std::move(*r.evidence));
            }
            if (r.outcome) {
                session.setOutcome(*r.outcome);
            }
            if (r.traveler) {
                session.setTraveler(*r.traveler);
                // Showing a traveler's record is an access: audited, with ids only (as the booth does).
                (void)auditLog.append(
                    {clock.now(), kSimOfficer, "traveler.view", r.traveler->appointmentId, R"({"via":"match"})"});
            }
            if (decision == booth::Decision::Verified && (!r.outcome || !matchedAppointment(*r.outcome))) {
                decision = booth::Decision::Referred;
                reason = "no_match";
            }
        }
        if (decision == booth::Decision::OptOut) {
            session.optOut();
        }
        const auto t0 = std::chrono::steady_clock::now();
        auto recorded = session.decide(decision, reason, noteFor(i));
        recordMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (!recorded) {
            uploader.stop();
            return fail("record traveler " + std::to_string(i), recorded.error());
        }
        ++decisions[std::string(booth::decisionName(decision))];
        uploader.wake();
        if (a.paceMs > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(a.paceMs));
        }
    }
    const double laneSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // ---- drain: wait until the central service acknowledged everything
    double drainSeconds = 0.0;
    std::int64_t depth = -1;
    int exitCode = 0;
    if (a.drain) {
        const auto d0 = std::chrono::steady_clock::now();
        const auto deadline = d0 + std::chrono::seconds(a.drainTimeoutS);
        uploader.wake();
        while (true) {
            auto dep = queueProbe.depth();
            depth = dep.valueOr(std::int64_t{-1});
            if (depth == 0 || std::chrono::steady_clock::now() > deadline) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        drainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - d0).count();
        exitCode = depth == 0 ? 0 : 3;
    }
    uploader.stop();
    const auto st = uploader.status();
    std::sort(recordMs.begin(), recordMs.end());
    emit({{"event", "done"},
          {"recorded_this_run", a.travelers - next.value() > 0 ? a.travelers - next.value() : 0},
          {"travelers", a.travelers},
          {"decisions", decisions},
          {"record_ms_median", recordMs.empty() ? 0.0 : recordMs[recordMs.size() / 2]},
          {"lane_seconds", laneSeconds},
          {"drained", a.drain ? nlohmann::json(depth == 0) : nlohmann::json(nullptr)},
          {"pending", depth},
          {"drain_seconds", drainSeconds},
          {"batches", st.batches},
          {"accepted", st.accepted},
          {"duplicates", st.duplicates},
          {"rejected", st.rejected},
          {"failed_batches", st.failedBatches},
          {"last_error", st.lastError ? nlohmann::json(st.lastError->toString()) : nlohmann::json(nullptr)}});
    return exitCode;
}

} // namespace

void addSimulateCommands(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<SimArgs>();
    auto* sim = app.add_subcommand(
        "simulate", "Headless lane: manifest → capture → match → decision → outbox → upload; resumable after a kill");
    sim->add_option("--db", args->db, "Station database (created if missing; resumed if present)")->required();
    sim->add_option("--key-file", args->keyFile, "Station master key file, outside the database folder (created)")
        ->required();
    sim->add_option("--central", args->central, "Central service base URL")->required();
    sim->add_option("--pubkey", args->pubkey, "Manifest signing public key (base64; portico-central pubkey)")
        ->required();
    sim->add_option("--token", args->token, "Workstation bearer token");
    sim->add_option("--port", args->port, "Port of entry code")->default_val("SYS");
    sim->add_option("--station", args->station, "Station (device) id")->default_val("WS-SIM");
    sim->add_option("--travelers", args->travelers, "Travelers in the whole simulated day")->default_val(10);
    sim->add_option("--seed", args->seed, "Seed of the officer's decisions and the walkers")->default_val(1);
    sim->add_option("--mode", args->mode,
                    "pipeline: the real face engine on the demo kit's replayed camera (central seeded with the kit's "
                    "photos); fast: synthetic templates from the manifest, no network inference (central seeded "
                    "without photos)")
        ->default_val("pipeline");
    sim->add_option("--kit", args->kitDir, "Demo kit folder (pipeline mode; made if missing)");
    sim->add_option("--calibration", args->calibration, "Score→FMR table")
        ->default_val(PORTICO_SIM_DEFAULT_CALIBRATION);
    sim->add_option("--model-dir", args->modelDir, "Verified model cache (default: the standard one)");
    sim->add_flag("--drain", args->drain, "After the last traveler, upload until nothing is pending, then exit 0");
    sim->add_option("--drain-timeout", args->drainTimeoutS, "Seconds --drain waits before exit 3")->default_val(120);
    sim->add_option("--pace-ms", args->paceMs, "Pause between travelers")->default_val(0);
    sim->add_option("--max-backoff-ms", args->maxBackoffMs, "Cap of the upload backoff (tests shorten it)")
        ->default_val(60000);
    sim->add_option("--request-timeout-ms", args->requestTimeoutMs, "Hard limit of one HTTP attempt")
        ->default_val(30000);
    sim->callback([args, &ctx] {
        if (args->kitDir.empty()) {
            args->kitDir = (fs::path(args->db).parent_path() / "kit").string();
        }
        ctx.exitCode = runSimulate(*args);
    });
}

} // namespace portico::cli
