// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/FacePipeline.h"

#include "face/ModelStore.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace portico::face {
namespace {
using SteadyClock = std::chrono::steady_clock;

double msSince(SteadyClock::time_point t0) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
}

std::vector<FaceBox> atLeast(const std::vector<FaceBox>& faces, float minScore) {
    std::vector<FaceBox> out;
    for (const auto& f : faces) {
        if (f.score >= minScore) {
            out.push_back(f);
        }
    }
    return out;
}
} // namespace

FacePipeline::FacePipeline(std::shared_ptr<const FaceEngine> engine, PipelineOptions options)
    : m_engine(std::move(engine)), m_tiny(options.fastDetect ? m_engine->tiny() : nullptr), m_assessor(options.quality),
      m_options(options) {}

EngineOptions FacePipeline::engineOptions(const PipelineOptions& options) {
    return EngineOptions{options.descriptor, options.flipAverage, options.fastDetect};
}

Result<FacePipeline> FacePipeline::load(const ModelStore& store, PipelineOptions options) {
    auto engine = FaceEngine::load(store, engineOptions(options));
    if (!engine) {
        return engine.error();
    }
    return create(std::move(engine.value()), options);
}

Result<FacePipeline> FacePipeline::create(std::shared_ptr<const FaceEngine> engine, PipelineOptions options) {
    if (!engine) {
        return makeError(ErrorCode::InvalidArgument, "a face pipeline needs a face engine");
    }
    if (options.boxCrop && options.descriptor != DescriptorModel::Dlib) {
        return makeError(ErrorCode::InvalidArgument, "the box crop is face-api's path: it needs the dlib descriptor");
    }
    if (auto ok = engine->serves(engineOptions(options), options.tinyInputSize, options.tinyMinScore); !ok) {
        return ok.error();
    }
    return FacePipeline(std::move(engine), options);
}

std::size_t FacePipeline::chooseSubject(const std::vector<FaceBox>& faces, const cv::Size& image) {
    std::size_t best = 0;
    double bestValue = -1.0;
    const double hx = 0.5 * image.width;
    const double hy = 0.5 * image.height;
    const double halfDiag = std::max(1.0, std::hypot(hx, hy));
    for (std::size_t i = 0; i < faces.size(); ++i) {
        const auto& b = faces[i].box;
        const double d = std::hypot(b.x + 0.5 * b.width - hx, b.y + 0.5 * b.height - hy) / halfDiag;
        // Area weighted down by up to half for a face in a corner: a bystander needs to be clearly bigger.
        const double value = static_cast<double>(b.area()) * (1.0 - 0.5 * std::min(1.0, d));
        if (value > bestValue) {
            bestValue = value;
            best = i;
        }
    }
    return best;
}

Result<FaceAnalysis> FacePipeline::analyseFile(const std::filesystem::path& path) const {
    const auto t0 = SteadyClock::now();
    auto img = readImage(path, m_options.decode);
    if (!img) {
        return img.error();
    }
    return analyseDecoded(img.value(), msSince(t0));
}

Result<FaceAnalysis> FacePipeline::analyseBytes(std::span<const std::uint8_t> bytes) const {
    const auto t0 = SteadyClock::now();
    auto img = decodeImage(bytes, m_options.decode);
    if (!img) {
        return img.error();
    }
    return analyseDecoded(img.value(), msSince(t0));
}

Result<FaceAnalysis> FacePipeline::analyse(const cv::Mat& image) const {
    if (image.empty() || image.cols <= 0 || image.rows <= 0) {
        return makeError(ErrorCode::ImageInvalid, "image is empty");
    }
    if (image.depth() != CV_8U) {
        return makeError(ErrorCode::ImageInvalid, "image must be 8-bit");
    }
    if (static_cast<std::uint64_t>(image.total()) > m_options.decode.maxPixels) {
        return makeError(ErrorCode::ImageInvalid, "image too large: " + std::to_string(image.total()) + " pixels");
    }
    try {
        cv::Mat bgr;
        if (image.channels() == 3) {
            bgr = image;
        } else if (image.channels() == 1) {
            cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
        } else if (image.channels() == 4) {
            cv::cvtColor(image, bgr, cv::COLOR_BGRA2BGR);
        } else {
            return makeError(ErrorCode::ImageInvalid, "image must have 1, 3 or 4 channels");
        }
        return analyseDecoded(bgr, 0.0);
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ImageInvalid, std::string("image conversion failed: ") + e.what());
    }
}

Result<FaceAnalysis> FacePipeline::analyseDecoded(const cv::Mat& bgr, double decodeMs) const {
    FaceAnalysis out;
    out.imageSize = bgr.size();
    out.times.decode = decodeMs;
    try {
        // 1. Detection with fallbacks: one pass at the low threshold, primary threshold preferred.
        auto t = SteadyClock::now();
        std::vector<FaceBox> faces;
        Result<std::vector<FaceBox>> all = std::vector<FaceBox>{};
        if (m_tiny) {
            // Fast mode: the tiny detector's confident faces; the SSD path below only when it finds none.
            auto quick = m_tiny->detectInFrame(bgr, m_options.tinyMinScore, m_options.tinyInputSize);
            if (!quick) {
                return quick.error();
            }
            faces = std::move(quick.value());
            out.path = DetectionPath::Fast;
        }
        if (faces.empty()) {
            all = m_engine->detector().detect(bgr, m_options.fallbackMinScore);
            if (!all) {
                return all.error();
            }
            faces = atLeast(all.value(), m_options.minScore);
            out.path = DetectionPath::Primary;
        }
        if (faces.empty() && !all->empty()) {
            faces = all.value();
            out.path = DetectionPath::LowConfidence;
        }
        cv::Mat work = bgr; // the image landmarks and alignment run on
        cv::Point2f offset(0.f, 0.f);
        if (faces.empty() && m_options.padFallback) {
            const int px = static_cast<int>(std::lround(m_options.padShare * bgr.cols));
            const int py = static_cast<int>(std::lround(m_options.padShare * bgr.rows));
            cv::Mat padded;
            cv::copyMakeBorder(bgr, padded, py, py, px, px, cv::BORDER_REPLICATE);
            auto again = m_engine->detector().detect(padded, m_options.fallbackMinScore);
            if (!again) {
                return again.error();
            }
            if (!again->empty()) {
                work = padded;
                offset = cv::Point2f(static_cast<float>(px), static_cast<float>(py));
                faces = again.value();
                out.path = DetectionPath::Padded;
            }
        }
        out.times.detect = msSince(t);
        if (faces.empty()) {
            return makeError(ErrorCode::NoFace, "no face found");
        }
        // Subject: largest, most central (in the working image, whose centre is the original's).
        out.subject = chooseSubject(faces, work.size());
        const FaceBox subjectWork = faces[out.subject];
        const double subjectArea = subjectWork.box.area();
        std::vector<FaceBox> significant;
        for (std::size_t i = 0; i < faces.size(); ++i) {
            if (i == out.subject || faces[i].box.area() >= m_options.bystanderAreaShare * subjectArea) {
                significant.push_back(faces[i]);
            }
        }
        out.severalFaces = significant.size() > 1;

        // 2. Landmarks of the subject.
        t = SteadyClock::now();
        const auto& landmarks = m_engine->landmarks();
        auto lm = landmarks.detect(work, subjectWork.box);
        if (!lm) {
            return lm.error();
        }
        if (m_options.refineLandmarks) {
            lm = landmarks.refine(work, lm.value());
        }
        out.times.landmarks = msSince(t);

        // 3. Alignment.
        t = SteadyClock::now();
        const auto& descriptor = m_engine->descriptor();
        auto chip =
            m_options.boxCrop ? descriptor.aligner().boxCrop(work, subjectWork.box) : descriptor.chip(work, lm.value());
        if (!chip) {
            return chip.error();
        }
        out.aligned = chip.value();
        out.times.align = msSince(t);

        // 4. Descriptor (optionally averaged with the mirrored chip).
        t = SteadyClock::now();
        auto emb = descriptor.describe(out.aligned);
        if (!emb) {
            return emb.error();
        }
        const Embedding e = std::move(emb.value());
        auto tpl = Template::fromEmbedding(e, descriptor.modelSha256());
        if (!tpl) {
            return tpl.error();
        }
        out.faceTemplate = std::move(tpl.value());
        out.times.embed = msSince(t);

        // Back to the caller's coordinates.
        for (auto& f : faces) {
            f.box.x -= offset.x;
            f.box.y -= offset.y;
        }
        for (auto& f : significant) {
            f.box.x -= offset.x;
            f.box.y -= offset.y;
        }
        out.faces = faces;
        out.landmarks = lm.value();
        for (auto& p : out.landmarks.points) {
            p -= offset;
        }

        // 5. Quality, on the original image.
        if (m_options.computeQuality) {
            t = SteadyClock::now();
            quality::QualityInput qi;
            qi.bgr = bgr;
            qi.faces = significant;
            qi.face = out.faces[out.subject];
            qi.landmarks = out.landmarks;
            out.quality = m_assessor.assess(qi);
            out.times.quality = msSince(t);
        }
        out.times.total =
            out.times.detect + out.times.landmarks + out.times.align + out.times.embed + out.times.quality;
        return out;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ImageInvalid, std::string("face analysis failed: ") + e.what());
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::ImageInvalid, "face analysis failed: out of memory");
    }
}

} // namespace portico::face
