#include "markdown/LinkBudget.h"

#include <iterator>

namespace streamcanvas::markdown {

bool LinkBudget::apply(Inlines &inlines, qsizetype &used, qsizetype limit)
{
    bool exceeded = false;
    Inlines kept; // built only once something is demoted: splicing in place is quadratic
    bool rebuilding = false;
    for (size_t i = 0; i < inlines.size(); ++i) {
        Inline &run = inlines[i];
        bool demote = false;
        if (run.kind == Inline::Kind::Image || run.kind == Inline::Kind::Link) {
            used += run.href.size();
            exceeded = apply(run.children, used, limit) || exceeded;
            if (used > limit) {
                exceeded = true;
                if (run.kind == Inline::Kind::Image)
                    run.href.clear();
                else
                    demote = true;
            }
        }
        if (demote && !rebuilding) {
            rebuilding = true;
            kept.reserve(inlines.size());
            std::move(inlines.begin(), inlines.begin() + qsizetype(i), std::back_inserter(kept));
        }
        if (demote)
            std::move(run.children.begin(), run.children.end(), std::back_inserter(kept));
        else if (rebuilding)
            kept.push_back(std::move(run));
    }
    if (rebuilding)
        inlines = std::move(kept);
    return exceeded;
}

bool LinkBudget::apply(Blocks &blocks, qsizetype &used, qsizetype limit)
{
    bool exceeded = false;
    for (Block &block : blocks) {
        exceeded = apply(block.inlines, used, limit) || exceeded;
        for (auto &row : block.rows) {
            for (Inlines &cell : row)
                exceeded = apply(cell, used, limit) || exceeded;
        }
        exceeded = apply(block.children, used, limit) || exceeded;
    }
    return exceeded;
}

} // namespace streamcanvas::markdown
