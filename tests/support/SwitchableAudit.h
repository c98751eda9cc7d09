// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/AuditSink.h"

namespace portico::test {

/// @brief A station's audit writer that can be switched to refuse every entry (as a full disk under the audit table
/// would), to show that what must be audited first is then not done.
class SwitchableAudit final : public store::AuditSink {
public:
    explicit SwitchableAudit(store::AuditSink& inner) : m_inner(inner) {}
    Status append(const store::AuditEvent& event) override {
        if (failing) {
            return makeError(ErrorCode::DiskFull, "audit refused");
        }
        return m_inner.append(event);
    }
    bool failing = false;

private:
    store::AuditSink& m_inner;
};

} // namespace portico::test
