#include "wraplabel.h"

#include <algorithm>

namespace hindsight {

WrapLabel::WrapLabel(QWidget *parent)
    : WrapLabel(QString(), parent)
{ }

WrapLabel::WrapLabel(const QString &text, QWidget *parent)
    : QLabel(text, parent)
{
    setWordWrap(true);
}

bool WrapLabel::Key::operator==(const Key &other) const
{
    return text == other.text && margins == other.margins && margin == other.margin
        && indent == other.indent && format == other.format && wordWrap == other.wordWrap
        && font == other.font;
}

WrapLabel::Key WrapLabel::currentKey() const
{
    return Key {text(), font(), contentsMargins(), margin(), indent(), textFormat(), wordWrap()};
}

int WrapLabel::heightForWidth(int width) const
{
    Key key = currentKey();
    if (!(key == m_key)) {
        m_key = std::move(key);
        m_cached = 0;
    }
    for (int i = 0; i < m_cached; ++i) {
        if (m_heights[i].first == width)
            return m_heights[i].second;
    }
    const int height = QLabel::heightForWidth(width);
    // Newest first; the oldest of a full cache falls off the end.
    std::move_backward(m_heights.begin(),
        m_heights.begin() + std::min<int>(m_cached, int(m_heights.size()) - 1),
        m_heights.begin() + std::min<int>(m_cached + 1, int(m_heights.size())));
    m_heights[0] = {width, height};
    m_cached = std::min<int>(m_cached + 1, int(m_heights.size()));
    return height;
}

} // namespace hindsight
