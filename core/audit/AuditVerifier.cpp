// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit/AuditVerifier.h"

#include "audit/AuditLog.h"

#include <charconv>
#include <string>

namespace portico::audit {

Result<VerifyResult> AuditVerifier::verify(store::Database& db, std::optional<std::string> expectedHeadHex,
                                           std::optional<std::int64_t> expectedHeadSeq) {
    auto st = db.prepare("SELECT seq, at_ms, actor, action, object_ref, details, prev_hash, hash FROM audit_log "
                         "ORDER BY seq");
    if (!st) {
        return st.error();
    }
    VerifyResult r;
    Hash prev{};
    std::int64_t expectedSeq = 1;
    const auto fail = [&r](std::int64_t seq, std::string why) {
        r.ok = false;
        r.badSeq = seq;
        r.reason = std::move(why);
    };
    while (true) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        const std::int64_t seq = st->columnInt64(0);
        if (seq != expectedSeq) {
            fail(expectedSeq, seq > expectedSeq ? "entry " + std::to_string(expectedSeq) + " is missing"
                                                : "sequence out of order at " + std::to_string(seq));
            return r;
        }
        const auto storedPrev = st->columnBlob(6);
        const auto storedHash = st->columnBlob(7);
        if (storedPrev.size() != prev.size() || !std::equal(prev.begin(), prev.end(), storedPrev.begin())) {
            fail(seq, "previous-hash link broken (an entry before it was changed, removed or reordered)");
            return r;
        }
        const Hash h = entryHash(prev, seq, st->columnInt64(1), st->columnText(2), st->columnText(3), st->columnText(4),
                                 st->columnText(5));
        if (storedHash.size() != h.size() || !std::equal(h.begin(), h.end(), storedHash.begin())) {
            fail(seq, "content does not match its hash (entry was edited)");
            return r;
        }
        prev = h;
        ++r.entries;
        ++expectedSeq;
    }
    r.headHex = r.entries > 0 ? toHex(prev) : std::string();
    if (expectedHeadSeq && *expectedHeadSeq > r.entries) {
        fail(r.entries + 1, "log ends at " + std::to_string(r.entries) + " but the central service saw entry " +
                                std::to_string(*expectedHeadSeq) + " (tail deleted)");
        return r;
    }
    // Records and decisions without their audit rows: each was written in one transaction with its entry.
    struct Needed {
        const char* what;
        const char* sql;
    };
    static constexpr Needed kNeeded[] = {
        {"inspection records have no 'inspection.record' audit entry",
         "SELECT count(*), min(id) FROM inspections WHERE id NOT IN "
         "(SELECT object_ref FROM audit_log WHERE action = 'inspection.record')"},
        {"review cases have no 'review.case.open' audit entry",
         "SELECT count(*), min(id) FROM review_cases WHERE id NOT IN "
         "(SELECT object_ref FROM audit_log WHERE action = 'review.case.open')"},
        {"resolved review cases have no 'review.case.resolve' audit entry",
         "SELECT count(*), min(id) FROM review_cases WHERE state = 'resolved' AND id NOT IN "
         "(SELECT object_ref FROM audit_log WHERE action = 'review.case.resolve')"},
    };
    for (const auto& need : kNeeded) {
        auto q = db.prepare(need.sql);
        if (!q) {
            return q.error();
        }
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (*row && q->columnInt64(0) > 0) {
            fail(r.entries + 1, std::to_string(q->columnInt64(0)) + " " + need.what + " (first: " + q->columnText(1) +
                                    "): the log was emptied or cut");
            return r;
        }
    }
    // The log's uploaded head (store meta, "seq:hex"): a log that ends before it, or holds another entry there,
    // was cut or rewritten after central saw it.
    {
        auto up = db.prepare("SELECT value FROM meta WHERE key = 'audit_head_uploaded'");
        if (!up) {
            return up.error();
        }
        auto row = up->step();
        if (!row) {
            return row.error();
        }
        if (*row) {
            const std::string value = up->columnText(0);
            const auto colon = value.find(':');
            std::int64_t seq = 0;
            if (colon != std::string::npos) {
                (void)std::from_chars(value.data(), value.data() + colon, seq); // garbage leaves 0: no check
            }
            const std::string hex = colon == std::string::npos ? std::string() : value.substr(colon + 1);
            if (seq > r.entries) {
                fail(r.entries + 1, "log ends at " + std::to_string(r.entries) + " but this station uploaded entry " +
                                        std::to_string(seq) + " (tail deleted)");
                return r;
            }
            if (seq > 0 && !expectedHeadSeq) {
                expectedHeadSeq = seq;
                expectedHeadHex = hex;
            }
        }
    }
    if (expectedHeadHex && !expectedHeadHex->empty()) {
        // The expected head must appear in the chain at the expected position.
        if (expectedHeadSeq) {
            auto hs = db.prepare("SELECT hash FROM audit_log WHERE seq = ?1");
            if (!hs) {
                return hs.error();
            }
            hs->bind(1, *expectedHeadSeq);
            auto row = hs->step();
            if (!row) {
                return row.error();
            }
            Hash hh{};
            const auto b = *row ? hs->columnBlob(0) : store::Bytes();
            if (b.size() == hh.size()) {
                std::copy(b.begin(), b.end(), hh.begin());
            }
            if (!*row || toHex(hh) != *expectedHeadHex) {
                fail(*expectedHeadSeq, "entry does not match the head hash the central service received");
                return r;
            }
        } else if (r.headHex != *expectedHeadHex) {
            fail(r.entries, "chain head does not match the expected head hash");
            return r;
        }
    }
    return r;
}

} // namespace portico::audit
