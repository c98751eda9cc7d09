// SPDX-License-Identifier: GPL-3.0-or-later
// Per-stage timings of the three networks on one core (hidden: run with "[.bench]" and read the figures).
#include "FaceNetsFixture.h"
#include "face/ModelStore.h"
#include "face/TinyFaceDetector.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>

using namespace portico;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// A 640×480 frame holding the photo (scaled to fit, centred on grey), like a booth camera frame.
cv::Mat frame640(const cv::Mat& photo) {
    cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(110, 110, 110));
    const double s = std::min(640.0 / photo.cols, 480.0 / photo.rows);
    cv::Mat scaled;
    cv::resize(photo, scaled, cv::Size(), s, s, cv::INTER_AREA);
    scaled.copyTo(frame(cv::Rect((640 - scaled.cols) / 2, (480 - scaled.rows) / 2, scaled.cols, scaled.rows)));
    return frame;
}

// CPU time of this thread: on a shared, loaded machine it is the fairer figure for "one core".
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

} // namespace

TEST_CASE("per-stage time of detect + landmarks + embed on a 640x480 frame, one thread", "[.bench]") {
    const int threads = cv::getNumThreads();
    cv::setNumThreads(1);
    const auto& nets = test::faceNets();
    std::vector<double> det, lmk, emb, total, cpuDet, cpuLmk, cpuEmb, cpuTotal;
    int frames = 0;
    for (const auto& image : test::goldenImages()) {
        if (image.key.rfind("dev/", 0) != 0)
            continue;
        const cv::Mat frame = frame640(test::readGoldenImage(image));
        for (int rep = 0; rep < 5; ++rep) {
            using clock = std::chrono::steady_clock;
            const double c0 = threadCpuMs();
            const auto t0 = clock::now();
            auto faces = nets.detector.detect(frame);
            const auto t1 = clock::now();
            const double c1 = threadCpuMs();
            REQUIRE(faces.ok());
            if (faces->empty())
                break;
            auto lm = nets.landmarks.detect(frame, faces->front().box);
            const auto t2 = clock::now();
            const double c2 = threadCpuMs();
            REQUIRE(lm.ok());
            cv::Mat crop;
            cv::Rect r = cv::Rect(faces->front().box) & cv::Rect(0, 0, frame.cols, frame.rows);
            cv::resize(frame(r), crop, cv::Size(150, 150));
            auto e = nets.embedder.embed(crop);
            const auto t3 = clock::now();
            const double c3 = threadCpuMs();
            REQUIRE(e.ok());
            cpuDet.push_back(c1 - c0);
            cpuLmk.push_back(c2 - c1);
            cpuEmb.push_back(c3 - c2);
            cpuTotal.push_back(c3 - c0);
            auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
            det.push_back(ms(t0, t1));
            lmk.push_back(ms(t1, t2));
            emb.push_back(ms(t2, t3));
            total.push_back(ms(t0, t3));
            ++frames;
        }
    }
    // The tiny face detector (fast mode) on the same frames.
    auto tiny = face::TinyFaceDetector::load(face::ModelStore::pinned(test::modelDir()));
    REQUIRE(tiny.ok());
    std::vector<double> tiny416, tiny320;
    for (const auto& image : test::goldenImages()) {
        if (image.key.rfind("dev/", 0) != 0)
            continue;
        const cv::Mat frame = frame640(test::readGoldenImage(image));
        for (int rep = 0; rep < 5; ++rep) {
            const double c0 = threadCpuMs();
            REQUIRE(tiny->detect(frame, 0.5f, 416).ok());
            const double c1 = threadCpuMs();
            REQUIRE(tiny->detect(frame, 0.5f, 320).ok());
            tiny416.push_back(c1 - c0);
            tiny320.push_back(threadCpuMs() - c1);
        }
    }
    cv::setNumThreads(threads);
    REQUIRE(frames > 10);
    WARN("tiny detector, thread CPU medians: 416 " << median(tiny416) << " ms, 320 " << median(tiny320) << " ms");
    WARN("one thread, " << frames << " frames 640x480: detect " << median(det) << " ms, landmarks " << median(lmk)
                        << " ms, embed " << median(emb) << " ms, total " << median(total)
                        << " ms (wall medians); thread CPU: detect " << median(cpuDet) << ", landmarks "
                        << median(cpuLmk) << ", embed " << median(cpuEmb) << ", total " << median(cpuTotal) << " ms");
}
