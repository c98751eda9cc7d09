// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoKit.h"

#include "common/Log.h"
#include "face/FaceDetector.h"
#include "face/FacePipeline.h"
#include "face/LandmarkDetector.h"
#include "face/Template.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>

namespace portico::demo {
namespace {
constexpr int kRecipeVersion = 3; // bump when the kit's recipe changes, so old kits are rebuilt
constexpr int kPhotoSize = 400;
const cv::Size kFrameSize(640, 480);

cv::Rect squareAround(const cv::Rect2f& box, float scale, const cv::Size& bounds) {
    const float side = std::max(box.width, box.height) * scale;
    const float cx = box.x + box.width / 2.f;
    const float cy = box.y + box.height / 2.f;
    cv::Rect r(static_cast<int>(cx - side / 2.f), static_cast<int>(cy - side / 2.f), static_cast<int>(side),
               static_cast<int>(side));
    return r & cv::Rect(cv::Point(0, 0), bounds);
}

/// The camera's view of a traveler: mirrored, a little warmer and darker than the enrolment photo.
cv::Mat liveVariant(const cv::Mat& photo) {
    cv::Mat flipped;
    cv::flip(photo, flipped, 1);
    cv::Mat out;
    flipped.convertTo(out, -1, 0.92, 6.0);
    return out;
}

/// Rotate the image about the face so the eyes are level, as a document photo would be.
cv::Mat levelled(const cv::Mat& image, const face::FaceBox& box, const face::LandmarkDetector& landmarks) {
    auto points = landmarks.detect(image, box.box);
    if (!points) {
        return image;
    }
    const cv::Point2f l = points->leftEyeCentre();
    const cv::Point2f r = points->rightEyeCentre();
    const double angle = std::atan2(r.y - l.y, r.x - l.x) * 180.0 / CV_PI;
    const cv::Point2f centre(box.box.x + box.box.width / 2.f, box.box.y + box.box.height / 2.f);
    cv::Mat out;
    cv::warpAffine(image, out, cv::getRotationMatrix2D(centre, angle, 1.0), image.size(), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    return out;
}

/// Whether the traveler, as the camera will see them standing still, passes the capture gate.
bool passesGate(const cv::Mat& live, const face::FacePipeline& pipeline) {
    cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(110, 105, 100));
    cv::Mat scaled;
    cv::resize(live, scaled, cv::Size(340, 340), 0, 0, cv::INTER_AREA);
    scaled.copyTo(frame(cv::Rect(150, 70, 340, 340)));
    auto analysis = pipeline.analyse(frame);
    return analysis && analysis->quality.pass && !analysis->severalFaces;
}

cv::Mat background(int frame) {
    cv::Mat bg(kFrameSize, CV_8UC3);
    for (int y = 0; y < bg.rows; ++y) {
        const auto v = static_cast<unsigned char>(70 + 40 * y / bg.rows);
        bg.row(y).setTo(cv::Scalar(v + 10, v + 5, v));
    }
    // Sensor noise, so frames are never bit-identical (a still photo has none).
    cv::Mat noise(kFrameSize, CV_8UC3);
    cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(6 + frame % 2));
    bg += noise;
    return bg;
}

Status writeVideo(const std::vector<cv::Mat>& walkers, const std::filesystem::path& out, const DemoKitOptions& o) {
    // The writer picks its container by extension, so the temporary name keeps ".avi" at the end.
    const auto tmp = (out.parent_path() / (out.stem().string() + ".part" + out.extension().string())).string();
    cv::VideoWriter writer(tmp, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), o.fps, kFrameSize);
    if (!writer.isOpened()) {
        return makeError(ErrorCode::IoError, "cannot write the demo video " + tmp);
    }
    int frameNo = 0;
    const int perTraveler = static_cast<int>(o.secondsPerTraveler * o.fps);
    const int empty = static_cast<int>(o.fps); // one second with nobody in front of the camera
    for (const auto& face : walkers) {
        for (int i = 0; i < perTraveler; ++i, ++frameNo) {
            cv::Mat frame = background(frameNo);
            if (i >= empty) {
                // Walks up (the face grows), then stands with natural micro-motion.
                const double t = std::min(1.0, static_cast<double>(i - empty) / (1.5 * o.fps));
                const int side = static_cast<int>(200 + 140 * t);
                cv::Mat scaled;
                cv::resize(face, scaled, cv::Size(side, side), 0, 0, cv::INTER_AREA);
                const int jx = static_cast<int>(3 * std::sin(frameNo * 0.7));
                const int jy = static_cast<int>(2 * std::cos(frameNo * 0.5));
                const cv::Rect where((kFrameSize.width - side) / 2 + jx, (kFrameSize.height - side) / 2 + jy, side,
                                     side);
                const cv::Rect clipped = where & cv::Rect(cv::Point(0, 0), kFrameSize);
                scaled(cv::Rect(clipped.x - where.x, clipped.y - where.y, clipped.width, clipped.height))
                    .copyTo(frame(clipped));
            }
            writer.write(frame);
        }
    }
    writer.release();
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot finish the demo video: " + ec.message());
    }
    return {};
}
} // namespace

namespace {
/// Where a kit in @p dir keeps its photos and video (identities empty).
DemoKit kitAt(const std::filesystem::path& dir) {
    DemoKit kit;
    kit.photosDir = dir / "photos";
    kit.video = dir / "demo-camera.avi";
    return kit;
}

/// A complete kit of this recipe already in @p dir, if there is one.
std::optional<DemoKit> reusableKit(const std::filesystem::path& dir) {
    DemoKit kit = kitAt(dir);
    const auto recipe = dir / "kit.json";
    if (std::ifstream in(recipe); in) {
        const auto j = nlohmann::json::parse(in, nullptr, false);
        try {
            if (!j.is_discarded() && j.value("recipe", 0) == kRecipeVersion && std::filesystem::exists(kit.video)) {
                kit.identities = j.value("identities", std::vector<std::string>{});
                kit.walkers = j.value("walkers", std::vector<std::string>{});
                if (!kit.identities.empty()) {
                    return kit;
                }
            }
        } catch (const nlohmann::json::exception&) {
            // A kit.json with fields of the wrong type is rebuilt like a missing one.
            kit.identities.clear();
            kit.walkers.clear();
        }
    }

    return std::nullopt;
}
} // namespace

std::vector<cv::Mat> standingFrames(const DemoKit& kit, const DemoKitOptions& options) {
    std::vector<cv::Mat> frames;
    const int perTraveler = static_cast<int>(options.secondsPerTraveler * options.fps);
    cv::VideoCapture video(kit.video.string());
    cv::Mat frame;
    for (int i = 0; perTraveler > 3 && video.read(frame); ++i) {
        if (i % perTraveler == perTraveler - 3) {
            frames.push_back(frame.clone());
        }
    }
    return frames;
}

Result<DemoKit> prepareDemoKit(const face::ModelStore& models, const std::filesystem::path& dir,
                               const DemoKitOptions& options) {
    if (auto kit = reusableKit(dir)) {
        return *kit;
    }
    auto pipeline = face::FacePipeline::load(models);
    if (!pipeline) {
        return pipeline.error();
    }
    return prepareDemoKit(models, pipeline.value(), dir, options);
}

Result<DemoKit> prepareDemoKit(const face::ModelStore& models, const face::FacePipeline& pipeline,
                               const std::filesystem::path& dir, const DemoKitOptions& options) {
    // Reuse a complete kit of the same recipe.
    if (auto kit = reusableKit(dir)) {
        return *kit;
    }
    auto log = log::get("demo");
    DemoKit kit = kitAt(dir);
    const auto recipe = dir / "kit.json";
    const auto& detector = pipeline.engine().detector();
    const auto& landmarks = pipeline.engine().landmarks();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(kit.photosDir, ec);
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot create " + kit.photosDir.string() + ": " + ec.message());
    }
    std::vector<cv::Mat> walkers;
    std::vector<face::Template> kept; // of the identities so far, to leave out a person seen before
    std::size_t repeats = 0;
    for (int sample = 1; sample <= 6; ++sample) {
        auto path = models.verifiedPath("face-api", "demo/sample" + std::to_string(sample) + ".jpg");
        if (!path) {
            return path.error();
        }
        const cv::Mat image = cv::imread(path->string(), cv::IMREAD_COLOR);
        if (image.empty()) {
            return makeError(ErrorCode::ImageInvalid, "cannot decode " + path->string());
        }
        auto faces = detector.detect(image, 0.6f);
        if (!faces) {
            return faces.error();
        }
        for (const auto& f : faces.value()) {
            if (f.box.width < 80) {
                continue; // too small to make a fair enrolment photo
            }
            const cv::Rect crop = squareAround(f.box, 2.0f, image.size());
            const cv::Mat level = levelled(image, f, landmarks);
            cv::Mat photo;
            cv::resize(level(crop), photo, cv::Size(kPhotoSize, kPhotoSize), 0, 0, cv::INTER_AREA);
            if (auto enrolled = pipeline.analyse(photo); enrolled) {
                const bool seen = std::any_of(kept.begin(), kept.end(), [&](const face::Template& t) {
                    auto score = face::compare(t, enrolled->faceTemplate);
                    return score && *score >= options.samePersonScore;
                });
                if (seen) {
                    ++repeats;
                    continue;
                }
                kept.push_back(enrolled->faceTemplate);
            }
            char name[32];
            std::snprintf(name, sizeof name, "demo-%02zu", kit.identities.size() + 1);
            std::filesystem::create_directories(kit.photosDir / name);
            if (!cv::imwrite((kit.photosDir / name / "1.jpg").string(), photo, {cv::IMWRITE_JPEG_QUALITY, 92})) {
                return makeError(ErrorCode::IoError, "cannot write a demo photo");
            }
            kit.identities.emplace_back(name);
            // Walkers are travelers whose live view passes the capture gate, so the demo shows matches.
            const cv::Mat live = liveVariant(photo);
            if (static_cast<int>(walkers.size()) < options.maxWalkers && passesGate(live, pipeline)) {
                walkers.push_back(live);
                kit.walkers.emplace_back(name);
            }
        }
    }
    if (kit.identities.empty() || walkers.empty()) {
        return makeError(ErrorCode::NoFace, "no faces found in the demo sample photos");
    }
    if (auto st = writeVideo(walkers, kit.video, options); !st) {
        return st.error();
    }
    std::ofstream out(recipe);
    out << nlohmann::json{{"recipe", kRecipeVersion}, {"identities", kit.identities}, {"walkers", kit.walkers}}.dump(2);
    if (!out) {
        return makeError(ErrorCode::IoError, "cannot write " + recipe.string());
    }
    log->info("demo kit ready: {} identities ({} repeated faces left out), {} in the replay video",
              kit.identities.size(), repeats, kit.walkers.size());
    return kit;
}

} // namespace portico::demo
