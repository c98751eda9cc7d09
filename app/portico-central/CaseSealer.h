// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace portico::central {

/// @brief Seals review-case evidence at rest (XChaCha20-Poly1305, libsodium AEAD): every piece bound to its case id
/// and kind as associated data, so a blob moved to another case or kind does not open.
class CaseSealer {
public:
    explicit CaseSealer(const std::array<std::uint8_t, 32>& key) : m_key(key) {}
    ~CaseSealer();
    CaseSealer(const CaseSealer&) = delete;
    CaseSealer& operator=(const CaseSealer&) = delete;

    std::vector<std::uint8_t> seal(const std::string& caseId, const std::string& kind,
                                   std::span<const std::uint8_t> plain) const;
    /// @brief CryptoError when the blob was altered, or belongs to another case or kind.
    Result<std::vector<std::uint8_t>> open(const std::string& caseId, const std::string& kind,
                                           std::span<const std::uint8_t> sealed) const;

private:
    std::array<std::uint8_t, 32> m_key;
};

} // namespace portico::central
