// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace portico::ui {

/// @brief The one place that turns core error codes into sentences an officer can act on: what happened, then
/// what to do next. Technical detail never reaches the screen (it is in the log).
class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    static QString forCode(ErrorCode code);
    static QString forError(const Error& error) { return forCode(error.code); }
};

} // namespace portico::ui
