// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SealedColumns.h"

namespace portico::store {

const std::vector<SealedColumn>& sealedColumns() {
    static const std::vector<SealedColumn> kColumns = {
        {"manifest_entries", "appointment_id", "given_names"},
        {"manifest_entries", "appointment_id", "surname"},
        {"manifest_entries", "appointment_id", "date_of_birth"},
        {"manifest_entries", "appointment_id", "document_number"},
        {"manifest_entries", "appointment_id", "address"},
        {"manifest_photos", "photo_id", "jpeg"},
        {"manifest_templates", "template_id", "template"},
        {"inspections", "id", "capture_photo"},
        {"inspections", "id", "capture_template"},
        {"inspections", "id", "officer_note"},
        {"review_cases", "id", "note"},
    };
    return kColumns;
}

} // namespace portico::store
