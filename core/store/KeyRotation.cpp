// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/KeyRotation.h"

#include "store/Crypto.h"
#include "store/SealedColumns.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

namespace portico::store {

Result<RotationReport> rotateKeys(Database& db, const std::filesystem::path& keyFile, AuditSink& audit,
                                  const Clock& clock, const std::string& actor) {
    auto loaded = KeyFile::load(keyFile);
    if (!loaded) {
        return loaded.error();
    }
    KeyRing ring = std::move(*loaded);
    RotationReport rep;
    if (ring.keys().size() > 1) {
        rep.resumed = true; // interrupted earlier: the current key is already the new one
        for (const auto& k : ring.keys()) {
            if (k.version != ring.currentVersion()) {
                rep.fromVersion = k.version;
            }
        }
    } else {
        rep.fromVersion = ring.currentVersion();
        ring.addNewCurrent();
        if (auto s = KeyFile::save(keyFile, ring); !s) {
            return s.error();
        }
    }
    rep.toVersion = ring.currentVersion();
    const Crypto crypto(ring);
    {
        auto tx = Transaction::begin(db);
        if (!tx) {
            return tx.error();
        }
        for (const auto& col : sealedColumns()) {
            const std::string table(col.table);
            const std::string key(col.keyColumn);
            const std::string column(col.column);
            auto sel =
                db.prepare("SELECT " + key + ", " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL");
            if (!sel) {
                return sel.error();
            }
            std::vector<std::pair<std::string, Bytes>> todo;
            while (true) {
                auto row = sel->step();
                if (!row) {
                    return row.error();
                }
                if (!*row) {
                    break;
                }
                Bytes sealed = sel->columnBlob(1);
                auto v = Crypto::keyVersionOf(sealed);
                if (v && *v == ring.currentVersion()) {
                    continue;
                }
                todo.emplace_back(sel->columnText(0), std::move(sealed));
            }
            auto up = db.prepare("UPDATE " + table + " SET " + column + " = ?1 WHERE " + key + " = ?2");
            if (!up) {
                return up.error();
            }
            for (auto& [id, sealed] : todo) {
                const SealContext where{col.table, col.column, id};
                auto plain = crypto.open(where, sealed);
                if (!plain) {
                    return makeError(ErrorCode::CryptoError, "key rotation: a value in " + table + "." + column +
                                                                 " does not open; nothing was changed");
                }
                auto resealed = crypto.seal(where, *plain);
                sodium_memzero(plain->data(), plain->size());
                if (!resealed) {
                    return resealed.error();
                }
                if (auto s = up->bind(1, ByteView(*resealed)).bind(2, id).run(); !s) {
                    return s.error();
                }
                ++rep.resealed;
            }
        }
        auto meta = db.prepare("UPDATE meta SET value = ?1 WHERE key = 'key_version'");
        if (!meta) {
            return meta.error();
        }
        if (auto s = meta->bind(1, std::to_string(rep.toVersion)).run(); !s) {
            return s.error();
        }
        const nlohmann::json details = {
            {"from_version", rep.fromVersion}, {"to_version", rep.toVersion}, {"resealed", rep.resealed}};
        if (auto s = audit.append({clock.now(), actor, "keys.rotate", "", details.dump()}); !s) {
            return s.error();
        }
        if (auto s = tx->commit(); !s) {
            return s.error();
        }
    }
    ring.dropOld();
    if (auto s = KeyFile::save(keyFile, ring); !s) {
        return s.error();
    }
    (void)db.checkpointTruncate();
    return rep;
}

} // namespace portico::store
