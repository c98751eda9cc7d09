// SPDX-License-Identifier: GPL-3.0-or-later
// The booth's workflow without a screen: booth::BoothService on the station's own composition (encrypted store,
// real portico-central on loopback, manifest sync, the face engine, the uploader), driven as an officer drives the
// booth: a traveler walks up and is matched, F1 / F2 / F3 / F4 / Esc, each decision one record, uploaded once.
#include "booth/BoothService.h"

#include "audit/AuditVerifier.h"
#include "capture/VideoFileSource.h"
#include "common/SerialExecutor.h"
#include "demo/DemoKit.h"
#include "match/Decider.h"
#include "station/Station.h"
#include "store/InspectionJson.h"
#include "support/ChildProcess.h"
#include "support/SwitchableAudit.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>

using namespace portico;
using inspection::Decision;
using inspection::ReasonCode;

namespace {

/// Every event the service sends, in order; tests wait for the next one of a kind.
class EventLog {
public:
    void operator()(const booth::BoothEvent& e) {
        if (std::holds_alternative<booth::FrameArrived>(e)) {
            return;
        }
        std::lock_guard lock(m_mutex);
        m_events.push_back(e);
        m_cv.notify_all();
    }

    /// The next event of type T after the last one taken (others in between are skipped).
    template <typename T>
    T next(std::chrono::seconds timeout = std::chrono::seconds(60)) {
        std::unique_lock lock(m_mutex);
        std::optional<T> found;
        const bool ok = m_cv.wait_for(lock, timeout, [&] {
            while (m_cursor < m_events.size()) {
                if (const auto* t = std::get_if<T>(&m_events[m_cursor++])) {
                    found = *t;
                    return true;
                }
            }
            return false;
        });
        INFO("no event of the awaited kind within " << timeout.count() << " s");
        REQUIRE(ok);
        return *found;
    }

    /// How many events of type T arrived since the last one taken, without taking any.
    template <typename T>
    std::size_t pending() {
        std::lock_guard lock(m_mutex);
        std::size_t n = 0;
        for (std::size_t i = m_cursor; i < m_events.size(); ++i) {
            n += std::holds_alternative<T>(m_events[i]) ? 1 : 0;
        }
        return n;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<booth::BoothEvent> m_events;
    std::size_t m_cursor = 0;
};

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

long long centralRecords(const std::filesystem::path& dataDir) {
    auto [status, out] = test::runCommand(test::centralExe().string(), {"stats", "--data", dataDir.string()});
    REQUIRE(status == 0);
    return nlohmann::json::parse(out).at("records_stored").get<long long>();
}

/// The booth as the workstation composes it, minus the screens and the camera threads: recorded frames of the demo
/// travelers are fed to the lane one at a time, so every step is deterministic.
struct Station {
    test::TempDir tmp;
    SystemClock clock;
    face::ModelStore models = face::ModelStore::pinned(test::modelDir());
    std::unique_ptr<station::FaceParts> face;
    demo::DemoKit kit;
    std::filesystem::path centralData = tmp.path() / "central";
    std::unique_ptr<test::CentralProcess> central;
    std::optional<station::StationStore> store;
    std::unique_ptr<station::BoothThread> booth;
    std::unique_ptr<station::UploadThread> upload;
    std::vector<cv::Mat> walkers; ///< one standing frame per demo walker
    EventLog events;
    std::unique_ptr<booth::BoothService> service;
    SerialExecutor worker; ///< the booth's thread, as in the workstation (declared last: it stops first)

    Station() {
        auto table = match::ScoreTable::load(test::sourceDir() / "resources" / "calibration" / "faceplugin-0.0.1.json");
        REQUIRE(table.ok());
        auto loaded = station::FaceParts::load(models, table.value());
        INFO((loaded ? std::string() : loaded.error().toString()));
        REQUIRE(loaded.ok());
        face = std::move(loaded.value());
        auto k = demo::prepareDemoKit(models, face->pipeline, tmp.path() / "kit");
        REQUIRE(k.ok());
        kit = k.value();

        std::filesystem::create_directories(centralData);
        auto [keyStatus, key] =
            test::runCommand(test::centralExe().string(), {"pubkey", "--data", centralData.string()});
        REQUIRE(keyStatus == 0);
        central = std::make_unique<test::CentralProcess>(
            centralData.string(),
            std::vector<std::string>{"--seed-manifest", std::to_string(kit.identities.size()), "--photos",
                                     kit.photosDir.string(), "--port-code", "DEMO", "--token", "booth-token"});

        auto opened = station::StationStore::open(tmp.path() / "data" / "portico.db", tmp.path() / "keys" / "k");
        REQUIRE(opened.ok());
        store.emplace(std::move(opened.value()));
        station::CentralSettings settings;
        settings.http.baseUrl = central->url();
        settings.http.bearerToken = "booth-token";
        settings.manifestKey = trimmed(key);
        settings.manifests.port = "DEMO";
        auto b = station::BoothThread::open(*store, clock, "svc-booth", settings, auth::HashLimits::minimal());
        REQUIRE(b.ok());
        booth = std::move(b.value());
        sync::UploaderOptions uploads;
        uploads.deviceId = "svc-booth";
        uploads.idlePoll = std::chrono::milliseconds(200);
        auto u = station::UploadThread::open(*store, clock, settings.http, uploads);
        REQUIRE(u.ok());
        upload = std::move(u.value());
        REQUIRE(upload->uploader.start().ok());

        face->attachCamera(std::make_unique<capture::VideoFileSource>(kit.video, capture::VideoFileOptions{}, clock),
                           clock);
        auto parts = station::boothParts(*booth, upload.get(), face.get(), clock);
        parts.lane = nullptr; // frames are fed below instead of by the camera threads
        service = std::make_unique<booth::BoothService>(parts, booth::SessionPolicy{"DEMO", 1, {}}, worker);
        service->setListener(std::ref(events));

        walkers = demo::standingFrames(kit);
        REQUIRE(walkers.size() >= 4);
    }

    ~Station() { service->setListener({}); }

    /// Walker @p i stands in front of the camera: the lane's analysis and matching, then the service.
    booth::Proposal walkUp(std::size_t i) {
        service->captured(face->lane->still(walkers.at(i)));
        return events.next<booth::Proposal>();
    }

    std::int64_t count(const std::string& sql) { return booth->store->db.queryInt64(sql).valueOr(-1); }
};

} // namespace

TEST_CASE("the booth's whole flow without a screen: walk-up, match, document and MRZ, F1 F2 F3 F4 Esc, a repeat: one "
          "record each, uploaded",
          "[unit][booth][service]") {
    Station s;
    s.service->start("ofc.test");
    const auto manifest = s.events.next<booth::ManifestLoaded>();
    CHECK(manifest.entries.size() == s.kit.identities.size());
    // Every traveler enrolled from a photo, but for any whose photo shows no usable face (a manual check).
    CHECK(manifest.gallery.members + manifest.gallery.failed == s.kit.identities.size());
    CHECK(manifest.gallery.members >= s.kit.walkers.size());
    CHECK(manifest.photos.size() == s.kit.identities.size());

    // The document reader's page comes first: read, and compared as soon as the traveler's photo is taken.
    s.service->documentFile(test::facesDevDir() / "celeba_7203" / "1.jpg");
    const auto read = s.events.next<booth::DocumentRead>();
    CHECK(read.error == ErrorCode::Unknown);
    CHECK(read.waitingForCapture);
    CHECK_FALSE(read.image.empty());

    // Walk-up: the first traveler is matched, shown only after the view is on the audit trail.
    auto first = s.walkUp(0);
    REQUIRE(first.kind == match::OutcomeKind::Match);
    REQUIRE(first.appointmentId);
    REQUIRE(first.traveler);
    CHECK(first.traveler->appointmentId == *first.appointmentId);
    REQUIRE(first.threshold);
    CHECK(first.threshold->gallerySize == manifest.gallery.members);
    CHECK(*first.score >= first.threshold->score);
    CHECK(s.count("SELECT count(*) FROM audit_log WHERE action = 'traveler.view' AND object_ref = '" +
                  *first.appointmentId + "'") == 1);

    // The document photo is someone else's; the MRZ typed at the booth names another document. Both are the
    // officer's to weigh, and both go on the record.
    const auto compared = s.events.next<booth::DocumentCompared>();
    REQUIRE(compared.comparison);
    CHECK_FALSE(compared.comparison->samePerson);
    CHECK(s.count("SELECT count(*) FROM audit_log WHERE action = 'document.compare'") == 1);
    s.service->enterMrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10");
    const auto mrz = s.events.next<booth::MrzChecked>();
    CHECK(mrz.readable);
    REQUIRE(mrz.differences);
    CHECK_FALSE(mrz.differences->empty());
    CHECK(mrz.problem);

    // F1: verified. One record with the whole threshold the officer saw, then the booth is ready for the next one.
    // Under the age policy (the walker may be a child) the service first wants to know what the officer checked.
    if (first.confirmSecondLook) {
        s.service->decide(Decision::Verified);
        CHECK(s.events.next<booth::DecisionFailed>().code == ErrorCode::ConfirmationRequired);
        s.service->decide(Decision::Verified, {}, {}, inspection::SecondLookCheck::DocumentPhoto);
    } else {
        s.service->decide(Decision::Verified);
    }
    const auto verified = s.events.next<booth::DecisionRecorded>();
    CHECK(verified.decision == Decision::Verified);
    CHECK(verified.appointmentId == first.appointmentId);
    CHECK(verified.record.reviewCaseId); // the document disagreed: a supervisor looks at it
    s.events.next<booth::TravelerReset>();
    auto row = s.booth->store->inspections.get(verified.record.id);
    REQUIRE(row.ok());
    CHECK(row->decision == Decision::Verified);
    CHECK(row->outcome == inspection::Outcome::Match);
    CHECK(row->officerId == "ofc.test");
    REQUIRE(row->details.threshold);
    CHECK(row->details.threshold->score == Approx(first.threshold->score));
    CHECK(row->details.threshold->fmr == Approx(first.threshold->fmr));
    CHECK(row->details.threshold->gallerySize == first.threshold->gallerySize);
    CHECK(row->details.threshold->oneIn == Approx(first.threshold->oneIn)); // the supervisor sees the same odds
    CHECK(row->hasCapturePhoto != row->citizen);
    CHECK(row->docScore < row->docThreshold);
    CHECK(inspection::has(row->reasonCodes, ReasonCode::DocumentMismatch));
    // Upload: the uploader was woken and central holds the record once.
    for (int i = 0; i < 300 && centralRecords(s.centralData) < 1; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(centralRecords(s.centralData) == 1);

    // F2: the next traveler is referred with a reason and a note: a case for a supervisor.
    auto second = s.walkUp(1);
    REQUIRE(second.kind == match::OutcomeKind::Match);
    s.service->decide(Decision::Referred, "secondary_inspection", "asked to step aside");
    const auto referred = s.events.next<booth::DecisionRecorded>();
    CHECK(referred.decision == Decision::Referred);
    REQUIRE(referred.record.reviewCaseId);
    row = s.booth->store->inspections.get(referred.record.id);
    REQUIRE(row.ok());
    CHECK(inspection::has(row->reasonCodes, ReasonCode::OfficerReferral));
    CHECK(row->details.referralReason == "secondary_inspection");
    CHECK(row->details.note == "asked to step aside");
    CHECK(s.count("SELECT count(*) FROM review_cases WHERE reasons LIKE '%officer_referral%'") == 1);
    s.events.next<booth::TravelerReset>();

    // Walk-away: after a result, three empty frames and then a face start the next traveler by themselves.
    auto third = s.walkUp(2);
    REQUIRE(third.kind == match::OutcomeKind::Match);
    capture::Observation empty;
    for (int i = 0; i < 3; ++i) {
        s.service->observed(empty);
    }
    CHECK(s.events.pending<booth::TravelerReset>() == 0);
    capture::Observation someone;
    someone.faceCount = 1;
    s.service->observed(someone);
    s.events.next<booth::TravelerReset>();

    // F3: a citizen opts out. The capture already taken is dropped; a late capture is ignored; nothing is kept.
    auto fourth = s.walkUp(3);
    REQUIRE(fourth.traveler);
    s.service->decide(Decision::OptOut);
    const auto optOut = s.events.next<booth::DecisionRecorded>();
    CHECK(optOut.decision == Decision::OptOut);
    s.service->captured(s.face->lane->still(s.walkers.at(3)));
    row = s.booth->store->inspections.get(optOut.record.id);
    REQUIRE(row.ok());
    CHECK(row->optedOut);
    CHECK(row->outcome == inspection::Outcome::None);
    CHECK_FALSE(row->hasCapturePhoto);
    CHECK_FALSE(row->hasCaptureTemplate);
    CHECK(row->details.candidates.empty());
    // Esc: the opted-out traveler stays on screen until the officer moves on.
    s.service->nextTraveler();
    s.events.next<booth::TravelerReset>();
    CHECK(s.events.pending<booth::Proposal>() == 0); // the late capture never became a proposal

    // F4: a booking opened from the manifest (audited) is a no-show: a record without any biometric.
    const auto& noShowEntry = manifest.entries.back();
    s.service->openAppointment(noShowEntry.appointmentId);
    const auto opened = s.events.next<booth::TravelerOpened>();
    CHECK(opened.entry.appointmentId == noShowEntry.appointmentId);
    s.service->decide(Decision::NoShow);
    const auto noShow = s.events.next<booth::DecisionRecorded>();
    CHECK(noShow.appointmentId == std::optional<std::string>(noShowEntry.appointmentId));
    CHECK_FALSE(noShow.record.reviewCaseId);
    row = s.booth->store->inspections.get(noShow.record.id);
    REQUIRE(row.ok());
    CHECK(row->decision == Decision::NoShow);
    CHECK(row->outcome == inspection::Outcome::None);

    // The first traveler's booking again: a repeat, a second look naming the first decision.
    auto again = s.walkUp(0);
    REQUIRE(again.prior);
    CHECK(again.prior->id == verified.record.id);
    CHECK(again.prior->decision == Decision::Verified);
    CHECK(std::find(again.secondLook.begin(), again.secondLook.end(), ReasonCode::RepeatAppointment) !=
          again.secondLook.end());
    CHECK_FALSE(again.clearToContinue);

    // Every record went to central exactly once; the audit chain holds.
    for (int i = 0; i < 300 && centralRecords(s.centralData) < 4; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(centralRecords(s.centralData) == 4);
    CHECK(s.count("SELECT count(*) FROM inspections") == 4);
    CHECK(audit::AuditVerifier::verify(s.booth->store->db).value().ok);
}

TEST_CASE("views fail closed: a traveler record, an unlock or a document result that cannot be audited is not shown",
          "[unit][booth][service]") {
    // No face engine: central's synthetic manifest, a booth on the caller's thread, a match made by the Decider.
    test::TempDir tmp;
    SystemClock clock;
    const auto centralData = tmp.path() / "central";
    std::filesystem::create_directories(centralData);
    auto [keyStatus, key] = test::runCommand(test::centralExe().string(), {"pubkey", "--data", centralData.string()});
    REQUIRE(keyStatus == 0);
    test::CentralProcess central(centralData.string(), {"--seed-manifest", "6", "--port-code", "DEMO", "--token", "t"});
    auto store = station::StationStore::open(tmp.path() / "data" / "portico.db", tmp.path() / "keys" / "k");
    REQUIRE(store.ok());
    station::CentralSettings settings;
    settings.http.baseUrl = central.url();
    settings.http.bearerToken = "t";
    settings.manifestKey = trimmed(key);
    settings.manifests.port = "DEMO";
    settings.manifests.fetchPhotos = false;
    auto boothThread = station::BoothThread::open(*store, clock, "svc-closed", settings, auth::HashLimits::minimal());
    REQUIRE(boothThread.ok());
    auto& b = *boothThread.value();
    REQUIRE(b.accounts->add("system", "ofc.test", "Officer Test", auth::Role::Officer, "pass phrase one two").ok());
    test::SwitchableAudit audit(b.store->audit);
    booth::BoothParts parts{b.store->inspections, b.store->manifests, audit, clock};
    parts.accounts = b.accounts.get();
    parts.manifestSync = b.manifestSync.get();
    InlineExecutor inline_;
    booth::BoothService service(parts, booth::SessionPolicy{"DEMO", 1, {}}, inline_);
    EventLog events;
    service.setListener(std::ref(events));
    service.start("ofc.test");
    const auto manifest = events.next<booth::ManifestLoaded>();
    REQUIRE(manifest.entries.size() == 6);
    const std::string appointment = manifest.entries.front().appointmentId;

    // A match the audit refuses: the verdict is shown, the traveler's record is not, and it is not referenced.
    std::vector<float> scores;
    for (int i = 0; i < 5000; ++i) {
        scores.push_back(-0.3f + 0.8f * static_cast<float>(i) / 5000.f);
    }
    match::ThresholdPolicy policy(match::ScoreTable::fromImpostorScores(scores, {"m", "synthetic", 100, 3}).value());
    booth::LaneCapture capture;
    capture.outcome = match::Decider(policy).identify({match::Candidate{appointment, 0, 0.95f}}, 6);
    capture.candidates = {match::Candidate{appointment, 0, 0.95f}};
    audit.failing = true;
    service.captured(capture);
    const auto refused = events.next<booth::ViewRefused>();
    CHECK(refused.appointmentId == appointment);
    CHECK(refused.code == ErrorCode::DiskFull);
    const auto proposal = events.next<booth::Proposal>();
    CHECK(proposal.kind == match::OutcomeKind::Match);
    CHECK_FALSE(proposal.traveler);
    service.openAppointment(appointment);
    events.next<booth::ViewRefused>();
    CHECK(events.pending<booth::TravelerOpened>() == 0);

    // The unlock is refused while it cannot be audited, even with the right password; then it goes through.
    service.unlock("pass phrase one two");
    CHECK(events.next<booth::UnlockRefused>().code == ErrorCode::DiskFull);
    audit.failing = false;
    service.unlock("pass phrase one two");
    events.next<booth::Unlocked>();
    service.unlock("wrong");
    CHECK(events.next<booth::UnlockRefused>().code != ErrorCode::Unknown);

    // The decision itself still records (the store audits it in its own transaction): no appointment referenced.
    service.decide(Decision::Referred); // a referral needs a reason: refused, nothing lost
    CHECK(events.next<booth::DecisionFailed>().code == ErrorCode::InvalidArgument);
    service.decide(Decision::Referred, "document_check");
    const auto recorded = events.next<booth::DecisionRecorded>();
    CHECK_FALSE(recorded.appointmentId);
    auto row = b.store->inspections.get(recorded.record.id);
    REQUIRE(row.ok());
    CHECK_FALSE(row->appointmentId);
    CHECK(row->outcome == inspection::Outcome::Match);
}
