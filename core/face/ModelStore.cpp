// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/ModelStore.h"

#include "common/Sha256.h"

#include <cstdlib>
#include <sstream>

namespace portico::face {

extern const char* const kPinnedModelLock; // generated from resources/models/models.lock

std::string_view modelStateName(ModelCheck::State state) {
    switch (state) {
    case ModelCheck::State::Ok:
        return "ok";
    case ModelCheck::State::Missing:
        return "missing";
    case ModelCheck::State::Altered:
        return "altered";
    case ModelCheck::State::Unreadable:
        return "unreadable";
    case ModelCheck::State::Unknown:
        break;
    }
    return "unknown";
}

Result<std::vector<ModelFile>> parseModelLock(std::string_view text) {
    struct Package {
        std::string spec, licence;
    };
    std::vector<std::pair<std::string, Package>> packages;
    std::vector<ModelFile> files;
    std::istringstream in{std::string(text)};
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        std::istringstream words(line);
        std::string kind;
        if (!(words >> kind) || kind.starts_with('#')) {
            continue;
        }
        if (kind == "package") {
            std::string alias, spec, licence, sha;
            if (!(words >> alias >> spec >> licence >> sha)) {
                return makeError(ErrorCode::ConfigInvalid, "models.lock line " + std::to_string(lineNo) +
                                                               ": expected 'package alias spec licence sha256'");
            }
            packages.push_back({alias, {spec, licence}});
        } else if (kind == "file") {
            ModelFile f;
            if (!(words >> f.alias >> f.path >> f.sha256) || f.sha256.size() != 64) {
                return makeError(ErrorCode::ConfigInvalid,
                                 "models.lock line " + std::to_string(lineNo) + ": expected 'file alias path sha256'");
            }
            bool known = false;
            for (const auto& [alias, pkg] : packages) {
                if (alias == f.alias) {
                    f.package = pkg.spec;
                    f.licence = pkg.licence;
                    known = true;
                }
            }
            if (!known) {
                return makeError(ErrorCode::ConfigInvalid,
                                 "models.lock line " + std::to_string(lineNo) + ": unknown package '" + f.alias + "'");
            }
            if (f.path.find("..") != std::string::npos || f.path.starts_with('/')) {
                return makeError(ErrorCode::ConfigInvalid,
                                 "models.lock line " + std::to_string(lineNo) + ": path must stay inside the package");
            }
            files.push_back(std::move(f));
        } else {
            return makeError(ErrorCode::ConfigInvalid,
                             "models.lock line " + std::to_string(lineNo) + ": unknown entry '" + kind + "'");
        }
    }
    return files;
}

const std::vector<ModelFile>& pinnedModelFiles() {
    static const std::vector<ModelFile> files = [] {
        auto parsed = parseModelLock(kPinnedModelLock);
        // The lock is a committed build input; a parse failure is a build defect caught by the unit tests.
        return parsed ? parsed.value() : std::vector<ModelFile>{};
    }();
    return files;
}

std::filesystem::path defaultModelDir() {
    if (const char* dir = std::getenv("PORTICO_MODEL_DIR"); dir && *dir) {
        return dir;
    }
    // An installed package ships the pinned files under <prefix>/share/portico/models, beside <prefix>/bin.
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto installed = exe.parent_path().parent_path() / "share" / "portico" / "models";
        if (std::filesystem::is_directory(installed, ec)) {
            return installed;
        }
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
        return std::filesystem::path(xdg) / "portico" / "models";
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : ".") / ".cache" / "portico" / "models";
}

ModelStore::ModelStore(std::filesystem::path dir, std::vector<ModelFile> files)
    : m_dir(std::move(dir)), m_files(std::move(files)) {}

ModelStore ModelStore::pinned(std::filesystem::path dir) {
    return ModelStore(dir.empty() ? defaultModelDir() : std::move(dir), pinnedModelFiles());
}

ModelCheck ModelStore::check(const ModelFile& file) const {
    ModelCheck result{file, ModelCheck::State::Unknown, {}};
    const auto path = m_dir / file.alias / file.path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        result.state = ModelCheck::State::Missing;
        return result;
    }
    auto sha = sha256File(path);
    if (!sha) {
        result.state = ModelCheck::State::Unreadable;
        return result;
    }
    result.actualSha256 = sha.value();
    result.state = sha.value() == file.sha256 ? ModelCheck::State::Ok : ModelCheck::State::Altered;
    return result;
}

std::vector<ModelCheck> ModelStore::checkAll() const {
    std::vector<ModelCheck> out;
    out.reserve(m_files.size());
    for (const auto& f : m_files) {
        out.push_back(check(f));
    }
    return out;
}

Error ModelStore::toError(const ModelCheck& c, const std::filesystem::path& dir) {
    const auto where = (dir / c.file.alias / c.file.path).string();
    const std::string fix = "; run scripts/fetch-models (or set PORTICO_MODEL_DIR to a verified model cache)";
    switch (c.state) {
    case ModelCheck::State::Missing:
        return makeError(ErrorCode::ModelMissing, "model file missing: " + where + fix);
    case ModelCheck::State::Altered:
        return makeError(ErrorCode::ChecksumMismatch, "model file altered: " + where + " has sha256 " + c.actualSha256 +
                                                          ", expected " + c.file.sha256 + fix);
    case ModelCheck::State::Unreadable:
        return makeError(ErrorCode::IoError, "model file unreadable: " + where + fix);
    default:
        return makeError(ErrorCode::Unknown, "model file not checked: " + where);
    }
}

Status ModelStore::verifyAll() const {
    if (m_files.empty()) {
        return makeError(ErrorCode::ConfigInvalid, "no model files are listed");
    }
    for (const auto& f : m_files) {
        auto c = check(f);
        if (c.state != ModelCheck::State::Ok) {
            return toError(c, m_dir);
        }
    }
    return {};
}

Result<std::filesystem::path> ModelStore::verifiedPath(std::string_view alias, std::string_view path) const {
    for (const auto& f : m_files) {
        if (f.alias == alias && f.path == path) {
            auto c = check(f);
            if (c.state != ModelCheck::State::Ok) {
                return toError(c, m_dir);
            }
            return m_dir / f.alias / f.path;
        }
    }
    return makeError(ErrorCode::NotFound,
                     "model file not in the pinned list: " + std::string(alias) + "/" + std::string(path));
}

} // namespace portico::face
