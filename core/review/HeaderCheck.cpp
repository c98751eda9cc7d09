// SPDX-License-Identifier: GPL-3.0-or-later
// Temporary: compiles every public header of the module until their sources land.
#include "review/DailyReport.h"
#include "review/DailyStats.h"
#include "review/Monitoring.h"
#include "review/ReviewCase.h"
#include "review/ReviewQueue.h"
#include "review/TrendSignals.h"
