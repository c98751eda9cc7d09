// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ErrorText.h"

namespace portico::ui {

QString ErrorText::forCode(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidArgument:
        return tr("Portico could not read that input. Check what was entered and try again.");
    case ErrorCode::NotFound:
        return tr("That record could not be found. Search the manifest again or inspect the document manually.");
    case ErrorCode::IoError:
        return tr("Portico could not read or write a file on this workstation. Call technical support; "
                  "your decisions so far are saved.");
    case ErrorCode::Corrupt:
    case ErrorCode::DatabaseCorrupt:
        return tr("Local data was damaged and has been set aside for investigation. Portico started with a clean "
                  "store; tell your supervisor.");
    case ErrorCode::ChecksumMismatch:
    case ErrorCode::ModelMissing:
    case ErrorCode::ModelInvalid:
        return tr("Face matching is unavailable: the face models are missing or altered. Inspect documents "
                  "manually and ask an administrator to restore the models.");
    case ErrorCode::ConfigInvalid:
        return tr("The station configuration is invalid. Ask an administrator to correct it.");
    case ErrorCode::Unsupported:
        return tr("This workstation does not support that action.");
    case ErrorCode::Network:
    case ErrorCode::Timeout:
    case ErrorCode::ServerError:
    case ErrorCode::RateLimited:
        return tr("The central service cannot be reached. Keep working: decisions are saved here and uploaded "
                  "when the connection returns.");
    case ErrorCode::Unauthorized:
        return tr("The central service refused this workstation's credentials. Keep working and tell your "
                  "supervisor.");
    case ErrorCode::TlsRejected:
        return tr("The central service failed its security check, so nothing was sent. Keep working and tell "
                  "technical support.");
    case ErrorCode::Forbidden:
        return tr("Your role does not allow this action. Ask a supervisor.");
    case ErrorCode::Conflict:
        return tr("This record was changed by someone else. Reopen it and try again.");
    case ErrorCode::DatabaseError:
        return tr("Portico could not save to its local store. Try again; if it happens again, stop and call "
                  "technical support.");
    case ErrorCode::DatabaseTooNew:
        return tr("The local store was written by a newer version of Portico. Ask an administrator to update "
                  "this workstation.");
    case ErrorCode::CryptoError:
        return tr("Protected data could not be opened with this workstation's key. Tell your supervisor.");
    case ErrorCode::DiskFull:
        return tr("This workstation's disk is full: new decisions cannot be saved. Call technical support now; "
                  "saved decisions are safe.");
    case ErrorCode::Cancelled:
        return tr("The action was cancelled.");
    case ErrorCode::ImageInvalid:
        return tr("That picture could not be read. Scan or capture it again.");
    case ErrorCode::NoFace:
        return tr("No face was found in the picture. Retake it, or inspect the document manually.");
    case ErrorCode::ModelMismatch:
        return tr("These photos were processed by different face models and cannot be compared. Inspect "
                  "manually.");
    case ErrorCode::SignatureInvalid:
    case ErrorCode::ManifestRejected:
        return tr("A manifest update was rejected as untrustworthy; the previous manifest is still in use. Tell "
                  "your supervisor.");
    case ErrorCode::AccountLocked:
        return tr("This account is locked after too many failed attempts. A supervisor must unlock it.");
    case ErrorCode::WeakPassword:
        return tr("Choose a longer password: at least 15 characters, and not a common one.");
    case ErrorCode::ConfirmationRequired:
        return tr("The age policy asks for a second look: confirm what you checked before recording \"verified\".");
    case ErrorCode::Unknown:
        break;
    }
    return tr("Something went wrong. Try again; if it happens again, call technical support.");
}

} // namespace portico::ui
