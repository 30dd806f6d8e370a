#pragma once

#include "markdown/BlockScanner.h"
#include "markdown/Document.h"
#include "markdown/OpenFenceTail.h"
#include "markdown/ParseOptions.h"
#include "markdown/TailHealer.h"

#include <QByteArray>

#include <array>
#include <memory>
#include <span>

namespace streamcanvas::markdown {

class Md4cParser;
struct TailMemo;

// What changed since the previous update(): the view keeps blocks [0, firstChanged) and
// replaces everything after them with `replacement`.
struct Update {
    int firstChanged = 0;
    // The blocks from firstChanged on: a view of the parser's blocks(), valid until its next
    // update() or finish(). A view copies what it keeps.
    std::span<const Block> replacement;
    // Blocks [0, finalCount) will not change again while streaming. finish() may still
    // re-issue earlier blocks when a construct reaches back (a link reference definition
    // that arrives after its use, or a block longer than the streaming window).
    int finalCount = 0;
    bool changed = false;
};

// Turns a growing stream of Markdown bytes into the sanitized document model.
//
// append() only buffers. update() parses only from the last safe block boundary (a blank
// line outside any open fence whose next line cannot continue a list or indented code),
// so its cost does not grow with what came before, and each parse of that tail takes up
// the last one (see TailMemo): only what follows the events both share is built again, and
// a tight list is read by md4c only from its last item. While the tail is an open fenced
// code block only the new code text is appended. Half-typed syntax at the very end (an
// unclosed emphasis, a link whose destination is still arriving, a lone `-`) is shown
// stably rather than flickering through wrong interpretations. After finish() the model
// equals a one-shot parse of the whole text, whatever the chunking.
class StreamingMarkdown
{
public:
    explicit StreamingMarkdown(ParseOptions options = {});
    ~StreamingMarkdown();
    StreamingMarkdown(const StreamingMarkdown &) = delete;
    StreamingMarkdown &operator=(const StreamingMarkdown &) = delete;

    void append(QByteArrayView bytes);
    Update update();
    Update finish();

    const Blocks &blocks() const { return m_blocks; }
    QList<Notice> notices() const;
    int hiddenCharacters() const;
    Document document() const;
    bool isFinished() const { return m_finished; }
    // Everything received, including what is past the display limit.
    const QByteArray &source() const
    {
        takeStaged();
        return m_source;
    }

    // One-shot parse, the reference the streaming result is held to.
    static Document parse(QByteArrayView markdown, const ParseOptions &options = {});

private:
    struct Segment {
        qsizetype begin = 0;
        qsizetype end = 0;
        int blockCount = 0;
        bool carrier = false;  // may hold link reference definitions
        bool fallback = false; // shown as plain text
        bool forced = false;   // cut at the streaming window, not at a block boundary
    };

    qsizetype visibleEnd();
    void commitBoundaries(const QList<BlockScanner::Boundary> &boundaries);
    void commitSegment(qsizetype begin, qsizetype end, bool fence, bool plain = false);
    void commitParsed(qsizetype begin, qsizetype end, Blocks blocks);
    void appendSegment(Segment segment, Blocks blocks);
    Blocks parseWithPrelude(QByteArrayView text, quint32 *notices, std::vector<qsizetype> *textOffsets = nullptr,
        Blocks *previous = nullptr, qsizetype stableEnd = 0) const;
    Blocks parseTail(const TailHealer::Result &healed, Blocks &previous, quint32 *notices,
        std::vector<qsizetype> *textOffsets = nullptr);
    bool commitFromTailParse(
        const QList<BlockScanner::Boundary> &boundaries, qsizetype end, Blocks &previous, Blocks &tail);
    bool commitPieces(const QList<BlockScanner::Boundary> &boundaries, QByteArrayView raw,
        const TailHealer::Result &healed, Blocks &previous, Blocks *rest, int *committed = nullptr);
    Blocks buildTail(qsizetype end, Blocks &previous);
    void applyTailLinkBudget(Blocks &tail, QByteArrayView raw);
    void armFastAppend(QByteArrayView raw, const TailHealer::Result &healed, Blocks &tail, qsizetype end);
    bool tryFastAppend(qsizetype end);
    void reparseWithAllDefinitions();
    void cutAtStreamingWindow(qsizetype end);
    // The update for a view that shows `shown` from block `from` on. With `kept` >= 0, the
    // blocks of `shown` were taken over by a tail parse: the first `kept` are unchanged, and
    // the others cannot be compared.
    Update diffFrom(int from, const Blocks &shown, qsizetype kept = -1) const;
    void dropTailParse();
    void takeStaged() const;

    ParseOptions m_options;
    std::unique_ptr<Md4cParser> m_parser;
    std::unique_ptr<BlockScanner> m_scanner;
    std::unique_ptr<TailMemo> m_memo; // what the last parse of the tail can lend the next
    qsizetype m_keptFromOldTail = -1; // in this update: blocks a tail parse took over whole

    // Everything received; the last few bytes wait in m_staged, so that appending a token
    // costs a few byte copies (taken over at the next update, finish or source()).
    mutable QByteArray m_source;
    mutable std::array<char, 256> m_staged{};
    mutable qsizetype m_stagedSize = 0;
    qsizetype m_truncateAt = -1;
    std::vector<Segment> m_segments;
    Blocks m_blocks; // committed (final) blocks, then the tail
    int m_finalCount = 0;
    qsizetype m_committedEnd = 0; // where the tail starts
    bool m_nextSegmentIsFence = false;
    bool m_plainUntilBoundary = false; // the tail was cut as too dense to format
    qsizetype m_linkBytes = 0;         // link destination bytes used by committed blocks
    quint32 m_notices = 0;             // committed notices, one bit per Notice::Kind
    quint32 m_tailNotices = 0;
    QByteArray m_prelude; // committed pieces that may define references
    int m_preludeBlocks = 0;
    bool m_finished = false;
    qsizetype m_updatedSize = -1;
    OpenFenceTail m_fenceTail; // the open fenced code block at the end

    // Text typed into the last inline run needs no re-parse (see tryFastAppend).
    qsizetype m_fastFrom = -1; // source offset the last tail parse or append covered
};

} // namespace streamcanvas::markdown
