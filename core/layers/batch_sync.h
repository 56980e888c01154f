// BatchSync: what a layer running on ONE part of a batch that is split across
// threads (core/train/BatchRunner) needs to compute what the whole batch would:
// where its columns sit in the whole batch, and a way to gather a few numbers
// from every part (synchronised batch norm: per-channel counts, means and
// squared deviations; Dropout: the one random stream the whole batch uses).
//
// A layer without a BatchSync (the default) treats its batch as the whole batch.
//
// Thread: one BatchSync object per part, used only by that part's thread.
// gather() blocks until every part has called it; all data crossing threads
// is ordered by the runner's barrier inside gather().
#pragma once

#include <cstddef>
#include <span>

namespace layerlab::core {

struct BatchPart {
    int index = 0;            // 0 .. parts - 1, in batch order
    int parts = 1;
    std::ptrdiff_t first = 0; // this part's first column in the whole batch
    std::ptrdiff_t total = 0; // columns (samples) of the whole batch
};

class BatchSync {
public:
    virtual ~BatchSync() = default;
    virtual BatchPart part() const = 0;
    // requires: every part calls gather() at the same point of the same pass,
    //           with the same mine.size() (the layers of all parts run the
    //           same network in the same mode, so their calls line up).
    // ensures: returns parts * mine.size() values, part p's at
    //          [p * mine.size(), (p + 1) * mine.size()), bit-identical on every
    //          part; valid until this object's next gather().
    virtual std::span<const double> gather(std::span<const double> mine) = 0;
};

}  // namespace layerlab::core
