// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::document {

/// @brief Machine-readable zone layouts of ICAO Doc 9303 that Portico reads.
enum class MrzFormat { Unknown = 0, Td1, Td3 };

/// @brief A calendar date without time zone.
struct Date {
    int year = 0;
    int month = 0;
    int day = 0;
    bool operator==(const Date&) const = default;
};

/// @brief One check digit: which field, whether it verified.
struct MrzCheck {
    std::string field; ///< "document_number", "date_of_birth", "expiry", "optional", "composite"
    bool ok = false;
};

/// @brief Fields of a parsed MRZ. Personal data: never log it.
struct MrzData {
    MrzFormat format = MrzFormat::Unknown;
    std::string documentCode; ///< "P", "PM", "ID", "I<" ...
    std::string issuingState;
    std::string surname;
    std::string givenNames;
    std::string documentNumber;
    std::string nationality;
    Date dateOfBirth;
    char sex = 'X'; ///< 'M', 'F' or 'X' (unspecified)
    Date expiry;
    std::string optionalData;
    std::vector<MrzCheck> checks;

    /// @brief True when every check digit verified.
    bool allChecksOk() const;
};

/// @brief Parse typed or scanned MRZ text (TD1: 3×30, TD3: 2×44). Lines may be separated by newlines or
/// whitespace; lower case and stray spaces are tolerated. Check-digit failures are reported in `checks`, not as
/// errors; malformed text (wrong lengths, bad characters, impossible dates) is an InvalidArgument error.
/// @param today used to resolve two-digit birth years (a birth date is never in the future).
Result<MrzData> parseMrz(std::string_view text, const Date& today);

/// @brief ICAO 9303 check digit (weights 7,3,1; '<' = 0, A..Z = 10..35); -1 for a character outside the set.
int mrzCheckDigit(std::string_view field);

/// @brief Upper-case ASCII form of a name as an MRZ would print it (diacritics folded, separators to spaces).
std::string mrzNormaliseName(std::string_view utf8Name);

/// @brief Manifest fields the MRZ is compared with (any may be empty/unknown).
struct ExpectedDocument {
    std::string documentNumber;
    std::string surname;
    std::string givenNames;
    std::string nationality;
    std::optional<Date> dateOfBirth;
    std::optional<Date> expiry;
};

/// @brief Names of the fields where the MRZ disagrees with the manifest ("document_number", "surname", ...).
std::vector<std::string> compareMrz(const MrzData& mrz, const ExpectedDocument& expected);

} // namespace portico::document
