#pragma once

#include "markdown/Document.h"

namespace streamcanvas::markdown {

// The per-message budget of link destination bytes, which keeps a hostile answer from
// filling the view with links: links past it are shown as their text, and images past it
// lose their source.
class LinkBudget
{
public:
    // Counts the destinations in `blocks` onto `used` and applies the budget of `limit`
    // bytes; true if anything was over it.
    static bool apply(Blocks &blocks, qsizetype &used, qsizetype limit);

private:
    static bool apply(Inlines &inlines, qsizetype &used, qsizetype limit);
};

} // namespace streamcanvas::markdown
