// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace portico::cli {

/// @brief portico-central started as a child for a benchmark; its first stdout line gives the URL. SIGTERM on
/// destruction.
class CentralChild {
public:
    CentralChild(const std::string& exe, const std::vector<std::string>& args);
    ~CentralChild();
    CentralChild(const CentralChild&) = delete;
    CentralChild& operator=(const CentralChild&) = delete;
    const std::string& url() const { return m_url; }

private:
    pid_t m_pid = -1;
    std::string m_url;
};

/// @brief Run a portico-central command and return the first line it prints (e.g. `pubkey --data DIR`).
std::string centralFirstLine(const std::string& exe, const std::vector<std::string>& args);

/// @brief `portico-central pubkey --data DIR`.
std::string readPubkey(const std::string& exe, const std::string& data);

} // namespace portico::cli
