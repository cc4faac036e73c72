#include "appstyle.h"

#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPointer>
#include <QStyleOption>
#include <QWidget>

namespace hindsight {

namespace {

// An icon of the base style, asked for the first time it is measured or drawn.
class DeferredStandardIcon final : public QIconEngine
{
public:
    DeferredStandardIcon(QStyle *style, QStyle::StandardPixmap which, Qt::LayoutDirection direction)
        : m_style(style)
        , m_which(which)
        , m_direction(direction)
    { }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        icon().paint(painter, rect, Qt::AlignCenter, mode, state);
    }
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return icon().actualSize(size, mode, state);
    }
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return icon().pixmap(size, mode, state);
    }
    QPixmap scaledPixmap(
        const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        return icon().pixmap(size, scale, mode, state);
    }
    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override
    {
        return icon().availableSizes(mode, state);
    }
    // Answered without reading: QToolButton asks while it is being built.
    bool isNull() override { return m_style.isNull(); }
    QString key() const override { return QStringLiteral("hindsight-deferred-standard-icon"); }
    QIconEngine *clone() const override { return new DeferredStandardIcon(*this); }

private:
    DeferredStandardIcon(const DeferredStandardIcon &other) = default;

    const QIcon &icon()
    {
        if (!m_read) {
            m_read = true;
            if (m_style) {
                QStyleOption option;
                option.direction = m_direction;
                m_icon = m_style->standardIcon(m_which, &option);
            }
        }
        return m_icon;
    }

    QPointer<QStyle> m_style; // the proxy's base style, which owns nothing of ours
    QStyle::StandardPixmap m_which;
    Qt::LayoutDirection m_direction;
    bool m_read = false;
    QIcon m_icon;
};

} // namespace

QIcon AppStyle::standardIcon(
    StandardPixmap which, const QStyleOption *option, const QWidget *widget) const
{
    if (which == SP_ToolBarHorizontalExtensionButton
        || which == SP_ToolBarVerticalExtensionButton) {
        const Qt::LayoutDirection direction = option ? option->direction
            : widget                                 ? widget->layoutDirection()
                                                     : QGuiApplication::layoutDirection();
        return QIcon(new DeferredStandardIcon(baseStyle(), which, direction));
    }
    return QProxyStyle::standardIcon(which, option, widget);
}

} // namespace hindsight
