// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the manifest signature check and strict parser, as ManifestSync::applyBody feeds them.
// Input: the base64 signature, a newline, then the manifest body. The public key is the one that signed the seed
// corpus (a portico-central data folder), so seeds pass the signature check and mutants exercise both outcomes.
#include "manifest/ManifestParser.h"
#include "manifest/SignatureVerifier.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
constexpr std::string_view kSeedPublicKey = "XnrUgeQ55uB4kFeEEmCFA/MT9PmtrxBcsDkPygRRgf4=";
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto verifier = portico::manifest::SignatureVerifier::fromBase64(kSeedPublicKey);
    if (!verifier)
        std::abort();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const std::string_view signature =
        newline == std::string_view::npos ? std::string_view{} : input.substr(0, newline);
    const std::string_view body = newline == std::string_view::npos ? input : input.substr(newline + 1);

    (void)verifier->verify(body, signature);
    // The parser runs only after a good signature in the product; fuzz it regardless (a signed body from a
    // compromised or buggy server must not crash the station either).
    auto manifest = portico::manifest::parseManifest(body);
    if (manifest && !portico::manifest::isValidUtf8(body))
        std::abort(); // the parser promised to refuse invalid UTF-8
    return 0;
}
