#pragma once

#include "blamelesscoach.h"

#include <QStringList>
#include <QSyntaxHighlighter>

#include <optional>

class QTextDocument;

namespace hindsight {

// Underlines blaming wording with a wavy line while the user types, using BlamelessCoach.
// Tooltips are the widget's business: hintAt() says which hint lies under a position.
class CoachHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit CoachHighlighter(QTextDocument *document);

    void setParticipants(const QStringList &names);
    // True when the text is the last answer of its chain (see BlamelessCoach::analyse).
    void setChainEnd(bool chainEnd);
    bool chainEnd() const { return m_chainEnd; }

    // The hints of the whole document, positions relative to the document.
    QList<CoachHint> hints() const;
    // The hint covering a document position, if any.
    std::optional<CoachHint> hintAt(int position) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    BlamelessCoach m_coach;
    QStringList m_participants;
    bool m_chainEnd = true;
};

} // namespace hindsight
