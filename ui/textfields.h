#pragma once

#include <QLineEdit>

#include <limits>

namespace hindsight {

// A QLineEdit keeps at most 32,767 characters and silently cuts the rest: a pasted log would
// lose its end, and a longer stored text opened for editing would be saved shortened. Every
// line edit that holds user text takes any length instead.
inline void acceptAnyLength(QLineEdit *edit)
{
    if (edit)
        edit->setMaxLength(std::numeric_limits<int>::max());
}

} // namespace hindsight
