#pragma once

// How each kind of timeline event looks, shared by every view that shows events (the timeline
// table, the time axis, the why-chain evidence picker, the report preview).
//
// Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies);
// because colour alone is never enough, every kind also has its own letter and some their own
// shape.

#include "domain.h"

#include <QColor>
#include <QIcon>
#include <QString>
#include <QStyledItemDelegate>

class QComboBox;
class QPainter;
class QRectF;

namespace hindsight {

// The name shown to users ("Impact start"), translated.
QString kindName(EventKind kind);
// One sentence for tooltips: what counts as this kind.
QString kindDescription(EventKind kind);
// The kind's colour; strong enough to read on a light background.
QColor kindColor(EventKind kind);
// A colour for text drawn on top of kindColor(kind) (black or white, whichever contrasts more).
QColor kindTextColor(EventKind kind);
// The kind's marker (shape, colour, letter), drawn at any size.
QIcon kindIcon(EventKind kind);
// Draws the same marker into `rect`, for views that paint events themselves.
void paintKindMarker(QPainter *painter, const QRectF &rect, EventKind kind, bool hollow = false);

// Edits a cell whose Qt::EditRole is int(EventKind) with a combo box of kinds (icon and name).
class EventKindDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit EventKindDelegate(QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(
        QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
};

// Fills a combo box with every kind (icon, name, int(kind) as item data, description as tooltip).
void fillKindCombo(QComboBox *combo);

} // namespace hindsight
