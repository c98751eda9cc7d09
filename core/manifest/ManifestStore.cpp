// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/ManifestStore.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <cstring>
#include <ctime>

namespace portico::manifest {
namespace {

store::ByteView view(const store::Bytes& b) {
    return {b.data(), b.size()};
}

store::Bytes templateBytes(const std::vector<float>& v) {
    store::Bytes out(v.size() * 4);
    for (size_t i = 0; i < v.size(); ++i) {
        std::uint32_t u = 0;
        std::memcpy(&u, &v[i], 4);
        for (int b = 0; b < 4; ++b) {
            out[i * 4 + static_cast<size_t>(b)] = static_cast<std::uint8_t>(u >> (8 * b));
        }
    }
    return out;
}

std::vector<float> templateFloats(const store::Bytes& b) {
    std::vector<float> v(b.size() / 4);
    for (size_t i = 0; i < v.size(); ++i) {
        std::uint32_t u = 0;
        for (int k = 3; k >= 0; --k) {
            u = (u << 8) | b[i * 4 + static_cast<size_t>(k)];
        }
        std::memcpy(&v[i], &u, 4);
    }
    return v;
}

} // namespace

Result<std::optional<ManifestInfo>> ManifestStore::current(const std::string& port) {
    auto st = m_db.prepare("SELECT version, issued_at_ms, expires_at_ms, received_at_ms, "
                           "(SELECT COUNT(*) FROM manifest_entries WHERE port=?1) FROM manifest WHERE port=?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, std::string_view(port));
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<ManifestInfo>();
    }
    ManifestInfo info;
    info.port = port;
    info.version = st->columnInt64(0);
    info.issuedAt = store::fromMs(st->columnInt64(1));
    info.expiresAt = store::fromMs(st->columnInt64(2));
    info.receivedAt = store::fromMs(st->columnInt64(3));
    info.entries = st->columnInt64(4);
    return std::optional<ManifestInfo>(info);
}

Status ManifestStore::deleteAppointment(const std::string& appointmentId) {
    for (const char* sql : {"DELETE FROM manifest_templates WHERE appointment_id=?1",
                            "DELETE FROM manifest_photos WHERE appointment_id=?1",
                            "DELETE FROM manifest_entries WHERE appointment_id=?1"}) {
        auto st = m_db.prepare(sql);
        if (!st) {
            return st.error();
        }
        if (auto s = st->bind(1, std::string_view(appointmentId)).run(); !s) {
            return s;
        }
    }
    return {};
}

Status ManifestStore::insertEntry(const ManifestEntry& e, const std::string& port, std::int64_t version,
                                  std::int64_t nowMs) {
    const std::string_view id = e.appointmentId;
    auto seal = [&](const char* column, const std::string& text) {
        return m_crypto.sealText(store::SealContext{"manifest_entries", column, id}, text);
    };
    auto given = seal("given_names", e.givenNames);
    auto surname = seal("surname", e.surname);
    auto dob = seal("date_of_birth", e.dateOfBirth);
    auto doc = seal("document_number", e.documentNumber);
    auto address = seal("address", e.intendedAddress);
    for (const auto* r : {&given, &surname, &dob, &doc, &address}) {
        if (!*r) {
            return r->error();
        }
    }
    auto st = m_db.prepare(
        "INSERT OR REPLACE INTO manifest_entries(appointment_id, traveler_id, port, manifest_version, given_names, "
        "surname, date_of_birth, document_number, address, sex, nationality, citizenship, document_type, "
        "document_expiry, document_issuing_state, window_start_ms, window_end_ms, status, lane, photo_ids, "
        "updated_at_ms) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)");
    if (!st) {
        return st.error();
    }
    const std::string photos = nlohmann::json(e.photoIds).dump();
    st->bind(1, id)
        .bind(2, std::string_view(e.travelerId))
        .bind(3, std::string_view(port))
        .bind(4, version)
        .bind(5, view(*given))
        .bind(6, view(*surname))
        .bind(7, view(*dob))
        .bind(8, view(*doc))
        .bind(9, view(*address))
        .bind(10, std::string_view(e.sex))
        .bind(11, std::string_view(e.nationality))
        .bind(12, std::string_view(e.citizenship))
        .bind(13, std::string_view(e.documentType))
        .bind(14, std::string_view(e.documentExpiry))
        .bind(15, std::string_view(e.documentIssuingState))
        .bind(16, store::toMs(e.windowStart))
        .bind(17, store::toMs(e.windowEnd))
        .bind(18, std::string_view(e.status))
        .bind(19, std::string_view(e.lane))
        .bind(20, std::string_view(photos))
        .bind(21, nowMs);
    if (auto s = st->run(); !s) {
        return s;
    }
    if (!e.templates.empty()) {
        auto tst = m_db.prepare("INSERT OR REPLACE INTO manifest_templates(template_id, appointment_id, model_id, "
                                "template, updated_at_ms) VALUES (?1,?2,?3,?4,?5)");
        if (!tst) {
            return tst.error();
        }
        for (const auto& t : e.templates) {
            const std::string templateId = e.appointmentId + ":" + t.modelId;
            const auto bytes = templateBytes(t.vector);
            auto sealed = m_crypto.seal(store::SealContext{"manifest_templates", "template", templateId}, view(bytes));
            if (!sealed) {
                return sealed.error();
            }
            tst->reset();
            tst->bind(1, std::string_view(templateId))
                .bind(2, id)
                .bind(3, std::string_view(t.modelId))
                .bind(4, view(*sealed))
                .bind(5, nowMs);
            if (auto s = tst->run(); !s) {
                return s;
            }
        }
    }
    if (!e.photoIds.empty()) {
        if (e.photoSha256.size() != e.photoIds.size()) {
            return makeError(ErrorCode::InvalidArgument, "entry " + e.appointmentId + ": a photo without its SHA-256");
        }
        // manifest_photos.sha256 is the hash the signed entry gives; a photo whose hash changed is fetched again.
        auto pst = m_db.prepare("INSERT INTO manifest_photos(photo_id, appointment_id, sha256) VALUES (?1, ?2, ?3) "
                                "ON CONFLICT(photo_id) DO UPDATE SET appointment_id = excluded.appointment_id, "
                                "jpeg = CASE WHEN sha256 IS excluded.sha256 THEN jpeg ELSE NULL END, "
                                "fetched_at_ms = CASE WHEN sha256 IS excluded.sha256 THEN fetched_at_ms ELSE NULL END, "
                                "sha256 = excluded.sha256");
        if (!pst) {
            return pst.error();
        }
        for (size_t i = 0; i < e.photoIds.size(); ++i) {
            pst->reset();
            if (auto s = pst->bind(1, std::string_view(e.photoIds[i]))
                             .bind(2, id)
                             .bind(3, std::string_view(e.photoSha256[i]))
                             .run();
                !s) {
                return s;
            }
        }
    }
    return {};
}

Status ManifestStore::apply(const Manifest& m, store::ByteView signature, const std::string& bodySha256Hex,
                            Clock::TimePoint receivedAt) {
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    const std::int64_t nowMs = store::toMs(receivedAt);
    if (m.kind == ManifestKind::Full) {
        for (const char* sql : {"DELETE FROM manifest_templates WHERE appointment_id IN "
                                "(SELECT appointment_id FROM manifest_entries WHERE port=?1)",
                                "DELETE FROM manifest_entries WHERE port=?1"}) {
            auto st = m_db.prepare(sql);
            if (!st) {
                return st.error();
            }
            if (auto s = st->bind(1, std::string_view(m.port)).run(); !s) {
                return s;
            }
        }
    } else {
        // The entry rows of a delta are replaced whole: drop their old templates first.
        auto st = m_db.prepare("DELETE FROM manifest_templates WHERE appointment_id=?1");
        if (!st) {
            return st.error();
        }
        for (const auto& e : m.entries) {
            st->reset();
            if (auto s = st->bind(1, std::string_view(e.appointmentId)).run(); !s) {
                return s;
            }
        }
        for (const auto& id : m.removals) {
            if (auto s = deleteAppointment(id); !s) {
                return s;
            }
        }
    }
    for (const auto& e : m.entries) {
        if (auto s = insertEntry(e, m.port, m.version, nowMs); !s) {
            return s;
        }
    }
    // Photos whose appointment is gone (or that no entry names any more) are dropped with their sealed bytes.
    if (auto s = m_db.exec("DELETE FROM manifest_photos WHERE appointment_id NOT IN "
                           "(SELECT appointment_id FROM manifest_entries)");
        !s) {
        return s;
    }
    auto head = m_db.prepare("INSERT OR REPLACE INTO manifest(port, version, issued_at_ms, expires_at_ms, signature, "
                             "body_sha256, received_at_ms) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    if (!head) {
        return head.error();
    }
    head->bind(1, std::string_view(m.port))
        .bind(2, m.version)
        .bind(3, store::toMs(m.issuedAt))
        .bind(4, store::toMs(m.expiresAt))
        .bind(5, signature)
        .bind(6, std::string_view(bodySha256Hex))
        .bind(7, nowMs);
    if (auto s = head->run(); !s) {
        return s;
    }
    return tx->commit();
}

namespace {
constexpr const char* kEntryColumns =
    "SELECT appointment_id, traveler_id, given_names, surname, date_of_birth, document_number, address, sex, "
    "nationality, citizenship, document_type, document_expiry, document_issuing_state, window_start_ms, "
    "window_end_ms, status, lane, photo_ids FROM manifest_entries ";
} // namespace

Result<std::vector<ManifestEntry>> ManifestStore::entries(const std::string& port) {
    auto st = m_db.prepare(std::string(kEntryColumns) + "WHERE port=?1 ORDER BY appointment_id");
    if (!st) {
        return st.error();
    }
    st->bind(1, std::string_view(port));
    return readEntries(*st);
}

Result<std::optional<ManifestEntry>> ManifestStore::entry(const std::string& port, const std::string& appointmentId) {
    auto st = m_db.prepare(std::string(kEntryColumns) + "WHERE port=?1 AND appointment_id=?2");
    if (!st) {
        return st.error();
    }
    st->bind(1, std::string_view(port)).bind(2, std::string_view(appointmentId));
    auto rows = readEntries(*st);
    if (!rows) {
        return rows.error();
    }
    if (rows->empty()) {
        return std::optional<ManifestEntry>{};
    }
    return std::optional<ManifestEntry>{std::move(rows->front())};
}

Result<std::vector<ManifestEntry>> ManifestStore::readEntries(store::Statement& st) {
    auto tst = m_db.prepare("SELECT model_id, template, template_id FROM manifest_templates WHERE appointment_id=?1 "
                            "AND template IS NOT NULL ORDER BY model_id");
    if (!tst) {
        return tst.error();
    }
    std::vector<ManifestEntry> out;
    for (;;) {
        auto row = st.step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        ManifestEntry e;
        e.appointmentId = st.columnText(0);
        e.travelerId = st.columnText(1);
        const std::string_view id = e.appointmentId;
        std::string* targets[] = {&e.givenNames, &e.surname, &e.dateOfBirth, &e.documentNumber, &e.intendedAddress};
        const char* columns[] = {"given_names", "surname", "date_of_birth", "document_number", "address"};
        for (int k = 0; k < 5; ++k) {
            if (st.isNull(2 + k)) {
                continue;
            }
            const auto sealed = st.columnBlob(2 + k);
            auto text = m_crypto.openText(store::SealContext{"manifest_entries", columns[k], id}, view(sealed));
            if (!text) {
                return text.error();
            }
            *targets[k] = std::move(text.value());
        }
        e.sex = st.columnText(7);
        e.nationality = st.columnText(8);
        e.citizenship = st.columnText(9);
        e.documentType = st.columnText(10);
        e.documentExpiry = st.columnText(11);
        e.documentIssuingState = st.columnText(12);
        e.windowStart = store::fromMs(st.columnInt64(13));
        e.windowEnd = store::fromMs(st.columnInt64(14));
        e.status = st.columnText(15);
        e.lane = st.columnText(16);
        try {
            e.photoIds = nlohmann::json::parse(st.columnText(17)).get<std::vector<std::string>>();
        } catch (const std::exception&) {
            return makeError(ErrorCode::Corrupt, "manifest_entries.photo_ids is not a JSON array");
        }
        tst->reset();
        tst->bind(1, id);
        for (;;) {
            auto trow = tst->step();
            if (!trow) {
                return trow.error();
            }
            if (!*trow) {
                break;
            }
            const std::string templateId = tst->columnText(2);
            const auto sealed = tst->columnBlob(1);
            auto bytes = m_crypto.open(store::SealContext{"manifest_templates", "template", templateId}, view(sealed));
            if (!bytes) {
                return bytes.error();
            }
            e.templates.push_back({tst->columnText(0), templateFloats(*bytes)});
        }
        out.push_back(std::move(e));
    }
    return out;
}

namespace {
std::string sha256Of(store::ByteView bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, bytes.data(), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

/// The SHA-256 the signed entry gives for a photo; nullopt when no entry names it.
Result<std::optional<std::string>> expectedSha256(store::Database& db, const std::string& photoId) {
    auto st = db.prepare("SELECT sha256 FROM manifest_photos WHERE photo_id=?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, std::string_view(photoId));
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(st->isNull(0) ? std::string() : st->columnText(0));
}
} // namespace

Status ManifestStore::putPhoto(const std::string& photoId, store::ByteView jpeg, Clock::TimePoint fetchedAt) {
    auto expected = expectedSha256(m_db, photoId);
    if (!expected) {
        return expected.error();
    }
    if (!expected->has_value()) {
        return makeError(ErrorCode::NotFound, "no manifest entry names photo " + photoId);
    }
    const std::string actual = sha256Of(jpeg);
    if (actual != **expected) {
        return makeError(ErrorCode::ChecksumMismatch, "photo " + photoId + ": SHA-256 " + actual + " is not the " +
                                                          **expected + " of its signed entry");
    }
    auto sealed = m_crypto.seal(store::SealContext{"manifest_photos", "jpeg", photoId}, jpeg);
    if (!sealed) {
        return sealed.error();
    }
    auto st = m_db.prepare(
        "UPDATE manifest_photos SET jpeg=?2, fetched_at_ms=?3, purged_at_ms=NULL WHERE photo_id=?1 AND sha256=?4");
    if (!st) {
        return st.error();
    }
    if (auto s = st->bind(1, std::string_view(photoId))
                     .bind(2, view(*sealed))
                     .bind(3, store::toMs(fetchedAt))
                     .bind(4, std::string_view(actual))
                     .run();
        !s) {
        return s;
    }
    if (m_db.changes() == 0) {
        return makeError(ErrorCode::NotFound, "no manifest entry names photo " + photoId);
    }
    return {};
}

Result<std::optional<store::Bytes>> ManifestStore::photo(const std::string& photoId) {
    auto st = m_db.prepare("SELECT jpeg, sha256 FROM manifest_photos WHERE photo_id=?1 AND jpeg IS NOT NULL");
    if (!st) {
        return st.error();
    }
    st->bind(1, std::string_view(photoId));
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<store::Bytes>();
    }
    const auto sealed = st->columnBlob(0);
    const std::string expected = st->isNull(1) ? std::string() : st->columnText(1);
    auto bytes = m_crypto.open(store::SealContext{"manifest_photos", "jpeg", photoId}, view(sealed));
    if (!bytes) {
        return bytes.error();
    }
    if (sha256Of(view(*bytes)) != expected) {
        return makeError(ErrorCode::ChecksumMismatch, "cached photo " + photoId + " is not the one its entry signs");
    }
    return std::optional<store::Bytes>(std::move(bytes.value()));
}

Result<std::vector<PhotoRef>> ManifestStore::missingPhotos(const std::string& port) {
    auto st = m_db.prepare("SELECT p.photo_id, p.sha256 FROM manifest_photos p JOIN manifest_entries e "
                           "ON e.appointment_id = p.appointment_id WHERE e.port=?1 AND p.jpeg IS NULL "
                           "AND p.purged_at_ms IS NULL ORDER BY p.photo_id");
    if (!st) {
        return st.error();
    }
    st->bind(1, std::string_view(port));
    std::vector<PhotoRef> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.push_back({st->columnText(0), st->isNull(1) ? std::string() : st->columnText(1)});
    }
    return out;
}

Result<Staleness> ManifestStore::staleness(const std::string& port, Clock::TimePoint now,
                                           std::chrono::hours staleAfter) {
    auto info = current(port);
    if (!info) {
        return info.error();
    }
    Staleness s;
    if (!info->has_value()) {
        s.stale = true;
        s.text = "no manifest for port " + port;
        return s;
    }
    const auto& m = **info;
    s.present = true;
    s.issuedAt = m.issuedAt;
    s.age = std::chrono::duration_cast<std::chrono::minutes>(now - m.issuedAt);
    s.expired = now >= m.expiresAt;
    s.stale = s.expired || now - m.issuedAt > staleAfter;
    const auto hours = s.age.count() / 60;
    s.text = "manifest v" + std::to_string(m.version) + " from " + store::toIso8601(m.issuedAt) + ", " +
             std::to_string(hours) + " h old" + (s.expired ? " (expired)" : "");
    return s;
}

} // namespace portico::manifest
