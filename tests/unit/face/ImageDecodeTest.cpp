// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/ImageDecode.h"
#include "FaceTestImages.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>

using portico::ErrorCode;
using portico::face::decodeImage;
using portico::face::probeImage;
using portico::face::readImage;

namespace {
// 16×16 CMYK JPEG (Adobe, inverted CMYK as Photoshop/ImageMagick write it): red top half, blue bottom half.
const std::vector<std::uint8_t> kCmykJpeg{
    0xff, 0xd8, 0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff,
    0xdb, 0x00, 0x43, 0x00, 0x02, 0x01, 0x01, 0x01, 0x01, 0x01, 0x02, 0x01, 0x01, 0x01, 0x02, 0x02, 0x02, 0x02, 0x02,
    0x04, 0x03, 0x02, 0x02, 0x02, 0x02, 0x05, 0x04, 0x04, 0x03, 0x04, 0x06, 0x05, 0x06, 0x06, 0x06, 0x05, 0x06, 0x06,
    0x06, 0x07, 0x09, 0x08, 0x06, 0x07, 0x09, 0x07, 0x06, 0x06, 0x08, 0x0b, 0x08, 0x09, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a,
    0x06, 0x08, 0x0b, 0x0c, 0x0b, 0x0a, 0x0c, 0x09, 0x0a, 0x0a, 0x0a, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x02, 0x02, 0x02,
    0x02, 0x02, 0x02, 0x05, 0x03, 0x03, 0x05, 0x0a, 0x07, 0x06, 0x07, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a,
    0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a,
    0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a,
    0x0a, 0x0a, 0x0a, 0x0a, 0xff, 0xc0, 0x00, 0x14, 0x08, 0x00, 0x10, 0x00, 0x10, 0x04, 0x01, 0x11, 0x00, 0x02, 0x11,
    0x01, 0x03, 0x11, 0x01, 0x04, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x16, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x09, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x16,
    0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,
    0x08, 0xff, 0xc4, 0x00, 0x14, 0x11, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xff, 0xda, 0x00, 0x0e, 0x04, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x04, 0x00, 0x00, 0x3f,
    0x00, 0xb3, 0x1a, 0xb1, 0x3f, 0xed, 0xfc, 0x00, 0x57, 0x89, 0x53, 0x52, 0xa0, 0x00, 0xff, 0xd9,
};

std::vector<std::uint8_t> encode(const std::string& ext, const cv::Mat& img) {
    std::vector<std::uint8_t> out;
    REQUIRE(cv::imencode(ext, img, out));
    return out;
}

void setBe32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 24);
    b[at + 1] = static_cast<std::uint8_t>(v >> 16);
    b[at + 2] = static_cast<std::uint8_t>(v >> 8);
    b[at + 3] = static_cast<std::uint8_t>(v);
}

// Offset of the first SOF marker's height field in a JPEG.
std::size_t sofHeightOffset(const std::vector<std::uint8_t>& b) {
    for (std::size_t i = 2; i + 9 < b.size(); ++i) {
        if (b[i] == 0xFF && b[i + 1] == 0xC0) {
            return i + 5;
        }
    }
    FAIL("no SOF0 marker");
    return 0;
}

// @p jpeg with an EXIF APP1 segment (big-endian TIFF, one IFD entry: Orientation = @p orientation) after SOI.
std::vector<std::uint8_t> withExifOrientation(const std::vector<std::uint8_t>& jpeg, std::uint8_t orientation) {
    const std::vector<std::uint8_t> app1{
        0xFF, 0xE1, 0x00, 0x22, 'E',  'x',  'i',  'f',  0x00, 0x00,                    // marker, length 34, "Exif\0\0"
        'M',  'M',  0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,                                // TIFF header, IFD0 at 8
        0x00, 0x01,                                                                    // one entry
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, 1
        0x00, 0x00, 0x00, 0x00};                                                       // no next IFD
    std::vector<std::uint8_t> out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}
} // namespace

TEST_CASE("decoding refuses unreadable, empty and zero-size images", "[unit]") {
    CHECK(decodeImage({}).code() == ErrorCode::ImageInvalid);
    const std::vector<std::uint8_t> text{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'};
    CHECK(decodeImage(text).code() == ErrorCode::Unsupported);
    std::vector<std::uint8_t> junkJpeg{0xFF, 0xD8, 0xFF, 0x12, 0x34, 0x00, 0x00, 0x99};
    CHECK(decodeImage(junkJpeg).code() == ErrorCode::ImageInvalid);

    auto png = encode(".png", cv::Mat(4, 4, CV_8UC3, cv::Scalar(1, 2, 3)));
    setBe32(png, 16, 0); // width 0
    auto zero = decodeImage(png);
    CHECK(zero.code() == ErrorCode::ImageInvalid);
    CHECK(zero.error().detail.find("zero size") != std::string::npos);

    CHECK(readImage("/nonexistent/portico/photo.jpg").code() == ErrorCode::NotFound);
}

TEST_CASE("decoding refuses huge dimensions before allocating", "[unit]") {
    auto png = encode(".png", cv::Mat(4, 4, CV_8UC3, cv::Scalar(1, 2, 3)));
    setBe32(png, 16, 100000);
    setBe32(png, 20, 100000);
    auto r = decodeImage(png);
    REQUIRE_FALSE(r.ok());
    CHECK(r.code() == ErrorCode::ImageInvalid);
    CHECK(r.error().detail.find("too large") != std::string::npos);

    auto jpg = encode(".jpg", cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)));
    const std::size_t at = sofHeightOffset(jpg);
    jpg[at] = 0xFF;
    jpg[at + 1] = 0xF0;
    jpg[at + 2] = 0xFF;
    jpg[at + 3] = 0xF0;
    CHECK(decodeImage(jpg).error().detail.find("too large") != std::string::npos);

    // A tighter cap applies too.
    portico::face::DecodeLimits tight;
    tight.maxPixels = 63;
    CHECK(decodeImage(encode(".png", cv::Mat(8, 8, CV_8UC3)), tight).code() == ErrorCode::ImageInvalid);
    tight.maxPixels = 64;
    CHECK(decodeImage(encode(".png", cv::Mat(8, 8, CV_8UC3)), tight).ok());
}

TEST_CASE("decoding refuses a truncated photo", "[unit]") {
    const auto photo = portico::test::devPhotos().front();
    std::ifstream in(photo, std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 1000);
    REQUIRE(decodeImage(bytes).ok());
    bytes.resize(bytes.size() / 2);
    auto r = decodeImage(bytes);
    REQUIRE_FALSE(r.ok());
    CHECK(r.code() == ErrorCode::ImageInvalid);
    CHECK(r.error().detail.find("truncated") != std::string::npos);
    auto png = encode(".png", cv::Mat(32, 32, CV_8UC3, cv::Scalar(9, 9, 9)));
    png.resize(png.size() - 20);
    CHECK(decodeImage(png).code() == ErrorCode::ImageInvalid);
}

TEST_CASE("decoding turns grayscale, CMYK, alpha and 16-bit images into BGR", "[unit]") {
    SECTION("grayscale JPEG") {
        cv::Mat grey(20, 30, CV_8UC1, cv::Scalar(77));
        auto r = decodeImage(encode(".jpg", grey));
        REQUIRE(r.ok());
        CHECK(r->type() == CV_8UC3);
        CHECK(r->size() == cv::Size(30, 20));
        const cv::Vec3b px = r->at<cv::Vec3b>(10, 10);
        CHECK(std::abs(px[0] - 77) <= 2);
        CHECK(px[0] == px[1]);
        CHECK(px[1] == px[2]);
    }
    SECTION("CMYK JPEG") {
        auto h = probeImage(kCmykJpeg);
        REQUIRE(h.ok());
        CHECK(h->width == 16);
        auto r = decodeImage(kCmykJpeg);
        REQUIRE(r.ok());
        REQUIRE(r->type() == CV_8UC3);
        const cv::Vec3b top = r->at<cv::Vec3b>(2, 8);
        const cv::Vec3b bottom = r->at<cv::Vec3b>(13, 8);
        CHECK(top[2] > 200); // red
        CHECK(top[0] < 60);
        CHECK(bottom[0] > 200); // blue
        CHECK(bottom[2] < 60);
    }
    SECTION("alpha PNG composited on white") {
        cv::Mat bgra(10, 10, CV_8UC4, cv::Scalar(0, 0, 255, 255));
        bgra(cv::Rect(0, 5, 10, 5)).setTo(cv::Scalar(0, 0, 255, 0));
        auto r = decodeImage(encode(".png", bgra));
        REQUIRE(r.ok());
        CHECK(r->type() == CV_8UC3);
        CHECK(r->at<cv::Vec3b>(2, 2) == cv::Vec3b(0, 0, 255));
        CHECK(r->at<cv::Vec3b>(8, 2) == cv::Vec3b(255, 255, 255));
    }
    SECTION("16-bit PNG") {
        cv::Mat deep(6, 6, CV_16UC3, cv::Scalar(65535, 0, 32896));
        auto r = decodeImage(encode(".png", deep));
        REQUIRE(r.ok());
        CHECK(r->type() == CV_8UC3);
        CHECK(r->at<cv::Vec3b>(3, 3)[0] == 255);
        CHECK(std::abs(r->at<cv::Vec3b>(3, 3)[2] - 128) <= 1);
    }
}

TEST_CASE("decoding turns a photo upright by its EXIF orientation", "[unit]") {
    // Stored 40 wide × 20 high: left half red, right half blue (as a phone saves a portrait shot sideways).
    cv::Mat stored(20, 40, CV_8UC3, cv::Scalar(0, 0, 255));
    stored(cv::Rect(20, 0, 20, 20)).setTo(cv::Scalar(255, 0, 0));
    const auto jpeg = encode(".jpg", stored);
    const auto isRed = [](const cv::Vec3b& px) { return px[2] > 200 && px[0] < 60; };
    const auto isBlue = [](const cv::Vec3b& px) { return px[0] > 200 && px[2] < 60; };

    auto asStored = decodeImage(jpeg); // no tag
    REQUIRE(asStored.ok());
    CHECK(asStored->size() == cv::Size(40, 20));
    CHECK(isRed(asStored->at<cv::Vec3b>(cv::Point(5, 10))));
    CHECK(isBlue(asStored->at<cv::Vec3b>(cv::Point(35, 10))));
    // EXIF tag → displayed size, and where the stored left (red) and right (blue) halves end up.
    struct Case {
        std::uint8_t orientation;
        cv::Size size;
        cv::Point red, blue; // (x, y) in the decoded image
    };
    for (const Case& c : {Case{6, {20, 40}, {10, 5}, {10, 35}},    // 90° clockwise: stored left half on top
                          Case{8, {20, 40}, {10, 35}, {10, 5}},    // 90° anticlockwise: stored left half below
                          Case{3, {40, 20}, {35, 10}, {5, 10}}}) { // upside down: stored left half on the right
        INFO("orientation " << int(c.orientation));
        auto r = decodeImage(withExifOrientation(jpeg, c.orientation));
        REQUIRE(r.ok());
        REQUIRE(r->size() == c.size);
        CHECK(isRed(r->at<cv::Vec3b>(c.red)));
        CHECK(isBlue(r->at<cv::Vec3b>(c.blue)));
    }
}
