// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "eval/PairList.h"
#include "face/FacePipeline.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace portico::face {
class ModelStore;
}

namespace portico::eval {

/// @brief How to make (or reuse) the templates of a data set.
struct TemplateOptions {
    face::PipelineOptions pipeline; ///< the booth's defaults unless told otherwise
    unsigned threads = 1;           ///< one pipeline per thread
    /// Where cached templates live (outside the source tree); empty = no cache. See defaultTemplateCacheDir().
    std::filesystem::path cacheDir;
    /// Images re-analysed with the real pipeline when a cache file is found; every one must give the cached
    /// template (cosine ≥ 0.9999) or the whole cache file is thrown away and rebuilt.
    std::size_t spotChecks = 4;
    /// Called after each image analysed (from worker threads, serialised): done, total.
    std::function<void(std::size_t, std::size_t)> progress;
    /// A pipeline already loaded with `pipeline`'s options, used instead of loading one (one thread then); it must
    /// outlive the call.
    const face::FacePipeline* loaded = nullptr;
};

/// @brief Corrections of a data set's identity labels (its published labels contain errors): a file of lines
/// `same<TAB>identityB<TAB>identityA` (every image of B is A's person), `move<TAB>identity/n<TAB>identity`
/// (that image shows another identity's person) and `drop<TAB>identity/n` (left out, e.g. a byte-identical copy of
/// another image), each optionally followed by a tab and a reason; `#` starts a comment. docs/matching.md has the
/// rule by which the calibration set's corrections were found and confirmed.
struct LabelCorrections {
    std::map<std::string, std::string> same; ///< identity → the identity it really is
    std::map<ImageRef, std::string> move;    ///< image → the identity it really shows
    std::set<ImageRef> drop;
    std::size_t entries = 0;

    static Result<LabelCorrections> parse(std::string_view text);
    static Result<LabelCorrections> load(const std::filesystem::path& path);
    /// @brief InvalidArgument naming the entry when one names an identity or image the data set does not have.
    Status check(const Dataset& dataset) const;
};

/// @brief The template of every image of a data set, in the data set's order (identity, then number).
struct DatasetTemplates {
    std::string modelId;
    std::size_t dim = 0;
    std::vector<ImageRef> refs;      ///< every image of the data set (its file: folder and number)
    std::vector<std::string> labels; ///< per image: who it shows (the folder, unless corrected)
    std::vector<ErrorCode> failure;  ///< Unknown when the image gave a template, else why not (NoFace, …)
    std::vector<float> values;       ///< refs.size() × dim, L2-normalised; zeros for images without a template
    std::string fingerprint;         ///< sha256 of models, pipeline options and image contents
    bool fromCache = false;          ///< read from the cache (and spot-checked) rather than computed
    std::size_t spotChecked = 0;     ///< images re-analysed to check the cache

    std::size_t size() const { return refs.size(); }
    bool enrolled(std::size_t i) const { return failure[i] == ErrorCode::Unknown; }
    const float* row(std::size_t i) const { return values.data() + i * dim; }
    std::size_t enrolledCount() const;
    /// @brief A copy with @p corrections applied: labels changed, dropped images removed.
    DatasetTemplates corrected(const LabelCorrections& corrections) const;
};

/// @brief `$PORTICO_TEMPLATE_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/portico/templates`.
std::filesystem::path defaultTemplateCacheDir();

/// @brief The cache key of a data set's templates: sha256 over the pinned models' sha256, the pipeline options that
/// change a template and every image's identity, number and sha256.
Result<std::string> templateFingerprint(const face::ModelStore& store, const Dataset& dataset,
                                        const face::PipelineOptions& options);

/// @brief Templates of every image of @p dataset from the real face pipeline, through a cache file keyed by the
/// pinned models' sha256, the pipeline options and every image's sha256 (so a changed photo, model or option
/// never reuses old templates). A cache file found is spot-checked against the pipeline (TemplateOptions::spotChecks)
/// and rebuilt when it disagrees (the pipeline's code changed) or cannot be read (corrupt, truncated).
Result<DatasetTemplates> datasetTemplates(const face::ModelStore& store, const Dataset& dataset,
                                          const TemplateOptions& options);

} // namespace portico::eval
