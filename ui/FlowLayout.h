// FlowLayout: lays its items out in a row like QHBoxLayout and wraps them
// onto further rows when the width runs out (a row of buttons that stays
// usable in a narrow panel or with large fonts). Its height is that of the
// rows at the width it was last given (a new width that needs another number
// of rows asks the parent to lay out again); it does not use heightForWidth,
// which would make a scroll area hold its whole widget at the preferred
// height. Items keep their size hints; spacing() is used both ways.
//
// GUI thread only. Owns its layout items (as every QLayout).
#pragma once

#include <QLayout>
#include <QList>

namespace layerlab::ui {

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget* parent = nullptr);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override { return static_cast<int>(items_.size()); }
    QLayoutItem* itemAt(int index) const override { return items_.value(index); }
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return {}; }
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    // Places the items in rect (or only measures); returns the height used.
    int arrange(const QRect& rect, bool place) const;
    int gap() const;

    // The height the rows need at the last width given (one row before any).
    int rowsHeight() const;

    QList<QLayoutItem*> items_;
    int lastWidth_ = -1;
};

}  // namespace layerlab::ui
