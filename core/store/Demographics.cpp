// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Demographics.h"

#include <cctype>
#include <charconv>

namespace portico::store {

std::string_view ageBandName(AgeBand band) {
    switch (band) {
    case AgeBand::Age0To13:
        return "0-13";
    case AgeBand::Age14To17:
        return "14-17";
    case AgeBand::Age18To29:
        return "18-29";
    case AgeBand::Age30To49:
        return "30-49";
    case AgeBand::Age50To64:
        return "50-64";
    case AgeBand::Age65To79:
        return "65-79";
    case AgeBand::Age80Plus:
        return "80+";
    case AgeBand::Unknown:
        break;
    }
    return "unknown";
}

AgeBand parseAgeBand(std::string_view name) {
    for (const AgeBand b : kAgeBands) {
        if (ageBandName(b) == name) {
            return b;
        }
    }
    return AgeBand::Unknown;
}

std::string_view sexName(Sex sex) {
    switch (sex) {
    case Sex::Female:
        return "F";
    case Sex::Male:
        return "M";
    case Sex::X:
        return "X";
    case Sex::Unknown:
        break;
    }
    return "unknown";
}

Sex parseSex(std::string_view text) {
    std::string lower;
    for (const char c : text) {
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (lower == "f" || lower == "female") {
        return Sex::Female;
    }
    if (lower == "m" || lower == "male") {
        return Sex::Male;
    }
    if (lower == "x") {
        return Sex::X;
    }
    return Sex::Unknown;
}

std::optional<int> ageYearsOn(std::chrono::year_month_day dob, std::chrono::year_month_day today) {
    if (!dob.ok() || !today.ok() || dob > today) {
        return std::nullopt;
    }
    int years = static_cast<int>(today.year()) - static_cast<int>(dob.year());
    if (std::chrono::month_day(today.month(), today.day()) < std::chrono::month_day(dob.month(), dob.day())) {
        --years; // birthday not reached yet this year (29 February counts from 1 March in common years)
    }
    return years;
}

AgeBand ageBandForYears(int years) {
    if (years < 0) {
        return AgeBand::Unknown;
    }
    if (years <= 13) {
        return AgeBand::Age0To13;
    }
    if (years <= 17) {
        return AgeBand::Age14To17;
    }
    if (years <= 29) {
        return AgeBand::Age18To29;
    }
    if (years <= 49) {
        return AgeBand::Age30To49;
    }
    if (years <= 64) {
        return AgeBand::Age50To64;
    }
    if (years <= 79) {
        return AgeBand::Age65To79;
    }
    return AgeBand::Age80Plus;
}

namespace {
bool parseInt(std::string_view s, int& out) {
    if (s.empty()) {
        return false;
    }
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc();
}
} // namespace

AgeBand ageBand(std::string_view dateOfBirth, std::chrono::year_month_day today) {
    if (dateOfBirth.size() != 10 || dateOfBirth[4] != '-' || dateOfBirth[7] != '-') {
        return AgeBand::Unknown;
    }
    int y = 0;
    int m = 0;
    int d = 0;
    if (!parseInt(dateOfBirth.substr(0, 4), y) || !parseInt(dateOfBirth.substr(5, 2), m) ||
        !parseInt(dateOfBirth.substr(8, 2), d)) {
        return AgeBand::Unknown;
    }
    const std::chrono::year_month_day dob{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    const auto years = ageYearsOn(dob, today);
    return years ? ageBandForYears(*years) : AgeBand::Unknown;
}

AgeBand ageBand(std::string_view dateOfBirth, Clock::TimePoint now) {
    return ageBand(dateOfBirth, std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now)));
}

} // namespace portico::store
