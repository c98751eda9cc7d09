// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace portico::audit {

/// @brief Verdict of a chain walk: ok, or the first bad entry and why.
struct VerifyResult {
    bool ok = true;
    std::int64_t entries = 0; ///< entries checked
    std::int64_t badSeq = 0;  ///< first bad entry's seq (or the expected seq where one is missing)
    std::string reason;       ///< what is wrong with it
    std::string headHex;      ///< hash of the last entry walked
};

/// @brief Walks audit_log in seq order: seq must run 1, 2, 3, ...; each prev_hash must equal the previous entry's
/// hash and each hash must equal BLAKE2b(prev ‖ canonical bytes). A chain that is whole may still be short, so it
/// also fails when (a) an inspection record has no `inspection.record` entry, a review case no `review.case.open`
/// or a resolved case no `review.case.resolve` (each is written in the same transaction as its entry: an emptied
/// or cut log shows), or (b) the log does not reach the last head this station uploaded (store meta
/// 'audit_head_uploaded', written by the outbox when central answered a batch). With an expected head (what central
/// last received), a truncated tail is caught too.
class AuditVerifier {
public:
    /// @brief Verify the whole chain.
    static Result<VerifyResult> verify(store::Database& db, std::optional<std::string> expectedHeadHex = {},
                                       std::optional<std::int64_t> expectedHeadSeq = {});
};

} // namespace portico::audit
