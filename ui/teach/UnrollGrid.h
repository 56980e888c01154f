// UnrollGrid: a recurrent layer's values laid out in time, the grid of the
// step-through's "unrolled in time" view (RecurrentUnrollView). One column per
// time step; one band of rows per quantity (x_t, a gate, c_t, h_t, or a
// gradient), one row per unit. A band with at most kMaxNumberRows units
// shows each value as a number on a tinted cell; a larger one is a heat map
// (one thin row per unit, the app's blue/red/white palette). The columns not
// computed yet at this step of the step-through are grey; the current time
// step has an orange frame; "Hide numbers" shows computed values as "?"
// (their colour too would tell). A click on a cell reports its band, time
// step and unit (cellClicked); the grid only draws copies of the trace's
// numbers, it computes nothing.
//
// Thread: GUI thread.
#pragma once

#include <QString>
#include <QWidget>

#include <vector>

namespace layerlab::ui {

struct UnrollBand {
    QString symbol;  // "i", "c", "h", "∂L/∂h"
    QString label;   // "input gate"
    std::vector<std::vector<float>> values;  // [t][unit]; every step has the same count
    bool alwaysShown = false;  // the layer's input: never hidden by the quiz mode
};

class UnrollGrid : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMaxNumberRows = 8;

    explicit UnrollGrid(QWidget* parent = nullptr);

    // The bands and the number of time steps (columns). Clears the selection.
    void setBands(std::vector<UnrollBand> bands, int steps);
    // Columns [first, last] of band b are computed; others grey. first > last: none.
    void setRevealed(int band, int first, int last);
    void setCurrentStep(int t);  // the framed column (-1: none)
    void setHideNumbers(bool hide);
    void setDisplayScale(double scale);
    void setSelectedCell(int band, int t, int unit);  // band -1: none
    // > 0: the heat-map bands share this height (what the scroll area shows),
    // within 20..64 px each, so that every gate fits in a low panel.
    void setFitHeight(int height);

    int columnCount() const { return steps_; }
    int bandCount() const { return static_cast<int>(bands_.size()); }
    int currentStep() const { return current_; }
    QString bandSymbol(int band) const;
    int unitCount(int band) const;
    bool showsNumbers(int band) const;
    bool revealed(int band, int t) const;
    // What the cell shows: its number, "?" (hidden), "" (grey, or drawn as a heat map).
    QString cellText(int band, int t, int unit) const;
    // The width of the row names at the left (they stay in view when the grid scrolls).
    int rowNamesWidth() const { return headerWidth(); }
    // Where the cell is drawn (widget coordinates); empty when out of range.
    QRect cellRect(int band, int t, int unit) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

signals:
    void cellClicked(int band, int t, int unit);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Band {
        UnrollBand data;
        int first = 0, last = -1;  // revealed columns
        double scale = 1;          // largest |value| of the band
        int top = 0, height = 0;   // widget rows
    };
    void layoutBands();
    int headerWidth() const;
    int columnWidth() const;
    int rowHeight() const;
    int headerHeight() const;
    QFont cellFont() const;

    std::vector<Band> bands_;
    int steps_ = 0, current_ = -1;
    int selBand_ = -1, selStep_ = 0, selUnit_ = 0;
    bool hide_ = false;
    double scale_ = 1;
    int fitHeight_ = 0;
    int numberWidth_ = 0;  // the widest number drawn
};

}  // namespace layerlab::ui
