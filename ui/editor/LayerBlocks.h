// LayerBlocks: what the palette offers, as data. Every registry type is one
// entry (key = its type, grouped under its category); the blocks are entries
// that add several layers at once, each feeding the next ("Dense + ReLU" is
// Keras' Dense(16, activation='relu'): two boxes on the canvas, so the
// step-through still shows z and a as separate steps). A block's key
// ("Dense+ReLU") never clashes with a registry type.
//
// Everything that adds layers by palette key (the palette, canvas drops,
// context menus, Enter/double-click) goes through layersForKey(), so a new
// block is one row in the table in LayerBlocks.cpp.
//
// Pure functions over immutable tables; any thread.
#pragma once

#include "ui/editor/LayerSpec.h"

#include <QList>
#include <QString>

namespace layerlab::core {
class LayerRegistry;
}

namespace layerlab::ui {

struct LayerBlock {
    QString key;          // palette key and drag payload: "Dense+ReLU"
    QString name;         // shown: "Dense + ReLU"
    LayerChain layers;    // top to bottom, each feeding the next
    QString description;  // tooltip text
};

// The blocks, in palette order. Their group is blocksCategory().
const QList<LayerBlock>& layerBlocks();
QString blocksCategory();  // "Blocks"
const LayerBlock* findBlock(const QString& key);

// One palette entry: what a key adds and how it is named.
struct PaletteEntry {
    QString key;     // registry type or block key
    QString label;   // "Dense (fully connected)", "Dense + ReLU"
};
struct PaletteGroup {
    QString category;
    QList<PaletteEntry> entries;
};
// The registry's categories in registry order with the Blocks group after the
// first one (so Input stays at the top). includeInputs = false leaves out
// the Input layer (menus that insert after a layer).
QList<PaletteGroup> paletteGroups(const core::LayerRegistry& registry, bool includeInputs = true);

// The layers a key adds: one for a registry type, the block's for a block;
// empty for an unknown key.
LayerChain layersForKey(const QString& key, const core::LayerRegistry& registry);
// What an undo step calls the layers: "Dense", "Dense + ReLU".
QString chainLabel(const LayerChain& layers);

}  // namespace layerlab::ui
