// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/Template.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace portico::face {
namespace {
constexpr std::array<std::uint8_t, 4> kMagic{'P', 'T', 'P', 'L'};

void putU16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v & 0xffu));
    out.push_back(static_cast<std::uint8_t>((v >> 8) & 0xffu));
}
void putU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xffu));
    }
}

class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> bytes) : m_bytes(bytes) {}
    std::size_t pos() const { return m_pos; }
    std::size_t remaining() const { return m_bytes.size() - m_pos; }
    bool has(std::size_t n) const { return remaining() >= n; }
    std::uint16_t u16() {
        const auto v = static_cast<std::uint16_t>(m_bytes[m_pos] | (m_bytes[m_pos + 1] << 8));
        m_pos += 2;
        return v;
    }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            v |= static_cast<std::uint32_t>(m_bytes[m_pos + static_cast<std::size_t>(i)]) << (8 * i);
        }
        m_pos += 4;
        return v;
    }
    std::span<const std::uint8_t> take(std::size_t n) {
        auto s = m_bytes.subspan(m_pos, n);
        m_pos += n;
        return s;
    }

private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_pos = 0;
};

Error truncated(std::string_view what, std::size_t need, std::size_t have) {
    return makeError(ErrorCode::Corrupt, "template truncated: " + std::string(what) + " needs " + std::to_string(need) +
                                             " bytes, " + std::to_string(have) + " left");
}

Status checkVector(const std::vector<float>& values) {
    if (values.empty()) {
        return makeError(ErrorCode::Corrupt, "template has dimension 0");
    }
    double norm2 = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) {
            return makeError(ErrorCode::Corrupt, "template value " + std::to_string(i) + " is NaN or infinite");
        }
        norm2 += static_cast<double>(values[i]) * static_cast<double>(values[i]);
    }
    const double norm = std::sqrt(norm2);
    if (std::abs(norm - 1.0) > static_cast<double>(Template::kNormTolerance)) {
        return makeError(ErrorCode::Corrupt, "template vector not L2-normalised (norm " + std::to_string(norm) + ")");
    }
    return {};
}
} // namespace

Result<Template> Template::create(std::string modelId, ModelDigest digest, std::vector<float> values) {
    if (modelId.empty() || modelId.size() > kMaxModelIdLength) {
        return makeError(ErrorCode::InvalidArgument,
                         "template model id must be 1.." + std::to_string(kMaxModelIdLength) + " bytes");
    }
    if (values.size() > kMaxDimension) {
        return makeError(ErrorCode::InvalidArgument, "template dimension " + std::to_string(values.size()) + " above " +
                                                         std::to_string(kMaxDimension));
    }
    if (auto st = checkVector(values); !st) {
        return st.error();
    }
    Template t;
    t.m_modelId = std::move(modelId);
    t.m_digest = digest;
    t.m_values = std::move(values);
    return t;
}

Result<Template> Template::fromEmbedding(const Embedding& embedding, std::string_view modelSha256Hex) {
    if (modelSha256Hex.size() < 16) {
        return makeError(ErrorCode::InvalidArgument, "model sha256 must have at least 16 hex digits");
    }
    ModelDigest digest{};
    for (std::size_t i = 0; i < digest.size(); ++i) {
        unsigned v = 0;
        for (std::size_t k = 0; k < 2; ++k) {
            const char c = modelSha256Hex[2 * i + k];
            unsigned d = 0;
            if (c >= '0' && c <= '9') {
                d = static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                d = static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                d = static_cast<unsigned>(c - 'A' + 10);
            } else {
                return makeError(ErrorCode::InvalidArgument, "model sha256 is not hex");
            }
            v = v * 16 + d;
        }
        digest[i] = static_cast<std::uint8_t>(v);
    }
    return create(embedding.modelId, digest, embedding.values);
}

std::vector<std::uint8_t> Template::encode() const {
    std::vector<std::uint8_t> out;
    out.reserve(4 + 2 + 2 + m_modelId.size() + 8 + 4 + 4 * m_values.size());
    out.insert(out.end(), kMagic.begin(), kMagic.end());
    putU16(out, kFormatVersion);
    putU16(out, static_cast<std::uint16_t>(m_modelId.size()));
    out.insert(out.end(), m_modelId.begin(), m_modelId.end());
    out.insert(out.end(), m_digest.begin(), m_digest.end());
    putU32(out, static_cast<std::uint32_t>(m_values.size()));
    for (float f : m_values) {
        putU32(out, std::bit_cast<std::uint32_t>(f));
    }
    return out;
}

Result<Template> Template::decode(std::span<const std::uint8_t> bytes) {
    Reader r(bytes);
    if (!r.has(4)) {
        return truncated("magic", 4, r.remaining());
    }
    const auto magic = r.take(4);
    if (!std::equal(magic.begin(), magic.end(), kMagic.begin())) {
        return makeError(ErrorCode::Corrupt, "not a template: wrong magic (expected \"PTPL\")");
    }
    if (!r.has(2)) {
        return truncated("format version", 2, r.remaining());
    }
    const std::uint16_t version = r.u16();
    if (version != kFormatVersion) {
        return makeError(ErrorCode::Unsupported, "template format version " + std::to_string(version) +
                                                     " not supported (this build reads " +
                                                     std::to_string(kFormatVersion) + ")");
    }
    if (!r.has(2)) {
        return truncated("model id length", 2, r.remaining());
    }
    const std::uint16_t idLen = r.u16();
    if (idLen == 0 || idLen > kMaxModelIdLength) {
        return makeError(ErrorCode::Corrupt, "template model id length " + std::to_string(idLen) + " out of range");
    }
    if (!r.has(idLen)) {
        return truncated("model id", idLen, r.remaining());
    }
    const auto idBytes = r.take(idLen);
    std::string modelId(idBytes.begin(), idBytes.end());
    if (!r.has(8)) {
        return truncated("model digest", 8, r.remaining());
    }
    ModelDigest digest{};
    const auto d = r.take(8);
    std::copy(d.begin(), d.end(), digest.begin());
    if (!r.has(4)) {
        return truncated("dimension", 4, r.remaining());
    }
    const std::uint32_t dim = r.u32();
    if (dim == 0 || dim > kMaxDimension) {
        return makeError(ErrorCode::Corrupt, "template dimension " + std::to_string(dim) + " out of range 1.." +
                                                 std::to_string(kMaxDimension));
    }
    const std::size_t need = 4u * dim;
    if (r.remaining() != need) {
        return makeError(ErrorCode::Corrupt, "template dimension mismatch: " + std::to_string(dim) + " floats need " +
                                                 std::to_string(need) + " bytes, found " +
                                                 std::to_string(r.remaining()));
    }
    std::vector<float> values(dim);
    for (auto& v : values) {
        v = std::bit_cast<float>(r.u32());
    }
    return create(std::move(modelId), digest, std::move(values));
}

Result<float> compare(const Template& a, const Template& b) {
    if (a.modelId() != b.modelId() || a.modelDigest() != b.modelDigest()) {
        return makeError(ErrorCode::ModelMismatch,
                         "templates from different models: '" + a.modelId() + "' vs '" + b.modelId() + "'");
    }
    if (a.dimension() != b.dimension() || a.dimension() == 0) {
        return makeError(ErrorCode::ModelMismatch, "template dimensions differ: " + std::to_string(a.dimension()) +
                                                       " vs " + std::to_string(b.dimension()));
    }
    double dot = 0.0;
    for (std::size_t i = 0; i < a.dimension(); ++i) {
        dot += static_cast<double>(a.values()[i]) * static_cast<double>(b.values()[i]);
    }
    return static_cast<float>(dot);
}

} // namespace portico::face
