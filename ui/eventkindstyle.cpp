#include "eventkindstyle.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFont>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <algorithm>
#include <cmath>

namespace hindsight {

namespace {

enum class Shape { Circle, Triangle, Diamond, Square, Lens };

struct KindLook {
    QColor color;
    QChar letter;
    Shape shape;
};

// Okabe-Ito hues; yellow is darkened a little so it still shows on white.
KindLook lookOf(EventKind kind)
{
    switch (kind) {
    case EventKind::ImpactStart: return {QColor(0xD5, 0x5E, 0x00), u'!', Shape::Triangle};
    case EventKind::Detection: return {QColor(0xE6, 0x9F, 0x00), u'D', Shape::Circle};
    case EventKind::Escalation: return {QColor(0xCC, 0x79, 0xA7), u'E', Shape::Circle};
    case EventKind::Diagnosis: return {QColor(0x56, 0xB4, 0xE9), QChar(), Shape::Lens};
    case EventKind::Mitigation: return {QColor(0x00, 0x72, 0xB2), u'M', Shape::Square};
    case EventKind::Resolution: return {QColor(0x00, 0x9E, 0x73), u'R', Shape::Square};
    case EventKind::Communication: return {QColor(0xD8, 0xC8, 0x1E), u'C', Shape::Circle};
    case EventKind::Decision: return {QColor(0x3A, 0x3A, 0x3A), QChar(), Shape::Diamond};
    case EventKind::Note: return {QColor(0x8A, 0x8A, 0x8A), u'N', Shape::Circle};
    }
    return {QColor(Qt::gray), u'?', Shape::Circle};
}

double luminance(const QColor &c)
{
    auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

QPainterPath shapePath(const QRectF &r, Shape shape)
{
    QPainterPath path;
    switch (shape) {
    case Shape::Circle:
    case Shape::Lens: path.addEllipse(r); break;
    case Shape::Square: path.addRoundedRect(r, r.width() * 0.18, r.height() * 0.18); break;
    case Shape::Triangle:
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.right(), r.bottom());
        path.lineTo(r.left(), r.bottom());
        path.closeSubpath();
        break;
    case Shape::Diamond:
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.right(), r.center().y());
        path.lineTo(r.center().x(), r.bottom());
        path.lineTo(r.left(), r.center().y());
        path.closeSubpath();
        break;
    }
    return path;
}

} // namespace

QString kindName(EventKind kind)
{
    switch (kind) {
    case EventKind::ImpactStart: return QCoreApplication::translate("EventKind", "Impact start");
    case EventKind::Detection: return QCoreApplication::translate("EventKind", "Detection");
    case EventKind::Escalation: return QCoreApplication::translate("EventKind", "Escalation");
    case EventKind::Diagnosis: return QCoreApplication::translate("EventKind", "Diagnosis");
    case EventKind::Mitigation: return QCoreApplication::translate("EventKind", "Mitigation");
    case EventKind::Resolution: return QCoreApplication::translate("EventKind", "Resolution");
    case EventKind::Communication: return QCoreApplication::translate("EventKind", "Communication");
    case EventKind::Decision: return QCoreApplication::translate("EventKind", "Decision");
    case EventKind::Note: return QCoreApplication::translate("EventKind", "Note");
    }
    return {};
}

QString kindDescription(EventKind kind)
{
    switch (kind) {
    case EventKind::ImpactStart:
        return QCoreApplication::translate("EventKind", "Users or systems started to be affected.");
    case EventKind::Detection:
        return QCoreApplication::translate(
            "EventKind", "Someone or something noticed the problem.");
    case EventKind::Escalation:
        return QCoreApplication::translate(
            "EventKind", "More people or another team were brought in.");
    case EventKind::Diagnosis:
        return QCoreApplication::translate("EventKind", "A finding about what was going on.");
    case EventKind::Mitigation:
        return QCoreApplication::translate("EventKind", "The impact was reduced or worked around.");
    case EventKind::Resolution:
        return QCoreApplication::translate("EventKind", "The problem was fixed for good.");
    case EventKind::Communication:
        return QCoreApplication::translate(
            "EventKind", "Users, customers or colleagues were informed.");
    case EventKind::Decision:
        return QCoreApplication::translate(
            "EventKind", "A choice was made, with what was known then.");
    case EventKind::Note:
        return QCoreApplication::translate("EventKind", "Anything else worth remembering.");
    }
    return {};
}

QColor kindColor(EventKind kind)
{
    return lookOf(kind).color;
}

QColor kindTextColor(EventKind kind)
{
    // WCAG contrast against black and white; pick the larger.
    const double l = luminance(kindColor(kind));
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? QColor(Qt::black) : QColor(Qt::white);
}

void paintKindMarker(QPainter *painter, const QRectF &rect, EventKind kind, bool hollow)
{
    const KindLook look = lookOf(kind);
    const qreal side = std::min(rect.width(), rect.height());
    QRectF r(0, 0, side, side);
    r.moveCenter(rect.center());
    const qreal pen = std::max(1.0, side / 12.0);
    r.adjust(pen / 2, pen / 2, -pen / 2, -pen / 2);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPainterPath path = shapePath(r, look.shape);
    painter->setPen(QPen(look.color.darker(140), pen));
    painter->setBrush(hollow ? QColor(Qt::white) : look.color);
    painter->drawPath(path);

    if (look.shape == Shape::Lens) {
        // A magnifying glass: looking into what happened.
        const qreal s = r.width();
        const QPointF c(r.left() + s * 0.44, r.top() + s * 0.44);
        painter->setPen(QPen(hollow ? look.color.darker(140) : kindTextColor(kind),
            std::max(1.0, s / 9.0), Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(c, s * 0.18, s * 0.18);
        painter->drawLine(
            c + QPointF(s * 0.13, s * 0.13), QPointF(r.left() + s * 0.72, r.top() + s * 0.72));
        painter->restore();
        return;
    }
    if (look.letter.isNull()) {
        painter->restore();
        return;
    }
    QFont font = painter->font();
    font.setBold(true);
    // The triangle's visual centre sits low; so does its letter.
    const bool triangle = look.shape == Shape::Triangle;
    font.setPixelSize(std::max(6, int(side * (triangle ? 0.5 : 0.6))));
    painter->setFont(font);
    painter->setPen(hollow ? look.color.darker(140) : kindTextColor(kind));
    QRectF textRect = r;
    if (triangle)
        textRect.setTop(r.top() + r.height() * 0.3);
    painter->drawText(textRect, Qt::AlignCenter, QString(look.letter));
    painter->restore();
}

QIcon kindIcon(EventKind kind)
{
    // Icons are cheap to cache and views ask for them on every paint.
    static QHash<int, QIcon> cache;
    const auto found = cache.constFind(int(kind));
    if (found != cache.constEnd())
        return *found;
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paintKindMarker(&painter, QRectF(0, 0, size, size), kind);
        painter.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(int(kind), icon);
    return icon;
}

} // namespace hindsight

namespace hindsight {

void fillKindCombo(QComboBox *combo)
{
    for (EventKind k : allEventKinds()) {
        combo->addItem(kindIcon(k), kindName(k), int(k));
        combo->setItemData(combo->count() - 1, kindDescription(k), Qt::ToolTipRole);
    }
}

EventKindDelegate::EventKindDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QWidget *EventKindDelegate::createEditor(
    QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(QStringLiteral("kindEditor"));
    fillKindCombo(combo);
    // Picking a kind is the whole edit: commit at once instead of waiting for focus to leave.
    connect(combo, &QComboBox::activated, this, [this, combo] {
        auto *self = const_cast<EventKindDelegate *>(this);
        Q_EMIT self->commitData(combo);
        Q_EMIT self->closeEditor(combo);
    });
    return combo;
}

void EventKindDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    const int at = combo->findData(index.data(Qt::EditRole).toInt());
    combo->setCurrentIndex(std::max(0, at));
}

void EventKindDelegate::setModelData(
    QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    const int kind = combo->currentData().toInt();
    if (kind != index.data(Qt::EditRole).toInt())
        model->setData(index, kind, Qt::EditRole);
}

} // namespace hindsight
