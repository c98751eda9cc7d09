// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/Matcher.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <limits>
#include <thread>
#include <utility>

namespace portico::match {

namespace {

/// Extra rows kept by the fp32 scan before the exact re-rank, so fp32 rounding can never change the top k.
constexpr std::size_t kRerankMargin = 8;
/// Rows scored per kernel call (scores stay in L1).
constexpr std::size_t kBlock = 512;

/// The best `capacity` (score, slot) pairs seen so far, kept sorted best first.
class TopList {
public:
    explicit TopList(std::size_t capacity) : m_capacity(capacity) { m_items.reserve(capacity + 1); }

    float worst() const {
        return m_items.size() < m_capacity ? -std::numeric_limits<float>::infinity() : m_items.back().first;
    }

    void offer(float score, std::uint32_t slot) {
        if (m_items.size() == m_capacity) {
            if (!(score > m_items.back().first)) {
                return;
            }
            m_items.pop_back();
        }
        const auto pos =
            std::upper_bound(m_items.begin(), m_items.end(), score,
                             [](float s, const std::pair<float, std::uint32_t>& e) { return s > e.first; });
        m_items.insert(pos, {score, slot});
    }

    const std::vector<std::pair<float, std::uint32_t>>& items() const { return m_items; }

private:
    std::size_t m_capacity;
    std::vector<std::pair<float, std::uint32_t>> m_items;
};

struct ScanJob {
    Isa isa = Isa::Portable;
    const Gallery* gallery = nullptr;
    const float* query = nullptr;
    const std::int8_t* query8 = nullptr;
    float queryScale = 0.f;
    bool int8 = false;
};

void scanRange(const ScanJob& job, std::size_t begin, std::size_t end, TopList& top) {
    float scores[kBlock];
    const Gallery& g = *job.gallery;
    for (std::size_t b = begin; b < end; b += kBlock) {
        const std::size_t n = std::min(kBlock, end - b);
        if (job.int8) {
            ScanKernels::dotI8(job.isa, job.query8, job.queryScale, g.data8() + b * g.stride8(), g.stride8(),
                               g.scales() + b, n, scores);
        } else {
            ScanKernels::dotF32(job.isa, job.query, g.data() + b * g.stride(), g.stride(), n, scores);
        }
        float worst = top.worst();
        for (std::size_t i = 0; i < n; ++i) {
            if (scores[i] > worst) {
                top.offer(scores[i], static_cast<std::uint32_t>(b + i));
                worst = top.worst();
            }
        }
    }
}

double exactDot(const float* a, const float* b, std::size_t dim) {
    double s = 0.0;
    for (std::size_t d = 0; d < dim; ++d) {
        s += static_cast<double>(a[d]) * static_cast<double>(b[d]);
    }
    return s;
}

} // namespace

Matcher::Matcher(Isa isa) : m_isa(isa == Isa::Unknown ? bestIsa() : isa) {}

Result<float> Matcher::score(std::span<const float> a, std::span<const float> b) const {
    if (a.size() != b.size() || a.empty()) {
        return makeError(ErrorCode::InvalidArgument, "templates differ in dimension or are empty");
    }
    std::vector<float> na(a.size());
    std::vector<float> nb(b.size());
    if (auto st = Gallery::normalise(a, na); !st) {
        return st.error();
    }
    if (auto st = Gallery::normalise(b, nb); !st) {
        return st.error();
    }
    return static_cast<float>(exactDot(na.data(), nb.data(), na.size()));
}

Result<std::vector<Candidate>> Matcher::search(const Gallery& gallery, std::span<const float> query,
                                               const SearchOptions& options) const {
    if (query.size() != gallery.dim()) {
        return makeError(ErrorCode::InvalidArgument, "query has " + std::to_string(query.size()) +
                                                         " dimensions, gallery has " + std::to_string(gallery.dim()));
    }
    std::vector<float> q(gallery.stride(), 0.f);
    if (auto st = Gallery::normalise(query, std::span<float>(q.data(), gallery.dim())); !st) {
        return st.error();
    }
    std::vector<Candidate> out;
    const std::size_t n = gallery.size();
    if (n == 0 || options.k == 0) {
        return out;
    }
    try {
        ScanJob job;
        job.isa = m_isa;
        job.gallery = &gallery;
        job.query = q.data();
        job.int8 = options.precision == ScanPrecision::Int8;
        std::vector<std::int8_t> q8;
        std::size_t keep = options.k + kRerankMargin;
        if (job.int8) {
            q8.assign(gallery.stride8(), 0);
            job.queryScale = Gallery::quantise(std::span<const float>(q.data(), gallery.dim()), q8.data());
            job.query8 = q8.data();
            keep = std::max(keep, options.shortlist);
        }
        keep = std::min(keep, n);

        TopList top(keep);
        // A second thread only pays off on galleries far larger than the cost of starting it.
        if (options.threads >= 2 && n >= 16384) {
            const std::size_t half = (n / 2 + kBlock - 1) / kBlock * kBlock;
            TopList top2(keep);
            std::exception_ptr error;
            std::thread worker([&] {
                try {
                    scanRange(job, half, n, top2);
                } catch (...) {
                    error = std::current_exception();
                }
            });
            scanRange(job, 0, half, top);
            worker.join();
            if (error) {
                std::rethrow_exception(error);
            }
            for (const auto& [s, slot] : top2.items()) {
                top.offer(s, slot);
            }
        } else {
            scanRange(job, 0, n, top);
        }

        // Exact re-rank of the short list.
        std::vector<std::pair<double, std::uint32_t>> exact;
        exact.reserve(top.items().size());
        for (const auto& item : top.items()) {
            exact.emplace_back(exactDot(q.data(), gallery.row(item.second), gallery.dim()), item.second);
        }
        std::sort(exact.begin(), exact.end(), [](const auto& a, const auto& b) {
            return a.first > b.first || (a.first == b.first && a.second < b.second);
        });
        const std::size_t k = std::min(options.k, exact.size());
        out.reserve(k);
        for (std::size_t i = 0; i < k; ++i) {
            out.push_back(
                Candidate{gallery.idAt(exact[i].second), exact[i].second, static_cast<float>(exact[i].first)});
        }
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Unknown, std::string("search failed: ") + e.what());
    }
    return out;
}

} // namespace portico::match
