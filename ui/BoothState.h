// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <optional>

namespace portico::ui {

/// @brief The one verdict the booth shows, in words first.
enum class Verdict { Unknown = 0, Waiting, Match, NoMatch, Ambiguous, PoorPhoto, Unavailable, OptedOut };

/// @brief Manifest facts shown beside the photos (already formatted for display).
struct TravelerCard {
    QString appointmentId;
    QString name;        ///< "GARCÍA LÓPEZ, María"
    QString age;         ///< "34 y"
    QString nationality; ///< "MEX"
    QString document;    ///< "Passport G1234567 (exp 2031)"
    QString appointment; ///< "09:00–09:30 · Checked in · Lane 3"
    QImage photo;
};

/// @brief Another candidate from the 1:N search.
struct CandidateRow {
    QString appointmentId;
    QString name;
    double score = 0.0;
};

/// @brief One quality measure as the officer sees it.
struct QualityItem {
    QString label;
    bool pass = false;
};

/// @brief Everything the booth view shows about the current traveler. Reset between travelers.
struct BoothState {
    Verdict verdict = Verdict::Waiting;
    QString verdictDetail; ///< "Appointment A-1042 · 1 in 300 000 chance of a wrong match"
    std::optional<double> score;
    std::optional<double> threshold;
    QStringList secondLookReasons; ///< why a second look is required (age policy, low liveness, ...)
    /// F1 asks what the officer checked before "verified" is recorded (the age policy; core decides).
    bool confirmSecondLook = false;
    std::optional<TravelerCard> traveler;
    QImage liveCrop;
    QImage documentCrop;
    QString documentResult; ///< 1:1 outcome against the document photo, in words
    bool documentProblem = false;
    QList<CandidateRow> otherCandidates;
    QString mrzStatus; ///< "MRZ ✓ check digits · ✓ matches manifest"
    bool mrzProblem = false;
};

/// @brief Live camera overlay for the current frame.
struct CameraOverlay {
    std::optional<QRectF> faceBox; ///< in frame pixel coordinates
    QList<QualityItem> quality;
    QString prompt;        ///< the prompt shown to the traveler, in the officer's language
    QString captureStatus; ///< "Auto-capture in 2…", "Captured", "No usable photo after 10 s"
    bool cameraOff = false;
};

} // namespace portico::ui
