// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewQueue.h"
#include "ReviewTestSupport.h"
#include "audit/AuditVerifier.h"
#include "store/InspectionJson.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace portico;
using namespace portico::review;
using namespace portico::review::testing;
using inspection::Decision;
using inspection::Outcome;
using inspection::ReasonCode;
using store::AgeBand;

namespace {
std::vector<std::string> reasonsOf(ReviewFixture& f, const std::optional<std::string>& caseId) {
    REQUIRE(caseId);
    auto st = f.db.prepare("SELECT reasons FROM review_cases WHERE id = ?1");
    REQUIRE(st.ok());
    st->bind(1, *caseId);
    REQUIRE(st->step().valueOr(false));
    return nlohmann::json::parse(st->columnText(0)).get<std::vector<std::string>>();
}
} // namespace

TEST_CASE("record() opens a review case for exactly the inspections that need one", "[unit][review]") {
    ReviewFixture f;
    using V = std::vector<std::string>;

    auto plainMatch = record(f, newInspection(Outcome::Match));
    REQUIRE(plainMatch.ok());
    CHECK_FALSE(plainMatch->reviewCaseId);

    auto noMatch = record(f, newInspection(Outcome::NoMatch));
    REQUIRE(noMatch.ok());
    CHECK(reasonsOf(f, noMatch->reviewCaseId) == V{"no_match"});

    CHECK(reasonsOf(f, record(f, newInspection(Outcome::Ambiguous))->reviewCaseId) == V{"ambiguous"});
    CHECK(reasonsOf(f, record(f, newInspection(Outcome::LowQuality))->reviewCaseId) == V{"low_quality"});

    // Age policy: from the matcher's reason code, or from the recorded band when a biometric outcome exists.
    auto child = newInspection(Outcome::Match, AgeBand::Age0To13);
    CHECK(reasonsOf(f, record(f, child)->reviewCaseId) == V{"age_under_14"});
    auto elder = newInspection(Outcome::Match, AgeBand::Age50To64);
    elder.reasonCodes = {ReasonCode::Matched, ReasonCode::AgeOver79};
    CHECK(reasonsOf(f, record(f, elder)->reviewCaseId) == V{"age_over_79"});
    auto elderBand = newInspection(Outcome::NoMatch, AgeBand::Age80Plus);
    CHECK(reasonsOf(f, record(f, elderBand)->reviewCaseId) == V{"no_match", "age_over_79"});

    auto spoofy = newInspection(Outcome::Match);
    spoofy.liveness = 0.2;
    CHECK(reasonsOf(f, record(f, spoofy)->reviewCaseId) == V{"low_liveness"});
    auto fine = newInspection(Outcome::Match);
    fine.liveness = 0.9;
    CHECK_FALSE(record(f, fine)->reviewCaseId);

    auto docScore = newInspection(Outcome::Match);
    docScore.docScore = 0.31;
    docScore.docThreshold = 0.42;
    CHECK(reasonsOf(f, record(f, docScore)->reviewCaseId) == V{"document_mismatch"});
    auto docCode = newInspection(Outcome::Match);
    docCode.reasonCodes = {ReasonCode::DocumentMismatch};
    CHECK(reasonsOf(f, record(f, docCode)->reviewCaseId) == V{"document_mismatch"});

    auto referred = newInspection(Outcome::Match);
    referred.decision = Decision::Referred;
    CHECK(reasonsOf(f, record(f, referred)->reviewCaseId) == V{"officer_referral"});

    // A booking decided a second time: one appointment used twice is for a supervisor to see, biometric or not.
    auto repeat = newInspection(Outcome::Match);
    repeat.reasonCodes = {ReasonCode::Matched, ReasonCode::RepeatAppointment};
    CHECK(reasonsOf(f, record(f, repeat)->reviewCaseId) == V{"repeat_appointment"});
    auto manualRepeat = newInspection(Outcome::None);
    manualRepeat.reasonCodes = {ReasonCode::RepeatAppointment};
    manualRepeat.decision = Decision::Referred;
    CHECK(reasonsOf(f, record(f, manualRepeat)->reviewCaseId) == V{"repeat_appointment", "officer_referral"});

    // No biometric was taken: nothing for a supervisor to judge.
    auto optOut = newInspection(Outcome::None, AgeBand::Age0To13);
    optOut.decision = Decision::OptOut;
    optOut.optedOut = true;
    CHECK_FALSE(record(f, optOut)->reviewCaseId);
    auto noShow = newInspection(Outcome::None, AgeBand::Age80Plus);
    noShow.decision = Decision::NoShow;
    CHECK_FALSE(record(f, noShow)->reviewCaseId);
    auto manualChild = newInspection(Outcome::None, AgeBand::Age0To13);
    CHECK_FALSE(record(f, manualChild)->reviewCaseId);

    CHECK(f.count("SELECT count(*) FROM inspections") == 17);
    CHECK(f.count("SELECT count(*) FROM review_cases") == 12);
    CHECK(f.count("SELECT count(*) FROM review_cases WHERE state = 'open'") == 12);
    CHECK(f.auditCount("review.case.open") == 12);
    CHECK(f.count("SELECT count(*) FROM inspections WHERE age_band = '80+'") == 2);
}

TEST_CASE("an inspection that needs review cannot be recorded without its case", "[unit][review]") {
    ReviewFixture f;
    // Sabotage the case table: the inspection must fail with it, and leave nothing behind.
    REQUIRE(f.db.exec("DROP TABLE review_cases").ok());
    auto r = record(f, newInspection(Outcome::NoMatch));
    CHECK_FALSE(r.ok());
    CHECK(f.count("SELECT count(*) FROM inspections") == 0);
    CHECK(f.count("SELECT count(*) FROM outbox") == 0);
    CHECK(f.count("SELECT count(*) FROM audit_log") == 0);
    // An inspection that needs no review is unaffected.
    CHECK(record(f, newInspection(Outcome::Match)).ok());
    CHECK(f.count("SELECT count(*) FROM inspections") == 1);
}

TEST_CASE("review state machine: claim, release, resolve with a mandatory note", "[unit][review]") {
    ReviewFixture f;
    ReviewQueue q(f.db, f.crypto, f.inspections, f.auditLog, f.clock);
    auto rec = record(f, newInspection(Outcome::NoMatch));
    REQUIRE(rec.ok());
    REQUIRE(rec->reviewCaseId);
    const std::string id = *rec->reviewCaseId;
    const auto ada = supervisor("sup.ada");
    const auto cy = supervisor("sup.cy");

    CaseFilter openOnly;
    openOnly.state = CaseState::Open;
    auto open = q.list(ada, openOnly);
    REQUIRE(open.ok());
    REQUIRE(open->size() == 1);
    CHECK(open->front().id == id);
    CHECK(open->front().inspectionId == rec->id);
    CHECK(open->front().outcome == Outcome::NoMatch);

    // Resolving an unclaimed case is refused: a case is judged by the one supervisor holding it.
    CHECK(q.resolve(ada, id, Resolution::IdentityConfirmed, "looks right").code() == ErrorCode::Conflict);

    f.clock.advance(std::chrono::minutes(3));
    auto claimed = q.claim(ada, id);
    REQUIRE(claimed.ok());
    CHECK(claimed->state == CaseState::Claimed);
    CHECK(claimed->claimedBy == std::optional<std::string>("sup.ada"));
    CHECK(q.claim(ada, id).ok()); // idempotent for the holder
    CHECK(q.claim(cy, id).code() == ErrorCode::Conflict);
    CHECK(q.release(cy, id).code() == ErrorCode::Conflict);
    CHECK(q.resolve(cy, id, Resolution::Inconclusive, "not mine").code() == ErrorCode::Conflict);

    auto released = q.release(ada, id);
    REQUIRE(released.ok());
    CHECK(released->state == CaseState::Open);
    CHECK_FALSE(released->claimedBy);
    REQUIRE(q.claim(cy, id).ok());

    CHECK(q.resolve(cy, id, Resolution::IdentityConfirmed, "").code() == ErrorCode::InvalidArgument);
    CHECK(q.resolve(cy, id, Resolution::IdentityConfirmed, " \n\t ").code() == ErrorCode::InvalidArgument);
    CHECK(q.resolve(cy, id, Resolution::Unknown, "a note").code() == ErrorCode::InvalidArgument);
    CHECK(q.get(cy, id)->state == CaseState::Claimed);

    f.clock.advance(std::chrono::minutes(7));
    const std::string note = "Zorblatt-note: ears and scar match the document photo";
    auto resolved = q.resolve(cy, id, Resolution::IdentityConfirmed, note);
    REQUIRE(resolved.ok());
    CHECK(resolved->state == CaseState::Resolved);
    CHECK(resolved->resolution == Resolution::IdentityConfirmed);
    CHECK(resolved->resolvedBy == std::optional<std::string>("sup.cy"));
    CHECK(resolved->timeInQueue(f.clock.now() + std::chrono::hours(5)) == std::chrono::minutes(10));

    // Final: nothing moves a resolved case, neither the API nor SQL.
    CHECK(q.claim(ada, id).code() == ErrorCode::Conflict);
    CHECK(q.release(cy, id).code() == ErrorCode::Conflict);
    CHECK(q.resolve(cy, id, Resolution::NotConfirmedSecondary, "changed my mind").code() == ErrorCode::Conflict);
    CHECK_FALSE(f.db.exec("UPDATE review_cases SET resolution = 'inconclusive'").ok());
    CHECK_FALSE(f.db.exec("DELETE FROM review_cases").ok());

    CHECK(f.auditCount("review.case.claim") == 2);
    CHECK(f.auditCount("review.case.release") == 1);
    CHECK(f.auditCount("review.case.resolve") == 1);
    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'review.case.resolve' AND actor = 'sup.cy' AND "
                  "details LIKE '%identity_confirmed%'") == 1);
    // The note is sealed at rest and never audited.
    REQUIRE(f.db.checkpointTruncate().ok());
    CHECK(countInTree(f.tmp.path(), "Zorblatt-note") == 0);
    auto ev = q.evidence(cy, id);
    REQUIRE(ev.ok());
    CHECK(ev->resolutionNote == std::optional<std::string>(note));

    auto verify = audit::AuditVerifier::verify(f.db);
    REQUIRE(verify.ok());
    CHECK(verify->ok);
}

TEST_CASE("only a supervisor may review, and an officer's attempt is refused and audited", "[unit][review]") {
    ReviewFixture f;
    ReviewQueue q(f.db, f.crypto, f.inspections, f.auditLog, f.clock);
    auto rec = record(f, newInspection(Outcome::NoMatch));
    REQUIRE(rec.ok());
    const std::string id = *rec->reviewCaseId;
    const auto bob = officer("ofc.bob");

    CHECK(q.resolve(bob, id, Resolution::IdentityConfirmed, "it is him").code() == ErrorCode::Forbidden);
    CHECK(q.claim(bob, id).code() == ErrorCode::Forbidden);
    CHECK(q.list(bob).code() == ErrorCode::Forbidden);
    CHECK(q.evidence(bob, id).code() == ErrorCode::Forbidden);
    CHECK(q.claim({"adm.eve", auth::Role::Admin, {}}, id).code() == ErrorCode::Forbidden);
    CHECK(q.claim({"", auth::Role::Supervisor, {}}, id).code() == ErrorCode::Unauthorized);

    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'review.forbidden' AND actor = 'ofc.bob' AND "
                  "object_ref = '" +
                  id + "' AND details LIKE '%\"attempt\":\"resolve\"%' AND details LIKE '%officer%'") == 1);
    CHECK(f.auditCount("review.forbidden") == 6);
    CHECK(f.auditCount("review.case.view") == 0);
    auto c = q.get(supervisor(), id);
    REQUIRE(c.ok());
    CHECK(c->state == CaseState::Open);
    CHECK_FALSE(c->claimedBy);
}

TEST_CASE("case evidence with notes of the wrong JSON type shows them as absent, never a crash", "[unit][review]") {
    // Details of the wrong shape can only come from the stored text (an older writer, a damaged row): the store's
    // reader, the one place details are parsed, reads them as absent.
    const auto details = store::parseDetails(R"({"referral_reason":["photo_mismatch"],"note":5})");
    CHECK(details.note.empty());
    CHECK(details.referralReason.empty());
    ReviewFixture f;
    ReviewQueue q(f.db, f.crypto, f.inspections, f.auditLog, f.clock);
    auto in = newInspection(Outcome::NoMatch, AgeBand::Age18To29, store::Sex::Male);
    in.decision = Decision::Referred;
    in.reasonCodes = {ReasonCode::NoMatch};
    in.details = details;
    auto rec = record(f, in);
    REQUIRE(rec.ok());
    REQUIRE(rec->reviewCaseId);
    auto ev = q.evidence(supervisor(), *rec->reviewCaseId);
    REQUIRE(ev.ok());
    CHECK(ev->officerNote.empty());
    CHECK(ev->referralReason.empty());
    CHECK(ev->reasonCodes == std::vector<ReasonCode>{ReasonCode::NoMatch});
}

TEST_CASE("case evidence: the inspection, the sealed capture, scores, quality, reasons and notes", "[unit][review]") {
    ReviewFixture f;
    ReviewQueue q(f.db, f.crypto, f.inspections, f.auditLog, f.clock);
    auto in = newInspection(Outcome::NoMatch, AgeBand::Age65To79, store::Sex::Female);
    in.appointmentId = "APT-0042";
    in.score = 0.38;
    in.details.threshold = inspection::ThresholdFacts{0.52, 1e-4, 240, 12.5};
    in.liveness = 0.91;
    in.capturedAt = f.clock.now() - std::chrono::seconds(4);
    in.qualityJson = R"({"sharpness":{"value":0.8,"pass":true}})";
    in.reasonCodes = {ReasonCode::NoMatch};
    in.decision = Decision::Referred;
    in.details.referralReason = "photo_mismatch";
    in.details.note = "hat on";
    in.capturePhoto = {0xFF, 0xD8, 0xFF, 0xE0, 'c', 'a', 'p', 0xFF, 0xD9};
    in.captureTemplate = {1, 2, 3, 4};
    auto rec = record(f, in);
    REQUIRE(rec.ok());
    const std::string id = *rec->reviewCaseId;

    auto ev = q.evidence(supervisor(), id);
    REQUIRE(ev.ok());
    CHECK(ev->reviewCase.appointmentId == std::optional<std::string>("APT-0042"));
    CHECK(ev->reviewCase.ageBand == AgeBand::Age65To79);
    CHECK(ev->reviewCase.sex == store::Sex::Female);
    CHECK(ev->reviewCase.reasons == std::vector<inspection::ReviewReason>{inspection::ReviewReason::NoMatch,
                                                                          inspection::ReviewReason::OfficerReferral});
    CHECK(ev->inspection.id == rec->id);
    CHECK(ev->inspection.score == Approx(0.38));
    REQUIRE(ev->inspection.details.threshold);
    CHECK(ev->inspection.details.threshold->score == Approx(0.52));
    CHECK(ev->inspection.details.threshold->fmr == Approx(1e-4));
    // The odds the officer saw, kept with the record: a supervisor reads the same "1 in X".
    CHECK(ev->inspection.details.threshold->gallerySize == std::optional<std::size_t>(240));
    CHECK(ev->inspection.details.threshold->oneIn == Approx(12.5));
    CHECK(ev->inspection.liveness == Approx(0.91));
    CHECK(ev->inspection.ageBand == AgeBand::Age65To79);
    REQUIRE(ev->capturePhoto);
    CHECK(*ev->capturePhoto == in.capturePhoto);
    CHECK(ev->qualityJson == in.qualityJson);
    CHECK(ev->reasonCodes == std::vector<ReasonCode>{ReasonCode::NoMatch});
    CHECK(ev->officerNote == "hat on");
    CHECK(ev->referralReason == "photo_mismatch");
    CHECK_FALSE(ev->resolutionNote);
    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'review.case.view' AND actor = 'sup.ada' AND "
                  "object_ref = '" +
                  id + "' AND details LIKE '%\"photo_present\":true%'") == 1);
}

TEST_CASE("queue summary and filters show time in queue", "[unit][review]") {
    ReviewFixture f;
    ReviewQueue q(f.db, f.crypto, f.inspections, f.auditLog, f.clock);
    const auto first = record(f, newInspection(Outcome::NoMatch));
    f.clock.advance(std::chrono::minutes(20));
    auto lane2 = newInspection(Outcome::Ambiguous);
    lane2.lane = 2;
    const auto second = record(f, lane2);
    REQUIRE((first.ok() && second.ok()));
    f.clock.advance(std::chrono::minutes(10));
    REQUIRE(q.claim(supervisor(), *second->reviewCaseId).ok());

    auto s = q.summary(supervisor());
    REQUIRE(s.ok());
    CHECK(s->open == 1);
    CHECK(s->claimed == 1);
    CHECK(s->resolvedToday == 0);
    CHECK(s->oldestOpen == std::chrono::minutes(30));

    CaseFilter onLane2;
    onLane2.lane = 2;
    auto l2 = q.list(supervisor(), onLane2);
    REQUIRE(l2.ok());
    REQUIRE(l2->size() == 1);
    CHECK(l2->front().id == *second->reviewCaseId);
    CHECK(l2->front().timeInQueue(f.clock.now()) == std::chrono::minutes(10));
    CaseFilter mine;
    mine.claimedBy = "sup.ada";
    CHECK(q.list(supervisor(), mine)->size() == 1);
    auto all = q.list(supervisor());
    REQUIRE(all->size() == 2);
    CHECK(all->front().id == *first->reviewCaseId); // oldest first
}
