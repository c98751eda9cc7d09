// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/GraphModel.h"

#include "face/ModelStore.h"
#include "face/TfjsWeights.h"
#include "face/detail/DnnBuilder.h"

#include <nlohmann/json.hpp>
#include <opencv2/dnn.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace portico::face {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxNodes = 20000;
// The activations one run may need (every layer's output, from the inferred shapes, before anything is allocated).
// The largest network tried (HSE FaceRes at 224×224) needs 104 MiB; this refuses a model whose shapes would exhaust
// the booth PC's memory.
constexpr std::size_t kMaxActivationBytes = 512u * 1024u * 1024u;
// Padding per side (the input is at most 4096 px a side).
constexpr long long kMaxPadding = 4096;
constexpr std::size_t kMaxModelJsonBytes = 16u * 1024u * 1024u;

std::string base64Decode(std::string_view in) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+' || c == '-')
            return 62;
        if (c == '/' || c == '_')
            return 63;
        return -1;
    };
    std::string out;
    unsigned int buffer = 0;
    int bits = 0;
    for (char c : in) {
        const int v = value(c);
        if (v < 0)
            continue; // padding or whitespace
        buffer = (buffer << 6) | static_cast<unsigned int>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFFu));
        }
    }
    return out;
}

/// One graph node as the translator needs it.
struct Node {
    std::string name;
    std::string op;
    std::vector<std::string> inputs; ///< data inputs, ":0" stripped; control inputs dropped
    const json* attr = nullptr;
};

/// A translated tensor: a network layer (rank as TF sees it) or a constant from the weights.
struct Value {
    int layer = -1;
    int rank = 4;
    const TfjsTensor* constant = nullptr;
};

Error unsupported(const Node& n, const std::string& what) {
    return makeError(ErrorCode::Unsupported, "graph model: node '" + n.name + "' (" + n.op + "): " + what);
}

Error invalid(const std::string& source, const std::string& what) {
    return makeError(ErrorCode::ModelInvalid, source + ": " + what);
}

const json* attrOf(const Node& n, const char* key) {
    if (n.attr == nullptr || !n.attr->is_object())
        return nullptr;
    const auto it = n.attr->find(key);
    return it == n.attr->end() ? nullptr : &*it;
}

std::string attrString(const Node& n, const char* key) {
    const json* a = attrOf(n, key);
    if (a == nullptr || !a->is_object() || !a->contains("s") || !(*a)["s"].is_string())
        return {};
    return base64Decode((*a)["s"].get<std::string>());
}

std::vector<std::string> attrStrings(const Node& n, const char* key) {
    std::vector<std::string> out;
    const json* a = attrOf(n, key);
    if (a == nullptr || !a->is_object() || !a->contains("list"))
        return out;
    const json& list = (*a)["list"];
    if (!list.is_object() || !list.contains("s") || !list["s"].is_array())
        return out;
    for (const auto& s : list["s"])
        if (s.is_string())
            out.push_back(base64Decode(s.get<std::string>()));
    return out;
}

std::vector<long long> attrInts(const Node& n, const char* key) {
    std::vector<long long> out;
    const json* a = attrOf(n, key);
    if (a == nullptr || !a->is_object() || !a->contains("list"))
        return out;
    const json& list = (*a)["list"];
    if (!list.is_object() || !list.contains("i") || !list["i"].is_array())
        return out;
    for (const auto& v : list["i"]) {
        if (v.is_string()) {
            try {
                out.push_back(std::stoll(v.get<std::string>()));
            } catch (const std::exception&) {
                out.push_back(0);
            }
        } else if (v.is_number_integer()) {
            out.push_back(v.get<long long>());
        }
    }
    return out;
}

bool attrBool(const Node& n, const char* key, bool fallback) {
    const json* a = attrOf(n, key);
    if (a == nullptr || !a->is_object() || !a->contains("b") || !(*a)["b"].is_boolean())
        return fallback;
    return (*a)["b"].get<bool>();
}

float attrFloat(const Node& n, const char* key, float fallback) {
    const json* a = attrOf(n, key);
    if (a == nullptr || !a->is_object() || !a->contains("f") || !(*a)["f"].is_number())
        return fallback;
    return (*a)["f"].get<float>();
}

// An integer constant (axes, paddings, shapes), or nothing when a value is not a whole number within ±2^24 (NaN,
// infinities and huge floats would be undefined behaviour to convert; 2^24 is where float stops being exact).
std::optional<std::vector<long long>> constInts(const TfjsTensor& t) {
    constexpr float kLimit = 16777216.f;
    std::vector<long long> out;
    out.reserve(t.values.size());
    for (float v : t.values) {
        if (!std::isfinite(v) || std::fabs(v) > kLimit || v != std::trunc(v))
            return std::nullopt;
        out.push_back(static_cast<long long>(v));
    }
    return out;
}

class Translator {
public:
    Translator(const TfjsWeights& weights, std::string source) : m_weights(weights), m_source(std::move(source)) {}

    Status translate(const std::vector<const Node*>& order) {
        for (const Node* n : order) {
            auto st = node(*n);
            if (!st)
                return st;
        }
        return {};
    }

    cv::dnn::Net& net() { return m_builder.net(); }
    const std::map<std::string, Value>& values() const { return m_values; }
    int inputH = 0, inputW = 0, inputC = 0;
    std::size_t translated = 0;

private:
    Result<Value> value(const Node& n, std::size_t index) {
        if (index >= n.inputs.size())
            return unsupported(n, "missing input " + std::to_string(index));
        const auto it = m_values.find(n.inputs[index]);
        if (it == m_values.end())
            return unsupported(n, "input '" + n.inputs[index] + "' was not translated");
        return it->second;
    }

    Result<Value> tensorInput(const Node& n, std::size_t index) {
        auto v = value(n, index);
        if (!v)
            return v;
        if (v->layer < 0)
            return unsupported(n, "input " + std::to_string(index) + " must be computed, not a constant");
        return v;
    }

    Result<const TfjsTensor*> constInput(const Node& n, std::size_t index) {
        auto v = value(n, index);
        if (!v)
            return v.error();
        if (v->constant == nullptr)
            return unsupported(n, "input " + std::to_string(index) + " must be a constant");
        return v->constant;
    }

    int add(cv::dnn::LayerParams& lp, const std::vector<int>& inputs) {
        const int id = net().addLayer(lp.name, lp.type, lp);
        for (std::size_t i = 0; i < inputs.size(); ++i)
            net().connect(inputs[i], 0, id, static_cast<int>(i));
        return id;
    }

    int simple(const std::string& name, const std::string& type, int input) {
        cv::dnn::LayerParams lp;
        lp.name = name;
        lp.type = type;
        return add(lp, {input});
    }

    int power(const std::string& name, int input, float scale, float shift, float pw = 1.f) {
        cv::dnn::LayerParams lp;
        lp.name = name;
        lp.type = "Power";
        lp.set("power", pw);
        lp.set("scale", scale);
        lp.set("shift", shift);
        return add(lp, {input});
    }

    int clamp(const std::string& name, int input, float lo, float hi) {
        cv::dnn::LayerParams lp;
        lp.name = name;
        lp.type = "ReLU6";
        lp.set("min_value", lo);
        lp.set("max_value", hi);
        return add(lp, {input});
    }

    int scale(const std::string& name, int input, const cv::Mat& weights, const cv::Mat& bias) {
        cv::dnn::LayerParams lp;
        lp.name = name;
        lp.type = "Scale";
        lp.set("axis", 1);
        lp.set("bias_term", !bias.empty());
        lp.blobs.push_back(weights.reshape(1, 1).clone());
        if (!bias.empty())
            lp.blobs.push_back(bias.reshape(1, 1).clone());
        return add(lp, {input});
    }

    int flattenTfOrder(const std::string& name, const Value& in) {
        int id = in.layer;
        if (in.rank == 4) {
            cv::dnn::LayerParams lp;
            lp.name = name + "/portico_nhwc";
            lp.type = "Permute";
            const int order[4] = {0, 2, 3, 1};
            lp.set("order", cv::dnn::DictValue::arrayInt(order, 4));
            id = add(lp, {id});
        }
        cv::dnn::LayerParams lp;
        lp.name = name;
        lp.type = "Flatten";
        lp.set("axis", 1);
        return add(lp, {id});
    }

    Result<int> activation(const Node& n, const std::string& op, int input, std::size_t extraArg) {
        const std::string name = n.name + "/portico_" + op;
        if (op == "Relu")
            return simple(name, "ReLU", input);
        if (op == "Relu6")
            return clamp(name, input, 0.f, 6.f);
        if (op == "Elu")
            return simple(name, "ELU", input);
        if (op == "Sigmoid")
            return simple(name, "Sigmoid", input);
        if (op == "LeakyRelu") {
            cv::dnn::LayerParams lp;
            lp.name = name;
            lp.type = "ReLU";
            lp.set("negative_slope", attrFloat(n, "leakyrelu_alpha", 0.2f));
            return add(lp, {input});
        }
        if (op == "Prelu") {
            auto alpha = constInput(n, extraArg);
            if (!alpha)
                return alpha.error();
            cv::dnn::LayerParams lp;
            lp.name = name;
            lp.type = "PReLU";
            lp.blobs.push_back(toRowMat(**alpha));
            return add(lp, {input});
        }
        return unsupported(n, "fused activation '" + op + "'");
    }

    Result<std::vector<int>> stride(const Node& n) {
        const auto strides = attrInts(n, "strides");
        if (strides.size() != 4 || strides[0] != 1 || strides[3] != 1 || strides[1] < 1 || strides[1] > 16 ||
            strides[2] < 1 || strides[2] > 16)
            return unsupported(n, "strides must be [1, s, s, 1]");
        return std::vector<int>{static_cast<int>(strides[1]), static_cast<int>(strides[2])};
    }

    Status conv(const Node& n, bool depthwise, bool fused) {
        auto x = tensorInput(n, 0);
        if (!x)
            return x.error();
        auto filter = constInput(n, 1);
        if (!filter)
            return filter.error();
        const TfjsTensor& f = **filter;
        if (f.shape.size() != 4)
            return unsupported(n, "filter must be 4-d");
        const auto s = stride(n);
        if (!s)
            return s.error();
        if ((*s)[0] != (*s)[1])
            return unsupported(n, "non-square strides");
        for (long long d : attrInts(n, "dilations"))
            if (d != 1)
                return unsupported(n, "dilated convolution");
        const std::string format = attrString(n, "data_format");
        if (!format.empty() && format != "NHWC")
            return unsupported(n, "data_format " + format);
        const std::string padding = attrString(n, "padding");
        detail::Pad pad = detail::Pad::Unknown;
        int input = x->layer;
        if (padding == "SAME") {
            pad = detail::Pad::Same;
        } else if (padding == "VALID") {
            pad = detail::Pad::Valid;
        } else if (padding == "EXPLICIT") {
            const auto p = attrInts(n, "explicit_paddings");
            if (p.size() != 8)
                return unsupported(n, "explicit_paddings must have 8 values");
            input = m_builder.pad(n.name + "/portico_pad", input, static_cast<int>(p[2]), static_cast<int>(p[3]),
                                  static_cast<int>(p[4]), static_cast<int>(p[5]));
            pad = detail::Pad::Valid;
        } else {
            return unsupported(n, "padding '" + padding + "'");
        }
        cv::Mat weights = depthwise ? depthwiseToOpenCv(f) : hwioToOihw(f);
        const int group = depthwise ? f.shape[2] : 1;
        cv::Mat bias;
        std::vector<std::string> post;
        if (fused) {
            const auto ops = attrStrings(n, "fused_ops");
            std::size_t next = 2;
            for (std::size_t i = 0; i < ops.size(); ++i) {
                if (i == 0 && ops[i] == "BiasAdd") {
                    auto b = constInput(n, next++);
                    if (!b)
                        return b.error();
                    if ((*b)->elementCount() != static_cast<std::size_t>(weights.size[0]))
                        return unsupported(n, "bias size does not match the filter");
                    bias = toRowMat(**b);
                } else if (i == 0) {
                    return unsupported(n, "fused op '" + ops[i] + "' before the activation");
                } else {
                    post.push_back(ops[i]);
                }
            }
            if (post.size() > 1)
                return unsupported(n, "more than one fused activation");
            std::size_t alphaIndex = next;
            int id = m_builder.conv(post.empty() ? n.name : n.name + "/portico_conv", input, weights, bias, (*s)[0],
                                    pad, group);
            if (!post.empty()) {
                auto act = activation(n, post.front(), id, alphaIndex);
                if (!act)
                    return act.error();
                id = *act;
            }
            m_values[n.name] = Value{id, 4, nullptr};
            return {};
        }
        m_values[n.name] = Value{m_builder.conv(n.name, input, weights, bias, (*s)[0], pad, group), 4, nullptr};
        return {};
    }

    Status matMul(const Node& n, bool fused) {
        auto x = tensorInput(n, 0);
        if (!x)
            return x.error();
        if (x->rank != 2)
            return unsupported(n, "the data input must be 2-d");
        if (attrBool(n, "transpose_a", false))
            return unsupported(n, "transpose_a");
        auto w = constInput(n, 1);
        if (!w)
            return w.error();
        const TfjsTensor& t = **w;
        if (t.shape.size() != 2)
            return unsupported(n, "weights must be 2-d");
        const bool transposeB = attrBool(n, "transpose_b", false);
        const int k = transposeB ? t.shape[1] : t.shape[0];
        const int outN = transposeB ? t.shape[0] : t.shape[1];
        cv::Mat weights(outN, k, CV_32F);
        for (int o = 0; o < outN; ++o)
            for (int i = 0; i < k; ++i)
                weights.at<float>(o, i) = transposeB ? t.values[static_cast<std::size_t>(o * k + i)]
                                                     : t.values[static_cast<std::size_t>(i * outN + o)];
        cv::Mat bias;
        std::string post;
        std::size_t next = 2;
        if (fused) {
            const auto ops = attrStrings(n, "fused_ops");
            for (std::size_t i = 0; i < ops.size(); ++i) {
                if (i == 0 && ops[i] == "BiasAdd") {
                    auto b = constInput(n, next++);
                    if (!b)
                        return b.error();
                    if ((*b)->elementCount() != static_cast<std::size_t>(outN))
                        return unsupported(n, "bias size does not match the weights");
                    bias = toRowMat(**b);
                } else if (i == 1 && post.empty()) {
                    post = ops[i];
                } else {
                    return unsupported(n, "fused ops");
                }
            }
        }
        cv::dnn::LayerParams lp;
        lp.name = post.empty() ? n.name : n.name + "/portico_dense";
        lp.type = "InnerProduct";
        lp.set("num_output", outN);
        lp.set("bias_term", !bias.empty());
        lp.set("axis", 1);
        lp.blobs.push_back(weights);
        if (!bias.empty())
            lp.blobs.push_back(bias);
        int id = add(lp, {x->layer});
        if (!post.empty()) {
            auto act = activation(n, post, id, next);
            if (!act)
                return act.error();
            id = *act;
        }
        m_values[n.name] = Value{id, 2, nullptr};
        return {};
    }

    Status binary(const Node& n) {
        auto a = value(n, 0);
        if (!a)
            return a.error();
        auto b = value(n, 1);
        if (!b)
            return b.error();
        const std::string& op = n.op;
        const bool isAdd = op == "Add" || op == "AddV2" || op == "BiasAdd";
        if (a->layer >= 0 && b->layer >= 0) {
            cv::dnn::LayerParams lp;
            lp.name = n.name;
            lp.type = "Eltwise";
            if (isAdd) {
                lp.set("operation", "sum");
            } else if (op == "Sub") {
                lp.set("operation", "sum");
                const double coeffs[2] = {1.0, -1.0};
                lp.set("coeff", cv::dnn::DictValue::arrayReal(coeffs, 2));
            } else if (op == "Mul") {
                lp.set("operation", "prod");
            } else if (op == "Maximum") {
                lp.set("operation", "max");
            } else {
                return unsupported(n, "two computed inputs");
            }
            m_values[n.name] = Value{add(lp, {a->layer, b->layer}), std::max(a->rank, b->rank), nullptr};
            return {};
        }
        if (a->layer < 0 && b->layer < 0)
            return unsupported(n, "two constant inputs (not folded)");
        const bool constFirst = a->layer < 0;
        const Value& t = constFirst ? *b : *a;
        const TfjsTensor& c = constFirst ? *a->constant : *b->constant;
        const std::size_t count = c.elementCount();
        if (count == 1 && !c.values.empty()) {
            const float v = c.values.front();
            int id = -1;
            if (isAdd)
                id = power(n.name, t.layer, 1.f, v);
            else if (op == "Sub")
                id = constFirst ? power(n.name, t.layer, -1.f, v) : power(n.name, t.layer, 1.f, -v);
            else if (op == "Mul")
                id = power(n.name, t.layer, v, 0.f);
            else if (op == "Maximum")
                id = v == 0.f ? simple(n.name, "ReLU", t.layer) : clamp(n.name, t.layer, v, FLT_MAX);
            else if (op == "Minimum")
                id = clamp(n.name, t.layer, -FLT_MAX, v);
            else
                return unsupported(n, "with a scalar constant");
            m_values[n.name] = Value{id, t.rank, nullptr};
            return {};
        }
        // Per-channel constant: every dimension but the last is 1.
        bool perChannel = !c.shape.empty() && count == static_cast<std::size_t>(c.shape.back());
        for (std::size_t i = 0; perChannel && i + 1 < c.shape.size(); ++i)
            perChannel = c.shape[i] == 1;
        if (!perChannel)
            return unsupported(n, "constant must be a scalar or per channel");
        const cv::Mat values = toRowMat(c);
        const cv::Mat ones = cv::Mat::ones(values.size(), CV_32F);
        int id = -1;
        if (isAdd)
            id = scale(n.name, t.layer, ones, values);
        else if (op == "Sub")
            id = constFirst ? scale(n.name, t.layer, -ones, values) : scale(n.name, t.layer, ones, -values);
        else if (op == "Mul")
            id = scale(n.name, t.layer, values, cv::Mat());
        else
            return unsupported(n, "with a per-channel constant");
        m_values[n.name] = Value{id, t.rank, nullptr};
        return {};
    }

    Status pool(const Node& n, bool isMax) {
        auto x = tensorInput(n, 0);
        if (!x)
            return x.error();
        const auto k = attrInts(n, "ksize");
        if (k.size() != 4 || k[0] != 1 || k[3] != 1 || k[1] < 1 || k[2] < 1 || k[1] > 64 || k[2] > 64)
            return unsupported(n, "ksize must be [1, h, w, 1]");
        const auto s = stride(n);
        if (!s)
            return s.error();
        const std::string padding = attrString(n, "padding");
        if (padding != "SAME" && padding != "VALID")
            return unsupported(n, "padding '" + padding + "'");
        cv::dnn::LayerParams lp;
        lp.name = n.name;
        lp.type = "Pooling";
        lp.set("pool", isMax ? "max" : "ave");
        lp.set("kernel_h", static_cast<int>(k[1]));
        lp.set("kernel_w", static_cast<int>(k[2]));
        lp.set("stride_h", (*s)[0]);
        lp.set("stride_w", (*s)[1]);
        lp.set("pad_mode", padding);
        if (!isMax)
            lp.set("ave_pool_padded_area", false); // TF averages over the valid cells only
        m_values[n.name] = Value{add(lp, {x->layer}), 4, nullptr};
        return {};
    }

    Status node(const Node& n) {
        const std::string& op = n.op;
        if (op == "Const") {
            const TfjsTensor* t = m_weights.find(n.name);
            if (t == nullptr)
                return invalid(m_source, "constant '" + n.name + "' is not in the weights");
            m_values[n.name] = Value{-1, static_cast<int>(t->shape.size()), t};
            return {};
        }
        ++translated;
        if (op == "Placeholder") {
            if (inputC != 0)
                return unsupported(n, "more than one input");
            const json* shape = attrOf(n, "shape");
            std::vector<long long> dims;
            if (shape != nullptr && shape->is_object() && shape->contains("shape")) {
                const json& s = (*shape)["shape"];
                if (s.is_object() && s.contains("dim") && s["dim"].is_array()) {
                    for (const auto& d : s["dim"]) {
                        long long v = -1;
                        if (d.is_object() && d.contains("size")) {
                            if (d["size"].is_string()) {
                                try {
                                    v = std::stoll(d["size"].get<std::string>());
                                } catch (const std::exception&) {
                                    v = -1;
                                }
                            } else if (d["size"].is_number_integer()) {
                                v = d["size"].get<long long>();
                            }
                        }
                        dims.push_back(v);
                    }
                }
            }
            if (dims.size() != 4 || dims[1] < 1 || dims[2] < 1 || dims[1] > 4096 || dims[2] > 4096 ||
                (dims[3] != 1 && dims[3] != 3))
                return unsupported(n, "the input must be [batch, height, width, 1 or 3 channels] with a fixed size");
            inputH = static_cast<int>(dims[1]);
            inputW = static_cast<int>(dims[2]);
            inputC = static_cast<int>(dims[3]);
            m_values[n.name] = Value{0, 4, nullptr};
            return {};
        }
        if (op == "Identity") {
            auto v = value(n, 0);
            if (!v)
                return v.error();
            m_values[n.name] = *v;
            return {};
        }
        if (op == "Conv2D")
            return conv(n, false, false);
        if (op == "_FusedConv2D")
            return conv(n, false, true);
        if (op == "DepthwiseConv2dNative")
            return conv(n, true, false);
        if (op == "FusedDepthwiseConv2dNative")
            return conv(n, true, true);
        if (op == "MatMul")
            return matMul(n, false);
        if (op == "_FusedMatMul")
            return matMul(n, true);
        if (op == "Add" || op == "AddV2" || op == "BiasAdd" || op == "Sub" || op == "Mul" || op == "Maximum" ||
            op == "Minimum")
            return binary(n);
        if (op == "MaxPool" || op == "AvgPool")
            return pool(n, op == "MaxPool");
        auto x = tensorInput(n, 0);
        if (!x)
            return x.error();
        static const std::map<std::string, std::string> unary = {
            {"Relu", "ReLU"}, {"Abs", "AbsVal"}, {"Sigmoid", "Sigmoid"}, {"Tanh", "TanH"}, {"Elu", "ELU"}};
        if (const auto it = unary.find(op); it != unary.end()) {
            m_values[n.name] = Value{simple(n.name, it->second, x->layer), x->rank, nullptr};
            return {};
        }
        if (op == "Relu6") {
            m_values[n.name] = Value{clamp(n.name, x->layer, 0.f, 6.f), x->rank, nullptr};
            return {};
        }
        if (op == "Softmax") {
            // TF normalises over the last axis: the channel axis, which is axis 1 in NCHW too.
            cv::dnn::LayerParams lp;
            lp.name = n.name;
            lp.type = "Softmax";
            lp.set("axis", 1);
            m_values[n.name] = Value{add(lp, {x->layer}), x->rank, nullptr};
            return {};
        }
        if (op == "Mean") {
            auto axes = constInput(n, 1);
            if (!axes)
                return axes.error();
            auto list = constInts(**axes).value_or(std::vector<long long>{});
            std::sort(list.begin(), list.end());
            if (x->rank != 4 || list != std::vector<long long>{1, 2})
                return unsupported(n, "only the mean over height and width of a 4-d tensor");
            cv::dnn::LayerParams lp;
            lp.name = attrBool(n, "keep_dims", false) ? n.name : n.name + "/portico_pool";
            lp.type = "Pooling";
            lp.set("pool", "ave");
            lp.set("global_pooling", true);
            int id = add(lp, {x->layer});
            int rank = 4;
            if (!attrBool(n, "keep_dims", false)) {
                id = flattenTfOrder(n.name, Value{id, 4, nullptr});
                rank = 2;
            }
            m_values[n.name] = Value{id, rank, nullptr};
            return {};
        }
        if (op == "Pad" || op == "PadV2") {
            auto paddings = constInput(n, 1);
            if (!paddings)
                return paddings.error();
            const auto p = constInts(**paddings).value_or(std::vector<long long>{});
            if (x->rank != 4 || p.size() != 8 || p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0)
                return unsupported(n, "only height and width padding of a 4-d tensor");
            if (std::any_of(p.begin() + 2, p.begin() + 6, [](long long v) { return v < 0 || v > kMaxPadding; }))
                return unsupported(n, "padding outside 0.." + std::to_string(kMaxPadding));
            float fill = 0.f;
            if (op == "PadV2") {
                auto v = constInput(n, 2);
                if (!v)
                    return v.error();
                if ((*v)->values.empty())
                    return unsupported(n, "empty constant value");
                fill = (*v)->values.front();
            }
            const int id = m_builder.pad(n.name, x->layer, static_cast<int>(p[2]), static_cast<int>(p[3]),
                                         static_cast<int>(p[4]), static_cast<int>(p[5]), fill);
            m_values[n.name] = Value{id, 4, nullptr};
            return {};
        }
        if (op == "Reshape") {
            auto shape = constInput(n, 1);
            if (!shape)
                return shape.error();
            const auto dims = constInts(**shape).value_or(std::vector<long long>{});
            if (dims.size() != 2)
                return unsupported(n, "only a reshape to [batch, n]");
            if (x->rank == 2) {
                m_values[n.name] = *x;
                return {};
            }
            m_values[n.name] = Value{flattenTfOrder(n.name, *x), 2, nullptr};
            return {};
        }
        if (op == "Squeeze") {
            auto dims = attrInts(n, "squeeze_dims");
            std::sort(dims.begin(), dims.end());
            if (x->rank != 4 || dims != std::vector<long long>{1, 2})
                return unsupported(n, "only squeezing unit height and width");
            m_values[n.name] = Value{flattenTfOrder(n.name, *x), 2, nullptr};
            return {};
        }
        return unsupported(n, "op not supported");
    }

    const TfjsWeights& m_weights;
    std::string m_source;
    detail::DnnBuilder m_builder;
    std::map<std::string, Value> m_values;
};

std::string cleanInput(const std::string& in) {
    std::string s = in;
    if (const auto colon = s.rfind(':'); colon != std::string::npos && s.substr(colon) == ":0")
        s.erase(colon);
    return s;
}

Result<std::string> readText(const std::filesystem::path& path, std::size_t limit) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return makeError(ErrorCode::NotFound, "cannot open " + path.string());
    std::string text;
    char buffer[65536];
    while (f) {
        f.read(buffer, sizeof buffer);
        text.append(buffer, static_cast<std::size_t>(f.gcount()));
        if (text.size() > limit)
            return invalid(path.string(), "larger than " + std::to_string(limit) + " bytes");
    }
    return text;
}

} // namespace

struct GraphModel::Impl {
    cv::dnn::Net net;
    std::string output;
    std::string outputLayer;
    int outputRank = 2;
    int h = 0, w = 0, c = 0;
    std::size_t translated = 0;
    std::mutex mutex;
};

GraphModel::GraphModel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
GraphModel::GraphModel(GraphModel&&) noexcept = default;
GraphModel& GraphModel::operator=(GraphModel&&) noexcept = default;
GraphModel::~GraphModel() = default;

int GraphModel::inputHeight() const {
    return m_impl->h;
}
int GraphModel::inputWidth() const {
    return m_impl->w;
}
int GraphModel::inputChannels() const {
    return m_impl->c;
}
const std::string& GraphModel::outputName() const {
    return m_impl->output;
}
std::size_t GraphModel::translatedNodes() const {
    return m_impl->translated;
}

Result<GraphModel> GraphModel::fromJson(std::string_view modelJson, const TfjsWeights& weights, std::string_view output,
                                        std::string source) {
    const json doc = json::parse(modelJson.begin(), modelJson.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return invalid(source, "not a JSON object");
    if (!doc.contains("modelTopology") || !doc["modelTopology"].is_object() || !doc["modelTopology"].contains("node") ||
        !doc["modelTopology"]["node"].is_array())
        return invalid(source, "no modelTopology.node list (not a TF.js graph model)");
    const json& list = doc["modelTopology"]["node"];
    if (list.size() > kMaxNodes)
        return invalid(source, "more than " + std::to_string(kMaxNodes) + " nodes");
    std::map<std::string, Node> nodes;
    std::string last;
    for (const auto& j : list) {
        if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("op") ||
            !j["op"].is_string())
            return invalid(source, "a node without name or op");
        Node n;
        n.name = j["name"].get<std::string>();
        n.op = j["op"].get<std::string>();
        if (j.contains("attr"))
            n.attr = &j["attr"];
        if (j.contains("input")) {
            if (!j["input"].is_array())
                return invalid(source, "node '" + n.name + "': input is not a list");
            for (const auto& in : j["input"]) {
                if (!in.is_string())
                    return invalid(source, "node '" + n.name + "': input is not a string");
                const std::string s = in.get<std::string>();
                if (!s.empty() && s.front() == '^')
                    continue; // control dependency
                n.inputs.push_back(cleanInput(s));
            }
        }
        if (n.op != "Const")
            last = n.name;
        if (!nodes.emplace(n.name, std::move(n)).second)
            return invalid(source, "duplicate node '" + j["name"].get<std::string>() + "'");
    }
    const std::string target = output.empty() ? last : std::string(output);
    if (nodes.count(target) == 0)
        return invalid(source, "output node '" + target + "' not found");

    // Topological order of what the output depends on (iterative DFS; cycles are refused).
    std::vector<const Node*> order;
    std::set<std::string> done;
    std::set<std::string> onStack;
    std::vector<std::pair<const Node*, std::size_t>> stack{{&nodes.at(target), 0}};
    onStack.insert(target);
    while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next < node->inputs.size()) {
            const std::string& in = node->inputs[next++];
            if (done.count(in) != 0)
                continue;
            const auto it = nodes.find(in);
            if (it == nodes.end())
                return invalid(source, "node '" + node->name + "' reads unknown node '" + in + "'");
            if (onStack.count(in) != 0)
                return invalid(source, "cycle through node '" + in + "'");
            onStack.insert(in);
            stack.emplace_back(&it->second, 0);
            continue;
        }
        order.push_back(node);
        done.insert(node->name);
        onStack.erase(node->name);
        stack.pop_back();
    }

    auto impl = std::make_unique<Impl>();
    try {
        Translator t(weights, source);
        if (auto st = t.translate(order); !st)
            return st.error();
        if (t.inputC == 0)
            return invalid(source, "the output does not depend on an input");
        const auto& values = t.values();
        const Value& out = values.at(target);
        if (out.layer <= 0)
            return invalid(source, "output node '" + target + "' is not computed from the input");
        impl->net = std::move(t.net());
        impl->outputLayer = impl->net.getLayerNames()[static_cast<std::size_t>(out.layer - 1)];
        impl->outputRank = out.rank;
        impl->h = t.inputH;
        impl->w = t.inputW;
        impl->c = t.inputC;
        impl->translated = t.translated;
        impl->output = target;
        impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        impl->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        // Shapes only, nothing allocated; sizes summed in 64 bits (OpenCV's own estimate overflows int).
        std::vector<int> layerIds;
        std::vector<std::vector<cv::dnn::MatShape>> inShapes;
        std::vector<std::vector<cv::dnn::MatShape>> outShapes;
        impl->net.getLayersShapes(cv::dnn::MatShape{1, t.inputC, t.inputH, t.inputW}, layerIds, inShapes, outShapes);
        std::uint64_t activationBytes = 0;
        for (const auto& outs : outShapes) {
            for (const auto& shape : outs) {
                std::uint64_t n = sizeof(float);
                for (int d : shape)
                    n *= static_cast<std::uint64_t>(std::max(d, 0));
                activationBytes += n;
            }
        }
        if (activationBytes > kMaxActivationBytes)
            return invalid(source, "one run would need " + std::to_string(activationBytes >> 20) +
                                       " MiB of activations (limit " + std::to_string(kMaxActivationBytes >> 20) +
                                       " MiB)");
    } catch (const cv::Exception& e) {
        return invalid(source, std::string("building the network failed: ") + e.what());
    }
    GraphModel model(std::move(impl));
    // One run on a blank input proves every layer accepts its input shapes.
    const cv::Mat blank(model.m_impl->h, model.m_impl->w, CV_32FC(model.m_impl->c), cv::Scalar::all(0));
    if (auto probe = model.run(blank); !probe)
        return invalid(source, "the translated network does not run: " + probe.error().detail);
    return model;
}

namespace {
// The shard file names a model.json's weightsManifest lists, in order.
Result<std::vector<std::string>> shardNames(const json& doc, const std::string& source) {
    if (!doc.is_object() || !doc.contains("weightsManifest") || !doc["weightsManifest"].is_array())
        return invalid(source, "no weightsManifest (not a TF.js graph model)");
    std::vector<std::string> names;
    for (const auto& group : doc["weightsManifest"]) {
        if (!group.is_object() || !group.contains("paths") || !group["paths"].is_array())
            return invalid(source, "a weights group without paths");
        for (const auto& p : group["paths"]) {
            if (!p.is_string())
                return invalid(source, "a shard path is not a string");
            names.push_back(p.get<std::string>());
        }
    }
    return names;
}
} // namespace

Result<GraphModel> GraphModel::load(const ModelStore& store, std::string_view alias, std::string_view modelJsonPath,
                                    std::string_view output) {
    auto path = store.verifiedPath(alias, modelJsonPath);
    if (!path)
        return path.error();
    auto text = readText(*path, kMaxModelJsonBytes);
    if (!text)
        return text.error();
    const json doc = json::parse(text->begin(), text->end(), nullptr, false);
    if (doc.is_discarded())
        return invalid(path->string(), "not a JSON object");
    auto names = shardNames(doc, path->string());
    if (!names)
        return names.error();
    const std::string folder = std::filesystem::path(modelJsonPath).parent_path().generic_string();
    std::vector<std::vector<unsigned char>> shards;
    for (const auto& name : *names) {
        auto shard = store.verifiedPath(alias, folder.empty() ? name : folder + "/" + name);
        if (!shard)
            return shard.error();
        auto bytes = readText(*shard, 512u * 1024u * 1024u);
        if (!bytes)
            return bytes.error();
        shards.emplace_back(bytes->begin(), bytes->end());
    }
    return fromModelJson(*text, shards, output, path->string());
}

Result<GraphModel> GraphModel::fromModelJson(std::string_view modelJson,
                                             const std::vector<std::vector<unsigned char>>& shards,
                                             std::string_view output, std::string source) {
    if (modelJson.size() > kMaxModelJsonBytes)
        return invalid(source, "larger than " + std::to_string(kMaxModelJsonBytes) + " bytes");
    const json doc = json::parse(modelJson.begin(), modelJson.end(), nullptr, false);
    if (doc.is_discarded())
        return invalid(source, "not a JSON object");
    auto names = shardNames(doc, source);
    if (!names)
        return names.error();
    if (names->size() != shards.size())
        return invalid(source, "the weightsManifest lists " + std::to_string(names->size()) + " shards, " +
                                   std::to_string(shards.size()) + " given");
    auto weights = TfjsWeights::parse(doc["weightsManifest"].dump(), *names, shards);
    if (!weights)
        return weights.error();
    return fromJson(modelJson, *weights, output, std::move(source));
}

Result<std::vector<float>> GraphModel::run(const cv::Mat& image) const {
    if (image.empty() || image.depth() != CV_32F || image.channels() != m_impl->c || image.rows != m_impl->h ||
        image.cols != m_impl->w)
        return makeError(ErrorCode::InvalidArgument, "graph model '" + m_impl->output + "': input must be " +
                                                         std::to_string(m_impl->w) + "x" + std::to_string(m_impl->h) +
                                                         " with " + std::to_string(m_impl->c) + " float channels");
    try {
        // HWC → NCHW blob, values unchanged (no scaling, no mean, no channel swap).
        const cv::Mat blob = cv::dnn::blobFromImage(image, 1.0, cv::Size(), cv::Scalar(), false, false, CV_32F);
        cv::Mat out;
        {
            std::lock_guard lock(m_impl->mutex);
            m_impl->net.setInput(blob);
            out = m_impl->net.forward(m_impl->outputLayer).clone();
        }
        std::vector<float> values;
        values.reserve(out.total());
        if (m_impl->outputRank == 4 && out.dims == 4) {
            // NCHW → NHWC element order.
            const int c = out.size[1], h = out.size[2], w = out.size[3];
            const float* d = out.ptr<float>();
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x)
                    for (int ch = 0; ch < c; ++ch)
                        values.push_back(d[(static_cast<std::size_t>(ch) * static_cast<std::size_t>(h) +
                                            static_cast<std::size_t>(y)) *
                                               static_cast<std::size_t>(w) +
                                           static_cast<std::size_t>(x)]);
        } else {
            const float* d = out.ptr<float>();
            values.assign(d, d + out.total());
        }
        for (float v : values)
            if (!std::isfinite(v))
                return makeError(ErrorCode::ModelInvalid, "graph model '" + m_impl->output + "': non-finite output");
        return values;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ModelInvalid, "graph model '" + m_impl->output + "': " + e.what());
    }
}

} // namespace portico::face
