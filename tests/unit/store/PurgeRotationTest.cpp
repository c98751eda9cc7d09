// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreFixture.h"

#include "audit/AuditVerifier.h"
#include "store/KeyRotation.h"
#include "store/PurgeJob.h"
#include "store/SealedColumns.h"
#include "store/SqliteOutbox.h"

using namespace portico;
using namespace portico::store;
using namespace portico::store::testing;
using namespace std::chrono_literals;

namespace {

NewInspection withPhoto(bool citizen, const std::string& marker) {
    NewInspection n;
    n.officerId = "officer1";
    n.outcome = inspection::Outcome::Match;
    n.decision = inspection::Decision::Verified;
    n.citizen = citizen;
    n.capturePhoto = fakeJpeg(marker);
    n.captureTemplate = Bytes(512, 0x5a);
    return n;
}

Bytes sealedPhoto(Database& db, const std::string& id) {
    auto st = db.prepare("SELECT capture_photo FROM inspections WHERE id=?1");
    REQUIRE(st.ok());
    st->bind(1, id);
    REQUIRE(st->step().value());
    return st->columnBlob(0);
}

} // namespace

TEST_CASE("Retention: a citizen's photo is gone from db, WAL and temp files after the policy time",
          "[unit][store][retention]") {
    StoreFixture f;
    policy::RetentionPolicy p;
    p.citizenBiometricsMaxAge = 2h;
    p.nonCitizenGraceAfterAck = 24h;
    auto citizen = f.inspections->record(withPhoto(true, "CITIZEN-UNIQUE-MARKER"));
    f.clock.advance(1h);
    auto later = f.inspections->record(withPhoto(true, "CITIZEN-LATER"));
    auto visitor = f.inspections->record(withPhoto(false, "VISITOR"));
    REQUIRE(citizen.ok());
    REQUIRE(later.ok());
    REQUIRE(visitor.ok());
    // The ciphertext itself is what must disappear (the marker is never in the clear).
    const Bytes sealed = sealedPhoto(*f.db, citizen->id);
    const Bytes needle(sealed.begin() + 40, sealed.begin() + 72);
    CHECK(countInTree(f.dir.path(), needle) >= 1);
    CHECK(countInTree(f.dir.path(), bytesOf("CITIZEN-UNIQUE-MARKER")) == 0);

    PurgeJob job(*f.db, *f.audit, f.clock, p);
    // 1 h 59 min 59.999 s after the first decision: everything is still inside its window.
    f.clock.advance(1h - 1ms);
    auto r0 = job.run();
    REQUIRE(r0.ok());
    CHECK(r0->inspectionBiometrics == 0);
    CHECK(f.inspections->capturePhoto(citizen->id).value().has_value());
    f.clock.advance(1ms); // exactly 2 h: due
    auto r1 = job.run();
    REQUIRE(r1.ok());
    CHECK(r1->inspectionBiometrics == 1);
    CHECK(r1->walTruncated);
    CHECK_FALSE(f.inspections->capturePhoto(citizen->id).value().has_value());
    CHECK_FALSE(f.inspections->captureTemplate(citizen->id).value().has_value());
    CHECK(f.inspections->capturePhoto(later->id).value().has_value());   // just inside: kept
    CHECK(f.inspections->capturePhoto(visitor->id).value().has_value()); // not acknowledged: kept
    CHECK(countInTree(f.dir.path(), needle) == 0);
    CHECK(std::filesystem::file_size(f.dbPath.string() + "-wal") == 0);
    // The record itself stays, and the audit receipt has counts only.
    CHECK(f.inspections->get(citizen->id).ok());
    CHECK(f.db->queryText("SELECT details FROM audit_log WHERE action='purge.run' ORDER BY seq DESC LIMIT 1")
              .value()
              .find("\"inspection_biometrics\":1") != std::string::npos);
    CHECK(audit::AuditVerifier::verify(*f.db).value().ok);
    // Purged biometrics cannot come back.
    auto up = f.db->prepare("UPDATE inspections SET capture_photo=?1 WHERE id=?2");
    REQUIRE(up.ok());
    CHECK_FALSE(up->bind(1, ByteView(sealed)).bind(2, citizen->id).run().ok());

    // Non-citizen: kept until acknowledged + grace.
    SqliteOutbox outbox(*f.db, *f.crypto);
    REQUIRE(outbox.markAcknowledged({visitor->id}, f.clock.now()).ok());
    f.clock.advance(24h - 1s);
    auto r15 = job.run();
    REQUIRE(r15.ok());
    CHECK(r15->inspectionBiometrics == 1); // the later citizen, now past its 2 h
    CHECK_FALSE(f.inspections->capturePhoto(later->id).value().has_value());
    CHECK(f.inspections->capturePhoto(visitor->id).value().has_value());
    f.clock.advance(1s);
    auto r2 = job.run();
    REQUIRE(r2.ok());
    CHECK(r2->inspectionBiometrics == 1); // the visitor, 24 h after acknowledgement
    CHECK_FALSE(f.inspections->capturePhoto(visitor->id).value().has_value());
}

TEST_CASE("Retention: cached manifest photos go when their appointment window has passed", "[unit][store][retention]") {
    StoreFixture f;
    const auto windowEnd = f.clock.now() + 3h;
    for (const char* appt : {"A1", "A2"}) {
        auto e = f.db->prepare("INSERT INTO manifest_entries (appointment_id, traveler_id, port, manifest_version, "
                               "window_end_ms, updated_at_ms) VALUES (?1, 'T', 'DEMO', 1, ?2, 0)");
        REQUIRE(e.ok());
        REQUIRE(e->bind(1, appt).bind(2, toMs(std::string(appt) == "A1" ? windowEnd : windowEnd + 5h)).run().ok());
        const std::string pid = std::string("P-") + appt;
        auto sealed = f.crypto->seal({"manifest_photos", "jpeg", pid}, fakeJpeg(pid));
        REQUIRE(sealed.ok());
        auto p = f.db->prepare("INSERT INTO manifest_photos (photo_id, appointment_id, jpeg) VALUES (?1, ?2, ?3)");
        REQUIRE(p.ok());
        REQUIRE(p->bind(1, pid).bind(2, appt).bind(3, ByteView(*sealed)).run().ok());
        const std::string tid = std::string(appt) + ":m1";
        auto st = f.crypto->seal({"manifest_templates", "template", tid}, Bytes(64, 1));
        REQUIRE(st.ok());
        auto t = f.db->prepare("INSERT INTO manifest_templates (template_id, appointment_id, model_id, template, "
                               "updated_at_ms) VALUES (?1, ?2, 'm1', ?3, 0)");
        REQUIRE(t.ok());
        REQUIRE(t->bind(1, tid).bind(2, appt).bind(3, ByteView(*st)).run().ok());
    }
    PurgeJob job(*f.db, *f.audit, f.clock, policy::RetentionPolicy{});
    f.clock.set(windowEnd - 1ms);
    CHECK(job.run().value().manifestPhotos == 0);
    f.clock.set(windowEnd);
    auto r = job.run();
    REQUIRE(r.ok());
    CHECK(r->manifestPhotos == 1);
    CHECK(r->manifestTemplates == 1);
    CHECK(f.db->queryInt64("SELECT count(*) FROM manifest_photos WHERE jpeg IS NULL").value() == 1);
    CHECK(f.db->queryText("SELECT photo_id FROM manifest_photos WHERE jpeg IS NOT NULL").value() == "P-A2");
}

TEST_CASE("Key rotation re-seals every sealed column, the old key no longer opens anything", "[unit][store][keys]") {
    StoreFixture f;
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        auto r = f.inspections->record(withPhoto(false, "R" + std::to_string(i)));
        REQUIRE(r.ok());
        ids.push_back(r->id);
    }
    auto sealedName = f.crypto->sealText({"manifest_entries", "surname", "APPT-9"}, "Surname");
    REQUIRE(sealedName.ok());
    auto e = f.db->prepare("INSERT INTO manifest_entries (appointment_id, traveler_id, port, manifest_version, "
                           "surname, updated_at_ms) VALUES ('APPT-9', 'T', 'DEMO', 1, ?1, 0)");
    REQUIRE(e.ok());
    REQUIRE(e->bind(1, ByteView(*sealedName)).run().ok());
    const KeyRing oldRing = f.crypto->ring();

    auto rep = rotateKeys(*f.db, f.keyPath, *f.audit, f.clock);
    REQUIRE(rep.ok());
    CHECK(rep->fromVersion == 1);
    CHECK(rep->toVersion == 2);
    CHECK(rep->resealed == 11); // 5 photos + 5 templates + 1 surname
    CHECK_FALSE(rep->resumed);
    auto ring = KeyFile::load(f.keyPath);
    REQUIRE(ring.ok());
    CHECK(ring->keys().size() == 1);
    CHECK(ring->currentVersion() == 2);
    f.reopen();
    for (const auto& id : ids) {
        CHECK(f.inspections->capturePhoto(id).value().has_value());
        CHECK(Crypto::keyVersionOf(sealedPhoto(*f.db, id)).value() == 2);
        CHECK_FALSE(Crypto(oldRing).open({"inspections", "capture_photo", id}, sealedPhoto(*f.db, id)).ok());
    }
    CHECK(f.db->queryText("SELECT value FROM meta WHERE key='key_version'").value() == "2");
    CHECK(f.db->queryInt64("SELECT count(*) FROM audit_log WHERE action='keys.rotate'").value() == 1);
}

TEST_CASE("An interrupted rotation (key file holds both keys) leaves everything openable and resumes",
          "[unit][store][keys]") {
    StoreFixture f;
    auto r = f.inspections->record(withPhoto(false, "X"));
    REQUIRE(r.ok());
    // Simulate a kill right after step 1: new key current, old key kept, nothing re-sealed yet.
    KeyRing both = f.crypto->ring();
    both.addNewCurrent();
    REQUIRE(KeyFile::save(f.keyPath, both).ok());
    f.reopen();
    CHECK(f.inspections->capturePhoto(r->id).value().has_value());
    auto r2 = f.inspections->record(withPhoto(false, "Y")); // sealed under v2 meanwhile
    REQUIRE(r2.ok());
    auto rep = rotateKeys(*f.db, f.keyPath, *f.audit, f.clock);
    REQUIRE(rep.ok());
    CHECK(rep->resumed);
    CHECK(rep->resealed == 2); // only the v1 photo and template
    f.reopen();
    CHECK(f.inspections->capturePhoto(r->id).value().has_value());
    CHECK(f.inspections->capturePhoto(r2->id).value().has_value());
}
