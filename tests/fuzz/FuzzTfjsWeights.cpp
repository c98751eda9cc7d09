// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the TF.js weights manifest parser and dequantiser. Input: the manifest JSON, a NUL byte, then
// the bytes of the (single) shard. Without a NUL the whole input is the manifest and there is no shard.
#include "face/TfjsWeights.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using portico::face::TfjsWeights;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto nul = input.find('\0');
    const std::string_view json = input.substr(0, nul);
    std::vector<std::string> names;
    std::vector<std::vector<unsigned char>> shards;
    if (nul != std::string_view::npos) {
        names.emplace_back("shard.bin");
        shards.emplace_back(data + nul + 1, data + size);
    }
    auto weights = TfjsWeights::parse(json, names, shards);
    if (weights) {
        std::size_t total = 0;
        for (const auto& t : weights->tensors()) {
            if (t.values.size() != t.elementCount())
                std::abort();
            total += t.values.size();
        }
        // Every value came from at least one byte of the shard.
        if (total > size)
            std::abort();
    }
    return 0;
}
