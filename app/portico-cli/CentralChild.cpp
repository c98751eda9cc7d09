// SPDX-License-Identifier: GPL-3.0-or-later
#include "CentralChild.h"

#include <csignal>
#include <cstdio>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace portico::cli {
namespace {

/// Spawn `exe args` with stdout on a pipe; returns the pid and the read end, or pid -1.
pid_t spawnWithStdout(const std::string& exe, const std::vector<std::string>& args, int& readFd) {
    int fds[2];
    if (::pipe(fds) != 0) {
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> all = {exe};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
        pid = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    readFd = fds[0];
    return pid;
}

std::string readLine(int fd) {
    std::string line;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n') {
        line += c;
    }
    return line;
}

} // namespace

CentralChild::CentralChild(const std::string& exe, const std::vector<std::string>& args) {
    int fd = -1;
    m_pid = spawnWithStdout(exe, args, fd);
    if (fd < 0) {
        return;
    }
    const std::string line = readLine(fd);
    ::close(fd); // later output goes nowhere (the server logs to stderr)
    const std::string prefix = "listening on ";
    if (line.rfind(prefix, 0) == 0) {
        m_url = line.substr(prefix.size());
    }
}

CentralChild::~CentralChild() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
}

std::string centralFirstLine(const std::string& exe, const std::vector<std::string>& args) {
    int fd = -1;
    const pid_t pid = spawnWithStdout(exe, args, fd);
    if (fd < 0) {
        return {};
    }
    std::string line = readLine(fd);
    // Read the rest so the child never blocks on a full pipe, then reap it.
    char buf[4096];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
    ::close(fd);
    int status = 0;
    if (pid > 0) {
        ::waitpid(pid, &status, 0);
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? line : std::string();
}

std::string readPubkey(const std::string& exe, const std::string& data) {
    return centralFirstLine(exe, {"pubkey", "--data", data});
}

} // namespace portico::cli
