// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inspection/Record.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace portico::ui {

/// @brief Words for an appointment's state. The manifest gives one of its status codes (booked, confirmed,
/// checked_in, expired, cancelled); once this booth has recorded a decision for the appointment it is "processed",
/// whatever central last said. Filters and counts work on these codes, the screen shows only the words.
class AppointmentStatus {
    Q_DECLARE_TR_FUNCTIONS(AppointmentStatus)
public:
    /// @brief The code a row is shown and filtered under: kProcessed once decided here, else the manifest's code.
    static QString effective(const QString& manifestCode, bool processed) {
        return processed ? QString::fromLatin1(kProcessed) : manifestCode;
    }
    /// @brief The translated word for a code; an unknown code is shown as it is (never an empty cell).
    static QString label(const QString& code);
    /// @brief The words for the officer's decision that processed an appointment.
    static QString decisionLabel(inspection::Decision decision);
    /// @brief Every code a filter offers, in the order an appointment moves through them.
    static QStringList codes();

    static constexpr const char* kProcessed = "processed";
};

} // namespace portico::ui
