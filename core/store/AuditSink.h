// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <string>

namespace portico::store {

/// @brief One audit entry before it is chained: who did what to which object, when. Never personal or biometric
/// payload (names, dates of birth, document numbers, photos, templates): ids and counts only.
struct AuditEvent {
    Clock::TimePoint at{};
    std::string actor;              ///< username, or "system"
    std::string action;             ///< e.g. "inspection.record", "auth.login.failed", "purge.run"
    std::string objectRef;          ///< e.g. inspection id, appointment id, username
    std::string detailsJson = "{}"; ///< a JSON object, non-personal
};

/// @brief Where the store writes its audit entries. Implemented by audit::AuditLog (core/audit), which joins the
/// caller's open transaction when there is one, so a record and its audit entry commit together.
class AuditSink {
public:
    virtual ~AuditSink() = default;
    /// @brief Append one entry (inside the current transaction if one is open, else in its own).
    virtual Status append(const AuditEvent& event) = 0;
};

} // namespace portico::store
