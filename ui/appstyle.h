#pragma once

#include <QProxyStyle>

namespace hindsight {

// The application's style: the platform's own (QProxyStyle picks it, honouring -style and
// QT_STYLE_OVERRIDE), except that the icons of the menu bar's and tool bars' overflow button
// are read when that button is first drawn instead of when the bar is built.
//
// Why: QMenuBar's constructor asks for that icon, and Qt reads any image file by first loading
// every image-format plugin, to let one of them claim the format. At start-up that was three
// dlopen()s (gif, ico, jpeg with libjpeg) and 3 ms before the first frame, for a button that
// shows only when the window is too narrow for its menus.
class AppStyle : public QProxyStyle
{
    Q_OBJECT

public:
    using QProxyStyle::QProxyStyle;

    QIcon standardIcon(StandardPixmap which, const QStyleOption *option = nullptr,
        const QWidget *widget = nullptr) const override;
};

} // namespace hindsight
