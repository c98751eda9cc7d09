// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/ImageDecode.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <fstream>
#include <vector>

namespace portico::face {
namespace {
std::uint32_t be16(std::span<const std::uint8_t> b, std::size_t at) {
    return (static_cast<std::uint32_t>(b[at]) << 8) | b[at + 1];
}
std::uint32_t be32(std::span<const std::uint8_t> b, std::size_t at) {
    return (be16(b, at) << 16) | be16(b, at + 2);
}
std::int32_t le32(std::span<const std::uint8_t> b, std::size_t at) {
    const std::uint32_t v = b[at] | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
                            (static_cast<std::uint32_t>(b[at + 2]) << 16) |
                            (static_cast<std::uint32_t>(b[at + 3]) << 24);
    return static_cast<std::int32_t>(v);
}

Error invalid(const std::string& what) {
    return makeError(ErrorCode::ImageInvalid, what);
}

Result<ImageHeader> probeJpeg(std::span<const std::uint8_t> b) {
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF) {
            return invalid("JPEG: marker expected at byte " + std::to_string(i));
        }
        std::uint8_t m = b[i + 1];
        if (m == 0xFF) { // fill byte
            ++i;
            continue;
        }
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
            i += 2;
            continue;
        }
        if (m == 0xD9 || m == 0xDA) {
            return invalid("JPEG: no frame header before the image data");
        }
        const std::uint32_t len = be16(b, i + 2);
        if (len < 2) {
            return invalid("JPEG: bad segment length");
        }
        const bool sof = (m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof) {
            if (i + 9 >= b.size()) {
                return invalid("JPEG: truncated frame header");
            }
            ImageHeader h;
            h.format = ImageHeader::Format::Jpeg;
            h.height = static_cast<int>(be16(b, i + 5));
            h.width = static_cast<int>(be16(b, i + 7));
            return h;
        }
        i += 2 + len;
    }
    return invalid("JPEG: truncated before the frame header");
}

Result<ImageHeader> probePng(std::span<const std::uint8_t> b) {
    if (b.size() < 33) {
        return invalid("PNG: truncated header");
    }
    if (!(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
        return invalid("PNG: IHDR chunk missing");
    }
    const std::uint32_t w = be32(b, 16);
    const std::uint32_t h = be32(b, 20);
    if (w > 0x7fffffffu || h > 0x7fffffffu) {
        return invalid("PNG: dimensions out of range");
    }
    ImageHeader hd;
    hd.format = ImageHeader::Format::Png;
    hd.width = static_cast<int>(w);
    hd.height = static_cast<int>(h);
    hd.hasAlpha = b[25] == 4 || b[25] == 6;
    return hd;
}

Result<ImageHeader> probeBmp(std::span<const std::uint8_t> b) {
    if (b.size() < 26) {
        return invalid("BMP: truncated header");
    }
    ImageHeader h;
    h.format = ImageHeader::Format::Bmp;
    const std::int32_t w = le32(b, 18);
    const std::int32_t ht = le32(b, 22);
    if (w < 0 || ht == INT32_MIN) {
        return invalid("BMP: dimensions out of range");
    }
    h.width = w;
    h.height = ht < 0 ? -ht : ht;
    return h;
}

// A JPEG must end with EOI and a PNG with IEND: libjpeg and libpng fill a truncated image with grey and only warn.
bool complete(const ImageHeader& h, std::span<const std::uint8_t> b) {
    if (h.format == ImageHeader::Format::Jpeg) {
        const std::size_t from = b.size() > 4096 ? b.size() - 4096 : 0;
        for (std::size_t i = b.size() - 1; i > from; --i) {
            if (b[i - 1] == 0xFF && b[i] == 0xD9) {
                return true;
            }
        }
        return false;
    }
    if (h.format == ImageHeader::Format::Png) {
        const std::size_t from = b.size() > 64 ? b.size() - 64 : 0;
        for (std::size_t i = from; i + 4 <= b.size(); ++i) {
            if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') {
                return true;
            }
        }
        return false;
    }
    return true;
}
} // namespace

Result<ImageHeader> probeImage(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) {
        return invalid("image is empty (0 bytes)");
    }
    if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
        return probeJpeg(bytes);
    }
    static constexpr std::uint8_t kPng[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (bytes.size() >= 8 && std::equal(kPng, kPng + 8, bytes.begin())) {
        return probePng(bytes);
    }
    if (bytes.size() >= 2 && bytes[0] == 'B' && bytes[1] == 'M') {
        return probeBmp(bytes);
    }
    return makeError(ErrorCode::Unsupported, "not a JPEG, PNG or BMP image");
}

Result<cv::Mat> decodeImage(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
    if (bytes.size() > limits.maxBytes) {
        return invalid("image file too large: " + std::to_string(bytes.size()) + " bytes, cap " +
                       std::to_string(limits.maxBytes));
    }
    auto header = probeImage(bytes);
    if (!header) {
        return header.error();
    }
    const ImageHeader& h = header.value();
    if (h.width <= 0 || h.height <= 0) {
        return invalid("image has zero size (" + std::to_string(h.width) + "x" + std::to_string(h.height) + ")");
    }
    const std::uint64_t pixels = static_cast<std::uint64_t>(h.width) * static_cast<std::uint64_t>(h.height);
    if (pixels > limits.maxPixels) {
        return invalid("image too large: " + std::to_string(h.width) + "x" + std::to_string(h.height) + " = " +
                       std::to_string(pixels) + " pixels, cap " + std::to_string(limits.maxPixels));
    }
    if (!complete(h, bytes)) {
        return invalid("image data truncated (no end marker)");
    }
    try {
        // imdecode wants a Mat over the bytes; it does not write to it.
        const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
        cv::Mat img;
        if (h.hasAlpha) {
            cv::Mat raw = cv::imdecode(buf, cv::IMREAD_UNCHANGED);
            if (raw.empty()) {
                return invalid("image could not be decoded");
            }
            if (raw.depth() == CV_16U) {
                raw.convertTo(raw, CV_8U, 1.0 / 257.0);
            }
            if (raw.channels() == 4) {
                std::vector<cv::Mat> ch;
                cv::split(raw, ch);
                cv::Mat alpha;
                ch[3].convertTo(alpha, CV_32F, 1.0 / 255.0);
                cv::Mat colour;
                cv::merge(std::vector<cv::Mat>{ch[0], ch[1], ch[2]}, colour);
                colour.convertTo(colour, CV_32FC3);
                cv::Mat a3;
                cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, a3);
                cv::Mat white(colour.size(), CV_32FC3, cv::Scalar::all(255.0));
                cv::Mat out = colour.mul(a3) + white.mul(cv::Scalar::all(1.0) - a3);
                out.convertTo(img, CV_8UC3);
            } else if (raw.channels() == 2) {
                std::vector<cv::Mat> ch;
                cv::split(raw, ch);
                cv::Mat g, a;
                ch[0].convertTo(g, CV_32F);
                ch[1].convertTo(a, CV_32F, 1.0 / 255.0);
                cv::Mat out = g.mul(a) + 255.0 * (1.0 - a);
                out.convertTo(g, CV_8U);
                cv::cvtColor(g, img, cv::COLOR_GRAY2BGR);
            } else if (raw.channels() == 1) {
                cv::cvtColor(raw, img, cv::COLOR_GRAY2BGR);
            } else {
                img = raw;
            }
        } else {
            img = cv::imdecode(buf, cv::IMREAD_COLOR);
        }
        if (img.empty() || img.type() != CV_8UC3) {
            return invalid("image could not be decoded");
        }
        return img;
    } catch (const cv::Exception& e) {
        return invalid(std::string("image could not be decoded: ") + e.what());
    } catch (const std::bad_alloc&) {
        return invalid("image could not be decoded: out of memory");
    }
}

Result<cv::Mat> readImage(const std::filesystem::path& path, const DecodeLimits& limits) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return makeError(ErrorCode::NotFound, "cannot read image file: " + ec.message());
    }
    if (size > limits.maxBytes) {
        return invalid("image file too large: " + std::to_string(size) + " bytes, cap " +
                       std::to_string(limits.maxBytes));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::IoError, "cannot open image file");
    }
    std::vector<std::uint8_t> bytes(size);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (static_cast<std::uint64_t>(in.gcount()) != size) {
        return makeError(ErrorCode::IoError, "short read of image file");
    }
    return decodeImage(bytes, limits);
}

} // namespace portico::face
