// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreFixture.h"

#include "audit/AuditVerifier.h"
#include "store/SqliteOutbox.h"

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace portico;
using namespace portico::store;
using namespace portico::store::testing;

namespace {
NewInspection sample(bool citizen, bool optedOut, const std::string& marker = "") {
    NewInspection n;
    n.officerId = "officer1";
    n.port = "DEMO";
    n.lane = 2;
    n.appointmentId = "APPT-42";
    n.outcome = optedOut ? inspection::Outcome::None : inspection::Outcome::Match;
    n.decision = optedOut ? inspection::Decision::OptOut : inspection::Decision::Verified;
    n.score = 0.71;
    n.details.threshold = inspection::ThresholdFacts{0.55, 1e-4, 4812, 334.0};
    n.modelId = "face-api-resnet128";
    n.qualityJson = R"({"sharpness":0.8})";
    n.reasonCodes = {inspection::ReasonCode::AgeOver79};
    n.citizen = citizen;
    n.optedOut = optedOut;
    n.ageBand = AgeBand::Age80Plus;
    n.sex = Sex::Female;
    if (!optedOut) {
        n.capturePhoto = fakeJpeg(marker.empty() ? "PHOTO" : marker);
        n.captureTemplate = Bytes(512, 0x3c);
    }
    return n;
}
} // namespace

TEST_CASE("record() writes inspection, outbox row and audit entry with consecutive sequence numbers", "[unit][store]") {
    StoreFixture f;
    auto a = f.inspections->record(sample(false, false));
    REQUIRE(a.ok());
    f.clock.advance(std::chrono::milliseconds(5));
    auto b = f.inspections->record(sample(true, false));
    REQUIRE(b.ok());
    CHECK(a->deviceSeq == 1);
    CHECK(b->deviceSeq == 2);
    CHECK(a->id.size() == 36);
    CHECK(a->id[14] == '7'); // UUIDv7
    CHECK(a->id < b->id);    // time-sortable
    auto row = f.inspections->get(a->id);
    REQUIRE(row.ok());
    CHECK(row->deviceId == "station-7");
    CHECK(row->officerId == "officer1");
    CHECK(row->hasCapturePhoto);
    REQUIRE(row->details.threshold);
    CHECK(row->details.threshold->score == Approx(0.55));
    CHECK(row->details.threshold->fmr == Approx(1e-4));
    CHECK(f.inspections->capturePhoto(a->id).value().value() == fakeJpeg("PHOTO"));
    CHECK(f.db->queryInt64("SELECT count(*) FROM outbox WHERE state='pending'").valueOr(-1) == 2);
    CHECK(f.db->queryInt64("SELECT count(*) FROM audit_log WHERE action='inspection.record'").valueOr(-1) == 2);
    CHECK(audit::AuditVerifier::verify(*f.db).value().ok);
    // Immutable: updates and deletes of the record are refused by the schema.
    CHECK_FALSE(f.db->exec("UPDATE inspections SET decision='referred'").ok());
    CHECK_FALSE(f.db->exec("DELETE FROM inspections").ok());
}

TEST_CASE("An opted-out traveler's record refuses image bytes, none are ever written", "[unit][store]") {
    StoreFixture f;
    NewInspection bad = sample(true, true);
    bad.capturePhoto = fakeJpeg("OPTOUT");
    auto r = f.inspections->record(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.code() == ErrorCode::InvalidArgument);
    CHECK(f.db->queryInt64("SELECT count(*) FROM inspections").valueOr(-1) == 0);
    CHECK(f.db->queryText("SELECT value FROM meta WHERE key='last_device_seq'").valueOr(std::string()) == "0");
    auto ok = f.inspections->record(sample(true, true));
    REQUIRE(ok.ok());
    CHECK(ok->deviceSeq == 1);
    CHECK_FALSE(f.inspections->capturePhoto(ok->id).value().has_value());
    // Even a raw write is refused by the schema's CHECK constraint.
    CHECK_FALSE(f.db->exec("INSERT INTO inspections (id, device_id, device_seq, created_at_ms, decided_at_ms, "
                           "officer_id, outcome, decision, is_citizen, opted_out, capture_photo) VALUES ('x', 'd', 99, "
                           "1, 1, 'o', 'none', 'opt_out', 1, 1, x'FFD8FF')")
                    .ok());
}

TEST_CASE("decidedAppointments() lists each appointment decided since a time once, and none without an id",
          "[unit][store]") {
    StoreFixture f;
    const auto start = f.clock.now();
    auto first = sample(false, false);
    first.appointmentId = "APPT-1";
    REQUIRE(f.inspections->record(first).ok());
    f.clock.advance(std::chrono::hours(2));
    const auto later = f.clock.now();
    auto again = sample(false, false); // a second inspection of the same appointment
    again.appointmentId = "APPT-2";
    REQUIRE(f.inspections->record(again).ok());
    REQUIRE(f.inspections->record(again).ok());
    auto optOut = sample(true, true);
    optOut.appointmentId = "APPT-3";
    REQUIRE(f.inspections->record(optOut).ok());
    auto walkIn = sample(false, false);
    walkIn.appointmentId.reset();
    REQUIRE(f.inspections->record(walkIn).ok());

    auto all = f.inspections->decidedAppointments(start);
    REQUIRE(all.ok());
    CHECK(*all == std::set<std::string>{"APPT-1", "APPT-2", "APPT-3"});
    auto recent = f.inspections->decidedAppointments(later);
    REQUIRE(recent.ok());
    CHECK(*recent == std::set<std::string>{"APPT-2", "APPT-3"});
    auto none = f.inspections->decidedAppointments(later + std::chrono::minutes(1));
    REQUIRE(none.ok());
    CHECK(none->empty());
}

TEST_CASE("latestDecisionFor() finds the most recent decision for one appointment, and nothing for others",
          "[unit][store]") {
    StoreFixture f;
    auto none = f.inspections->latestDecisionFor("APPT-9");
    REQUIRE(none.ok());
    CHECK_FALSE(*none);

    auto first = sample(false, false);
    first.appointmentId = "APPT-9";
    first.decision = inspection::Decision::NoShow;
    first.outcome = inspection::Outcome::None;
    first.capturePhoto.clear();
    first.captureTemplate.clear();
    auto r1 = f.inspections->record(first);
    REQUIRE(r1.ok());
    const auto firstAt = f.clock.now();
    f.clock.advance(std::chrono::minutes(40));
    auto second = sample(false, false);
    second.appointmentId = "APPT-9";
    auto r2 = f.inspections->record(second);
    REQUIRE(r2.ok());
    const auto secondAt = f.clock.now();
    f.clock.advance(std::chrono::minutes(5));
    auto other = sample(false, false);
    other.appointmentId = "APPT-10";
    REQUIRE(f.inspections->record(other).ok());

    auto latest = f.inspections->latestDecisionFor("APPT-9");
    REQUIRE(latest.ok());
    REQUIRE(*latest);
    CHECK((*latest)->id == r2->id);
    CHECK((*latest)->decision == inspection::Decision::Verified);
    CHECK((*latest)->decidedAt == secondAt);
    CHECK(secondAt - firstAt == std::chrono::minutes(40));
    CHECK_FALSE(f.inspections->latestDecisionFor("APPT-1").value());
    // Appointment ids are matched exactly, never as a pattern.
    CHECK_FALSE(f.inspections->latestDecisionFor("APPT-%").value());
}

TEST_CASE("Outbox claims, acknowledges, retries and reconciles by sequence range", "[unit][store]") {
    StoreFixture f;
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) {
        auto r = f.inspections->record(sample(i % 2 == 0, false));
        REQUIRE(r.ok());
        ids.push_back(r->id);
    }
    SqliteOutbox outbox(*f.db, *f.crypto, std::chrono::seconds(60));
    CHECK(outbox.depth().value() == 10);
    auto batch = outbox.claimBatch(4, f.clock.now());
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 4);
    CHECK((*batch)[0].deviceSeq == 1);
    CHECK((*batch)[3].deviceSeq == 4);
    const auto j0 = nlohmann::json::parse((*batch)[0].payloadJson);
    CHECK(j0["id"] == ids[0]);
    CHECK(j0["device_seq"] == 1);
    CHECK(j0["citizen"] == true);
    CHECK_FALSE(j0.contains("capture_photo_jpeg_b64")); // citizens' images never leave the station
    const auto j1 = nlohmann::json::parse((*batch)[1].payloadJson);
    CHECK(j1.contains("capture_photo_jpeg_b64"));
    // What central needs to open a supervisor's case and count by band: the booth policy's review reasons (none
    // here) and the aggregate traveler facts.
    CHECK(j1["review_reasons"] == nlohmann::json::array());
    CHECK(j1["age_band"] == "80+");
    CHECK(j1["sex"] == "F");
    // In flight: not claimed again until the lease runs out.
    auto again = outbox.claimBatch(10, f.clock.now());
    REQUIRE(again.ok());
    CHECK(again->size() == 6);
    CHECK(outbox.claimBatch(10, f.clock.now()).value().empty());
    REQUIRE(outbox.markAcknowledged({ids[0], ids[1]}, f.clock.now()).ok());
    REQUIRE(outbox.markFailed({ids[2]}, "503 from central", f.clock.now() + std::chrono::seconds(30)).ok());
    CHECK(outbox.depth().value() == 8);
    CHECK(outbox.lastSuccess().value().has_value());
    CHECK(outbox.lastError().value().value_or("") == "503 from central");
    f.clock.advance(std::chrono::seconds(31));
    auto retry = outbox.claimBatch(10, f.clock.now());
    REQUIRE(retry.ok());
    REQUIRE(retry->size() == 1);
    CHECK((*retry)[0].id == ids[2]);
    CHECK((*retry)[0].attempts == 1);
    f.clock.advance(std::chrono::seconds(61)); // lease over: the stuck in-flight ones come back
    CHECK(outbox.claimBatch(100, f.clock.now()).value().size() == 8);
    REQUIRE(outbox.releaseInFlight().ok());
    auto rep = outbox.report();
    REQUIRE(rep.ok());
    CHECK(rep->captured == 10);
    CHECK(rep->acknowledged == 2);
    CHECK(rep->pending == 8);
    CHECK(rep->missing.empty());
    CHECK(rep->acknowledgedRanges == std::vector<SeqRange>{{1, 2}});
    CHECK(rep->pendingRanges == std::vector<SeqRange>{{3, 10}});
    CHECK(rep->auditHeadHex == f.audit->head().value().hashHex);
    CHECK(outbox.oldestPendingAge(f.clock.now()).value().value() >= std::chrono::seconds(92));
    const auto rj = nlohmann::json::parse(rep->toJson());
    CHECK(rj["pending_ranges"][0][1] == 10);
}

TEST_CASE("At rest: no JPEG signature, template bytes, traveler name or officer note in db, WAL or temp files",
          "[unit][store][atrest]") {
    StoreFixture f;
    const std::string name = "Quetzalcoatl-Oyelaran";
    // A realistic session: manifest entry with sealed personal fields and photo, several inspections.
    {
        auto tx = Transaction::begin(*f.db);
        REQUIRE(tx.ok());
        auto sealName = f.crypto->sealText({"manifest_entries", "surname", "APPT-42"}, name);
        auto sealPhoto = f.crypto->seal({"manifest_photos", "jpeg", "PH-1"}, fakeJpeg("MANIFESTPHOTO"));
        REQUIRE(sealName.ok());
        REQUIRE(sealPhoto.ok());
        auto e = f.db->prepare("INSERT INTO manifest_entries (appointment_id, traveler_id, port, manifest_version, "
                               "surname, updated_at_ms) VALUES ('APPT-42', 'T-1', 'DEMO', 1, ?1, 0)");
        REQUIRE(e.ok());
        REQUIRE(e->bind(1, ByteView(*sealName)).run().ok());
        auto p = f.db->prepare("INSERT INTO manifest_photos (photo_id, appointment_id, jpeg) VALUES ('PH-1', "
                               "'APPT-42', ?1)");
        REQUIRE(p.ok());
        REQUIRE(p->bind(1, ByteView(*sealPhoto)).run().ok());
        REQUIRE(tx->commit().ok());
    }
    Bytes tmpl(512);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        tmpl[i] = static_cast<std::uint8_t>((i * 37 + 11) & 0xff);
    }
    const std::string note = "traveler said her brother Ignatius-Wojciechowska lives in Tucson";
    std::string notedId;
    for (int i = 0; i < 20; ++i) {
        NewInspection n = sample(i % 3 == 0, false, "CAP" + std::to_string(i));
        n.captureTemplate = tmpl;
        if (i == 5) {
            n.details.note = note; // the officer's free text is personal data: sealed like the rest (#27 item 5)
        }
        auto r = f.inspections->record(n);
        REQUIRE(r.ok());
        if (i == 5) {
            notedId = r->id;
        }
    }
    {
        // Read back whole where it is used: the record (review) and its upload payload (central, over TLS).
        auto row = f.inspections->get(notedId);
        REQUIRE(row.ok());
        CHECK(row->details.note == note);
        SqliteOutbox outbox(*f.db, *f.crypto);
        auto batch = outbox.claimBatch(50, f.clock.now());
        REQUIRE(batch.ok());
        const auto it = std::find_if(batch->begin(), batch->end(), [&](const auto& r) { return r.id == notedId; });
        REQUIRE(it != batch->end());
        CHECK(nlohmann::json::parse(it->payloadJson).at("details").at("note") == note);
    }
    // The whole JFIF head of the photos written above: three bytes alone (FF D8 FF) turn up by chance in a few
    // percent of runs among the ciphertexts' random bytes.
    const Bytes soi = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
    const Bytes png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    const Bytes tmplSlice(tmpl.begin() + 100, tmpl.begin() + 132);
    // While the connection is open (WAL present) and after closing.
    for (int pass = 0; pass < 2; ++pass) {
        CHECK(countInTree(f.dir.path(), soi) == 0);
        CHECK(countInTree(f.dir.path(), png) == 0);
        CHECK(countInTree(f.dir.path(), tmplSlice) == 0);
        CHECK(countInTree(f.dir.path(), bytesOf(name)) == 0);
        CHECK(countInTree(f.dir.path(), bytesOf("CAP1")) == 0);
        CHECK(countInTree(f.dir.path(), bytesOf("Ignatius-Wojciechowska")) == 0);
        f.inspections.reset();
        f.audit.reset();
        f.db.reset();
        if (pass == 0) {
            f.reopen();
        }
    }
}

TEST_CASE("Swapping two ciphertexts between rows makes both fail to open", "[unit][store][atrest]") {
    StoreFixture f;
    auto a = f.inspections->record(sample(false, false, "AAAA"));
    auto b = f.inspections->record(sample(false, false, "BBBB"));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(f.db->exec("DROP TRIGGER inspections_no_restore").ok());
    auto pa = f.db->prepare("SELECT capture_photo FROM inspections WHERE id=?1");
    REQUIRE(pa.ok());
    pa->bind(1, a->id);
    REQUIRE(pa->step().value());
    const Bytes sa = pa->columnBlob(0);
    pa->reset();
    pa->bind(1, b->id);
    REQUIRE(pa->step().value());
    const Bytes sb = pa->columnBlob(0);
    pa->reset();
    auto up = f.db->prepare("UPDATE inspections SET capture_photo=?1 WHERE id=?2");
    REQUIRE(up.ok());
    REQUIRE(up->bind(1, ByteView(sb)).bind(2, a->id).run().ok());
    REQUIRE(up->bind(1, ByteView(sa)).bind(2, b->id).run().ok());
    CHECK(f.inspections->capturePhoto(a->id).code() == ErrorCode::CryptoError);
    CHECK(f.inspections->capturePhoto(b->id).code() == ErrorCode::CryptoError);
}
