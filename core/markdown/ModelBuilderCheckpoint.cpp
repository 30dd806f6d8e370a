// ModelBuilder's checkpoints, by which a parse of a streaming tail takes up the blocks the
// last parse of it built (see TailMemo); apart from the callbacks, which they only observe.

#include "markdown/ModelBuilder.h"

namespace streamcanvas::markdown {

namespace {

// One every few events is enough: a later parse builds at most those few again.
constexpr qsizetype kCheckpointSpacing = 4;

} // namespace

void ModelBuilder::checkpoint(
    qsizetype events, std::vector<OpenBlock> &open, std::vector<Checkpoint> &checkpoints) const
{
    // One every few events is enough: a later parse builds at most those few again.
    if (!checkpoints.empty() && events - checkpoints.back().events < kCheckpointSpacing)
        return;
    if (!m_pending.isEmpty() || !m_links.empty() || m_imageDepth > 0 || m_inCode || !m_code.isEmpty()
        || m_codeIndent > 0 || m_inCell || !m_row.empty() || !m_cell.empty() || !m_discard.empty() || m_flattened > 0
        || m_topLevelClosed < m_skip || !m_notices.isEmpty() || !m_blockNotices.isEmpty())
        return;
    Checkpoint point;
    point.events = events;
    point.openBegin = qsizetype(open.size());
    point.openCount = int(m_stack.size());
    point.topLevelClosed = m_topLevelClosed;
    point.firstText = m_firstText;
    point.containerDepth = m_containerDepth;
    point.markDepth = m_markDepth;
    point.implicitParagraph = m_implicitParagraph;
    point.inHead = m_inHead;
    point.column = m_column;
    for (const Block &block : m_stack) {
        OpenBlock shape;
        shape.children = int(block.children.size());
        shape.inlines = int(block.inlines.size());
        if (!block.inlines.empty() && block.inlines.back().kind == Inline::Kind::Text)
            shape.lastText = block.inlines.back().text.size();
        shape.rows = int(block.rows.size());
        shape.headerRows = block.headerRows;
        shape.alignments = int(block.alignments.size());
        shape.hiddenCharacters = block.hiddenCharacters;
        open.push_back(shape);
    }
    checkpoints.push_back(point);
}

namespace {

// Whether `finished` can have stood at `shape`: later events only ever append to an open
// block, or lengthen its last text run.
bool fits(const Block &finished, const ModelBuilder::OpenBlock &shape)
{
    if (size_t(shape.children) > finished.children.size() || size_t(shape.inlines) > finished.inlines.size()
        || size_t(shape.rows) > finished.rows.size() || shape.alignments > finished.alignments.size())
        return false;
    if (shape.lastText < 0)
        return true;
    if (shape.inlines == 0)
        return false;
    const Inline &last = finished.inlines[size_t(shape.inlines - 1)];
    return last.kind == Inline::Kind::Text && last.text.size() >= shape.lastText;
}

// What `finished` was when it stood at `shape`, moved out of it (the rest is dropped).
Block takePrefix(Block &finished, const ModelBuilder::OpenBlock &shape)
{
    Block block;
    block.kind = finished.kind;
    block.level = finished.level;
    block.language = finished.language;
    block.ordered = finished.ordered;
    block.start = finished.start;
    block.tight = finished.tight;
    block.task = finished.task;
    block.headerRows = shape.headerRows;
    block.hiddenCharacters = shape.hiddenCharacters;
    block.alignments = finished.alignments.first(shape.alignments);
    const auto move = [](auto &from, auto &to, int count) {
        to = std::move(from);
        to.erase(to.begin() + count, to.end());
    };
    move(finished.children, block.children, shape.children);
    move(finished.rows, block.rows, shape.rows);
    move(finished.inlines, block.inlines, shape.inlines);
    if (shape.lastText >= 0)
        block.inlines.back().text.truncate(shape.lastText);
    return block;
}

} // namespace

bool ModelBuilder::restore(const Checkpoint &checkpoint, const std::vector<OpenBlock> &open, Blocks &finished,
    const std::vector<qsizetype> &textOffsets)
{
    const auto shapes = open.begin() + checkpoint.openBegin;
    if (checkpoint.openCount < 1 || size_t(shapes[0].children) > finished.size()
        || size_t(shapes[0].children) > textOffsets.size())
        return false;
    // The blocks open at the checkpoint, outermost first, as `finished` holds them now.
    std::vector<Block *> path;
    Blocks *siblings = &finished;
    for (int level = 1; level < checkpoint.openCount; ++level) {
        const size_t index = size_t(shapes[level - 1].children);
        if (index >= siblings->size() || !fits((*siblings)[index], shapes[level]))
            return false;
        path.push_back(&(*siblings)[index]);
        siblings = &path.back()->children;
    }
    // Innermost first: taking a block apart drops what follows its open child.
    Blocks stack(size_t(checkpoint.openCount));
    for (int level = checkpoint.openCount - 1; level >= 1; --level)
        stack[size_t(level)] = takePrefix(*path[size_t(level - 1)], shapes[level]);
    stack.front().kind = Block::Kind::Quote;
    stack.front().children.assign(
        std::make_move_iterator(finished.begin()), std::make_move_iterator(finished.begin() + shapes[0].children));
    m_stack = std::move(stack);
    m_textOffsets.assign(textOffsets.begin(), textOffsets.begin() + shapes[0].children);
    m_topLevelClosed = checkpoint.topLevelClosed;
    m_firstText = checkpoint.firstText;
    m_containerDepth = checkpoint.containerDepth;
    m_flattened = 0;
    m_markDepth = checkpoint.markDepth;
    m_implicitParagraph = checkpoint.implicitParagraph;
    m_inHead = checkpoint.inHead;
    m_column = checkpoint.column;
    return true;
}

} // namespace streamcanvas::markdown
