// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/TfjsWeights.h"

#include "face/ModelStore.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

namespace portico::face {
namespace {

// IEEE 754 half → float, including subnormals, infinities and NaN.
float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = (h & 0x8000u) << 16;
    std::uint32_t exponent = (h >> 10) & 0x1Fu;
    std::uint32_t mantissa = h & 0x3FFu;
    std::uint32_t bits = 0;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {
            exponent = 127 - 15 + 1;
            while ((mantissa & 0x400u) == 0) {
                mantissa <<= 1;
                --exponent;
            }
            mantissa &= 0x3FFu;
            bits = sign | (exponent << 23) | (mantissa << 13);
        }
    } else if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float out = 0.f;
    std::memcpy(&out, &bits, sizeof out);
    return out;
}

struct Spec {
    std::string name;
    std::vector<int> shape;
    std::string dtype;       // declared dtype
    std::string storedDtype; // dtype of the bytes in the file
    bool quantized = false;
    double scale = 1.0;
    double min = 0.0;
};

Error invalid(std::string detail) {
    return makeError(ErrorCode::ModelInvalid, std::move(detail));
}

Result<std::size_t> bytesPerElement(const Spec& spec) {
    const std::string& t = spec.storedDtype;
    if (t == "float32" || t == "int32")
        return std::size_t{4};
    if (t == "uint16" || t == "float16")
        return std::size_t{2};
    if (t == "uint8" || t == "bool")
        return std::size_t{1};
    return invalid("tensor '" + spec.name + "': unsupported dtype '" + t + "'");
}

Result<std::vector<unsigned char>> readFile(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return makeError(ErrorCode::ModelMissing, path.string() + ": file not found");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::IoError, path.string() + ": cannot open");
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        return makeError(ErrorCode::IoError, path.string() + ": read error");
    return bytes;
}

Result<Spec> parseSpec(const nlohmann::json& w) {
    Spec spec;
    if (!w.is_object() || !w.contains("name") || !w["name"].is_string())
        return invalid("weights entry without a name");
    spec.name = w["name"].get<std::string>();
    if (!w.contains("shape") || !w["shape"].is_array())
        return invalid("tensor '" + spec.name + "': missing shape");
    for (const auto& d : w["shape"]) {
        if (!d.is_number_integer() || d.get<long long>() < 0 || d.get<long long>() > (1 << 28))
            return invalid("tensor '" + spec.name + "': bad dimension in shape");
        spec.shape.push_back(d.get<int>());
    }
    if (w.contains("dtype") && !w["dtype"].is_string())
        return invalid("tensor '" + spec.name + "': dtype is not a string");
    spec.dtype = w.contains("dtype") ? w["dtype"].get<std::string>() : std::string("float32");
    if (spec.dtype != "float32" && spec.dtype != "int32" && spec.dtype != "bool")
        return invalid("tensor '" + spec.name + "': unsupported dtype '" + spec.dtype + "'");
    spec.storedDtype = spec.dtype;
    if (w.contains("quantization") && !w["quantization"].is_null()) {
        const auto& q = w["quantization"];
        if (!q.is_object() || !q.contains("dtype") || !q["dtype"].is_string())
            return invalid("tensor '" + spec.name + "': malformed quantization entry");
        spec.storedDtype = q["dtype"].get<std::string>();
        spec.quantized = true;
        if (spec.storedDtype == "uint8" || spec.storedDtype == "uint16") {
            if (!q.contains("scale") || !q["scale"].is_number() || !q.contains("min") || !q["min"].is_number())
                return invalid("tensor '" + spec.name + "': quantization without scale/min");
            spec.scale = q["scale"].get<double>();
            spec.min = q["min"].get<double>();
        } else if (spec.storedDtype != "float16") {
            return invalid("tensor '" + spec.name + "': unsupported quantization dtype '" + spec.storedDtype + "'");
        }
    }
    return spec;
}

std::size_t countOf(const std::vector<int>& shape) {
    std::size_t n = 1;
    for (int d : shape)
        n *= static_cast<std::size_t>(d);
    return n;
}

/// Element count of a shape, or nothing when count × bytesPerElement does not fit in size_t.
std::optional<std::size_t> checkedCount(const std::vector<int>& shape, std::size_t bytesPerElement) {
    if (std::find(shape.begin(), shape.end(), 0) != shape.end()) {
        return std::size_t{0};
    }
    std::size_t n = 1;
    const std::size_t limit = std::numeric_limits<std::size_t>::max() / bytesPerElement;
    for (int d : shape) {
        if (n > limit / static_cast<std::size_t>(d)) {
            return std::nullopt;
        }
        n *= static_cast<std::size_t>(d);
    }
    return n;
}

void decode(const Spec& spec, const unsigned char* data, std::size_t count, std::vector<float>& out) {
    out.resize(count);
    const bool isInt = spec.dtype == "int32";
    auto finish = [&](double v) { return static_cast<float>(isInt ? std::round(v) : v); };
    const std::string& t = spec.storedDtype;
    for (std::size_t i = 0; i < count; ++i) {
        double v = 0.0;
        if (t == "float32") {
            float f = 0.f;
            std::memcpy(&f, data + 4 * i, 4);
            v = f;
        } else if (t == "int32") {
            std::int32_t k = 0;
            std::memcpy(&k, data + 4 * i, 4);
            v = k;
        } else if (t == "uint8" || t == "bool") {
            v = data[i];
        } else if (t == "uint16") {
            std::uint16_t k = 0;
            std::memcpy(&k, data + 2 * i, 2);
            v = k;
        } else if (t == "float16") {
            std::uint16_t k = 0;
            std::memcpy(&k, data + 2 * i, 2);
            v = halfToFloat(k);
        }
        // TF.js dequantises as q * scale + min (tfjs-core io_utils.decodeWeights).
        if (spec.quantized && t != "float16")
            v = v * spec.scale + spec.min;
        out[i] = finish(v);
    }
}

} // namespace

std::size_t TfjsTensor::elementCount() const {
    return countOf(shape);
}

Result<TfjsWeights> TfjsWeights::parse(std::string_view manifestJson, const std::vector<std::string>& shardNames,
                                       const std::vector<std::vector<unsigned char>>& shards) {
    nlohmann::json manifest = nlohmann::json::parse(manifestJson, nullptr, false);
    if (manifest.is_discarded() || !manifest.is_array())
        return invalid("weights manifest is not a JSON array");
    TfjsWeights out;
    std::size_t shardIndex = 0;
    for (const auto& group : manifest) {
        if (!group.is_object() || !group.contains("paths") || !group["paths"].is_array() ||
            !group.contains("weights") || !group["weights"].is_array())
            return invalid("weights manifest group without paths/weights");
        // A group's shards are one byte stream; tensors follow each other in it.
        std::vector<unsigned char> data;
        std::string groupName;
        for (const auto& p : group["paths"]) {
            if (!p.is_string())
                return invalid("weights manifest: shard path is not a string");
            if (shardIndex >= shards.size())
                return invalid("weights manifest names more shards than were given");
            const auto& bytes = shards[shardIndex];
            data.insert(data.end(), bytes.begin(), bytes.end());
            groupName += (groupName.empty() ? "" : "+") +
                         (shardIndex < shardNames.size() ? shardNames[shardIndex] : p.get<std::string>());
            ++shardIndex;
        }
        std::size_t offset = 0;
        for (const auto& w : group["weights"]) {
            auto spec = parseSpec(w);
            if (!spec)
                return spec.error();
            auto bpe = bytesPerElement(*spec);
            if (!bpe)
                return bpe.error();
            // The size check below must not wrap: a shape whose byte size overflows size_t is refused here.
            const auto count = checkedCount(spec->shape, *bpe);
            if (!count) {
                return invalid(groupName + ": tensor '" + spec->name + "' has a shape too large to address");
            }
            const std::size_t bytes = *count * *bpe;
            if (offset + bytes > data.size()) {
                std::ostringstream msg;
                msg << groupName << ": truncated at tensor '" << spec->name << "': needs bytes " << offset << ".."
                    << offset + bytes << " (" << bytes << " bytes), found " << data.size() << " bytes in total";
                return invalid(msg.str());
            }
            TfjsTensor tensor;
            tensor.name = spec->name;
            tensor.shape = spec->shape;
            tensor.dtype = spec->dtype == "bool" ? "int32" : spec->dtype;
            decode(*spec, data.data() + offset, *count, tensor.values);
            offset += bytes;
            out.m_tensors.push_back(std::move(tensor));
        }
        if (offset != data.size()) {
            std::ostringstream msg;
            msg << groupName << ": size mismatch: the manifest describes " << offset << " bytes, found " << data.size()
                << " bytes (" << (data.size() > offset ? "oversized" : "short") << ")";
            return invalid(msg.str());
        }
    }
    if (shardIndex != shards.size())
        return invalid("weights manifest names fewer shards than were given");
    return out;
}

Result<TfjsWeights> TfjsWeights::load(const std::filesystem::path& manifest) {
    auto text = readFile(manifest);
    if (!text)
        return text.error();
    const std::string json(text->begin(), text->end());
    nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_array())
        return invalid(manifest.string() + ": not a TF.js weights manifest (JSON array expected)");
    std::vector<std::string> names;
    std::vector<std::vector<unsigned char>> shards;
    for (const auto& group : parsed) {
        if (!group.is_object() || !group.contains("paths") || !group["paths"].is_array())
            return invalid(manifest.string() + ": group without paths");
        for (const auto& p : group["paths"]) {
            if (!p.is_string())
                return invalid(manifest.string() + ": shard path is not a string");
            const std::filesystem::path rel(p.get<std::string>());
            if (rel.is_absolute() || rel.string().find("..") != std::string::npos)
                return invalid(manifest.string() + ": shard path '" + rel.string() + "' leaves the model folder");
            const auto shardPath = manifest.parent_path() / rel;
            auto bytes = readFile(shardPath);
            if (!bytes)
                return bytes.error();
            names.push_back(shardPath.filename().string());
            shards.push_back(std::move(*bytes));
        }
    }
    auto weights = parse(json, names, shards);
    if (!weights) {
        Error e = weights.error();
        e.detail = manifest.filename().string() + ": " + e.detail;
        return e;
    }
    weights->m_source = manifest.string();
    return weights;
}

Result<TfjsWeights> TfjsWeights::load(const ModelStore& store, std::string_view alias, std::string_view manifestPath) {
    auto manifest = store.verifiedPath(alias, manifestPath);
    if (!manifest)
        return manifest.error();
    // Verify each shard against the pinned list too, before reading it.
    auto text = readFile(*manifest);
    if (!text)
        return text.error();
    nlohmann::json parsed = nlohmann::json::parse(text->begin(), text->end(), nullptr, false);
    if (parsed.is_array()) {
        const std::string folder = std::filesystem::path(manifestPath).parent_path().generic_string();
        for (const auto& group : parsed) {
            if (!group.is_object() || !group.contains("paths") || !group["paths"].is_array())
                continue;
            for (const auto& p : group["paths"]) {
                if (!p.is_string())
                    continue;
                const std::string rel = folder.empty() ? p.get<std::string>() : folder + "/" + p.get<std::string>();
                auto shard = store.verifiedPath(alias, rel);
                if (!shard)
                    return shard.error();
            }
        }
    }
    return load(*manifest);
}

const TfjsTensor* TfjsWeights::find(std::string_view name) const {
    for (const auto& t : m_tensors) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

Result<const TfjsTensor*> TfjsWeights::get(std::string_view name, const std::vector<int>& expectedShape) const {
    const TfjsTensor* t = find(name);
    auto shapeText = [](const std::vector<int>& s) {
        std::string out = "[";
        for (std::size_t i = 0; i < s.size(); ++i)
            out += (i ? "," : "") + std::to_string(s[i]);
        return out + "]";
    };
    if (!t)
        return invalid(m_source + ": tensor '" + std::string(name) + "' not found");
    if (t->shape != expectedShape)
        return invalid(m_source + ": tensor '" + std::string(name) + "' has shape " + shapeText(t->shape) +
                       ", expected " + shapeText(expectedShape));
    return t;
}

cv::Mat hwioToOihw(const TfjsTensor& filter) {
    CV_Assert(filter.shape.size() == 4);
    const int h = filter.shape[0], w = filter.shape[1], in = filter.shape[2], out = filter.shape[3];
    const int sizes[4] = {out, in, h, w};
    cv::Mat blob(4, sizes, CV_32F);
    float* dst = blob.ptr<float>();
    const float* src = filter.values.data();
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int i = 0; i < in; ++i)
                for (int o = 0; o < out; ++o)
                    dst[((o * in + i) * h + y) * w + x] = src[((y * w + x) * in + i) * out + o];
    return blob;
}

cv::Mat depthwiseToOpenCv(const TfjsTensor& filter) {
    CV_Assert(filter.shape.size() == 4);
    const int h = filter.shape[0], w = filter.shape[1], c = filter.shape[2], m = filter.shape[3];
    const int sizes[4] = {c * m, 1, h, w};
    cv::Mat blob(4, sizes, CV_32F);
    float* dst = blob.ptr<float>();
    const float* src = filter.values.data();
    // TF output channel k = c * m + j.
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int ch = 0; ch < c; ++ch)
                for (int j = 0; j < m; ++j)
                    dst[((ch * m + j) * h + y) * w + x] = src[((y * w + x) * c + ch) * m + j];
    return blob;
}

cv::Mat toRowMat(const TfjsTensor& tensor) {
    cv::Mat row(1, static_cast<int>(tensor.values.size()), CV_32F);
    if (!tensor.values.empty())
        std::memcpy(row.ptr<float>(), tensor.values.data(), tensor.values.size() * sizeof(float));
    return row;
}

} // namespace portico::face
