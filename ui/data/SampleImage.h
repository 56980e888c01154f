// Pictures and words for one sample of a core::Dataset, shared by the import
// dialogs' sample grid and the dataset panel's sample browser.
// Thread: pure functions over values (QImage is safe off the GUI thread).
#pragma once

#include "core/data/dataset.h"

#include <QImage>
#include <QString>

namespace layerlab::ui {

// requires: 0 <= index < data.count() and data.inputShape.isImage() with 1 or 3 channels.
// ensures: a width x height image of the sample: grey (1 channel) or RGB (3);
//          uint8 data show their bytes as they are, float data are stretched
//          from the sample's min..max to 0..255. A null QImage otherwise.
QImage sampleImage(const core::Dataset& data, int index);

// requires: 0 <= index < data.count().
// ensures: "7 (Sneaker)" / "Iris-setosa" for classification (class index and
//          name when the name is not just the number), "3.25" or "1.2, 3.4"
//          for regression targets.
QString sampleLabel(const core::Dataset& data, int index);

// True when sampleImage() can draw the data set's samples.
bool canDrawSamples(const core::Dataset& data);

}  // namespace layerlab::ui
