#include "markdown/TailMemo.h"

namespace streamcanvas::markdown {

void TailMemo::dropCommitted(int skip, int committed, qsizetype shift)
{
    if (!valid)
        return;
    const qsizetype first = events.topLevelEnter(skip);
    const qsizetype kept = events.topLevelEnter(skip + committed);
    if (first < 0 || kept < first || size_t(committed) > textOffsets.size()) {
        clear();
        return;
    }
    events.drop(first, kept, shift);
    const qsizetype removed = kept - first;
    // A checkpoint among the dropped blocks is gone; one after them stands where it was,
    // without them.
    std::vector<ModelBuilder::Checkpoint> left;
    left.reserve(checkpoints.size());
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
        left.push_back(point);
    }
    checkpoints = std::move(left);
    textOffsets.erase(textOffsets.begin(), textOffsets.begin() + committed);
    for (qsizetype &offset : textOffsets) {
        if (offset >= 0)
            offset -= shift;
    }
    start += shift;
}

} // namespace streamcanvas::markdown
