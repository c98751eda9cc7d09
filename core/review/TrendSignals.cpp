// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/TrendSignals.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace portico::review {

namespace {

// Whole words only, after lower-casing and punctuation removal. "st" is always "street" (never "saint"): the rule
// only has to be consistent, so "St Marys St" and "Saint Marys Street" differ but "St. Mary's St" = "st marys street".
const std::unordered_map<std::string, std::string>& abbreviations() {
    static const std::unordered_map<std::string, std::string> kMap = {
        {"st", "street"},      {"str", "street"},   {"ave", "avenue"},   {"av", "avenue"},     {"rd", "road"},
        {"blvd", "boulevard"}, {"dr", "drive"},     {"ln", "lane"},      {"ct", "court"},      {"pl", "place"},
        {"sq", "square"},      {"hwy", "highway"},  {"pkwy", "parkway"}, {"ter", "terrace"},   {"cir", "circle"},
        {"apt", "apartment"},  {"ste", "suite"},    {"fl", "floor"},     {"bldg", "building"}, {"no", "number"},
        {"n", "north"},        {"s", "south"},      {"e", "east"},       {"w", "west"},        {"ne", "northeast"},
        {"nw", "northwest"},   {"se", "southeast"}, {"sw", "southwest"}, {"mt", "mount"},      {"ft", "fort"},
    };
    return kMap;
}

bool isAsciiAlnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
}

} // namespace

std::string normaliseAddress(std::string_view address) {
    // Apostrophes join ("Mary's" → "marys"); every other ASCII non-alphanumeric separates words.
    std::vector<std::string> words;
    std::string word;
    for (const char ch : address) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\'') {
            continue;
        }
        if (isAsciiAlnum(c) || c >= 0x80) {
            word.push_back(lower(c));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    std::string out;
    for (const auto& w : words) {
        const auto it = abbreviations().find(w);
        if (!out.empty()) {
            out.push_back(' ');
        }
        out += it == abbreviations().end() ? w : it->second;
    }
    return out;
}

std::string normaliseSurname(std::string_view surname) {
    std::string out;
    for (const char ch : surname) {
        const auto c = static_cast<unsigned char>(ch);
        if (isAsciiAlnum(c) || c >= 0x80) {
            out.push_back(lower(c));
        }
    }
    return out;
}

std::vector<AddressTrend> findAddressTrends(const std::vector<manifest::ManifestEntry>& entries,
                                            const TrendOptions& options) {
    struct Item {
        const manifest::ManifestEntry* entry;
        std::string surname;
    };
    std::map<std::string, std::vector<Item>> byAddress;
    for (const auto& e : entries) {
        auto key = normaliseAddress(e.intendedAddress);
        if (key.empty()) {
            continue;
        }
        byAddress[std::move(key)].push_back({&e, normaliseSurname(e.surname)});
    }
    const int k = std::max(1, options.minDistinctSurnames);
    std::vector<AddressTrend> out;
    for (auto& [address, items] : byAddress) {
        std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
            return a.entry->windowStart != b.entry->windowStart ? a.entry->windowStart < b.entry->windowStart
                                                                : a.entry->appointmentId < b.entry->appointmentId;
        });
        std::vector<bool> flagged(items.size(), false);
        int best = 0;
        // Every span that starts at an appointment and reaches as far as the window allows.
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::set<std::string> surnames;
            std::size_t j = i;
            for (; j < items.size() && items[j].entry->windowStart - items[i].entry->windowStart <= options.window;
                 ++j) {
                if (!items[j].surname.empty()) {
                    surnames.insert(items[j].surname);
                }
            }
            const int distinct = static_cast<int>(surnames.size());
            if (distinct >= k) {
                best = std::max(best, distinct);
                std::fill(flagged.begin() + static_cast<std::ptrdiff_t>(i),
                          flagged.begin() + static_cast<std::ptrdiff_t>(j), true);
            }
        }
        if (best == 0) {
            continue;
        }
        AddressTrend t;
        t.normalisedAddress = address;
        t.distinctSurnames = best;
        std::set<std::string> travelers;
        bool first = true;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!flagged[i]) {
                continue;
            }
            const auto& e = *items[i].entry;
            t.appointmentIds.push_back(e.appointmentId);
            travelers.insert(e.travelerId.empty() ? "appointment:" + e.appointmentId : e.travelerId);
            if (first) {
                t.firstWindowStart = e.windowStart;
                first = false;
            }
            t.lastWindowStart = e.windowStart;
        }
        t.travelers = static_cast<int>(travelers.size());
        out.push_back(std::move(t));
    }
    return out;
}

Result<std::vector<AddressTrend>> TrendSignals::list(const auth::Session& session, const std::string& port,
                                                     const TrendOptions& options) {
    const std::string actor = session.username.empty() ? "unknown" : session.username;
    if (session.role != auth::Role::Supervisor || session.username.empty()) {
        const nlohmann::json details = {{"attempt", "trends"}, {"role", std::string(auth::roleName(session.role))}};
        if (auto s = m_audit.append({m_clock.now(), actor, "review.forbidden", port, details.dump()}); !s) {
            return s.error();
        }
        return makeError(session.username.empty() ? ErrorCode::Unauthorized : ErrorCode::Forbidden,
                         "the trend signal is for supervisors only");
    }
    if (options.minDistinctSurnames < 1 || options.window.count() < 0) {
        return makeError(ErrorCode::InvalidArgument, "K must be at least 1 and the window not negative");
    }
    auto entries = m_manifests.entries(port);
    if (!entries) {
        return entries.error();
    }
    auto trends = findAddressTrends(*entries, options);
    std::size_t appointments = 0;
    for (const auto& t : trends) {
        appointments += t.appointmentIds.size();
    }
    const nlohmann::json details = {{"k", options.minDistinctSurnames},
                                    {"window_days", options.window.count()},
                                    {"addresses", trends.size()},
                                    {"appointments", appointments}};
    if (auto s = m_audit.append({m_clock.now(), actor, "review.trends.view", port, details.dump()}); !s) {
        return s.error();
    }
    return trends;
}

} // namespace portico::review
