// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Migrations.h"

#include "store/Database.h"

#include <string>

namespace portico::store {

namespace {

// Schema v1. Times are INTEGER milliseconds since the Unix epoch (UTC), columns named *_ms.
// Sealed columns (BLOB, XChaCha20-Poly1305, see store/Crypto.h and store/SealedColumns.h) carry personal or
// biometric data; their associated data is (table, column, primary key value, key version).
constexpr std::string_view kSchemaV1 = R"SQL(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('last_device_seq', '0'), ('key_version', '0'), ('device_id', '');

-- The current signed manifest per port (replaced atomically by ManifestStore).
CREATE TABLE manifest (
    port           TEXT PRIMARY KEY,
    version        INTEGER NOT NULL,
    issued_at_ms   INTEGER NOT NULL,
    expires_at_ms  INTEGER NOT NULL,
    signature      BLOB NOT NULL,        -- detached Ed25519 signature over the exact body bytes
    body_sha256    TEXT NOT NULL,
    received_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE manifest_entries (
    appointment_id         TEXT PRIMARY KEY,
    traveler_id            TEXT NOT NULL,
    port                   TEXT NOT NULL,
    manifest_version       INTEGER NOT NULL,
    -- sealed personal fields
    given_names            BLOB,
    surname                BLOB,
    date_of_birth          BLOB,        -- sealed "YYYY-MM-DD"
    document_number        BLOB,
    address                BLOB,        -- intended address
    -- plain, non-personal
    sex                    TEXT,
    nationality            TEXT,        -- ISO 3166-1 alpha-3
    citizenship            TEXT,        -- e.g. 'us_citizen', 'lpr', 'visitor'
    document_type          TEXT,
    document_expiry        TEXT,        -- YYYY-MM-DD
    document_issuing_state TEXT,
    window_start_ms        INTEGER,
    window_end_ms          INTEGER,
    status                 TEXT,        -- booked, confirmed, checked_in, expired, cancelled
    lane                   INTEGER,
    photo_ids              TEXT NOT NULL DEFAULT '[]', -- JSON array of photo ids
    updated_at_ms          INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX manifest_entries_port ON manifest_entries(port);
CREATE INDEX manifest_entries_window ON manifest_entries(window_end_ms);

CREATE TABLE manifest_photos (
    photo_id        TEXT PRIMARY KEY,
    appointment_id  TEXT NOT NULL,
    jpeg            BLOB,               -- sealed JPEG bytes; NULL until fetched or after purge
    sha256          TEXT,
    fetched_at_ms   INTEGER,
    purged_at_ms    INTEGER
) WITHOUT ROWID;
CREATE INDEX manifest_photos_appointment ON manifest_photos(appointment_id);

CREATE TABLE manifest_templates (
    template_id     TEXT PRIMARY KEY,   -- appointment_id || ':' || model_id
    appointment_id  TEXT NOT NULL,
    model_id        TEXT NOT NULL,
    template        BLOB,               -- sealed template bytes; NULL after purge
    updated_at_ms   INTEGER NOT NULL,
    purged_at_ms    INTEGER,
    UNIQUE (appointment_id, model_id)
) WITHOUT ROWID;

-- Immutable inspection records: one writer (InspectionStore), never updated except to drop biometrics.
CREATE TABLE inspections (
    id                  TEXT PRIMARY KEY,        -- UUIDv7
    device_id           TEXT NOT NULL,
    device_seq          INTEGER NOT NULL,
    created_at_ms       INTEGER NOT NULL,
    captured_at_ms      INTEGER,
    decided_at_ms       INTEGER NOT NULL,
    officer_id          TEXT NOT NULL,
    port                TEXT NOT NULL DEFAULT '',
    lane                INTEGER NOT NULL DEFAULT 0,
    appointment_id      TEXT,                    -- traveler reference
    outcome             TEXT NOT NULL,           -- match, no_match, ambiguous, low_quality, unavailable, none
    decision            TEXT NOT NULL,           -- verified, referred, opt_out, no_show, ...
    score               REAL,                    -- 1:N (or chosen) score
    threshold           REAL,
    threshold_fmr       REAL,                    -- the false-match rate the threshold stands for
    doc_score           REAL,                    -- 1:1 against the document photo
    doc_threshold       REAL,
    doc_fmr             REAL,
    liveness            REAL,
    model_id            TEXT NOT NULL DEFAULT '',
    quality_json        TEXT NOT NULL DEFAULT '{}',
    reason_codes        TEXT NOT NULL DEFAULT '[]',
    details_json        TEXT NOT NULL DEFAULT '{}',
    is_citizen          INTEGER NOT NULL CHECK (is_citizen IN (0, 1)),
    opted_out           INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
    capture_photo       BLOB,                    -- sealed JPEG; never for opt-outs
    capture_template    BLOB,                    -- sealed template; never for opt-outs
    biometrics_purged_at_ms INTEGER,
    UNIQUE (device_id, device_seq),
    CHECK (opted_out = 0 OR (capture_photo IS NULL AND capture_template IS NULL))
) WITHOUT ROWID;
CREATE INDEX inspections_decided ON inspections(decided_at_ms);

CREATE TRIGGER inspections_immutable BEFORE UPDATE OF
    id, device_id, device_seq, created_at_ms, captured_at_ms, decided_at_ms, officer_id, port, lane,
    appointment_id, outcome, decision, score, threshold, threshold_fmr, doc_score, doc_threshold, doc_fmr,
    liveness, model_id, quality_json, reason_codes, details_json, is_citizen, opted_out
ON inspections BEGIN
    SELECT RAISE(ABORT, 'inspections are immutable');
END;
CREATE TRIGGER inspections_no_restore BEFORE UPDATE OF capture_photo, capture_template ON inspections
WHEN (OLD.capture_photo IS NULL AND NEW.capture_photo IS NOT NULL)
  OR (OLD.capture_template IS NULL AND NEW.capture_template IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'purged biometrics cannot be restored');
END;
CREATE TRIGGER inspections_no_delete BEFORE DELETE ON inspections BEGIN
    SELECT RAISE(ABORT, 'inspections are never deleted');
END;

CREATE TABLE outbox (
    inspection_id      TEXT PRIMARY KEY REFERENCES inspections(id),
    device_seq         INTEGER NOT NULL UNIQUE,
    state              TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in_flight', 'acknowledged')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms    INTEGER NOT NULL,
    claimed_at_ms      INTEGER,
    last_error         TEXT,
    acknowledged_at_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);

CREATE TABLE review_cases (
    id              TEXT PRIMARY KEY,       -- UUIDv7
    inspection_id   TEXT NOT NULL REFERENCES inspections(id),
    reasons         TEXT NOT NULL DEFAULT '[]', -- JSON array of reason codes
    state           TEXT NOT NULL DEFAULT 'open', -- open, claimed, resolved
    claimed_by      TEXT,
    claimed_at_ms   INTEGER,
    resolution      TEXT,                   -- confirmed, not_confirmed_secondary, inconclusive
    note            BLOB,                   -- sealed free text
    resolved_by     TEXT,
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL,
    resolved_at_ms  INTEGER
) WITHOUT ROWID;
CREATE INDEX review_cases_state ON review_cases(state, created_at_ms);

CREATE TABLE accounts (
    username        TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
    password_hash   TEXT NOT NULL,          -- Argon2id, libsodium crypto_pwhash_str format
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    locked_at_ms    INTEGER,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL,
    last_login_ms   INTEGER
) WITHOUT ROWID;

-- Append-only, hash-chained (core/audit). No personal or biometric payload.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_ref  TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '{}',
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
)SQL";

// Schema v2 (issue 9): aggregate-only traveler facts on each inspection (age band at decision time, sex; never the
// date of birth), the immutability trigger extended to them, and one review case per inspection at most.
constexpr std::string_view kSchemaV2 = R"SQL(
ALTER TABLE inspections ADD COLUMN age_band TEXT NOT NULL DEFAULT 'unknown'
    CHECK (age_band IN ('0-13', '14-17', '18-29', '30-49', '50-64', '65-79', '80+', 'unknown'));
ALTER TABLE inspections ADD COLUMN sex TEXT NOT NULL DEFAULT 'unknown'
    CHECK (sex IN ('F', 'M', 'X', 'unknown'));

DROP TRIGGER inspections_immutable;
CREATE TRIGGER inspections_immutable BEFORE UPDATE OF
    id, device_id, device_seq, created_at_ms, captured_at_ms, decided_at_ms, officer_id, port, lane,
    appointment_id, outcome, decision, score, threshold, threshold_fmr, doc_score, doc_threshold, doc_fmr,
    liveness, model_id, quality_json, reason_codes, details_json, is_citizen, opted_out, age_band, sex
ON inspections BEGIN
    SELECT RAISE(ABORT, 'inspections are immutable');
END;

CREATE UNIQUE INDEX review_cases_inspection ON review_cases(inspection_id);
-- A resolved case is final: its finding, author and time never change (the sealed note may still be purged).
CREATE TRIGGER review_cases_final BEFORE UPDATE OF id, inspection_id, reasons, state, claimed_by, claimed_at_ms,
    resolution, resolved_by, resolved_at_ms, created_at_ms ON review_cases
WHEN OLD.state = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'a resolved review case is final');
END;
CREATE TRIGGER review_cases_no_delete BEFORE DELETE ON review_cases BEGIN
    SELECT RAISE(ABORT, 'review cases are never deleted');
END;
)SQL";

// Schema v3: an appointment's earlier decisions are looked up when its traveler comes to the booth (a second
// decision for one booking is a repeat, see InspectionStore::latestDecisionFor), without scanning every inspection.
constexpr std::string_view kSchemaV3 = R"SQL(
CREATE INDEX inspections_appointment ON inspections(appointment_id, decided_at_ms);
)SQL";

// Schema v4 (issue 27, item 5): the officer's free-text note is personal data, sealed like the other PII in its own
// column (not immutable: key rotation re-seals it). Records written before keep theirs in details_json.
constexpr std::string_view kSchemaV4 = R"SQL(
ALTER TABLE inspections ADD COLUMN officer_note BLOB;
)SQL";

} // namespace

const std::vector<Migrations::Step>& Migrations::steps() {
    static const std::vector<Step> kSteps = {
        {1, kSchemaV1},
        {2, kSchemaV2},
        {3, kSchemaV3},
        {4, kSchemaV4},
    };
    return kSteps;
}

int Migrations::latestVersion() {
    return steps().back().version;
}

Status Migrations::apply(Database& db) {
    auto current = db.userVersion();
    if (!current) {
        return current.error();
    }
    if (*current > latestVersion()) {
        return makeError(ErrorCode::DatabaseTooNew, "database schema version " + std::to_string(*current) +
                                                        " is newer than this program (" +
                                                        std::to_string(latestVersion()) + ")");
    }
    for (const Step& step : steps()) {
        if (step.version <= *current) {
            continue;
        }
        auto tx = Transaction::begin(db);
        if (!tx) {
            return tx.error();
        }
        // Re-read inside the write lock: another connection may have migrated meanwhile.
        auto again = db.userVersion();
        if (!again) {
            return again.error();
        }
        if (*again >= step.version) {
            continue;
        }
        if (auto s = db.exec(step.sql); !s) {
            return makeError(s.code(),
                             "migration to schema v" + std::to_string(step.version) + " failed: " + s.error().detail);
        }
        if (auto s = db.exec("PRAGMA user_version = " + std::to_string(step.version)); !s) {
            return s.error();
        }
        if (auto s = tx->commit(); !s) {
            return s.error();
        }
    }
    return {};
}

} // namespace portico::store
