// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace portico::store {

/// @brief Age band of a traveler at decision time: the only age fact an inspection record keeps (never the date of
/// birth). Bands follow the monitoring split of the oversight bodies (children and older travelers apart).
enum class AgeBand { Unknown = 0, Age0To13, Age14To17, Age18To29, Age30To49, Age50To64, Age65To79, Age80Plus };

/// @brief Sex as the manifest states it (F, M, X); Unknown when absent or anything else.
enum class Sex { Unknown = 0, Female, Male, X };

/// @brief Every known band, youngest first (Unknown excluded).
inline constexpr std::array<AgeBand, 7> kAgeBands = {AgeBand::Age0To13,  AgeBand::Age14To17, AgeBand::Age18To29,
                                                     AgeBand::Age30To49, AgeBand::Age50To64, AgeBand::Age65To79,
                                                     AgeBand::Age80Plus};
/// @brief Every known sex value (Unknown excluded).
inline constexpr std::array<Sex, 3> kSexes = {Sex::Female, Sex::Male, Sex::X};

/// @brief Stable name as stored: "0-13", "14-17", "18-29", "30-49", "50-64", "65-79", "80+", "unknown".
std::string_view ageBandName(AgeBand band);
/// @brief Inverse of ageBandName (Unknown for anything else).
AgeBand parseAgeBand(std::string_view name);
/// @brief Stable name as stored: "F", "M", "X", "unknown".
std::string_view sexName(Sex sex);
/// @brief "F"/"M"/"X" (case-insensitive, also "female"/"male") → Sex; Unknown for anything else.
Sex parseSex(std::string_view text);

/// @brief Completed years between a date of birth and a day; nullopt for an invalid or future date.
std::optional<int> ageYearsOn(std::chrono::year_month_day dateOfBirth, std::chrono::year_month_day today);
/// @brief Band for an age in completed years (negative → Unknown).
AgeBand ageBandForYears(int years);
/// @brief Band of a "YYYY-MM-DD" date of birth on `today` (UTC day); Unknown when missing or invalid.
AgeBand ageBand(std::string_view dateOfBirth, std::chrono::year_month_day today);
/// @brief Band of a "YYYY-MM-DD" date of birth on the UTC day of `now`.
AgeBand ageBand(std::string_view dateOfBirth, Clock::TimePoint now);

} // namespace portico::store
