#pragma once

// The blameless coach: reads what people write in a post-mortem and points, gently, at
// language that puts a person where a cause should be. It never rejects text; the UI shows the
// hints next to it. The words it looks for live in plain text lists (resources/coach/), so
// they can be reviewed and extended without touching code.

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace hindsight {

namespace detail {
struct CoachLists; // the parsed word lists; defined in blamelesscoach.cpp
}

enum class CoachCategory {
    BlameWord, // "careless", "lazy", "fault", "blame" ...
    HumanError, // "human error", "operator error", "user error" ...
    Counterfactual, // "should have checked", "could have been", "Bob failed to" ...
    PersonAsCause, // at the end of a why chain: "because Bob deployed it"
    PersonState, // at the end of a why chain: "the operator was tired", "they forgot"
};

// Stable identifiers ("blame-word", "human-error", "counterfactual", "person-as-cause",
// "person-state") for storage, JSON and styling; display names are the UI's business.
QString toKey(CoachCategory c);
std::optional<CoachCategory> coachCategoryFromKey(const QString &key);

struct CoachHint {
    int start = 0; // span in the analysed text, in QString (UTF-16) indices
    int length = 0;
    CoachCategory category = CoachCategory::BlameWord;
    QString suggestion; // one gentle sentence for the user
    QString nextQuestion; // PersonState / PersonAsCause: the next "why?" to ask; else empty
    bool operator==(const CoachHint &other) const = default;
};

class BlamelessCoach
{
public:
    // Loads the word lists compiled into hindsight_core (":/coach/"). They are read once per
    // process and shared by every coach, so constructing one is cheap.
    BlamelessCoach();
    // Loads the lists from a folder with the same file names instead (a team's own lists,
    // tests of the list format). Missing files count as empty lists; see missingLists().
    explicit BlamelessCoach(const QString &directory);

    // Names of the list files that could not be read; empty when everything loaded.
    QStringList missingLists() const;

    // Finds the hints in one text. participants: the session's people; a full name
    // ("Alice Smith") and its first name ("Alice") both count. chainEnd: true when the text is
    // the last answer of a why chain (a cause someone proposes to stop at); only then are a
    // person's state or a person as the cause flagged, because in the middle of a chain the
    // next "why?" is still to come. Pass false for timeline events and other free text.
    // The hints never overlap and are ordered by start. Linear in the length of the text.
    QList<CoachHint> analyse(
        const QString &text, const QStringList &participants, bool chainEnd = true) const;

private:
    std::shared_ptr<const detail::CoachLists> m_lists;
};

} // namespace hindsight
