// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: face template decoding. A template that decodes must re-encode to the same bytes.
#include "face/Template.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using portico::face::Template;
    auto t = Template::decode(std::span<const std::uint8_t>(data, size));
    if (t) {
        const auto bytes = t->encode();
        if (bytes.size() != size || !std::equal(bytes.begin(), bytes.end(), data))
            std::abort();
        auto self = portico::face::compare(*t, *t);
        if (!self || !(*self > 0.99f && *self < 1.01f))
            std::abort();
    }
    return 0;
}
