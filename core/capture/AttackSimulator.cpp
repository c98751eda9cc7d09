// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/AttackSimulator.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

namespace portico::capture {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kOpticalBlur = 0.45; // lens point spread (sigma) in frame pixels

cv::Mat toFloat(const cv::Mat& bgr) {
    cv::Mat f;
    bgr.convertTo(f, CV_32FC3, 1.0 / 255.0);
    return f;
}

cv::Mat resizeToHeight(const cv::Mat& image, int height) {
    const double scale = static_cast<double>(height) / image.rows;
    cv::Mat out;
    cv::resize(image, out, cv::Size(std::max(1, static_cast<int>(std::lround(image.cols * scale))), height), 0, 0,
               scale < 1.0 ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

// Halftone print: per ink (C, M, Y screening R, G, B) a rotated cosine dot screen; a pixel carries ink where the
// ink's coverage exceeds the screen threshold. Ink density and paper white bound the dynamic range.
cv::Mat renderPrint(const cv::Mat& photo, std::mt19937_64& rng) {
    cv::Mat src = toFloat(resizeToHeight(photo, 1000));
    std::uniform_real_distribution<double> period(4.5, 6.0);
    const double p = period(rng);
    const std::array<double, 3> angle{0.0, 75.0 * kPi / 180.0, 15.0 * kPi / 180.0}; // B<-Y, G<-M, R<-C
    const cv::Vec3f paper(0.86f, 0.93f, 0.96f);                                     // warm, slightly grey paper
    const cv::Vec3f ink(0.14f, 0.12f, 0.12f);
    cv::Mat out(src.size(), CV_32FC3);
    for (int y = 0; y < src.rows; ++y) {
        const auto* s = src.ptr<cv::Vec3f>(y);
        auto* o = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < src.cols; ++x) {
            for (int c = 0; c < 3; ++c) {
                const double u = x * std::cos(angle[c]) + y * std::sin(angle[c]);
                const double w = -x * std::sin(angle[c]) + y * std::cos(angle[c]);
                const double threshold = 0.5 + 0.25 * (std::cos(2 * kPi * u / p) + std::cos(2 * kPi * w / p));
                const double coverage = 1.0 - std::pow(static_cast<double>(s[x][c]), 0.9);
                o[x][c] = coverage > threshold ? ink[c] : paper[c];
            }
        }
    }
    cv::GaussianBlur(out, out, cv::Size(0, 0), 0.6); // ink spread
    return out;
}

// Screen replay: every photo pixel becomes a 3×3 block of R, G, B stripes with a dark row (the black matrix);
// blue cast and lifted blacks of an LCD.
cv::Mat renderScreen(const cv::Mat& photo, std::mt19937_64& rng) {
    std::uniform_int_distribution<int> rows(300, 380);
    cv::Mat src = toFloat(resizeToHeight(photo, rows(rng)));
    cv::Mat out(src.rows * 3, src.cols * 3, CV_32FC3, cv::Scalar::all(0));
    constexpr float kDarkRow = 0.35f;
    constexpr float kMeanRowGain = (2.0f + kDarkRow) / 3.0f;
    const cv::Vec3f gain(1.0f, 0.95f, 0.82f); // B, G, R: cool white point
    for (int y = 0; y < src.rows; ++y) {
        const auto* s = src.ptr<cv::Vec3f>(y);
        for (int dy = 0; dy < 3; ++dy) {
            auto* o = out.ptr<cv::Vec3f>(3 * y + dy);
            const float rowGain = dy == 2 ? kDarkRow : 1.0f;
            for (int x = 0; x < src.cols; ++x) {
                for (int sub = 0; sub < 3; ++sub) {
                    const int c = 2 - sub; // columns R, G, B left to right; Vec3f is B, G, R
                    const float v = 0.04f + 0.96f * std::pow(s[x][c], 0.9f);
                    // ×3 / mean row gain: the stripes average back to the pixel's brightness.
                    o[3 * x + sub][c] = rowGain * gain[c] * v * 3.0f / kMeanRowGain;
                }
            }
        }
    }
    return out;
}

// Place the medium on a plain background with a small random perspective; returns the frame (float BGR).
cv::Mat place(const cv::Mat& medium, cv::Size frame, double heightShare, const cv::Vec3f& border, int borderPx,
              std::mt19937_64& rng) {
    cv::Mat bordered;
    cv::copyMakeBorder(medium, bordered, borderPx, borderPx, borderPx, borderPx, cv::BORDER_CONSTANT,
                       cv::Scalar(border[0], border[1], border[2]));
    std::uniform_real_distribution<double> jitter(-0.035, 0.035);
    std::uniform_real_distribution<double> tone(0.25, 0.55);
    const double h = heightShare * frame.height;
    const double w = std::min(h * bordered.cols / bordered.rows, 0.95 * frame.width);
    const double hh = w * bordered.rows / bordered.cols;
    const double x0 = (frame.width - w) / 2;
    const double y0 = (frame.height - hh) / 2;
    std::vector<cv::Point2f> dst{{static_cast<float>(x0), static_cast<float>(y0)},
                                 {static_cast<float>(x0 + w), static_cast<float>(y0)},
                                 {static_cast<float>(x0 + w), static_cast<float>(y0 + hh)},
                                 {static_cast<float>(x0), static_cast<float>(y0 + hh)}};
    for (auto& pt : dst) {
        pt.x += static_cast<float>(jitter(rng) * frame.width);
        pt.y += static_cast<float>(jitter(rng) * frame.height);
    }
    const float bw = static_cast<float>(bordered.cols);
    const float bh = static_cast<float>(bordered.rows);
    const std::vector<cv::Point2f> src{{0.f, 0.f}, {bw, 0.f}, {bw, bh}, {0.f, bh}};
    const double t = tone(rng);
    // The lens blurs before the sensor samples: a pre-blur of about half a frame pixel, in medium pixels. What
    // survives of the fine pattern aliases into moiré when sampled, as on a real sensor.
    cv::GaussianBlur(bordered, bordered, cv::Size(0, 0), kOpticalBlur * bordered.rows / hh);
    cv::Mat out(frame, CV_32FC3, cv::Scalar(t, t * 1.02, t * 1.04));
    cv::warpPerspective(bordered, out, cv::getPerspectiveTransform(src, dst), frame, cv::INTER_LINEAR,
                        cv::BORDER_TRANSPARENT);
    return out;
}

cv::Mat camera(cv::Mat frame, double blurSigma, double gamma, std::mt19937_64& rng) {
    cv::GaussianBlur(frame, frame, cv::Size(0, 0), blurSigma);
    cv::max(frame, 0.0, frame);
    cv::pow(frame, gamma, frame);
    cv::Mat noise(frame.size(), CV_32FC3);
    cv::RNG noiseRng(rng());
    noiseRng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(2.0 / 255.0));
    frame += noise;
    cv::Mat out8;
    frame.convertTo(out8, CV_8UC3, 255.0);
    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", out8, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
    return cv::imdecode(jpeg, cv::IMREAD_COLOR);
}

} // namespace

std::string_view simulatedAttackName(SimulatedAttack attack) {
    switch (attack) {
    case SimulatedAttack::Unknown:
        return "unknown";
    case SimulatedAttack::Print:
        return "print";
    case SimulatedAttack::Screen:
        return "screen";
    case SimulatedAttack::Plain:
        return "plain";
    }
    return "unknown";
}

cv::Mat simulateAttack(const cv::Mat& photo, SimulatedAttack attack, std::uint64_t seed, cv::Size frame) {
    if (photo.empty() || photo.type() != CV_8UC3 || frame.width < 16 || frame.height < 16) {
        return {};
    }
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(attack));
    if (attack == SimulatedAttack::Print) {
        cv::Mat print = renderPrint(photo, rng);
        cv::Mat placed = place(print, frame, 0.82, cv::Vec3f(0.86f, 0.93f, 0.96f), 30, rng);
        return camera(placed, 0.8, 1.1, rng);
    }
    if (attack == SimulatedAttack::Plain) {
        // Same geometry, border, lens blur, noise and JPEG as Print; no halftone, tint or range loss.
        cv::Mat plain = toFloat(resizeToHeight(photo, 1000));
        cv::Mat placed = place(plain, frame, 0.82, cv::Vec3f(0.95f, 0.95f, 0.95f), 30, rng);
        return camera(placed, 0.8, 1.0, rng);
    }
    if (attack == SimulatedAttack::Screen) {
        cv::Mat screen = renderScreen(photo, rng);
        cv::Mat placed = place(screen, frame, 0.8, cv::Vec3f(0.03f, 0.03f, 0.03f), 40, rng);
        // Glare: a linear gradient from one corner plus a soft highlight.
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const double gx = unit(rng) < 0.5 ? 1.0 : -1.0;
        const double gy = unit(rng) < 0.5 ? 1.0 : -1.0;
        const double strength = 0.12 + 0.12 * unit(rng);
        const cv::Point2d spot(frame.width * (0.2 + 0.6 * unit(rng)), frame.height * (0.15 + 0.3 * unit(rng)));
        const double spotR = 0.25 * frame.height;
        for (int y = 0; y < frame.height; ++y) {
            auto* p = placed.ptr<cv::Vec3f>(y);
            for (int x = 0; x < frame.width; ++x) {
                const double lx =
                    gx > 0 ? static_cast<double>(x) / frame.width : 1.0 - static_cast<double>(x) / frame.width;
                const double ly =
                    gy > 0 ? static_cast<double>(y) / frame.height : 1.0 - static_cast<double>(y) / frame.height;
                const double d2 = ((x - spot.x) * (x - spot.x) + (y - spot.y) * (y - spot.y)) / (spotR * spotR);
                const double g = strength * 0.5 * (lx + ly) + 0.15 * std::exp(-d2);
                p[x] += cv::Vec3f::all(static_cast<float>(g));
            }
        }
        return camera(placed, 0.9, 1.0, rng);
    }
    return {};
}

} // namespace portico::capture
