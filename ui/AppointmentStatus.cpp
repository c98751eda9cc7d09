// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AppointmentStatus.h"

#include <array>
#include <utility>

namespace portico::ui {
namespace {
/// Every code with its words, in the order an appointment moves through them: the one list both functions read.
constexpr std::array<std::pair<const char*, const char*>, 6> kStatuses{{
    {"booked", QT_TRANSLATE_NOOP("AppointmentStatus", "Booked")},
    {"confirmed", QT_TRANSLATE_NOOP("AppointmentStatus", "Confirmed")},
    {"checked_in", QT_TRANSLATE_NOOP("AppointmentStatus", "Checked in")},
    {AppointmentStatus::kProcessed, QT_TRANSLATE_NOOP("AppointmentStatus", "Processed")},
    {"expired", QT_TRANSLATE_NOOP("AppointmentStatus", "Expired")},
    {"cancelled", QT_TRANSLATE_NOOP("AppointmentStatus", "Cancelled")},
}};

/// The decisions with their words (all but abandoned make an appointment processed).
constexpr std::array<std::pair<inspection::Decision, const char*>, 5> kDecisions{{
    {inspection::Decision::Verified, QT_TRANSLATE_NOOP("AppointmentStatus", "verified")},
    {inspection::Decision::Referred, QT_TRANSLATE_NOOP("AppointmentStatus", "referred to secondary")},
    {inspection::Decision::OptOut, QT_TRANSLATE_NOOP("AppointmentStatus", "opted out")},
    {inspection::Decision::NoShow, QT_TRANSLATE_NOOP("AppointmentStatus", "no-show")},
    {inspection::Decision::Abandoned, QT_TRANSLATE_NOOP("AppointmentStatus", "not decided (abandoned)")},
}};
} // namespace

QString AppointmentStatus::label(const QString& code) {
    for (const auto& [c, words] : kStatuses) {
        if (code == QLatin1String(c)) {
            return tr(words);
        }
    }
    return code;
}

QString AppointmentStatus::decisionLabel(inspection::Decision decision) {
    for (const auto& [d, words] : kDecisions) {
        if (decision == d) {
            return tr(words);
        }
    }
    return QString::fromLatin1(inspection::decisionName(decision));
}

QStringList AppointmentStatus::codes() {
    QStringList out;
    for (const auto& s : kStatuses) {
        out << QString::fromLatin1(s.first);
    }
    return out;
}

} // namespace portico::ui
