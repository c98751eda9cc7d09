// SPDX-License-Identifier: GPL-3.0-or-later
// dlib's own face recognition pipeline, as a reference for Portico's (docs/evaluation.md, "dlib's own pipeline").
// Not part of the build and not run by CI: see README.md here for how to build and run it.
//
// Reads image paths on stdin; prints "<path> d0 … d127" (dlib's raw descriptor) or "<path> FAIL" per line.
// With a third argument CHIP_DIR, each 150×150 chip is also written there as <n>.png (n = input line, from 1),
// for embedder-vs-dlib.cpp.
// Pipeline: images fitted within 1000 px, HOG frontal face detector (one upsampling, then two), largest face,
// 68-point shape predictor, get_face_chip_details(150, 0.25), dlib_face_recognition_resnet_model_v1.
#include <dlib/dnn.h>
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <iostream>
#include <string>

namespace {
using namespace dlib;

// The network definition published with dlib_face_recognition_resnet_model_v1 (dlib's dnn_face_recognition_ex).
template <template <int, template <typename> class, int, typename> class block, int N, template <typename> class BN,
          typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;
template <template <int, template <typename> class, int, typename> class block, int N, template <typename> class BN,
          typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;
template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;
template <int N, typename SUBNET>
using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET>
using ares_down = relu<residual_down<block, N, affine, SUBNET>>;
template <typename SUBNET>
using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET>
using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET>
using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET>
using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET>
using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;
using anet_type =
    loss_metric<fc_no_bias<128, avg_pool_everything<alevel0<alevel1<alevel2<alevel3<alevel4<max_pool<
                                    3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;
} // namespace

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::cerr << "usage: dlib-reference SHAPE_PREDICTOR_68.dat RESNET_MODEL_V1.dat [CHIP_DIR] < image-paths\n";
        return 2;
    }
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    dlib::shape_predictor landmarks;
    dlib::deserialize(argv[1]) >> landmarks;
    anet_type net;
    dlib::deserialize(argv[2]) >> net;
    std::string path;
    long line = 0;
    while (std::getline(std::cin, path)) {
        ++line;
        dlib::matrix<dlib::rgb_pixel> img;
        try {
            dlib::load_image(img, path);
        } catch (const std::exception&) {
            std::cout << path << " FAIL\n";
            continue;
        }
        double scale = 1.0;
        while (img.nc() * scale > 1000 || img.nr() * scale > 1000)
            scale *= 0.5;
        if (scale < 1.0) {
            dlib::matrix<dlib::rgb_pixel> small(static_cast<long>(img.nr() * scale),
                                                static_cast<long>(img.nc() * scale));
            dlib::resize_image(img, small);
            img = small;
        }
        auto faces = detector(img, 1);
        if (faces.empty()) {
            dlib::pyramid_up(img);
            faces = detector(img);
        }
        if (faces.empty()) {
            std::cout << path << " FAIL\n";
            continue;
        }
        dlib::rectangle largest = faces.front();
        for (const auto& f : faces)
            if (f.area() > largest.area())
                largest = f;
        dlib::matrix<dlib::rgb_pixel> chip;
        dlib::extract_image_chip(img, dlib::get_face_chip_details(landmarks(img, largest), 150, 0.25), chip);
        if (argc == 4)
            dlib::save_png(chip, std::string(argv[3]) + "/" + std::to_string(line) + ".png");
        const dlib::matrix<float, 0, 1> d = net(chip);
        std::cout << path;
        for (long i = 0; i < d.size(); ++i)
            std::cout << ' ' << d(i);
        std::cout << '\n';
    }
}
