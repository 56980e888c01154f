// ConfusionMatrixView: a painted heat map of a confusion matrix (rows = true
// class, columns = predicted class) with the count in every cell and the class
// names on both axes. Correct predictions (the diagonal) are shaded blue and
// mistakes orange-red, each by the fraction of its row (its true class), so
// that classes with few samples read as clearly as large ones.
// The cells fill the space they have (wider than high when the space is
// wide), and the counts are drawn as large as the cells allow, never smaller
// than kMinCountPx (then only the tooltip shows them). Column labels are the
// class names, turned when they do not fit, or the class numbers when turned
// names would leave the cells too low (the rows then say "name (number)");
// when even that leaves no room for the counts, both axes are numbered (the
// tooltip names the classes).
// Clicking a cell selects it and emits cellClicked(truth, predicted).
// GUI thread only; holds a copy of the matrix and the names (no pointers).
#pragma once

#include "core/train/metrics.h"

#include <QStringList>
#include <QWidget>

namespace layerlab::ui {

class ConfusionMatrixView : public QWidget {
    Q_OBJECT

public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    // requires: classNames.size() == matrix.classes (missing names read "class k").
    // ensures: the view draws this matrix; the selection is kept when it is
    //          still inside the matrix, else cleared.
    void setMatrix(const core::ConfusionMatrix& matrix, const QStringList& classNames);
    void clear();

    int classes() const { return matrix_.classes; }
    // The count shown in cell (truth, predicted); requires both in [0, classes()).
    long count(int truth, int predicted) const { return matrix_.at(truth, predicted); }
    // The text drawn in the cell ("" when the cells are too small for text).
    QString cellText(int truth, int predicted) const;
    // Where cell (truth, predicted) is drawn, in widget coordinates (empty if out of range).
    QRect cellRect(int truth, int predicted) const;
    // The cell under a widget point: {truth, predicted}, or {-1, -1}.
    std::pair<int, int> cellAt(QPoint p) const;
    // {-1, -1} when nothing is selected.
    std::pair<int, int> selectedCell() const { return selected_; }
    // ensures: the cell is outlined (no signal); {-1, -1} clears.
    void setSelectedCell(int truth, int predicted);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // Counts are never drawn smaller than this (pixels).
    static constexpr int kMinCountPx = 10;
    // The largest count font times scale (1 = normal; a projector: larger).
    void setDisplayScale(double scale);
    // Pixel size of the counts' font now (0 when the cells are too small for text).
    int countPixelSize() const { return geometry().fontPx; }

signals:
    void cellClicked(int truth, int predicted);

protected:
    void paintEvent(QPaintEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    bool event(QEvent* e) override;

private:
    enum class Columns { Names, TurnedNames, Numbers, NumbersOnly };
    struct Geometry {
        QRect grid;             // the K x K cells
        int cellW = 0, cellH = 0;
        int labelWidth = 0;     // of the row labels
        Columns columns = Columns::Names;
        int fontPx = 0;         // of the counts; 0 = no text
    };
    Geometry geometry() const;
    QString name(int k) const;
    QString rowLabel(int k, Columns columns) const;
    double rowFraction(int truth, int predicted) const;

    core::ConfusionMatrix matrix_;
    QStringList names_;
    std::pair<int, int> selected_{-1, -1};
    double scale_ = 1.0;
};

}  // namespace layerlab::ui
