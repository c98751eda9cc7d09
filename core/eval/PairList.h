// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace portico::eval {

/// @brief One image of a dataset: identity folder and integer number.
struct ImageRef {
    std::string identity;
    int number = 0;
    auto operator<=>(const ImageRef&) const = default;
};

/// @brief A verification pair.
struct Pair {
    ImageRef a;
    ImageRef b;
    bool genuine = false;
};

/// @brief A folder-per-identity dataset: `DIR/<identity>/<n>.jpg` (also .jpeg, .png; `n` may be zero-padded), or
/// LFW's own file names, `DIR/<identity>/<identity>_<nnnn>.jpg`.
class Dataset {
public:
    /// @brief Scan @p dir; NotFound when it does not exist, InvalidArgument when it holds no such image or two
    /// files of one identity carry the same number (`1.jpg` and `0001.png`).
    static Result<Dataset> scan(const std::filesystem::path& dir);

    const std::map<ImageRef, std::filesystem::path>& images() const { return m_images; }
    bool contains(const ImageRef& ref) const { return m_images.count(ref) != 0; }

    /// @brief Every genuine pair (same identity, n1 < n2) and @p impostorCount impostor pairs drawn with a seeded
    /// generator (distinct identities, no duplicate pair).
    std::vector<Pair> defaultPairs(std::size_t impostorCount, std::uint64_t seed) const;

private:
    std::map<ImageRef, std::filesystem::path> m_images;
};

/// @brief Parse LFW `pairs.txt`: first line `folds count` (or just `count`), then `name n1 n2` (genuine) and
/// `name1 n1 name2 n2` (impostor) lines, tab- or space-separated. Corrupt with the line number on bad lines.
Result<std::vector<Pair>> parsePairs(std::string_view text);
/// @brief Read and parse a pairs file.
Result<std::vector<Pair>> readPairs(const std::filesystem::path& path);

/// @brief Identity → group (an age band such as "0-13", or any label) from a groups file: one `identity<TAB>group`
/// or `identity,group` per line; blank lines and lines starting with '#' are skipped. Corrupt (naming the line)
/// when a line has no group, or when one identity is given two different groups.
Result<std::map<std::string, std::string>> parseGroups(std::string_view text);
Result<std::map<std::string, std::string>> readGroups(const std::filesystem::path& path);

} // namespace portico::eval
