#include "coachhighlighter.h"

#include <QTextBlock>
#include <QTextDocument>

namespace hindsight {

CoachHighlighter::CoachHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{ }

void CoachHighlighter::setParticipants(const QStringList &names)
{
    if (names == m_participants)
        return;
    m_participants = names;
    rehighlight();
}

void CoachHighlighter::setChainEnd(bool chainEnd)
{
    if (chainEnd == m_chainEnd)
        return;
    m_chainEnd = chainEnd;
    rehighlight();
}

QList<CoachHint> CoachHighlighter::hints() const
{
    QList<CoachHint> all;
    if (!document())
        return all;
    // Block by block, as highlighted, so what the list says matches what is underlined.
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next()) {
        const QList<CoachHint> found = m_coach.analyse(b.text(), m_participants, m_chainEnd);
        for (CoachHint h : found) {
            h.start += b.position();
            all.append(h);
        }
    }
    return all;
}

std::optional<CoachHint> CoachHighlighter::hintAt(int position) const
{
    if (!document())
        return std::nullopt;
    const QTextBlock b = document()->findBlock(position);
    if (!b.isValid())
        return std::nullopt;
    const int inBlock = position - b.position();
    const QList<CoachHint> found = m_coach.analyse(b.text(), m_participants, m_chainEnd);
    for (CoachHint h : found) {
        if (inBlock >= h.start && inBlock < h.start + h.length) {
            h.start += b.position();
            return h;
        }
    }
    return std::nullopt;
}

void CoachHighlighter::highlightBlock(const QString &text)
{
    const QList<CoachHint> found = m_coach.analyse(text, m_participants, m_chainEnd);
    for (const CoachHint &h : found) {
        QTextCharFormat f;
        f.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        // Person-centred endings are a question still to ask, not a wording problem.
        const bool chainHint =
            h.category == CoachCategory::PersonState || h.category == CoachCategory::PersonAsCause;
        f.setUnderlineColor(chainHint ? QColor(0x1f, 0x6f, 0xd1) : QColor(0xd9, 0x48, 0x1c));
        f.setToolTip(h.suggestion);
        setFormat(h.start, h.length, f);
    }
}

} // namespace hindsight
