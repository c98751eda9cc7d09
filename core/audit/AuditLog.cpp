// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit/AuditLog.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

namespace portico::audit {

namespace {
void putU64(crypto_generichash_state& st, std::uint64_t v) {
    std::uint8_t b[8];
    for (int i = 0; i < 8; ++i) {
        b[i] = static_cast<std::uint8_t>(v >> (8 * i));
    }
    crypto_generichash_update(&st, b, sizeof b);
}
void putStr(crypto_generichash_state& st, std::string_view s) {
    putU64(st, s.size());
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
}
} // namespace

Hash entryHash(const Hash& prev, std::int64_t seq, std::int64_t atMs, std::string_view actor, std::string_view action,
               std::string_view objectRef, std::string_view details) {
    (void)store::initSodium();
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 32);
    crypto_generichash_update(&st, prev.data(), prev.size());
    const std::string_view tag = "portico-audit-v1";
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(tag.data()), tag.size());
    putU64(st, static_cast<std::uint64_t>(seq));
    putU64(st, static_cast<std::uint64_t>(atMs));
    putStr(st, actor);
    putStr(st, action);
    putStr(st, objectRef);
    putStr(st, details);
    Hash out{};
    crypto_generichash_final(&st, out.data(), out.size());
    return out;
}

std::string toHex(const Hash& h) {
    char buf[65];
    sodium_bin2hex(buf, sizeof buf, h.data(), h.size());
    return buf;
}

Status AuditLog::append(const store::AuditEvent& event) {
    const auto j = nlohmann::json::parse(event.detailsJson, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return makeError(ErrorCode::InvalidArgument, "audit details must be a JSON object");
    }
    if (event.action.empty() || event.actor.empty()) {
        return makeError(ErrorCode::InvalidArgument, "audit entry needs actor and action");
    }
    if (!m_db.autocommit()) {
        return appendLocked(event); // the caller's transaction (must be a writer: BEGIN IMMEDIATE)
    }
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    if (auto s = appendLocked(event); !s) {
        return s;
    }
    return tx->commit();
}

Status AuditLog::appendLocked(const store::AuditEvent& event) {
    Hash prev{};
    std::int64_t seq = 1;
    {
        auto st = m_db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        if (!st) {
            return st.error();
        }
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (*row) {
            seq = st->columnInt64(0) + 1;
            const auto h = st->columnBlob(1);
            if (h.size() == prev.size()) {
                std::copy(h.begin(), h.end(), prev.begin());
            }
        }
    }
    const std::int64_t atMs = store::toMs(event.at);
    const Hash h = entryHash(prev, seq, atMs, event.actor, event.action, event.objectRef, event.detailsJson);
    auto ins = m_db.prepare("INSERT INTO audit_log (seq, at_ms, actor, action, object_ref, details, prev_hash, hash) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!ins) {
        return ins.error();
    }
    return ins->bind(1, seq)
        .bind(2, atMs)
        .bind(3, event.actor)
        .bind(4, event.action)
        .bind(5, event.objectRef)
        .bind(6, event.detailsJson)
        .bind(7, store::ByteView(prev))
        .bind(8, store::ByteView(h))
        .run();
}

Result<store::AuditHead> AuditLog::head() {
    auto st = m_db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    store::AuditHead head;
    if (*row) {
        head.seq = st->columnInt64(0);
        const auto h = st->columnBlob(1);
        Hash hh{};
        if (h.size() == hh.size()) {
            std::copy(h.begin(), h.end(), hh.begin());
            head.hashHex = toHex(hh);
        }
    }
    return head;
}

} // namespace portico::audit
