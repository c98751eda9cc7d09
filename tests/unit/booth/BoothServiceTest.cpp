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
#include "review/Monitoring.h"
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
        if (const auto* r = std::get_if<booth::TravelerReset>(&e)) {
            m_serial = r->serial;
        } else if (const auto* p = std::get_if<booth::Proposal>(&e)) {
            m_serial = p->serial;
        }
        m_events.push_back(e);
        m_cv.notify_all();
    }

    /// The traveler the newest TravelerReset or Proposal named (what a screen showing every event would show).
    booth::TravelerSerial serial() {
        std::lock_guard lock(m_mutex);
        return m_serial;
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
    booth::TravelerSerial m_serial = 0;
};

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

long long centralStat(const std::filesystem::path& dataDir, const char* figure) {
    auto [status, out] = test::runCommand(test::centralExe().string(), {"stats", "--data", dataDir.string()});
    REQUIRE(status == 0);
    return nlohmann::json::parse(out).at(figure).get<long long>();
}

long long centralRecords(const std::filesystem::path& dataDir) {
    return centralStat(dataDir, "records_stored");
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

/// A booth without face engine: central's synthetic manifest (6 travelers, no photos), the booth service on the
/// caller's thread (InlineExecutor), matches made by the Decider, an officer "ofc.test". Its audit can be made to fail.
struct LightBooth {
    test::TempDir tmp;
    SystemClock clock;
    std::filesystem::path centralData = tmp.path() / "central";
    std::unique_ptr<test::CentralProcess> central;
    std::optional<station::StationStore> store;
    std::unique_ptr<station::BoothThread> booth;
    std::optional<test::SwitchableAudit> auditSwitch;
    test::SwitchableAudit& audit;
    InlineExecutor inline_;
    EventLog events;
    std::unique_ptr<booth::BoothService> service;

    LightBooth() : audit(init()) {
        booth::BoothParts parts{booth->store->inspections, booth->store->manifests, audit, clock};
        parts.accounts = booth->accounts.get();
        parts.manifestSync = booth->manifestSync.get();
        service = std::make_unique<booth::BoothService>(parts, booth::SessionPolicy{"DEMO", 1, {}}, inline_);
        service->setListener(std::ref(events));
    }
    ~LightBooth() { service->setListener({}); }

    /// A match for @p appointment as the lane would hand it over.
    static booth::LaneCapture matchFor(const std::string& appointment) {
        std::vector<float> scores;
        for (int i = 0; i < 5000; ++i) {
            scores.push_back(-0.3f + 0.8f * static_cast<float>(i) / 5000.f);
        }
        match::ThresholdPolicy policy(
            match::ScoreTable::fromImpostorScores(scores, {"m", "synthetic", 100, 3}).value());
        booth::LaneCapture capture;
        capture.outcome = match::Decider(policy).identify({match::Candidate{appointment, 0, 0.95f}}, 6);
        capture.candidates = {match::Candidate{appointment, 0, 0.95f}};
        return capture;
    }

private:
    test::SwitchableAudit& init() {
        std::filesystem::create_directories(centralData);
        auto [keyStatus, key] =
            test::runCommand(test::centralExe().string(), {"pubkey", "--data", centralData.string()});
        REQUIRE(keyStatus == 0);
        central = std::make_unique<test::CentralProcess>(
            centralData.string(),
            std::vector<std::string>{"--seed-manifest", "6", "--port-code", "DEMO", "--token", "t"});
        auto opened = station::StationStore::open(tmp.path() / "data" / "portico.db", tmp.path() / "keys" / "k");
        REQUIRE(opened.ok());
        store.emplace(std::move(opened.value()));
        station::CentralSettings settings;
        settings.http.baseUrl = central->url();
        settings.http.bearerToken = "t";
        settings.manifestKey = trimmed(key);
        settings.manifests.port = "DEMO";
        settings.manifests.fetchPhotos = false;
        auto b = station::BoothThread::open(*store, clock, "svc-light", settings, auth::HashLimits::minimal());
        REQUIRE(b.ok());
        booth = std::move(b.value());
        REQUIRE(booth->accounts->add("system", "ofc.test", "Officer Test", auth::Role::Officer, "pass phrase one two")
                    .ok());
        auditSwitch.emplace(booth->store->audit);
        return *auditSwitch;
    }
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
        s.service->decide(first.serial, Decision::Verified);
        CHECK(s.events.next<booth::DecisionFailed>().code == ErrorCode::ConfirmationRequired);
        s.service->decide(first.serial, Decision::Verified, {}, {}, inspection::SecondLookCheck::DocumentPhoto);
    } else {
        s.service->decide(first.serial, Decision::Verified);
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
    s.service->decide(second.serial, Decision::Referred, "secondary_inspection", "asked to step aside");
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
    // The third traveler was matched and shown, but no key was pressed: an abandoned record, for review, no image.
    const auto abandoned = s.events.next<booth::DecisionRecorded>();
    CHECK(abandoned.decision == Decision::Abandoned);
    CHECK(abandoned.abandoned == inspection::AbandonReason::NextTraveler);
    CHECK(abandoned.appointmentId == third.appointmentId);
    // A case only when the traveler needed a second look (the walker may be a child); it then says "abandoned".
    row = s.booth->store->inspections.get(abandoned.record.id);
    REQUIRE(row.ok());
    CHECK(row->decision == Decision::Abandoned);
    CHECK(row->outcome == inspection::Outcome::Match);
    CHECK(row->details.abandoned == inspection::AbandonReason::NextTraveler);
    if (!abandoned.record.reviewCaseId) { // an undecided clear match goes to nobody: no image kept
        CHECK_FALSE(row->hasCapturePhoto);
        CHECK_FALSE(row->hasCaptureTemplate);
    }
    CHECK(s.count("SELECT count(*) FROM review_cases WHERE reasons LIKE '%abandoned%'") ==
          (abandoned.record.reviewCaseId ? 1 : 0));
    s.events.next<booth::TravelerReset>();
    // Not a decision: the booking is not processed, and deciding it later is no repeat.
    CHECK(s.booth->store->inspections.decidedAppointments(Clock::TimePoint{}).value().count(*third.appointmentId) == 0);
    CHECK_FALSE(s.booth->store->inspections.latestDecisionFor(*third.appointmentId).value());

    // F3: a citizen opts out. The capture already taken is dropped; a late capture is ignored; nothing is kept.
    auto fourth = s.walkUp(3);
    REQUIRE(fourth.traveler);
    s.service->decide(fourth.serial, Decision::OptOut);
    const auto optOut = s.events.next<booth::DecisionRecorded>();
    CHECK(optOut.decision == Decision::OptOut);
    REQUIRE(optOut.framesAnalysedBeforeOptOut);
    CHECK(*optOut.framesAnalysedBeforeOptOut >= 1); // said after the photo: the record says so
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
    const auto waiting = s.events.next<booth::TravelerReset>();
    CHECK(waiting.serial > fourth.serial);
    CHECK(s.events.pending<booth::Proposal>() == 0);         // the late capture never became a proposal
    CHECK(s.events.pending<booth::DecisionRecorded>() == 0); // the opted-out traveler is not "abandoned" too

    // F3 while waiting, before the next traveler's face reaches the camera: an opt-out with no frame analysed,
    // shown, audited and counted as such.
    s.service->decide(waiting.serial, Decision::OptOut);
    const auto declared = s.events.next<booth::DecisionRecorded>();
    CHECK(declared.framesAnalysedBeforeOptOut == std::optional<int>(0));
    row = s.booth->store->inspections.get(declared.record.id);
    REQUIRE(row.ok());
    CHECK(row->details.framesAnalysedBeforeOptOut == std::optional<int>(0));
    CHECK(row->outcome == inspection::Outcome::None);
    CHECK(s.count("SELECT count(*) FROM audit_log WHERE action = 'inspection.record' AND object_ref = '" +
                  declared.record.id + "' AND json_extract(details, '$.frames_analysed_before_opt_out') = 0") == 1);
    s.service->nextTraveler();
    s.events.next<booth::TravelerReset>();

    // F4: a booking opened from the manifest (audited) is a no-show: a record without any biometric.
    const auto& noShowEntry = manifest.entries.back();
    s.service->openAppointment(noShowEntry.appointmentId);
    const auto opened = s.events.next<booth::TravelerOpened>();
    CHECK(opened.entry.appointmentId == noShowEntry.appointmentId);
    s.service->decide(opened.serial, Decision::NoShow);
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
    for (int i = 0; i < 300 && centralRecords(s.centralData) < 6; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(centralRecords(s.centralData) == 6);
    CHECK(s.count("SELECT count(*) FROM inspections") == 6);
    // Each record the booth's policy sent to review opened exactly one case at central, for a supervisor anywhere
    // in the port (docs/api.md §7).
    CHECK(s.count("SELECT count(*) FROM review_cases") >= 2);
    CHECK(centralStat(s.centralData, "cases") == s.count("SELECT count(*) FROM review_cases"));
    // The day's figures count the abandoned traveler and the opt-out declared before any analysis.
    const auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(s.clock.now())};
    const auto stats = review::Monitoring(s.booth->store->db).daily(today);
    REQUIRE(stats.ok());
    CHECK(stats->overall.abandoned == 1);
    CHECK(stats->overall.optOuts == 2);
    CHECK(stats->overall.optOutsBeforeAnalysis == 1);
    CHECK(audit::AuditVerifier::verify(s.booth->store->db).value().ok);
}

TEST_CASE("views fail closed: a traveler record, an unlock or a document result that cannot be audited is not shown",
          "[unit][booth][service]") {
    LightBooth lb;
    auto& b = *lb.booth;
    auto& audit = lb.audit;
    auto& service = *lb.service;
    auto& events = lb.events;
    service.start("ofc.test");
    const auto manifest = events.next<booth::ManifestLoaded>();
    REQUIRE(manifest.entries.size() == 6);
    const std::string appointment = manifest.entries.front().appointmentId;

    // A match the audit refuses: the verdict is shown, the traveler's record is not, and it is not referenced.
    const auto capture = LightBooth::matchFor(appointment);
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
    service.decide(proposal.serial, Decision::Referred); // a referral needs a reason: refused, nothing lost
    CHECK(events.next<booth::DecisionFailed>().code == ErrorCode::InvalidArgument);
    service.decide(proposal.serial, Decision::Referred, "document_check");
    const auto recorded = events.next<booth::DecisionRecorded>();
    CHECK_FALSE(recorded.appointmentId);
    auto row = b.store->inspections.get(recorded.record.id);
    REQUIRE(row.ok());
    CHECK_FALSE(row->appointmentId);
    CHECK(row->outcome == inspection::Outcome::Match);
}

TEST_CASE("an officer signs out or another signs in over the lock screen: the undecided traveler is recorded, the "
          "new session audited, and only a supervisor manages accounts",
          "[unit][booth][service]") {
    LightBooth lb;
    auto& b = *lb.booth;
    auto& service = *lb.service;
    auto& events = lb.events;
    const char* supPass = "second pass phrase here";
    REQUIRE(b.accounts->add("system", "sup.test", "Supervisor Test", auth::Role::Supervisor, supPass).ok());
    REQUIRE(b.accounts->add("system", "ofc.two", "Officer Two", auth::Role::Officer, "third pass phrase here").ok());
    service.start("ofc.test");
    const auto manifest = events.next<booth::ManifestLoaded>();
    const std::string appointment = manifest.entries.front().appointmentId;
    const auto count = [&](const std::string& sql) { return b.store->db.queryInt64(sql).valueOr(-1); };

    // An officer cannot see or manage the accounts.
    service.listAccounts();
    CHECK(events.next<booth::AccountChanged>().code == ErrorCode::Forbidden);
    service.unlockAccount("ofc.two");
    CHECK(events.next<booth::AccountChanged>().code == ErrorCode::Forbidden);

    // A traveler is matched and shown; the officer signs out without deciding: abandoned, on the officer's name.
    service.captured(LightBooth::matchFor(appointment));
    events.next<booth::Proposal>();
    service.signOut();
    const auto abandoned = events.next<booth::DecisionRecorded>();
    CHECK(abandoned.decision == Decision::Abandoned);
    CHECK(abandoned.abandoned == inspection::AbandonReason::SignedOut);
    CHECK(b.store->inspections.get(abandoned.record.id)->officerId == "ofc.test");
    CHECK(events.next<booth::SignedOut>().officer == "ofc.test");
    CHECK(service.officer().empty());
    CHECK(count("SELECT count(*) FROM audit_log WHERE action = 'auth.logout' AND actor = 'ofc.test'") == 1);
    // Signed out, nobody decides.
    service.decide(events.serial(), Decision::NoShow);
    CHECK(events.next<booth::DecisionFailed>().code == ErrorCode::Unauthorized);

    // A wrong password at the sign-in screen, then the supervisor signs in: a new session, audited.
    service.signIn("sup.test", "not the password at all");
    CHECK(events.next<booth::UnlockRefused>().code == ErrorCode::Unauthorized);
    service.signIn("sup.test", supPass);
    const auto in = events.next<booth::SignedIn>();
    CHECK(in.session.username == "sup.test");
    CHECK(in.session.role == auth::Role::Supervisor);
    CHECK(service.officer() == "sup.test");
    CHECK(count("SELECT count(*) FROM audit_log WHERE action = 'session.start' AND actor = 'sup.test'") == 1);

    // Officer Two locked themselves out; the supervisor unlocks the account, disables and enables it.
    for (int i = 0; i < auth::Accounts::kMaxFailures; ++i) {
        (void)b.accounts->login("ofc.two", "wrong password number");
    }
    REQUIRE(b.accounts->isLocked("ofc.two").value());
    service.listAccounts();
    const auto listed = events.next<booth::AccountsListed>();
    REQUIRE(listed.accounts.size() == 3);
    CHECK(std::find_if(listed.accounts.begin(), listed.accounts.end(), [](const auth::AccountInfo& a) {
              return a.username == "ofc.two" && a.locked;
          }) != listed.accounts.end());
    service.unlockAccount("ofc.two");
    const auto unlocked = events.next<booth::AccountChanged>();
    CHECK(unlocked.action == booth::AccountChanged::Action::Unlock);
    CHECK(unlocked.code == ErrorCode::Unknown);
    CHECK_FALSE(b.accounts->isLocked("ofc.two").value());
    service.unlockAccount("sup.test"); // not a supervisor's to manage: a peer (here oneself)
    CHECK(events.next<booth::AccountChanged>().code == ErrorCode::Forbidden);
    service.setAccountDisabled("ofc.two", true);
    CHECK(events.next<booth::AccountChanged>().code == ErrorCode::Unknown);
    CHECK(count("SELECT disabled FROM accounts WHERE username = 'ofc.two'") == 1);
    service.setAccountDisabled("ofc.two", false);
    CHECK(events.next<booth::AccountChanged>().code == ErrorCode::Unknown);

    // Officer Two signs in over the supervisor's lock screen: a switch of officer, the supervisor's session closed.
    service.signIn("ofc.two", "third pass phrase here");
    CHECK(events.next<booth::SignedIn>().session.username == "ofc.two");
    CHECK(count("SELECT count(*) FROM audit_log WHERE action = 'auth.logout' AND actor = 'sup.test'") == 1);
    // and changes the password: the current one is checked, the rules are core's.
    service.changePassword("not my password at all", "a brand new pass phrase");
    CHECK(events.next<booth::AccountChanged>().code == ErrorCode::Unauthorized);
    service.changePassword("third pass phrase here", "short");
    CHECK(events.next<booth::AccountChanged>().code == ErrorCode::WeakPassword);
    service.changePassword("third pass phrase here", "a brand new pass phrase");
    CHECK(events.next<booth::AccountChanged>().code == ErrorCode::Unknown);
    CHECK(b.accounts->login("ofc.two", "a brand new pass phrase").ok());
    // The next decision is Officer Two's.
    service.openAppointment(appointment);
    const auto opened = events.next<booth::TravelerOpened>();
    service.decide(opened.serial, Decision::NoShow);
    const auto noShow = events.next<booth::DecisionRecorded>();
    CHECK(b.store->inspections.get(noShow.record.id)->officerId == "ofc.two");
    CHECK(audit::AuditVerifier::verify(b.store->db).value().ok);
}

TEST_CASE("a key pressed as the booth moves on decides nothing: every decision names the traveler on screen",
          "[unit][booth][service]") {
    LightBooth lb;
    auto& b = *lb.booth;
    auto& service = *lb.service;
    auto& events = lb.events;
    service.start("ofc.test");
    const auto start = events.next<booth::TravelerReset>(); // the first traveler is awaited from the start
    const auto manifest = events.next<booth::ManifestLoaded>();
    REQUIRE(manifest.entries.size() >= 2);
    const std::string a = manifest.entries.at(0).appointmentId;
    const std::string c = manifest.entries.at(1).appointmentId;
    const auto count = [&](const std::string& sql) { return b.store->db.queryInt64(sql).valueOr(-1); };

    // Traveler A is matched and shown; before the officer's F1 arrives, a new face moves the booth on.
    service.captured(LightBooth::matchFor(a));
    const auto shownA = events.next<booth::Proposal>();
    CHECK(shownA.serial == start.serial);
    service.nextTraveler(inspection::AbandonReason::NextTraveler);
    CHECK(events.next<booth::DecisionRecorded>().decision == Decision::Abandoned);
    const auto nextOne = events.next<booth::TravelerReset>();
    CHECK(nextOne.serial != shownA.serial);

    // The late F1 names A: refused, nothing recorded (before the fix: a "verified" with no capture, no one).
    service.decide(shownA.serial, Decision::Verified);
    CHECK(events.next<booth::DecisionFailed>().code == ErrorCode::Conflict);
    CHECK(count("SELECT count(*) FROM inspections WHERE decision = 'verified'") == 0);

    // Traveler C is matched; a late F1 or F3 about A still decides nothing about C, and does not stop C's analysis.
    service.captured(LightBooth::matchFor(c));
    const auto shownC = events.next<booth::Proposal>();
    CHECK(shownC.serial == nextOne.serial);
    service.decide(shownA.serial, Decision::Verified);
    CHECK(events.next<booth::DecisionFailed>().code == ErrorCode::Conflict);
    service.decide(shownA.serial, Decision::OptOut);
    CHECK(events.next<booth::DecisionFailed>().code == ErrorCode::Conflict);
    CHECK(count("SELECT count(*) FROM inspections WHERE decision IN ('verified', 'opt_out')") == 0);
    service.captured(LightBooth::matchFor(c)); // still analysed: a fresh proposal for C, same traveler
    CHECK(events.next<booth::Proposal>().serial == shownC.serial);

    // The officer looks again and decides about C: recorded for C.
    service.decide(shownC.serial, Decision::Verified);
    const auto verified = events.next<booth::DecisionRecorded>();
    CHECK(verified.decision == Decision::Verified);
    CHECK(verified.appointmentId == std::optional<std::string>(c));
    CHECK(count("SELECT count(*) FROM inspections WHERE decision = 'verified'") == 1);

    // An empty booth: "verified" with no capture and no appointment opened is refused, whatever the serial.
    const auto empty = events.next<booth::TravelerReset>();
    service.decide(empty.serial, Decision::Verified);
    CHECK(events.next<booth::DecisionFailed>().code == ErrorCode::InvalidArgument);
    CHECK(count("SELECT count(*) FROM inspections WHERE decision = 'verified'") == 1);
    CHECK(audit::AuditVerifier::verify(b.store->db).value().ok);
}
