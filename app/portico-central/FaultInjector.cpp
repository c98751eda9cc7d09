// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaultInjector.h"

#include <sstream>

namespace portico::central {

const char* faultName(Fault fault) {
    switch (fault) {
    case Fault::Unknown:
        return "unknown";
    case Fault::None:
        return "none";
    case Fault::Status500:
        return "500";
    case Fault::Status503:
        return "503";
    case Fault::Status503RetryAfter:
        return "503ra";
    case Fault::Status429:
        return "429";
    case Fault::Reset:
        return "reset";
    case Fault::Truncate:
        return "truncate";
    case Fault::Drip:
        return "drip";
    case Fault::Delay:
        return "delay";
    case Fault::Lost:
        return "lost";
    }
    return "unknown";
}

FaultInjector::FaultInjector(FaultInjector&& other) noexcept
    : m_table(std::move(other.m_table)), m_retryAfterSeconds(other.m_retryAfterSeconds), m_delay(other.m_delay),
      m_rng(other.m_rng) {}

Result<FaultInjector> FaultInjector::parse(const std::string& spec) {
    FaultInjector f;
    std::stringstream ss(spec);
    std::string item;
    double total = 0;
    while (std::getline(ss, item, ',')) {
        if (item.empty()) {
            continue;
        }
        const auto eq = item.find('=');
        if (eq == std::string::npos) {
            return makeError(ErrorCode::InvalidArgument, "fault '" + item + "' wants NAME=VALUE");
        }
        const std::string name = item.substr(0, eq);
        double value = 0;
        try {
            size_t used = 0;
            value = std::stod(item.substr(eq + 1), &used);
            if (used != item.size() - eq - 1) {
                throw std::invalid_argument("trailing");
            }
        } catch (...) {
            return makeError(ErrorCode::InvalidArgument, "fault '" + item + "' has a bad number");
        }
        if (name == "ra") {
            f.m_retryAfterSeconds = static_cast<int>(value);
            continue;
        }
        if (name == "delayms") {
            f.m_delay = std::chrono::milliseconds(static_cast<long>(value));
            continue;
        }
        if (name == "seed") {
            f.m_rng.seed(static_cast<std::uint64_t>(value));
            continue;
        }
        Fault fault = Fault::Unknown;
        for (Fault c : {Fault::Status500, Fault::Status503, Fault::Status503RetryAfter, Fault::Status429, Fault::Reset,
                        Fault::Truncate, Fault::Drip, Fault::Delay, Fault::Lost}) {
            if (name == faultName(c)) {
                fault = c;
            }
        }
        if (fault == Fault::Unknown) {
            return makeError(ErrorCode::InvalidArgument, "unknown fault '" + name + "'");
        }
        if (value < 0 || value > 1) {
            return makeError(ErrorCode::InvalidArgument, "fault probability out of [0,1]: " + item);
        }
        total += value;
        f.m_table.emplace_back(fault, value);
    }
    if (total > 1.0 + 1e-9) {
        return makeError(ErrorCode::InvalidArgument, "fault probabilities add up to more than 1");
    }
    return f;
}

Fault FaultInjector::draw() {
    if (m_table.empty()) {
        return Fault::None;
    }
    std::lock_guard lock(m_mutex);
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(m_rng);
    double acc = 0;
    for (const auto& [fault, p] : m_table) {
        acc += p;
        if (u < acc) {
            return fault;
        }
    }
    return Fault::None;
}

} // namespace portico::central
