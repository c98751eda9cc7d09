// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/Mrz.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace portico::document {
namespace {

Error invalid(std::string detail) {
    return makeError(ErrorCode::InvalidArgument, "MRZ: " + std::move(detail));
}

bool validChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

/// Filler '<' runs become single spaces; leading/trailing filler dropped.
std::string unfill(std::string_view s) {
    std::string out;
    bool pendingSpace = false;
    for (char c : s) {
        if (c == '<') {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) {
            out += ' ';
            pendingSpace = false;
        }
        out += c;
    }
    return out;
}

bool isDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int daysInMonth(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

Result<Date> parseDate(std::string_view yymmdd, bool birth, const Date& today, const char* field) {
    if (yymmdd.size() != 6 || !isDigits(yymmdd)) {
        return invalid(std::string(field) + " is not YYMMDD");
    }
    const int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
    const int mm = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
    const int dd = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
    int year = 2000 + yy;
    if (birth) {
        // A birth date is never in the future: 2-digit years after today's belong to the previous century.
        const Date candidate{year, mm, dd};
        const auto key = [](const Date& d) { return d.year * 10000 + d.month * 100 + d.day; };
        if (key(candidate) > key(today)) {
            year -= 100;
        }
    }
    if (mm < 1 || mm > 12 || dd < 1 || dd > daysInMonth(year, mm)) {
        return invalid(std::string(field) + " is not a calendar date");
    }
    return Date{year, mm, dd};
}

/// Names hold letters and filler only (ICAO 9303-3): a digit there is a misread (5 for S, 0 for O), and a name
/// read with it could never match the manifest's.
bool nameFieldOk(std::string_view field) {
    return std::none_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void splitName(std::string_view field, std::string& surname, std::string& given) {
    const auto sep = field.find("<<");
    if (sep == std::string_view::npos) {
        surname = unfill(field);
        given.clear();
        return;
    }
    surname = unfill(field.substr(0, sep));
    given = unfill(field.substr(sep + 2));
}

bool checkField(std::string_view field, char digit) {
    const int expected = mrzCheckDigit(field);
    if (digit == '<') {
        // An empty optional field may carry '<' as its check digit.
        return std::all_of(field.begin(), field.end(), [](char c) { return c == '<'; });
    }
    return expected >= 0 && digit >= '0' && digit <= '9' && expected == digit - '0';
}

Result<MrzData> parseTd3(const std::string& l1, const std::string& l2, const Date& today) {
    MrzData d;
    d.format = MrzFormat::Td3;
    if (l1[0] != 'P') {
        return invalid("a TD3 document code starts with P");
    }
    d.documentCode = unfill(l1.substr(0, 2));
    d.issuingState = unfill(l1.substr(2, 3));
    if (!nameFieldOk(std::string_view(l1).substr(5))) {
        return invalid("the name field holds a digit");
    }
    splitName(std::string_view(l1).substr(5), d.surname, d.givenNames);

    const std::string number = l2.substr(0, 9);
    d.documentNumber = unfill(number);
    d.nationality = unfill(l2.substr(10, 3));
    auto dob = parseDate(l2.substr(13, 6), true, today, "date of birth");
    if (!dob) {
        return dob.error();
    }
    d.dateOfBirth = dob.value();
    d.sex = l2[20] == '<' ? 'X' : l2[20];
    auto exp = parseDate(l2.substr(21, 6), false, today, "expiry");
    if (!exp) {
        return exp.error();
    }
    d.expiry = exp.value();
    d.optionalData = unfill(l2.substr(28, 14));
    d.checks.push_back({"document_number", checkField(number, l2[9])});
    d.checks.push_back({"date_of_birth", checkField(l2.substr(13, 6), l2[19])});
    d.checks.push_back({"expiry", checkField(l2.substr(21, 6), l2[27])});
    d.checks.push_back({"optional", checkField(l2.substr(28, 14), l2[42])});
    const std::string composite = l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22);
    d.checks.push_back({"composite", checkField(composite, l2[43])});
    return d;
}

Result<MrzData> parseTd1(const std::string& l1, const std::string& l2, const std::string& l3, const Date& today) {
    MrzData d;
    d.format = MrzFormat::Td1;
    if (l1[0] != 'I' && l1[0] != 'A' && l1[0] != 'C') {
        return invalid("a TD1 document code starts with I, A or C");
    }
    d.documentCode = unfill(l1.substr(0, 2));
    d.issuingState = unfill(l1.substr(2, 3));
    std::string number = l1.substr(5, 9);
    char numberCheck = l1[14];
    std::string optional1 = l1.substr(15, 15);
    if (numberCheck == '<' && optional1[0] != '<') {
        // Long document number (9303-5 §4.2.4): it continues in the optional data, then its check digit.
        const auto end = optional1.find('<');
        const std::string rest = optional1.substr(0, end == std::string::npos ? optional1.size() : end);
        if (rest.empty()) {
            return invalid("long document number without its check digit");
        }
        number += rest.substr(0, rest.size() - 1);
        numberCheck = rest.back();
        optional1 = end == std::string::npos ? std::string() : optional1.substr(end);
    }
    d.documentNumber = unfill(number);
    auto dob = parseDate(l2.substr(0, 6), true, today, "date of birth");
    if (!dob) {
        return dob.error();
    }
    d.dateOfBirth = dob.value();
    d.sex = l2[7] == '<' ? 'X' : l2[7];
    auto exp = parseDate(l2.substr(8, 6), false, today, "expiry");
    if (!exp) {
        return exp.error();
    }
    d.expiry = exp.value();
    d.nationality = unfill(l2.substr(15, 3));
    d.optionalData = unfill(optional1 + "<" + l2.substr(18, 11));
    if (!nameFieldOk(l3)) {
        return invalid("the name field holds a digit");
    }
    splitName(l3, d.surname, d.givenNames);
    d.checks.push_back({"document_number", checkField(number, numberCheck)});
    d.checks.push_back({"date_of_birth", checkField(l2.substr(0, 6), l2[6])});
    d.checks.push_back({"expiry", checkField(l2.substr(8, 6), l2[14])});
    const std::string composite = l1.substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11);
    d.checks.push_back({"composite", checkField(composite, l2[29])});
    return d;
}

} // namespace

bool MrzData::allChecksOk() const {
    return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const MrzCheck& c) { return c.ok; });
}

int mrzCheckDigit(std::string_view field) {
    static constexpr std::array<int, 3> kWeights = {7, 3, 1};
    int sum = 0;
    for (std::size_t i = 0; i < field.size(); ++i) {
        const char c = field[i];
        int v = 0;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'A' && c <= 'Z') {
            v = c - 'A' + 10;
        } else if (c != '<') {
            return -1;
        }
        sum += v * kWeights[i % 3];
    }
    return sum % 10;
}

Result<MrzData> parseMrz(std::string_view text, const Date& today) {
    if (text.size() > 1024) {
        return invalid("text too long");
    }
    // Split into lines on any whitespace; upper-case; drop empty lines.
    std::vector<std::string> lines;
    std::string current;
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            if (!current.empty()) {
                lines.push_back(current);
            }
            current.clear();
        } else if (c == ' ' || c == '\t') {
            continue; // scanners and people insert spaces; the MRZ has none
        } else {
            const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (!validChar(u)) {
                return invalid(std::string("character outside the MRZ set at line ") +
                               std::to_string(lines.size() + 1));
            }
            current += u;
        }
    }
    if (!current.empty()) {
        lines.push_back(current);
    }
    if (lines.size() == 2 && lines[0].size() == 44 && lines[1].size() == 44) {
        return parseTd3(lines[0], lines[1], today);
    }
    if (lines.size() == 3 && lines[0].size() == 30 && lines[1].size() == 30 && lines[2].size() == 30) {
        return parseTd1(lines[0], lines[1], lines[2], today);
    }
    if (lines.size() == 1 && lines[0].size() == 88) {
        return parseTd3(lines[0].substr(0, 44), lines[0].substr(44), today);
    }
    if (lines.size() == 1 && lines[0].size() == 90) {
        return parseTd1(lines[0].substr(0, 30), lines[0].substr(30, 30), lines[0].substr(60), today);
    }
    return invalid("expected 2 lines of 44 characters (passport) or 3 lines of 30 (ID card)");
}

std::string mrzNormaliseName(std::string_view s) {
    // Fold the Latin-1 Supplement and a few Latin Extended-A letters (ICAO 9303-3 transliteration, simplified).
    struct Fold {
        char32_t cp;
        const char* ascii;
    };
    static constexpr Fold kFolds[] = {
        {U'À', "A"}, {U'Á', "A"}, {U'Â', "A"}, {U'Ã', "A"},  {U'Ä', "AE"}, {U'Å', "AA"}, {U'Æ', "AE"}, {U'Ç', "C"},
        {U'È', "E"}, {U'É', "E"}, {U'Ê', "E"}, {U'Ë', "E"},  {U'Ì', "I"},  {U'Í', "I"},  {U'Î', "I"},  {U'Ï', "I"},
        {U'Ð', "D"}, {U'Ñ', "N"}, {U'Ò', "O"}, {U'Ó', "O"},  {U'Ô', "O"},  {U'Õ', "O"},  {U'Ö', "OE"}, {U'Ø', "OE"},
        {U'Ù', "U"}, {U'Ú', "U"}, {U'Û', "U"}, {U'Ü', "UE"}, {U'Ý', "Y"},  {U'Þ', "TH"}, {U'ß', "SS"}, {U'Ÿ', "Y"},
        {U'Č', "C"}, {U'Š', "S"}, {U'Ž', "Z"}, {U'Ł', "L"},  {U'Ś', "S"},  {U'Ź', "Z"},  {U'Ż', "Z"},  {U'Ń', "N"},
        {U'Ę', "E"}, {U'Ą', "A"}, {U'Ć', "C"}, {U'Ő', "O"},  {U'Ű', "U"},  {U'Ğ', "G"},  {U'Ş', "S"},  {U'İ', "I"},
        {U'č', "C"}, {U'š', "S"}, {U'ž', "Z"}, {U'ł', "L"},  {U'ś', "S"},  {U'ź', "Z"},  {U'ż', "Z"},  {U'ń', "N"},
        {U'ę', "E"}, {U'ą', "A"}, {U'ć', "C"}, {U'ő', "O"},  {U'ű', "U"},  {U'ğ', "G"},  {U'ş', "S"},  {U'ı', "I"},
    };
    std::string out;
    bool space = false;
    auto emit = [&](std::string_view piece) {
        if (space && !out.empty()) {
            out += ' ';
        }
        space = false;
        out += piece;
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        char32_t cp = b;
        std::size_t len = 1;
        if (b >= 0xF0 && i + 3 < s.size()) {
            cp = ((b & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
            len = 4;
        } else if (b >= 0xE0 && i + 2 < s.size()) {
            cp = ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            len = 3;
        } else if (b >= 0xC0 && i + 1 < s.size()) {
            cp = ((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
            len = 2;
        }
        i += len;
        if (cp < 0x80) {
            const char c = static_cast<char>(std::toupper(static_cast<int>(cp)));
            if (c >= 'A' && c <= 'Z') {
                emit(std::string_view(&c, 1));
            } else {
                space = true; // spaces, hyphens, apostrophes separate name parts
            }
            continue;
        }
        // Lower-case Latin-1 letters are 0x20 above their capitals (ß and ÿ aside); Latin Extended-A letters are
        // listed in both cases.
        char32_t upper = cp;
        if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) {
            upper = cp - 0x20;
        }
        if (cp == U'ß') {
            upper = U'ß';
        } else if (cp == U'ÿ') {
            upper = U'Ÿ';
        }
        bool folded = false;
        for (const auto& f : kFolds) {
            if (f.cp == upper) {
                emit(f.ascii);
                folded = true;
                break;
            }
        }
        if (!folded) {
            space = true;
        }
    }
    return out;
}

std::vector<std::string> compareMrz(const MrzData& mrz, const ExpectedDocument& e) {
    std::vector<std::string> mismatches;
    auto differs = [](const std::string& a, const std::string& b) { return !a.empty() && !b.empty() && a != b; };
    std::string expectedNumber;
    for (char c : e.documentNumber) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            expectedNumber += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    if (differs(mrz.documentNumber, expectedNumber)) {
        mismatches.emplace_back("document_number");
    }
    if (differs(mrz.surname, mrzNormaliseName(e.surname))) {
        mismatches.emplace_back("surname");
    }
    // The MRZ may truncate long given names: compare the part it holds.
    const std::string given = mrzNormaliseName(e.givenNames);
    if (!mrz.givenNames.empty() && !given.empty() && !given.starts_with(mrz.givenNames)) {
        mismatches.emplace_back("given_names");
    }
    if (differs(mrz.nationality, e.nationality)) {
        mismatches.emplace_back("nationality");
    }
    if (e.dateOfBirth && !(*e.dateOfBirth == mrz.dateOfBirth)) {
        mismatches.emplace_back("date_of_birth");
    }
    if (e.expiry && !(*e.expiry == mrz.expiry)) {
        mismatches.emplace_back("expiry");
    }
    return mismatches;
}

} // namespace portico::document
