// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/detail/TfImage.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace portico::face::detail {

namespace {

/// Gray, BGR or BGRA 8-bit → 3-channel 8-bit, in RGB order when @p rgb, else BGR (a BGR input is then shared).
Result<cv::Mat> toColour8(const cv::Mat& image, bool rgb) {
    if (image.empty() || image.cols <= 0 || image.rows <= 0)
        return makeError(ErrorCode::ImageInvalid, "empty image");
    if (image.depth() != CV_8U)
        return makeError(ErrorCode::ImageInvalid, "8-bit image expected");
    cv::Mat out;
    switch (image.channels()) {
    case 1:
        cv::cvtColor(image, out, rgb ? cv::COLOR_GRAY2RGB : cv::COLOR_GRAY2BGR);
        break;
    case 3:
        if (rgb)
            cv::cvtColor(image, out, cv::COLOR_BGR2RGB);
        else
            out = image;
        break;
    case 4:
        cv::cvtColor(image, out, rgb ? cv::COLOR_BGRA2RGB : cv::COLOR_BGRA2BGR);
        break;
    default:
        return makeError(ErrorCode::ImageInvalid, "1, 3 or 4 channels expected");
    }
    return out;
}

} // namespace

Result<cv::Mat> toRgb8(const cv::Mat& image) {
    return toColour8(image, true);
}

Result<cv::Mat> toBgr8(const cv::Mat& image) {
    return toColour8(image, false);
}

cv::Mat toBatchInput(const cv::Mat& rgb, int size, bool centre) {
    CV_Assert(rgb.type() == CV_8UC3 && size > 0);
    const int h = rgb.rows, w = rgb.cols;
    const int side = std::max(h, w);
    const int diff = std::abs(h - w);
    // face-api's padToSquare: Math.round(diff * 0.5) appended, the rest prepended (centred); else all appended.
    const int prepend = centre ? diff - static_cast<int>(std::floor(diff * 0.5 + 0.5)) : 0;
    const int offX = w < h ? prepend : 0;
    const int offY = h < w ? prepend : 0;

    // The zero-padded square as float, so the resize below reads plain memory (ISOLATED: a ROI must not
    // borrow its neighbours as border).
    cv::Mat square;
    cv::copyMakeBorder(rgb, square, offY, side - h - offY, offX, side - w - offX,
                       cv::BORDER_CONSTANT | cv::BORDER_ISOLATED, cv::Scalar::all(0));
    cv::Mat padded;
    square.convertTo(padded, CV_32F);
    if (side == size)
        return padded;
    // tfjs-backend-cpu ResizeBilinear, legacy mode: source = ratio * dst, computed in double.
    cv::Mat out(size, size, CV_32FC3);
    const double ratio = static_cast<double>(side) / static_cast<double>(size);
    std::vector<int> x0(static_cast<std::size_t>(size)), x1(static_cast<std::size_t>(size));
    std::vector<double> fx(static_cast<std::size_t>(size));
    for (int x = 0; x < size; ++x) {
        const double src = ratio * x;
        const int lo = std::max(0, static_cast<int>(std::floor(src)));
        x0[static_cast<std::size_t>(x)] = 3 * lo;
        fx[static_cast<std::size_t>(x)] = src - lo;
        x1[static_cast<std::size_t>(x)] = 3 * std::min(side - 1, static_cast<int>(std::ceil(src)));
    }
    for (int y = 0; y < size; ++y) {
        const double src = ratio * y;
        const int y0 = std::max(0, static_cast<int>(std::floor(src)));
        const double fy = src - y0;
        const int y1 = std::min(side - 1, static_cast<int>(std::ceil(src)));
        const float* top = padded.ptr<float>(y0);
        const float* bot = padded.ptr<float>(y1);
        float* row = out.ptr<float>(y);
        for (int x = 0; x < size; ++x) {
            const auto xi = static_cast<std::size_t>(x);
            const int a = x0[xi], b = x1[xi];
            const double f = fx[xi];
            for (int c = 0; c < 3; ++c) {
                const double tl = top[a + c], tr = top[b + c];
                const double bl = bot[a + c], br = bot[b + c];
                const double t = tl + (tr - tl) * f;
                const double u = bl + (br - bl) * f;
                row[3 * x + c] = static_cast<float>(t + (u - t) * fy);
            }
        }
    }
    return out;
}

cv::Mat toBlob(const cv::Mat& rgbFloat, const std::array<float, 3>& mean, float divisor) {
    CV_Assert(rgbFloat.type() == CV_32FC3);
    const int h = rgbFloat.rows, w = rgbFloat.cols;
    const int sizes[4] = {1, 3, h, w};
    cv::Mat blob(4, sizes, CV_32F);
    float* planes[3] = {blob.ptr<float>(0, 0), blob.ptr<float>(0, 1), blob.ptr<float>(0, 2)};
    const double d = divisor;
    for (int y = 0; y < h; ++y) {
        const auto* row = rgbFloat.ptr<cv::Vec3f>(y);
        for (int x = 0; x < w; ++x) {
            for (int c = 0; c < 3; ++c) {
                // Two float32 ops, as tf.sub then tf.div.
                const float centred =
                    static_cast<float>(static_cast<double>(row[x][c]) - mean[static_cast<std::size_t>(c)]);
                planes[c][y * w + x] = static_cast<float>(centred / d);
            }
        }
    }
    return blob;
}

} // namespace portico::face::detail
