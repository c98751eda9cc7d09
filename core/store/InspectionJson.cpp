// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/InspectionJson.h"

#include "store/Database.h"

#include <algorithm>

namespace portico::store {
namespace {
using nlohmann::json;

std::string textAt(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> numberAt(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? std::optional<double>(it->get<double>()) : std::nullopt;
}

template <typename E, typename Parse>
std::vector<E> namesFrom(std::string_view text, Parse parse) {
    std::vector<E> out;
    const auto j = json::parse(text, nullptr, false);
    if (j.is_array()) {
        for (const auto& v : j) {
            if (v.is_string()) {
                out.push_back(parse(v.get<std::string>()));
            }
        }
    }
    return out;
}
} // namespace

json toJson(const inspection::Details& d) {
    json j = {{"referral_reason", d.referralReason}, {"note", d.note}};
    if (d.threshold) {
        json t = {{"score", d.threshold->score}, {"fmr", d.threshold->fmr}};
        if (d.threshold->gallerySize) {
            t["gallery_size"] = *d.threshold->gallerySize;
        }
        if (d.threshold->oneIn) {
            t["one_in"] = *d.threshold->oneIn;
        }
        j["threshold"] = std::move(t);
    }
    if (d.prior) {
        // Which record came first, so the review shows both decisions about the one booking.
        j["prior_inspection"] = {{"id", d.prior->id},
                                 {"decision", std::string(inspection::decisionName(d.prior->decision))},
                                 {"decided_at_ms", toMs(d.prior->decidedAt)}};
    }
    if (d.timeToCaptureMs) {
        j["time_to_capture_ms"] = *d.timeToCaptureMs;
    }
    if (d.faceBox) {
        j["face_box"] = {d.faceBox->x, d.faceBox->y, d.faceBox->width, d.faceBox->height};
    }
    if (!d.candidates.empty()) {
        json c = json::array();
        for (const auto& l : d.candidates) {
            c.push_back({{"appointment", l.appointmentId}, {"score", l.score}});
        }
        j["candidates"] = std::move(c);
    }
    if (d.secondLookCheck != inspection::SecondLookCheck::Unknown) {
        j["second_look_check"] = std::string(inspection::secondLookCheckName(d.secondLookCheck));
    }
    if (d.abandoned != inspection::AbandonReason::Unknown) {
        j["abandoned_because"] = std::string(inspection::abandonReasonName(d.abandoned));
    }
    if (d.framesAnalysedBeforeOptOut) {
        j["frames_analysed_before_opt_out"] = *d.framesAnalysedBeforeOptOut;
    }
    return j;
}

inspection::Details detailsFromJson(const json& j) {
    inspection::Details d;
    if (!j.is_object()) {
        return d;
    }
    d.referralReason = textAt(j, "referral_reason");
    d.note = textAt(j, "note");
    if (const auto it = j.find("threshold"); it != j.end() && it->is_object()) {
        const auto score = numberAt(*it, "score");
        const auto fmr = numberAt(*it, "fmr");
        if (score && fmr) {
            inspection::ThresholdFacts t;
            t.score = *score;
            t.fmr = *fmr;
            if (const auto n = it->find("gallery_size"); n != it->end() && n->is_number_unsigned()) {
                t.gallerySize = n->get<std::size_t>();
            }
            t.oneIn = numberAt(*it, "one_in");
            d.threshold = t;
        }
    }
    if (const auto it = j.find("prior_inspection"); it != j.end() && it->is_object()) {
        const auto at = it->find("decided_at_ms");
        if (at != it->end() && at->is_number_integer()) {
            d.prior = inspection::PriorInspection{textAt(*it, "id"), inspection::parseDecision(textAt(*it, "decision")),
                                                  fromMs(at->get<std::int64_t>())};
        }
    }
    d.timeToCaptureMs = numberAt(j, "time_to_capture_ms");
    d.secondLookCheck = inspection::parseSecondLookCheck(textAt(j, "second_look_check"));
    d.abandoned = inspection::parseAbandonReason(textAt(j, "abandoned_because"));
    if (const auto it = j.find("frames_analysed_before_opt_out"); it != j.end() && it->is_number_integer()) {
        d.framesAnalysedBeforeOptOut = it->get<int>();
    }
    if (const auto it = j.find("face_box");
        it != j.end() && it->is_array() && it->size() == 4 &&
        std::all_of(it->begin(), it->end(), [](const json& v) { return v.is_number(); })) {
        d.faceBox =
            inspection::FaceBox{(*it)[0].get<int>(), (*it)[1].get<int>(), (*it)[2].get<int>(), (*it)[3].get<int>()};
    }
    if (const auto it = j.find("candidates"); it != j.end() && it->is_array()) {
        for (const auto& c : *it) {
            if (c.is_object()) {
                d.candidates.push_back({textAt(c, "appointment"), numberAt(c, "score").value_or(0.0)});
            }
        }
    }
    return d;
}

std::string detailsText(const inspection::Details& details) {
    return toJson(details).dump();
}

inspection::Details parseDetails(std::string_view text) {
    return detailsFromJson(json::parse(text, nullptr, false));
}

json toJson(const std::vector<inspection::ReasonCode>& codes) {
    json j = json::array();
    for (const auto c : codes) {
        j.push_back(std::string(inspection::reasonCodeName(c)));
    }
    return j;
}

std::vector<inspection::ReasonCode> parseReasonCodes(std::string_view text) {
    return namesFrom<inspection::ReasonCode>(text, inspection::parseReasonCode);
}

json toJson(const std::vector<inspection::ReviewReason>& reasons) {
    json j = json::array();
    for (const auto r : reasons) {
        j.push_back(std::string(inspection::reviewReasonName(r)));
    }
    return j;
}

std::vector<inspection::ReviewReason> parseReviewReasons(std::string_view text) {
    return namesFrom<inspection::ReviewReason>(text, inspection::parseReviewReason);
}

} // namespace portico::store
