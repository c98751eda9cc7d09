// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/Mrz.h"

#include <catch2/catch.hpp>

using namespace portico::document;

namespace {
const Date kToday{2026, 11, 23};

// ICAO Doc 9303 specimens (Part 4 Appendix A for TD3, Part 5 for TD1).
const char* kTd3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                   "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
const char* kTd1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n"
                   "7408122F1204159UTO<<<<<<<<<<<6\n"
                   "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";

bool checkOk(const MrzData& d, const std::string& field) {
    for (const auto& c : d.checks) {
        if (c.field == field) {
            return c.ok;
        }
    }
    FAIL("no check named " << field);
    return false;
}
} // namespace

TEST_CASE("check digits follow ICAO 9303 (weights 7,3,1)", "[unit][mrz]") {
    CHECK(mrzCheckDigit("L898902C3") == 6);
    CHECK(mrzCheckDigit("740812") == 2);
    CHECK(mrzCheckDigit("120415") == 9);
    CHECK(mrzCheckDigit("ZE184226B<<<<<") == 1);
    CHECK(mrzCheckDigit("D23145890") == 7);
    CHECK(mrzCheckDigit("<<<") == 0);
    CHECK(mrzCheckDigit("ab") == -1);
}

TEST_CASE("the TD3 specimen parses with every check digit verified", "[unit][mrz]") {
    auto r = parseMrz(kTd3, kToday);
    REQUIRE(r.ok());
    const auto& d = r.value();
    CHECK(d.format == MrzFormat::Td3);
    CHECK(d.documentCode == "P");
    CHECK(d.issuingState == "UTO");
    CHECK(d.surname == "ERIKSSON");
    CHECK(d.givenNames == "ANNA MARIA");
    CHECK(d.documentNumber == "L898902C3");
    CHECK(d.nationality == "UTO");
    CHECK(d.dateOfBirth == Date{1974, 8, 12});
    CHECK(d.sex == 'F');
    CHECK(d.expiry == Date{2012, 4, 15});
    CHECK(d.optionalData == "ZE184226B");
    CHECK(d.checks.size() == 5);
    CHECK(d.allChecksOk());
}

TEST_CASE("the TD1 specimen parses with every check digit verified", "[unit][mrz]") {
    auto r = parseMrz(kTd1, kToday);
    REQUIRE(r.ok());
    const auto& d = r.value();
    CHECK(d.format == MrzFormat::Td1);
    CHECK(d.documentNumber == "D23145890");
    CHECK(d.surname == "ERIKSSON");
    CHECK(d.givenNames == "ANNA MARIA");
    CHECK(d.dateOfBirth == Date{1974, 8, 12});
    CHECK(d.expiry == Date{2012, 4, 15});
    CHECK(d.nationality == "UTO");
    CHECK(d.allChecksOk());
}

TEST_CASE("a single mistyped character fails the right check digits", "[unit][mrz]") {
    std::string typo = kTd3;
    typo[45 + 3] = '9'; // document number L898902C3 -> L899902C3
    auto r = parseMrz(typo, kToday);
    REQUIRE(r.ok());
    CHECK_FALSE(checkOk(r.value(), "document_number"));
    CHECK_FALSE(checkOk(r.value(), "composite"));
    CHECK(checkOk(r.value(), "date_of_birth"));
    CHECK_FALSE(r->allChecksOk());

    std::string dob = kTd1;
    dob[31 + 5] = '3'; // birth day 12 -> 13
    auto r1 = parseMrz(dob, kToday);
    REQUIRE(r1.ok());
    CHECK_FALSE(checkOk(r1.value(), "date_of_birth"));
    CHECK(checkOk(r1.value(), "document_number"));
}

TEST_CASE("typed MRZ text with lower case, spaces and one long line is accepted", "[unit][mrz]") {
    std::string text = "p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<  l898902c36uto 7408122f1204159ze184226b<<<<<10";
    auto r = parseMrz(text, kToday);
    REQUIRE(r.ok());
    CHECK(r->allChecksOk());
    CHECK(r->documentNumber == "L898902C3");
}

TEST_CASE("TD1 long document numbers continue in the optional data", "[unit][mrz]") {
    const std::string number = "D23145890123";
    const char check = static_cast<char>('0' + mrzCheckDigit(number));
    std::string l1 = "I<UTO" + number.substr(0, 9) + "<" + number.substr(9) + check;
    l1.resize(30, '<');
    std::string l2 = "7408122F1204159UTO<<<<<<<<<<<";
    const std::string composite = l1.substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11);
    l2 += static_cast<char>('0' + mrzCheckDigit(composite));
    auto r = parseMrz(l1 + "\n" + l2 + "\nERIKSSON<<ANNA<MARIA<<<<<<<<<<", kToday);
    REQUIRE(r.ok());
    CHECK(r->documentNumber == number);
    CHECK(r->allChecksOk());
}

TEST_CASE("two-digit birth years never land in the future", "[unit][mrz]") {
    std::string l2 = "L898902C36UTO2501012F1204159ZE184226B<<<<<10"; // born 2025-01-01
    auto young = parseMrz(std::string("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n") + l2, kToday);
    REQUIRE(young.ok());
    CHECK(young->dateOfBirth.year == 2025);
    l2.replace(13, 6, "300101");
    auto old = parseMrz(std::string("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n") + l2, kToday);
    REQUIRE(old.ok());
    CHECK(old->dateOfBirth.year == 1930);
}

TEST_CASE("malformed MRZ text is refused with a clear error", "[unit][mrz]") {
    const char* bad[] = {
        "",
        "P<UTOERIKSSON",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7413122F1204159ZE184226B<<<<<10", // month 13
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7402302F1204159ZE184226B<<<<<10", // 30 Feb
        "P<UTOÉRIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "X<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    };
    for (const char* text : bad) {
        INFO(text);
        auto r = parseMrz(text, kToday);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == portico::ErrorCode::InvalidArgument);
        CHECK_THAT(r.error().detail, Catch::StartsWith("MRZ: "));
    }
}

TEST_CASE("manifest names fold to the MRZ's letters", "[unit][mrz]") {
    CHECK(mrzNormaliseName("García López") == "GARCIA LOPEZ");
    CHECK(mrzNormaliseName("Müller-Lüdenscheidt") == "MUELLER LUEDENSCHEIDT");
    CHECK(mrzNormaliseName("O'Brien") == "O BRIEN");
    CHECK(mrzNormaliseName("Łukasz Żółć") == "LUKASZ ZOLC");
    CHECK(mrzNormaliseName("  anna   maría ") == "ANNA MARIA");
}

TEST_CASE("MRZ fields that disagree with the manifest are named", "[unit][mrz]") {
    auto mrz = parseMrz(kTd3, kToday);
    REQUIRE(mrz.ok());
    ExpectedDocument same{"L898902C3", "Eriksson", "Anna María", "UTO", Date{1974, 8, 12}, Date{2012, 4, 15}};
    CHECK(compareMrz(mrz.value(), same).empty());

    ExpectedDocument other = same;
    other.documentNumber = "L898902C4";
    other.dateOfBirth = Date{1974, 8, 13};
    other.surname = "Erikson";
    const auto diff = compareMrz(mrz.value(), other);
    CHECK(diff == std::vector<std::string>{"document_number", "surname", "date_of_birth"});

    ExpectedDocument unknown; // nothing known in the manifest: nothing to flag
    CHECK(compareMrz(mrz.value(), unknown).empty());
}

TEST_CASE("a digit in the name field is refused as a misread", "[unit][mrz]") {
    // Found by fuzz_mrz: "ANNA<MARIA<<<<<<5" read as given names "ANNA MARIA 5", which no manifest name can match.
    auto td1 = parseMrz("I<UTOD231458907<<<<<<<<<<<<<<<\n"
                        "7408122F1204159UTO<<<<<<<<<<<6\n"
                        "ERIKSSON<<ANNA<MARIA<<<<<<5<<<",
                        kToday);
    REQUIRE_FALSE(td1.ok());
    CHECK(td1.error().code == portico::ErrorCode::InvalidArgument);
    CHECK_THAT(td1.error().detail, Catch::Matchers::Contains("name"));
    auto td3 = parseMrz("P<UTOERIKS5ON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
                        kToday);
    REQUIRE_FALSE(td3.ok());
    CHECK(td3.error().code == portico::ErrorCode::InvalidArgument);
    // The specimen itself still parses.
    CHECK(parseMrz(kTd1, kToday).ok());
}
