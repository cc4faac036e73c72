#pragma once

#include <QLabel>

#include <array>

namespace hindsight {

// A word-wrapped label that remembers its height for the last few widths. QLabel lays its text
// out again on every heightForWidth() call, and box layouts ask again after each change to any
// sibling while a page is built and filled: 37 times per label of the stage page's ground rules
// at start-up, 61 M instructions (callgrind) of a cold start whose Qt floor is 50 M in all.
class WrapLabel : public QLabel
{
    Q_OBJECT

public:
    explicit WrapLabel(QWidget *parent = nullptr);
    explicit WrapLabel(const QString &text, QWidget *parent = nullptr);

    int heightForWidth(int width) const override;

private:
    // What the height depends on besides the width; the cache is dropped when any differs.
    struct Key {
        QString text;
        QFont font;
        QMargins margins;
        int margin = 0;
        int indent = 0;
        Qt::TextFormat format = Qt::AutoText;
        bool wordWrap = true;
        bool operator==(const Key &other) const;
    };
    Key currentKey() const;

    mutable Key m_key;
    mutable std::array<std::pair<int, int>, 4> m_heights {}; // (width, height), newest first
    mutable int m_cached = 0;
};

} // namespace hindsight
