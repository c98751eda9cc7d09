// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/ChildProcess.h"

#include "support/PostgresCluster.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace portico::test {
namespace {
int decodeStatus(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

pid_t spawn(const std::string& exe, const std::vector<std::string>& args, const std::vector<std::string>& extraEnv,
            int& readFd) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        return -1;
    }
    // Build argv and envp before fork: the child may only call async-signal-safe functions.
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(exe.c_str()));
    for (const auto& a : args) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    // Extra variables first: getenv() returns the first match.
    for (const auto& e : extraEnv) {
        envp.push_back(const_cast<char*>(e.c_str()));
    }
    for (char** e = environ; *e; ++e) {
        envp.push_back(*e);
    }
    envp.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        execve(exe.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(fds[1]);
    readFd = fds[0];
    return pid;
}
} // namespace

ChildProcess::ChildProcess(const std::string& exe, const std::vector<std::string>& args) {
    m_pid = spawn(exe, args, {}, m_stdout);
}

ChildProcess::~ChildProcess() {
    if (m_pid > 0 && !m_reaped) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        waitpid(m_pid, &status, 0);
    }
    if (m_stdout >= 0) {
        close(m_stdout);
    }
}

std::string ChildProcess::readLine(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (auto nl = m_buffer.find('\n'); nl != std::string::npos) {
            std::string line = m_buffer.substr(0, nl);
            m_buffer.erase(0, nl + 1);
            return line;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || m_stdout < 0) {
            return {};
        }
        pollfd p{m_stdout, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            return {};
        }
        char buf[4096];
        const ssize_t n = ::read(m_stdout, buf, sizeof buf);
        if (n <= 0) {
            return {};
        }
        m_buffer.append(buf, static_cast<std::size_t>(n));
    }
}

void ChildProcess::signal(int sig) {
    if (m_pid > 0 && !m_reaped) {
        ::kill(m_pid, sig);
    }
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (m_pid <= 0) {
        return -1;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t r = waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid) {
            m_reaped = true;
            return decodeStatus(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

std::pair<int, std::string> runCommand(const std::string& exe, const std::vector<std::string>& args,
                                       const std::vector<std::string>& extraEnv) {
    int fd = -1;
    const pid_t pid = spawn(exe, args, extraEnv, fd);
    if (pid <= 0) {
        return {-1, {}};
    }
    std::string out;
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
        if (n > 0) {
            out.append(buf, static_cast<std::size_t>(n));
        }
    }
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    return {decodeStatus(status), out};
}

CentralProcess::CentralProcess(const std::string& dataDir, std::vector<std::string> extraArgs)
    : m_process(centralExe().string(), [&] {
          std::vector<std::string> args = {"--listen", "127.0.0.1:0"};
          const auto store = centralStoreArgs(dataDir);
          args.insert(args.end(), store.begin(), store.end());
          if (centralOnPostgres()) {
              // Instances on PostgreSQL sign with a provisioned key: the folder's own, so `pubkey --data DIR`
              // still names the key this server signs with.
              const auto key = std::filesystem::path(dataDir) / "signing.key";
              if (!std::filesystem::exists(key)) {
                  std::filesystem::create_directories(dataDir);
                  (void)runCommand(centralExe().string(), {"pubkey", "--data", dataDir});
              }
              args.insert(args.end(), {"--signing-key", key.string()});
          }
          args.insert(args.end(), extraArgs.begin(), extraArgs.end());
          if (std::find(extraArgs.begin(), extraArgs.end(), "--token") == extraArgs.end() &&
              std::find(extraArgs.begin(), extraArgs.end(), "--insecure-demo") == extraArgs.end()) {
              args.insert(args.end(), {"--token", kToken});
          }
          return args;
      }()) {
    REQUIRE(m_process.started());
    const std::string first = m_process.readLine(std::chrono::seconds(30));
    const std::string prefix = "listening on ";
    INFO("first line of portico-central: '" << first << "'");
    REQUIRE(first.starts_with(prefix));
    m_url = first.substr(prefix.size());
}

} // namespace portico::test
