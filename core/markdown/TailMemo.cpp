#include "markdown/TailMemo.h"

namespace streamcanvas::markdown {

void TailMemo::dropCommitted(int skip, int committed, qsizetype shift)
{
    if (!valid)
        return;
    const auto [first, kept] = events.topLevelEnters(skip, skip + committed);
    if (first < 0 || kept < first || size_t(committed) > textOffsets.size()) {
        clear();
        return;
    }
    events.drop(first, kept, shift);
    const qsizetype removed = kept - first;
    // A checkpoint among the dropped blocks is gone; one after them stands where it was,
    // without them.
    size_t left = 0;
    for (ModelBuilder::Checkpoint point : checkpoints) {
        if (point.events > first && point.events < kept)
            continue;
        if (point.events >= kept) {
            point.events -= removed;
            point.topLevelClosed -= committed;
            if (point.firstText >= 0)
                point.firstText -= shift;
            open[size_t(point.openBegin)].children -= committed;
        }
        checkpoints[left++] = point;
    }
    checkpoints.resize(left);
    textOffsets.erase(textOffsets.begin(), textOffsets.begin() + committed);
    for (qsizetype &offset : textOffsets) {
        if (offset >= 0)
            offset -= shift;
    }
    start += shift;
}

} // namespace streamcanvas::markdown
