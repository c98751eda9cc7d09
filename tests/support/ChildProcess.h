// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace portico::test {

/// @brief A child process with its stdout piped to us: start, read lines, signal, wait. For tests only.
class ChildProcess {
public:
    ChildProcess(const std::string& exe, const std::vector<std::string>& args);
    ~ChildProcess(); ///< SIGKILLs and reaps the child if it still runs
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool started() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }
    /// @brief Next line of stdout, or empty on EOF/timeout.
    std::string readLine(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void signal(int sig);
    /// @brief Wait for exit; returns the exit status (or 128+signal), -1 on timeout.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
    pid_t m_pid = -1;
    int m_stdout = -1;
    std::string m_buffer;
    bool m_reaped = false;
};

/// @brief Run a command to completion and capture its stdout; returns {exit status, output}.
std::pair<int, std::string> runCommand(const std::string& exe, const std::vector<std::string>& args,
                                       const std::vector<std::string>& extraEnv = {});

/// @brief portico-central on 127.0.0.1 with a fresh data dir; url() is read from its first line. It requires the
/// bearer token kToken unless the arguments name another (`--token`) or `--insecure-demo`.
class CentralProcess {
public:
    static constexpr const char* kToken = "portico-test-token";
    explicit CentralProcess(const std::string& dataDir, std::vector<std::string> extraArgs = {});
    const std::string& url() const { return m_url; }
    ChildProcess& process() { return m_process; }

private:
    ChildProcess m_process;
    std::string m_url;
};

} // namespace portico::test
