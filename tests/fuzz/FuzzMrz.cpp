// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: MRZ parsing (TD1/TD3), check digits, name normalisation and the comparison with a manifest.
#include "document/Mrz.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace portico::document;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Date today{2026, 11, 23};
    auto mrz = parseMrz(text, today);
    if (mrz) {
        if (mrz->format != MrzFormat::Td1 && mrz->format != MrzFormat::Td3)
            std::abort();
        ExpectedDocument expected;
        // A number with inner filler ("L89<UTOER") is not a valid document number; compareMrz rightly reports it
        // as differing from any manifest number (which loses its spaces), so it is left out of the oracle.
        if (mrz->documentNumber.find(' ') == std::string::npos)
            expected.documentNumber = mrz->documentNumber;
        expected.surname = mrz->surname;
        expected.givenNames = mrz->givenNames;
        expected.nationality = mrz->nationality;
        expected.dateOfBirth = mrz->dateOfBirth;
        expected.expiry = mrz->expiry;
        // An MRZ always agrees with the fields read from it.
        if (!compareMrz(*mrz, expected).empty())
            std::abort();
        (void)mrz->allChecksOk();
    }
    (void)mrzCheckDigit(text);
    (void)mrzNormaliseName(text);
    return 0;
}
