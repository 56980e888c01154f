// LayerPalette: the list of layer types the user can add, generated from
// core::LayerRegistry::builtin() (nothing per layer is written here) and the
// blocks of LayerBlocks.h (a layer with its activation, "Dense + ReLU", in a
// "Blocks" group after the first category). Layers are grouped under their
// registry category (categories in registry order, expanded); each item shows
// the category icon (LayerStyle) and the display name, and its tooltip
// explains the layer: what it computes, its inputs and its parameters with
// defaults and ranges. An item's key (kTypeRole) is a registry type or a
// block key; everything below says "type" for either.
//
// A filter field on top hides the layers whose type, display name or
// category does not contain the typed text (case-insensitive); Enter in it
// adds the layer whose type is the typed text, else the first one still
// shown; Down moves into the list.
//
// Gestures: dragging a layer starts a QDrag carrying kMimeType (payload: the
// registry type name, UTF-8) that GraphScene accepts; double-click or Enter on
// a layer emits addRequested(type). The palette never touches a document.
//
// Thread: GUI thread only.
#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QMimeData;
class QTreeWidget;
class QTreeWidgetItem;

namespace layerlab::ui {

class LayerPalette : public QWidget {
    Q_OBJECT

public:
    // MIME type of a dragged layer; the data are the registry type, UTF-8.
    static constexpr const char* kMimeType = "application/x-layerlab-layer-type";
    // Item data role holding a layer item's registry type (empty for category headers).
    static constexpr int kTypeRole = Qt::UserRole + 1;

    // ensures: objectNames "layerPalette", "paletteFilter", "paletteTree";
    // one item per registry type under its category, all shown.
    explicit LayerPalette(QWidget* parent = nullptr);

    // The drag payload for one layer type (caller owns the result).
    static QMimeData* createMimeData(const QString& type);
    // The type carried by data from createMimeData (or a drop), or an empty
    // string when it holds no layer type.
    static QString typeFromMimeData(const QMimeData* data);

    QLineEdit* filterField() const { return filter_; }
    QTreeWidget* tree() const { return tree_; }
    // The layer item of a registry type, or nullptr.
    QTreeWidgetItem* itemForType(const QString& type) const;
    // Sets the filter text (same as typing it).
    void setFilterText(const QString& text);

signals:
    // The user asked to add a layer of registry `type` (double-click, Enter).
    void addRequested(const QString& type);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void populate();
    QTreeWidgetItem* firstShown() const;
    void applyFilter(const QString& text);
    void addFirstShown();

    QLineEdit* filter_ = nullptr;
    QTreeWidget* tree_ = nullptr;
    QLabel* noMatch_ = nullptr;
};

}  // namespace layerlab::ui
