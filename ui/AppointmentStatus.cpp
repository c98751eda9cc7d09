// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AppointmentStatus.h"

namespace portico::ui {

QString AppointmentStatus::label(const QString& code) {
    if (code == QLatin1String("booked")) {
        return tr("Booked");
    }
    if (code == QLatin1String("confirmed")) {
        return tr("Confirmed");
    }
    if (code == QLatin1String("checked_in")) {
        return tr("Checked in");
    }
    if (code == QLatin1String(kProcessed)) {
        return tr("Processed");
    }
    if (code == QLatin1String("expired")) {
        return tr("Expired");
    }
    if (code == QLatin1String("cancelled")) {
        return tr("Cancelled");
    }
    return code;
}

QStringList AppointmentStatus::codes() {
    return {QStringLiteral("booked"),        QStringLiteral("confirmed"), QStringLiteral("checked_in"),
            QString::fromLatin1(kProcessed), QStringLiteral("expired"),   QStringLiteral("cancelled")};
}

} // namespace portico::ui
