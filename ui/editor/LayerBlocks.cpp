#include "ui/editor/LayerBlocks.h"

#include "core/layers/layer_registry.h"

#include <QObject>
#include <QStringList>

namespace layerlab::ui {

namespace {

LayerBlock block(const char* layer, const char* activation, const QString& description) {
    const QString a = QString::fromLatin1(layer), b = QString::fromLatin1(activation);
    return {a + u'+' + b, a + QStringLiteral(" + ") + b, {{a, {}}, {b, {}}}, description};
}

}  // namespace

const QList<LayerBlock>& layerBlocks() {
    static const QList<LayerBlock> blocks = {
        block("Dense", "ReLU",
              QObject::tr("A Dense layer and its ReLU, already connected: Keras' Dense(16, activation='relu').")),
        block("Dense", "Sigmoid",
              QObject::tr("A Dense layer and its Sigmoid, already connected: Dense(16, activation='sigmoid').")),
        block("Dense", "Tanh",
              QObject::tr("A Dense layer and its Tanh, already connected: Dense(16, activation='tanh').")),
        block("Dense", "Softmax",
              QObject::tr("A Dense layer and its Softmax, already connected: the output of a classifier.")),
        block("Conv2D", "ReLU",
              QObject::tr("A Conv2D layer and its ReLU, already connected: Conv2D(32, 3, activation='relu').")),
    };
    return blocks;
}

QString blocksCategory() { return QObject::tr("Blocks"); }

const LayerBlock* findBlock(const QString& key) {
    for (const LayerBlock& b : layerBlocks())
        if (b.key == key) return &b;
    return nullptr;
}

QList<PaletteGroup> paletteGroups(const core::LayerRegistry& registry, bool includeInputs) {
    QList<PaletteGroup> groups;
    for (const core::LayerInfo& info : registry.all()) {
        if (info.isInput && !includeInputs) continue;
        const QString category = QString::fromStdString(info.category);
        if (groups.isEmpty() || groups.back().category != category) {
            bool known = false;
            for (const PaletteGroup& g : groups) known |= g.category == category;
            if (!known) groups.append({category, {}});
        }
        for (PaletteGroup& g : groups)
            if (g.category == category)
                g.entries.append({QString::fromStdString(info.type), QString::fromStdString(info.displayName)});
    }
    PaletteGroup blocks{blocksCategory(), {}};
    for (const LayerBlock& b : layerBlocks()) blocks.entries.append({b.key, b.name});
    groups.insert(groups.isEmpty() ? 0 : 1, blocks);
    return groups;
}

LayerChain layersForKey(const QString& key, const core::LayerRegistry& registry) {
    if (const LayerBlock* b = findBlock(key)) return b->layers;
    if (!key.isEmpty() && registry.find(key.toStdString())) return {{key, {}}};
    return {};
}

QString chainLabel(const LayerChain& layers) {
    QStringList types;
    for (const LayerSpec& l : layers) types << l.type;
    return types.join(QStringLiteral(" + "));
}

}  // namespace layerlab::ui
