// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/PurgeJob.h"

#include "common/Log.h"

#include <nlohmann/json.hpp>

namespace portico::store {

PurgeJob::PurgeJob(Database& db, AuditSink& audit, const Clock& clock, policy::RetentionPolicy policy)
    : m_db(db), m_audit(audit), m_clock(clock), m_policy(policy) {}

namespace {

Status collect(Database& db, std::string_view sql, policy::RetentionCategory category,
               std::vector<policy::RetentionItem>& items) {
    auto st = db.prepare(sql);
    if (!st) {
        return st.error();
    }
    while (true) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return {};
        }
        policy::RetentionItem it;
        it.category = category;
        it.id = st->columnText(0);
        if (category == policy::RetentionCategory::InspectionBiometrics) {
            it.citizen = st->columnInt64(1) != 0;
            it.optedOut = st->columnInt64(2) != 0;
            it.decidedAt = fromMs(st->columnInt64(3));
            if (auto a = st->columnOptInt64(4)) {
                it.acknowledgedAt = fromMs(*a);
            }
        } else if (auto w = st->columnOptInt64(1)) {
            it.windowEnd = fromMs(*w);
        }
        items.push_back(std::move(it));
    }
}

Status nullOut(Database& db, std::string_view sql, const std::vector<std::string>& ids, std::int64_t nowMs) {
    auto st = db.prepare(sql);
    if (!st) {
        return st.error();
    }
    for (const auto& id : ids) {
        if (auto s = st->bind(1, nowMs).bind(2, id).run(); !s) {
            return s;
        }
    }
    return {};
}

} // namespace

Result<PurgeReceipt> PurgeJob::run() {
    if (auto s = m_policy.validate(); !s) {
        return s.error();
    }
    PurgeReceipt receipt;
    receipt.at = m_clock.now();
    const std::int64_t nowMs = toMs(receipt.at);
    {
        auto tx = Transaction::begin(m_db);
        if (!tx) {
            return tx.error();
        }
        std::vector<policy::RetentionItem> items;
        if (auto s = collect(m_db,
                             "SELECT i.id, i.is_citizen, i.opted_out, i.decided_at_ms, o.acknowledged_at_ms FROM "
                             "inspections i LEFT JOIN outbox o ON o.inspection_id = i.id AND o.state = "
                             "'acknowledged' WHERE i.capture_photo IS NOT NULL OR i.capture_template IS NOT NULL",
                             policy::RetentionCategory::InspectionBiometrics, items);
            !s) {
            return s.error();
        }
        if (auto s = collect(m_db,
                             "SELECT p.photo_id, e.window_end_ms FROM manifest_photos p LEFT JOIN manifest_entries e "
                             "ON e.appointment_id = p.appointment_id WHERE p.jpeg IS NOT NULL",
                             policy::RetentionCategory::ManifestPhoto, items);
            !s) {
            return s.error();
        }
        if (auto s = collect(m_db,
                             "SELECT t.template_id, e.window_end_ms FROM manifest_templates t LEFT JOIN "
                             "manifest_entries e ON e.appointment_id = t.appointment_id WHERE t.template IS NOT NULL",
                             policy::RetentionCategory::ManifestTemplate, items);
            !s) {
            return s.error();
        }
        const auto set = policy::computePurgeSet(items, receipt.at, m_policy);
        if (auto s = nullOut(m_db,
                             "UPDATE inspections SET capture_photo = NULL, capture_template = NULL, "
                             "biometrics_purged_at_ms = ?1 WHERE id = ?2",
                             set.inspectionBiometrics, nowMs);
            !s) {
            return s.error();
        }
        if (auto s = nullOut(m_db, "UPDATE manifest_photos SET jpeg = NULL, purged_at_ms = ?1 WHERE photo_id = ?2",
                             set.manifestPhotos, nowMs);
            !s) {
            return s.error();
        }
        if (auto s =
                nullOut(m_db, "UPDATE manifest_templates SET template = NULL, purged_at_ms = ?1 WHERE template_id = ?2",
                        set.manifestTemplates, nowMs);
            !s) {
            return s.error();
        }
        receipt.inspectionBiometrics = static_cast<std::int64_t>(set.inspectionBiometrics.size());
        receipt.manifestPhotos = static_cast<std::int64_t>(set.manifestPhotos.size());
        receipt.manifestTemplates = static_cast<std::int64_t>(set.manifestTemplates.size());
        const nlohmann::json details = {{"inspection_biometrics", receipt.inspectionBiometrics},
                                        {"manifest_photos", receipt.manifestPhotos},
                                        {"manifest_templates", receipt.manifestTemplates}};
        if (auto s = m_audit.append({receipt.at, "system", "purge.run", "", details.dump()}); !s) {
            return s.error();
        }
        if (auto s = tx->commit(); !s) {
            return s.error();
        }
    }
    auto cp = m_db.checkpointTruncate();
    receipt.walTruncated = cp.ok();
    if (!cp) {
        log::get("store")->warn("purge: wal_checkpoint(TRUNCATE) did not complete: {}", cp.error().toString());
    }
    return receipt;
}

} // namespace portico::store
