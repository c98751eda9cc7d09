// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli simulate: a headless lane on the workstation's own composition (core/station) and workflow
// (booth::BoothService on the caller's thread), without Qt: manifest sync → gallery → capture → match → the officer's
// decision (drawn from a seed) → one inspection record → outbox → upload. Resumable: killed at any moment and started
// again on the same database, it goes on with the next traveler and the uploader drains what is pending. The kill -9
// suite (tests/reliability/LaneKillTest.cpp, scripts/killtest) drives it.
#include "Commands.h"

#include "booth/BoothService.h"
#include "capture/VideoFileSource.h"
#include "common/Clock.h"
#include "demo/DemoKit.h"
#include "face/ModelStore.h"
#include "face/Template.h"
#include "manifest/SignatureVerifier.h"
#include "match/Decider.h"
#include "match/Gallery.h"
#include "match/Matcher.h"
#include "match/ScoreTable.h"
#include "match/ThresholdPolicy.h"
#include "station/Station.h"
#include "store/SqliteOutbox.h"

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
    inspection::Decision decision = inspection::Decision::Unknown;
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
        p.decision = inspection::Decision::Verified; // turned into a referral below when nothing matched
    } else if (d < 16) {
        p.decision = inspection::Decision::Referred;
        static const char* const kReasons[] = {"document_check", "secondary_inspection", "name_mismatch"};
        p.reason = kReasons[rng() % 3];
    } else if (d < 18) {
        p.decision = inspection::Decision::OptOut;
    } else {
        p.decision = inspection::Decision::NoShow;
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
/// The note is sealed (schema v4): it is opened with the station's key.
Result<std::int64_t> resumePoint(store::Database& db, const store::Crypto& crypto, bool* consistent) {
    auto st = db.prepare("SELECT id, officer_note FROM inspections WHERE officer_id = ?1");
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
        std::string note;
        if (!st->isNull(1)) {
            auto opened = crypto.openText({"inspections", "officer_note", st->columnText(0)}, st->columnBlob(1));
            if (!opened) {
                return opened.error();
            }
            note = std::move(*opened);
        }
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

/// The two ways of producing a traveler's capture. Everything after them (workflow, session, store, outbox, upload)
/// is the workstation's own code.
class LaneDriver {
public:
    virtual ~LaneDriver() = default;
    virtual booth::LaneCapture next(const Plan& plan) = 0;
};

/// Pipeline mode: the real face engine (the station's FaceParts) on the demo kit's replayed camera. For each traveler
/// a standing frame of one of the walkers is taken from the replay video and handed to the lane as a still
/// (detection, landmarks, quality, the capture gate, descriptor, 1:N search against the day's gallery, Decider).
class PipelineLane final : public LaneDriver {
public:
    static Result<std::unique_ptr<PipelineLane>> create(station::FaceParts& face, const demo::DemoKit& kit,
                                                        const Clock& clock) {
        std::unique_ptr<PipelineLane> p(new PipelineLane(face));
        // The lane is built as the workstation builds it; its camera threads are not started: frames are fed one
        // traveler at a time, so the simulation runs as fast as the engine allows.
        capture::VideoFileOptions videoOptions;
        videoOptions.loop = true;
        face.attachCamera(std::make_unique<capture::VideoFileSource>(kit.video, videoOptions, clock), clock);
        p->m_frames = demo::standingFrames(kit);
        if (p->m_frames.empty()) {
            return makeError(ErrorCode::IoError, "the replay video has no frames");
        }
        return p;
    }

    booth::LaneCapture next(const Plan& plan) override {
        return m_face.lane->still(m_frames[plan.pick % m_frames.size()]);
    }

private:
    explicit PipelineLane(station::FaceParts& face) : m_face(face) {}
    station::FaceParts& m_face;
    std::vector<cv::Mat> m_frames;
};

/// Fast mode: no neural network. The gallery holds the manifest's synthetic templates (portico-central seeds them
/// when it has no photos); a traveler's probe is their enrolled template with a little noise (or, for impostors, a
/// random vector), matched by the same Matcher and Decider under the calibrated ThresholdPolicy. The capture is a
/// small synthetic JPEG. Session, store, outbox and upload are the real ones.
class FastLane final : public LaneDriver {
public:
    static Result<std::unique_ptr<FastLane>> create(const match::ScoreTable& table, const Clock& clock,
                                                    const std::vector<manifest::ManifestEntry>& entries) {
        std::unique_ptr<FastLane> p(new FastLane());
        p->m_policy = std::make_unique<match::ThresholdPolicy>(table);
        p->m_decider.emplace(*p->m_policy);
        const auto now = today(clock);
        for (const auto& e : entries) {
            for (const auto& t : e.templates) {
                if (t.modelId == kSyntheticModel && t.vector.size() == 128) {
                    if (p->m_gallery.add(e.appointmentId, t.vector)) {
                        p->m_members.push_back({e.appointmentId, t.vector, booth::ageFromIsoDate(e.dateOfBirth, now)});
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

    booth::LaneCapture next(const Plan& plan) override {
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
        booth::LaneCapture out;
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
            out.candidates = candidates.value();
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
        out.kind = capture::CaptureOutcome::AutoCaptured;
        out.evidence = std::move(ev);
        return out;
    }

private:
    struct Member {
        std::string appointmentId;
        std::vector<float> vector;
        std::optional<int> ageYears;
    };
    FastLane() = default;
    std::unique_ptr<match::ThresholdPolicy> m_policy;
    std::optional<match::Decider> m_decider;
    match::Gallery m_gallery{128};
    match::Matcher m_matcher;
    std::vector<Member> m_members;
};

/// What the workflow answered for the traveler at hand (the service runs on this thread: events arrive during the
/// command that causes them).
struct Answers {
    std::optional<booth::Proposal> proposal;
    booth::TravelerSerial serial = 0; ///< the traveler at hand, as the service numbered them
    std::optional<Result<store::RecordedInspection>> decision;
    std::size_t galleryMembers = 0;
    bool manifestLoaded = false;

    void operator()(const booth::BoothEvent& e) {
        if (const auto* p = std::get_if<booth::Proposal>(&e)) {
            proposal = *p;
            serial = p->serial;
        } else if (const auto* t = std::get_if<booth::TravelerReset>(&e)) {
            serial = t->serial;
        } else if (const auto* r = std::get_if<booth::DecisionRecorded>(&e)) {
            decision = r->record;
        } else if (const auto* f = std::get_if<booth::DecisionFailed>(&e)) {
            decision = Result<store::RecordedInspection>(makeError(f->code, "the decision was not recorded"));
        } else if (const auto* m = std::get_if<booth::ManifestLoaded>(&e)) {
            manifestLoaded = true;
            galleryMembers = m->gallery.members;
        }
    }
};

int runSimulate(const SimArgs& a) {
    SystemClock clock;
    const auto started = std::chrono::steady_clock::now();
    if (a.mode != "pipeline" && a.mode != "fast") {
        return fail("options", makeError(ErrorCode::InvalidArgument, "--mode is pipeline or fast"), 2);
    }

    if (!a.pubkey.empty()) {
        if (auto verifier = manifest::SignatureVerifier::fromBase64(a.pubkey); !verifier) {
            return fail("manifest key", verifier.error(), 2);
        }
    }
    // ---- the station's store and threads, composed as the workstation composes them (core/station)
    auto store = station::StationStore::open(a.db, a.keyFile);
    if (!store) {
        return fail("key file", store.error());
    }
    station::CentralSettings central;
    central.http.baseUrl = a.central;
    central.http.bearerToken = a.token;
    central.http.requestTimeout = std::chrono::milliseconds(a.requestTimeoutMs);
    central.http.retry.maxDelay = std::min(central.http.retry.maxDelay, std::chrono::milliseconds(a.maxBackoffMs));
    central.manifestKey = a.pubkey;
    central.manifests.port = a.port;
    central.manifests.fetchPhotos = a.mode == "pipeline";
    store::OpenReport openReport;
    auto booth = station::BoothThread::open(store.value(), clock, a.station, central, auth::HashLimits::interactive(),
                                            &openReport);
    if (!booth) {
        return fail("database", booth.error());
    }
    sync::UploaderOptions uploadOptions;
    uploadOptions.deviceId = a.station;
    uploadOptions.idlePoll = std::chrono::milliseconds(1000);
    uploadOptions.backoff.maxDelay =
        std::min(uploadOptions.backoff.maxDelay, std::chrono::milliseconds(a.maxBackoffMs));
    auto upload = station::UploadThread::open(store.value(), clock, central.http, uploadOptions);
    if (!upload) {
        return fail("database", upload.error());
    }
    auto& uploader = upload.value()->uploader;
    store::SqliteOutbox queueProbe(booth.value()->store->db, store->crypto()); // depth for --drain, on this thread

    bool consistent = true;
    auto next = resumePoint(booth.value()->store->db, store->crypto(), &consistent);
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

    std::unique_ptr<station::FaceParts> face;
    std::unique_ptr<LaneDriver> lane;
    InlineExecutor here;
    Answers answers;
    std::unique_ptr<booth::BoothService> service;
    if (next.value() < a.travelers) {
        // ---- manifest (verified before it touches the store)
        auto& manifests = booth.value()->store->manifests;
        if (auto* ms = booth.value()->manifestSync.get()) {
            // Under a fault mix a sync may fail; with a manifest already held the lane goes on with it.
            for (int attempt = 0; attempt < 5; ++attempt) {
                auto synced = ms->syncOnce();
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
        auto table = match::ScoreTable::load(a.calibration);
        if (!table) {
            return fail("lane", table.error());
        }
        if (a.mode == "fast") {
            auto f = FastLane::create(table.value(), clock, entries.value());
            if (!f) {
                return fail("lane", f.error());
            }
            lane = std::move(f.value());
        } else {
            const auto models = face::ModelStore::pinned(a.modelDir);
            if (auto ok = models.verifyAll(); !ok) {
                return fail("lane", ok.error());
            }
            auto loaded = station::FaceParts::load(models, table.value());
            if (!loaded) {
                return fail("lane", loaded.error());
            }
            face = std::move(loaded.value());
            auto kit = demo::prepareDemoKit(models, face->pipeline, a.kitDir);
            if (!kit) {
                return fail("lane", kit.error());
            }
            auto p = PipelineLane::create(*face, kit.value(), clock);
            if (!p) {
                return fail("lane", p.error());
            }
            lane = std::move(p.value());
        }
        // ---- the booth's workflow on this thread: the manifest it holds (synced above), the gallery from it
        auto parts = station::boothParts(*booth.value(), upload.value().get(), face.get(), clock);
        parts.manifestSync = nullptr; // synced above, with retries
        parts.lane = nullptr;         // frames are fed one traveler at a time
        service = std::make_unique<booth::BoothService>(parts, booth::SessionPolicy{a.port, 1, {}}, here);
        service->setListener(std::ref(answers));
        service->start(kSimOfficer);
        if (!answers.manifestLoaded) {
            return fail("manifest", makeError(ErrorCode::NotFound, "the stored manifest could not be read"));
        }
        if (face && answers.galleryMembers == 0) {
            return fail("lane",
                        makeError(ErrorCode::NotFound, "no gallery member could be enrolled from the manifest"));
        }
    }
    emit({{"event", "ready"},
          {"next", next.value()},
          {"travelers", a.travelers},
          {"mode", a.mode},
          {"recovered_from_corruption", openReport.recoveredFromCorruption}});

    // ---- the lane: one traveler after the other, each ending in exactly one durable record
    std::map<std::string, int> decisions;
    std::vector<double> recordMs;
    for (std::int64_t i = next.value(); i < a.travelers; ++i) {
        const Plan plan = planFor(a.seed, i);
        service->nextTraveler();
        answers.proposal.reset();
        answers.decision.reset();
        inspection::Decision decision = plan.decision;
        std::string reason = plan.reason;
        if (decision == inspection::Decision::OptOut) {
            // Opt-out before any capture: the camera is stopped, nothing is captured or matched.
        } else if (decision == inspection::Decision::NoShow) {
            // Nobody came: no capture; the record says the appointment was not honoured.
        } else {
            service->captured(lane->next(plan));
            const bool matched = answers.proposal && answers.proposal->appointmentId;
            if (decision == inspection::Decision::Verified && !matched) {
                decision = inspection::Decision::Referred;
                reason = "no_match";
            }
        }
        // The simulated officer looks twice where the age policy asks, at the document photo, and says so.
        const auto check =
            decision == inspection::Decision::Verified && answers.proposal && answers.proposal->confirmSecondLook
                ? inspection::SecondLookCheck::DocumentPhoto
                : inspection::SecondLookCheck::Unknown;
        const auto t0 = std::chrono::steady_clock::now();
        service->decide(answers.serial, decision, reason, noteFor(i), check);
        recordMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (!answers.decision || !*answers.decision) {
            uploader.stop();
            return fail("record traveler " + std::to_string(i),
                        answers.decision ? answers.decision->error()
                                         : makeError(ErrorCode::Unknown, "the booth did not answer"));
        }
        ++decisions[std::string(inspection::decisionName(decision))];
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
