#pragma once

#include "markdown/EventLog.h"
#include "markdown/ModelBuilder.h"

#include <vector>

namespace streamcanvas::markdown {

// What one parse of a streaming tail leaves for the next parse of the same tail: md4c's
// events and the builder's checkpoints. The next parse compares its events with these and
// builds only from the last checkpoint the two parses share, taking everything before it
// from the blocks the earlier parse produced (which its caller must pass back unchanged).
struct TailMemo {
    // Forgets the earlier parse: the next one builds everything.
    void clear()
    {
        valid = false;
        events.clear();
    }
    // The first `committed` blocks after the `skip` prelude blocks of the earlier parse were
    // taken away as final, and the tail now starts `shift` bytes later: keeps what is left.
    void dropCommitted(int skip, int committed, qsizetype shift);

    bool valid = false;
    qsizetype start = -1;       // where in the answer the parsed tail starts
    qsizetype preludeSize = -1; // the reference definitions parsed before it
    EventLog events;
    std::vector<ModelBuilder::Checkpoint> checkpoints;
    std::vector<ModelBuilder::OpenBlock> open;
    std::vector<qsizetype> textOffsets;
    qsizetype reusedEvents = 0; // of the last parse: events it did not build again
    qsizetype keptBlocks = 0;   // of the last parse: leading blocks it took over whole
};

} // namespace streamcanvas::markdown
