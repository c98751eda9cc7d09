// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/DetPlot.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace portico::eval {
namespace {
constexpr int kW = 900;
constexpr int kH = 700;
constexpr int kLeft = 90;
constexpr int kRight = 50; // room for the last x label ("1e+00")
constexpr int kTop = 70;
constexpr int kBottom = 70;
constexpr double kFmrMin = 1e-5;  // x axis: 1e-5 .. 1
constexpr double kFnmrMin = 1e-4; // y axis: 1e-4 .. 1

int xOf(double fmr) {
    const double l = std::log10(std::clamp(fmr, kFmrMin, 1.0));
    const double u = (l - std::log10(kFmrMin)) / -std::log10(kFmrMin);
    return kLeft + static_cast<int>(std::lround(u * (kW - kLeft - kRight)));
}
int yOf(double fnmr) {
    const double l = std::log10(std::clamp(fnmr, kFnmrMin, 1.0));
    const double u = (l - std::log10(kFnmrMin)) / -std::log10(kFnmrMin);
    return kH - kBottom - static_cast<int>(std::lround(u * (kH - kTop - kBottom)));
}
std::string sci(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0e", v);
    return buf;
}
std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * v);
    return buf;
}
void text(cv::Mat& img, const std::string& s, cv::Point at, double scale = 0.5, cv::Scalar colour = {0, 0, 0}) {
    cv::putText(img, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv::LINE_AA);
}
std::string replaceAll(std::string s, const std::string& what, const std::string& with) {
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) {
        s.replace(at, what.size(), with);
    }
    return s;
}
} // namespace

DetLabels DetLabels::identification() {
    DetLabels l;
    l.xAxis = "FPIR (false positive identification rate, log)";
    l.yAxis = "FNIR (false negative identification rate, rank 1, log)";
    l.x = "FPIR";
    l.y = "FNIR";
    l.unresolved = "(*) too few non-mated searches for this FPIR";
    l.counts = "mated %g, non-mated %i";
    l.eer = false;
    return l;
}

cv::Mat drawDet(const ErrorRates& rates, const std::vector<OperatingPoint>& points, const std::string& title,
                const DetLabels& labels) {
    cv::Mat img(kH, kW, CV_8UC3, cv::Scalar::all(255));
    const cv::Scalar grid(220, 220, 220);
    const cv::Scalar axis(0, 0, 0);
    for (int e = -5; e <= 0; ++e) {
        const double v = std::pow(10.0, e);
        const int x = xOf(v);
        cv::line(img, {x, kTop}, {x, kH - kBottom}, grid, 1);
        text(img, sci(v), {x - 18, kH - kBottom + 20});
        for (int m = 2; m < 10 && e < 0; ++m) {
            const int xm = xOf(v * m);
            cv::line(img, {xm, kH - kBottom}, {xm, kH - kBottom - 4}, axis, 1);
        }
    }
    for (int e = -4; e <= 0; ++e) {
        const double v = std::pow(10.0, e);
        const int y = yOf(v);
        cv::line(img, {kLeft, y}, {kW - kRight, y}, grid, 1);
        text(img, sci(v), {kLeft - 55, y + 5});
    }
    cv::rectangle(img, {kLeft, kTop}, {kW - kRight, kH - kBottom}, axis, 1);
    text(img, labels.xAxis, {kW / 2 - 4 * static_cast<int>(labels.xAxis.size()), kH - 20}, 0.55);
    text(img, title, {kLeft, 28}, 0.6);
    text(img, labels.yAxis, {10, kTop - 12}, 0.55);

    // The curve: FMR from 1 down, FNMR up; zero values are clamped to the axis edges.
    const auto curve = rates.det();
    std::vector<cv::Point> poly;
    for (const auto& p : curve) {
        poly.emplace_back(xOf(p.fmr), yOf(p.fnmr));
    }
    if (poly.size() >= 2) {
        cv::polylines(img, poly, false, cv::Scalar(200, 80, 0), 2, cv::LINE_AA);
    }
    // The EER line and point.
    if (labels.eer) {
        cv::line(img, {xOf(kFmrMin), yOf(kFmrMin)}, {xOf(1.0), yOf(1.0)}, cv::Scalar(180, 180, 180), 1, cv::LINE_AA);
    }
    const cv::Scalar green(0, 140, 0);
    const cv::Scalar red(0, 0, 200);
    const double eer = labels.eer ? rates.eer() : std::numeric_limits<double>::quiet_NaN();
    if (std::isfinite(eer)) {
        cv::drawMarker(img, {xOf(eer), yOf(eer)}, green, cv::MARKER_DIAMOND, 14, 2);
    }
    for (const auto& op : points) {
        const cv::Point at{xOf(op.fmr > 0 ? op.fmr : op.targetFmr), yOf(op.fnmr)};
        if (std::isnan(op.threshold)) {
            cv::drawMarker(img, at, cv::Scalar(160, 0, 160), cv::MARKER_SQUARE, 14, 2);
        } else {
            cv::circle(img, at, 6, cv::Scalar(0, 0, 220), 2, cv::LINE_AA);
        }
    }
    // The legend, on a white box so the curve never runs through its text. Each operating point's marker sits at
    // its FMR on the x axis, so the list needs no numbering.
    std::vector<std::pair<std::string, cv::Scalar>> rows;
    for (const auto& op : points) {
        if (std::isnan(op.threshold)) {
            char measured[32];
            std::snprintf(measured, sizeof measured, "%.2g", op.fmr);
            rows.emplace_back("booth threshold: " + labels.x + " " + measured + ", " + labels.y + " " + pct(op.fnmr),
                              cv::Scalar(160, 0, 160));
            continue;
        }
        rows.emplace_back(labels.x + " " + sci(op.targetFmr) + ": " + labels.y + " " + pct(op.fnmr) +
                              (op.resolved ? "" : " (*)"),
                          red);
    }
    if (std::any_of(points.begin(), points.end(),
                    [](const OperatingPoint& op) { return !op.resolved && !std::isnan(op.threshold); })) {
        rows.emplace_back(labels.unresolved, red);
    }
    if (std::isfinite(eer)) {
        rows.emplace_back("EER " + pct(eer), green);
    }
    rows.emplace_back(replaceAll(replaceAll(labels.counts, "%g", std::to_string(rates.genuineCount())), "%i",
                                 std::to_string(rates.impostorCount())),
                      cv::Scalar(0, 0, 0));
    const int boxW = 340;
    const int rowH = 20;
    // The legend goes to the plot corner the curve and the markers cross least.
    const cv::Size legendSize(boxW, rowH * static_cast<int>(rows.size()) + 10);
    const std::vector<cv::Point> corners = {{kW - kRight - boxW - 8, kTop + 8},
                                            {kLeft + 8, kH - kBottom - legendSize.height - 8},
                                            {kW - kRight - boxW - 8, kH - kBottom - legendSize.height - 8},
                                            {kLeft + 8, kTop + 8}};
    std::vector<cv::Point> marks = poly;
    for (const auto& op : points) {
        marks.emplace_back(xOf(op.fmr > 0 ? op.fmr : op.targetFmr), yOf(op.fnmr));
    }
    cv::Point box = corners.front();
    std::size_t fewest = std::numeric_limits<std::size_t>::max();
    for (const auto& c : corners) {
        const cv::Rect r(c, legendSize);
        const auto inside = static_cast<std::size_t>(
            std::count_if(marks.begin(), marks.end(), [&](const cv::Point& p) { return r.contains(p); }));
        if (inside < fewest) {
            fewest = inside;
            box = c;
        }
    }
    const cv::Rect legend(box, legendSize);
    cv::rectangle(img, legend, cv::Scalar::all(255), cv::FILLED);
    cv::rectangle(img, legend, cv::Scalar(160, 160, 160), 1);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        text(img, rows[i].first, box + cv::Point(10, rowH * static_cast<int>(i + 1)), 0.5, rows[i].second);
    }
    return img;
}

Status writeDetPng(const std::filesystem::path& path, const ErrorRates& rates,
                   const std::vector<OperatingPoint>& points, const std::string& title, const DetLabels& labels) {
    try {
        if (!cv::imwrite(path.string(), drawDet(rates, points, title, labels))) {
            return makeError(ErrorCode::IoError, "cannot write plot: " + path.string());
        }
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::IoError, std::string("cannot write plot: ") + e.what());
    }
    return {};
}

} // namespace portico::eval
