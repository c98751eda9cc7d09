// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/Result.h"

namespace portico {

std::string_view errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::Unknown:
        return "unknown";
    case ErrorCode::InvalidArgument:
        return "invalid_argument";
    case ErrorCode::NotFound:
        return "not_found";
    case ErrorCode::IoError:
        return "io_error";
    case ErrorCode::Corrupt:
        return "corrupt";
    case ErrorCode::ChecksumMismatch:
        return "checksum_mismatch";
    case ErrorCode::ModelMissing:
        return "model_missing";
    case ErrorCode::ModelInvalid:
        return "model_invalid";
    case ErrorCode::ConfigInvalid:
        return "config_invalid";
    case ErrorCode::Unsupported:
        return "unsupported";
    case ErrorCode::Network:
        return "network";
    case ErrorCode::Timeout:
        return "timeout";
    case ErrorCode::Unauthorized:
        return "unauthorized";
    case ErrorCode::Forbidden:
        return "forbidden";
    case ErrorCode::Conflict:
        return "conflict";
    case ErrorCode::DatabaseError:
        return "database_error";
    case ErrorCode::DatabaseTooNew:
        return "database_too_new";
    case ErrorCode::DatabaseCorrupt:
        return "database_corrupt";
    case ErrorCode::CryptoError:
        return "crypto_error";
    case ErrorCode::DiskFull:
        return "disk_full";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::ImageInvalid:
        return "image_invalid";
    case ErrorCode::NoFace:
        return "no_face";
    case ErrorCode::ModelMismatch:
        return "model_mismatch";
    case ErrorCode::SignatureInvalid:
        return "signature_invalid";
    case ErrorCode::ManifestRejected:
        return "manifest_rejected";
    case ErrorCode::RateLimited:
        return "rate_limited";
    case ErrorCode::ServerError:
        return "server_error";
    case ErrorCode::AccountLocked:
        return "account_locked";
    case ErrorCode::WeakPassword:
        return "weak_password";
    case ErrorCode::TlsRejected:
        return "tls_rejected";
    case ErrorCode::ConfirmationRequired:
        return "confirmation_required";
    }
    return "unknown";
}

std::string Error::toString() const {
    std::string s(errorCodeName(code));
    if (!detail.empty()) {
        s += ": ";
        s += detail;
    }
    return s;
}

} // namespace portico
