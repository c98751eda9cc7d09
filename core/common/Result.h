// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace portico {

/// @brief What went wrong, as a stable code the UI turns into a sentence (ui/ErrorText). Append only.
enum class ErrorCode {
    Unknown = 0,
    InvalidArgument,
    NotFound,
    IoError,
    Corrupt,
    ChecksumMismatch,
    ModelMissing,
    ModelInvalid,
    ConfigInvalid,
    Unsupported,
    Network,
    Timeout,
    Unauthorized,
    Forbidden,
    Conflict,
    DatabaseError,
    DatabaseTooNew,
    DatabaseCorrupt,
    CryptoError,
    DiskFull,
    Cancelled,
    ImageInvalid,
    NoFace,
    ModelMismatch,
    SignatureInvalid,
    ManifestRejected,
    RateLimited,
    ServerError,
    AccountLocked,
    WeakPassword,
    TlsRejected,
    ConfirmationRequired, ///< the policy needs the officer's explicit confirmation first (e.g. the age policy's second
                          ///< look)
};

/// @brief Short stable identifier of an error code, for logs and JSON (never shown to officers as is).
std::string_view errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Unknown;
    std::string detail; ///< technical detail for logs and tests; no personal data

    std::string toString() const;
};

/// @brief A value or an Error, shaped like std::expected (C++23) so it can be swapped for it later.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_v); }
    ErrorCode code() const { return ok() ? ErrorCode::Unknown : error().code; }

    template <class U>
    T valueOr(U&& fallback) const {
        return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> m_v;
};

/// @brief Success or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const { return m_error; }
    ErrorCode code() const { return m_ok ? ErrorCode::Unknown : m_error.code; }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

inline Error makeError(ErrorCode code, std::string detail) {
    return Error{code, std::move(detail)};
}

} // namespace portico
