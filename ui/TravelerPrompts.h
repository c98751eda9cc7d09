// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/PromptId.h"

#include <QString>
#include <QTranslator>
#include <Qt>

#include <memory>
#include <vector>

namespace portico::ui {

/// @brief A language the traveler display speaks, listed by its own name (never by a flag).
struct TravelerLanguage {
    QString code;       ///< "en", "es", "ht", "pt", "fr", ...
    QString nativeName; ///< "Español", "Kreyòl ayisyen", ...
    Qt::LayoutDirection direction = Qt::LeftToRight;
};

/// @brief The traveler's prompts in the traveler's language, with a translator of their own: switching the
/// traveler's language never changes the officer's screen.
class TravelerPrompts {
public:
    TravelerPrompts();
    ~TravelerPrompts();

    /// @brief Languages the traveler display offers, in the order of the language key.
    static const std::vector<TravelerLanguage>& languages();
    /// @brief Suggested traveler language from an ISO 3166 alpha-3 nationality; English when unknown.
    static QString suggestLanguage(const QString& nationality);

    /// @brief Switch language; false (and English kept) if no translation is installed for it.
    bool setLanguage(const QString& code);
    const TravelerLanguage& language() const;

    /// @brief The sentence for a capture prompt, in the traveler's language.
    QString text(face::PromptId id) const;
    /// @brief Name of the pictogram resource for a prompt (":/pictograms/<name>.svg").
    static QString pictogram(face::PromptId id);
    /// @brief Fixed notices: welcome, how the photo is used, opt-out, thank you, officer will help.
    QString welcome() const;
    QString privacyNotice() const;
    QString optOutNotice() const;
    QString thankYou() const;
    QString officerWillHelp() const;

    /// @brief English source strings of every prompt, for the translation completeness test.
    static std::vector<const char*> sourceTexts();

private:
    QString translate(const char* source) const;

    std::unique_ptr<QTranslator> m_translator;
    std::size_t m_language = 0;
};

} // namespace portico::ui
