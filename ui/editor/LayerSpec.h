// LayerSpec: one layer to add, as the composite edits (GraphDocument::addChain)
// and the palette's blocks describe it: a registry type and only the
// parameters that differ from the registry's defaults. A value type.
#pragma once

#include "core/params/params.h"

#include <QList>
#include <QString>

namespace layerlab::ui {

struct LayerSpec {
    QString type;          // LayerRegistry key: "Dense"
    core::ParamMap params;  // may be empty: the defaults
    bool operator==(const LayerSpec&) const = default;
};

using LayerChain = QList<LayerSpec>;

}  // namespace layerlab::ui
