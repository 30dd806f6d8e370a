#include "markdown/StreamingMarkdown.h"

#include "markdown/BlockScanner.h"
#include "markdown/LinkBudget.h"
#include "markdown/Md4cParser.h"
#include "markdown/TailHealer.h"
#include "markdown/TailMemo.h"
#include "markdown/TextSanitizer.h"

#include <cstring>

namespace streamcanvas::markdown {

namespace {

// Ends every open container between two pieces parsed together, and produces no block:
// a link reference definition after a blank line.
constexpr QByteArrayView kSeparator("\n\n[\x01streamcanvas:piece]: #\n\n");

// Definitions from earlier pieces are prepended to later parses up to this size; past it,
// streaming shows references as text until finish() re-parses with every definition.
constexpr qsizetype kPreludeLimit = 64 * 1024;

quint32 bit(Notice::Kind kind)
{
    return 1u << int(kind);
}

quint32 noticeBits(const QList<Notice> &notices)
{
    quint32 bits = 0;
    for (const Notice &n : notices)
        bits |= bit(n.kind);
    return bits;
}

QList<Notice> noticeList(quint32 bits)
{
    QList<Notice> notices;
    for (int kind = 0; kind < 32; ++kind) {
        if (bits & (1u << kind))
            notices.append(Notice{Notice::Kind(kind)});
    }
    return notices;
}

// Whether a piece may hold a link reference definition ("[label]: destination").
bool containsDefinitionMark(QByteArrayView text)
{
    for (qsizetype i = text.indexOf(']'); i >= 0 && i + 1 < text.size(); i = text.indexOf(']', i + 1)) {
        if (text.at(i + 1) == ':')
            return true;
    }
    return false;
}

bool isInert(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == ',';
}

bool isWordChar(char c)
{
    return isInert(c) && c != ' ' && c != ',';
}

// The text run typing goes into: the last inline of the deepest last block, when that is
// a paragraph or heading. (A table row may have more cells than the table has columns,
// and md4c drops those, so typing into a table always takes the full path.)
Inline *lastRun(Blocks &blocks)
{
    if (blocks.empty())
        return nullptr;
    Block *block = &blocks.back();
    while (!block->children.empty())
        block = &block->children.back();
    if (block->kind != Block::Kind::Paragraph && block->kind != Block::Kind::Heading)
        return nullptr;
    Inlines &inlines = block->inlines;
    if (inlines.empty() || inlines.back().kind != Inline::Kind::Text)
        return nullptr;
    return &inlines.back();
}

int hiddenIn(const Blocks &blocks)
{
    int hidden = 0;
    for (const Block &block : blocks)
        hidden += block.hiddenCharacters;
    return hidden;
}

} // namespace

StreamingMarkdown::StreamingMarkdown(ParseOptions options)
    : m_options(std::move(options))
    , m_parser(std::make_unique<Md4cParser>(m_options))
    , m_scanner(std::make_unique<BlockScanner>())
    , m_memo(std::make_unique<TailMemo>())
{
}

StreamingMarkdown::~StreamingMarkdown() = default;

void StreamingMarkdown::append(QByteArrayView bytes)
{
    if (m_finished || bytes.isEmpty())
        return;
    const qsizetype size = bytes.size();
    if (size > qsizetype(m_staged.size()) - m_stagedSize) {
        takeStaged();
        if (size > qsizetype(m_staged.size())) {
            m_source.append(bytes);
            return;
        }
    }
    // A token at a time: a few byte copies, no call into QByteArray.
    const char *from = bytes.data();
    char *to = m_staged.data() + m_stagedSize;
    for (qsizetype i = 0; i < size; ++i)
        to[i] = from[i];
    m_stagedSize += size;
}

void StreamingMarkdown::takeStaged() const
{
    if (m_stagedSize == 0)
        return;
    m_source.append(m_staged.data(), m_stagedSize);
    m_stagedSize = 0;
}

qsizetype StreamingMarkdown::visibleEnd()
{
    if (m_truncateAt >= 0)
        return m_truncateAt;
    const qsizetype limit = m_options.maxMessageBytes;
    if (m_source.size() <= limit)
        return m_source.size();
    // Cut after the last line break (LF or CR) before the limit, else at a character boundary.
    const QByteArrayView head = QByteArrayView(m_source).first(limit);
    qsizetype cut = qMax(head.lastIndexOf('\n'), head.lastIndexOf('\r')) + 1;
    if (cut <= 0 || cut < limit - 64 * 1024) {
        cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(m_source.at(cut)) & 0xC0) == 0x80)
            --cut;
    }
    // Pieces cut at the streaming window may reach past it; finish() parses everything again then.
    cut = qMax(cut, m_committedEnd);
    m_truncateAt = cut;
    m_notices |= bit(Notice::Kind::Truncated);
    return cut;
}

// Parses `text` after the definitions committed so far. With `previous`, the blocks the
// last parse of this tail returned, it takes that parse up (see TailMemo); the bytes of
// `text` before `stableEnd` must be those it had.
Blocks StreamingMarkdown::parseWithPrelude(QByteArrayView text, quint32 *notices, std::vector<qsizetype> *textOffsets,
    Blocks *previous, qsizetype stableEnd) const
{
    QList<Notice> raised;
    const QByteArray joined = m_prelude.isEmpty() ? QByteArray() : QByteArray(m_prelude + text);
    const QByteArrayView all = m_prelude.isEmpty() ? text : QByteArrayView(joined);
    // A definition would reach back into list items a parse from the last item does not read.
    Blocks blocks = previous ? m_parser->parseTail(all, m_preludeBlocks, m_prelude.size() + stableEnd, *m_memo,
                        previous, m_prelude.isEmpty() && !containsDefinitionMark(all), &raised, textOffsets)
                             : m_parser->parse(all, m_preludeBlocks, &raised, textOffsets);
    if (textOffsets && !m_prelude.isEmpty()) {
        for (qsizetype &offset : *textOffsets)
            offset = offset < 0 ? -1 : offset - m_prelude.size();
    }
    *notices |= noticeBits(raised);
    return blocks;
}

// Parses the tail after the last commit, building again only what changed since the last
// parse of the same tail, which returned `previous`: what is kept is moved out of it.
Blocks StreamingMarkdown::parseTail(
    const TailHealer::Result &healed, Blocks &previous, quint32 *notices, std::vector<qsizetype> *textOffsets)
{
    if (!m_options.reuseTailParse)
        return parseWithPrelude(healed.text, notices, textOffsets);
    if (m_memo->start != m_committedEnd || m_memo->preludeSize != m_prelude.size())
        m_memo->clear();
    m_memo->start = m_committedEnd;
    m_memo->preludeSize = m_prelude.size();
    Blocks blocks = parseWithPrelude(healed.text, notices, textOffsets, &previous, healed.firstModified);
    if (m_memo->reusedEvents > 0) // `previous` was taken apart: its blocks can no longer be compared
        m_keptFromOldTail = m_keptFromOldTail < 0 ? m_memo->keptBlocks : 0;
    return blocks;
}

// Applies what is left of the link budget to the tail parsed from `raw`, unless the tail
// cannot reach it: without reference definitions, a link's destination is at most its own
// text and a scheme ("www.x" becomes "http://www.x"), so 8 per byte of text is a bound.
void StreamingMarkdown::applyTailLinkBudget(Blocks &tail, QByteArrayView raw)
{
    if (m_prelude.isEmpty() && m_linkBytes + 8 * raw.size() <= m_options.maxLinkBytes && !containsDefinitionMark(raw))
        return;
    qsizetype used = m_linkBytes;
    if (LinkBudget::apply(tail, used, m_options.maxLinkBytes)) {
        m_tailNotices |= bit(Notice::Kind::LinkBudgetExceeded);
        if (m_keptFromOldTail > 0)
            m_keptFromOldTail = 0; // what was taken over may have lost links since
    }
}

// The blocks of a tail parse are not used after all: the memo does not describe the tail,
// and no block taken over from the old tail is shown.
void StreamingMarkdown::dropTailParse()
{
    m_memo->clear();
    if (m_keptFromOldTail > 0)
        m_keptFromOldTail = 0;
}

void StreamingMarkdown::commitSegment(qsizetype begin, qsizetype end, bool fence, bool plain)
{
    const QByteArrayView text = QByteArrayView(m_source).sliced(begin, end - begin);
    // A fenced code block is parsed linearly whatever it holds.
    if (!plain && (fence || !m_parser->isTooComplex(text))) {
        commitParsed(begin, end, parseWithPrelude(text, &m_notices));
        return;
    }
    m_notices |= bit(Notice::Kind::ComplexContent);
    appendSegment(Segment{begin, end, 0, false, true}, Md4cParser::plainText(text));
}

// Commits the blocks md4c made of [begin, end) (not a plain-text fallback).
void StreamingMarkdown::commitParsed(qsizetype begin, qsizetype end, Blocks blocks)
{
    const QByteArrayView text = QByteArrayView(m_source).sliced(begin, end - begin);
    Segment segment{begin, end};
    segment.carrier = containsDefinitionMark(text);
    if (LinkBudget::apply(blocks, m_linkBytes, m_options.maxLinkBytes))
        m_notices |= bit(Notice::Kind::LinkBudgetExceeded);
    if (segment.carrier && m_prelude.size() + text.size() <= kPreludeLimit) {
        m_prelude += text;
        m_prelude += kSeparator;
        m_preludeBlocks += int(blocks.size());
    }
    appendSegment(segment, std::move(blocks));
}

void StreamingMarkdown::appendSegment(Segment segment, Blocks blocks)
{
    segment.blockCount = int(blocks.size());
    m_segments.push_back(segment);
    m_committedEnd = segment.end;
    m_finalCount += segment.blockCount;
    std::move(blocks.begin(), blocks.end(), std::back_inserter(m_blocks));
}

// The common case of an update that completes pieces: one parse of everything after the
// last commit serves both the pieces now complete and the new tail, split by where each
// block's text starts. Falls back (returns false) where that split could be ambiguous.
bool StreamingMarkdown::commitFromTailParse(
    const QList<BlockScanner::Boundary> &boundaries, qsizetype end, Blocks &previous, Blocks &tail)
{
    if (boundaries.isEmpty() || boundaries.last().offset <= m_committedEnd || m_nextSegmentIsFence
        || m_plainUntilBoundary)
        return false;
    for (qsizetype i = 0; i < boundaries.size(); ++i) {
        if (boundaries[i].fenceStart) {
            // A fence is built line by line: only the pieces before it are parsed together,
            // and the caller goes on from there.
            const qsizetype fence = boundaries[i].offset;
            if (fence > m_committedEnd) {
                const QByteArrayView raw = QByteArrayView(m_source).sliced(m_committedEnd, fence - m_committedEnd);
                TailHealer::Result whole{QByteArray::fromRawData(raw.data(), raw.size()), true, raw.size()};
                commitPieces(boundaries.first(i + 1), raw, whole, previous, nullptr);
            }
            m_memo->clear();
            return false;
        }
    }
    const QByteArrayView raw = QByteArrayView(m_source).sliced(m_committedEnd, end - m_committedEnd);
    const TailHealer::Result healed = TailHealer::heal(raw);
    if (healed.firstModified < boundaries.last().offset - m_committedEnd)
        return false;
    const qsizetype parsedFrom = m_committedEnd;
    const qsizetype preludeSize = m_prelude.size();
    const int preludeBlocks = m_preludeBlocks;
    int committed = 0;
    if (!commitPieces(boundaries, raw, healed, previous, &tail, &committed))
        return false;
    m_tailNotices = 0;
    applyTailLinkBudget(tail, QByteArrayView(m_source).sliced(m_committedEnd, end - m_committedEnd));
    // The next parse starts where the tail now does, and can still take up this one.
    if (m_prelude.size() == preludeSize && !(m_tailNotices & bit(Notice::Kind::LinkBudgetExceeded)))
        m_memo->dropCommitted(preludeBlocks, committed, m_committedEnd - parsedFrom);
    else
        m_memo->clear();
    armFastAppend(QByteArrayView(m_source).sliced(m_committedEnd, end - m_committedEnd), healed, tail, end);
    return true;
}

// Parses `raw` (the text from the last commit on), as `healed`, once and commits the pieces
// that end at `boundaries`; the blocks after the last one go to `rest`. False, with nothing
// committed, where the split could be ambiguous.
bool StreamingMarkdown::commitPieces(const QList<BlockScanner::Boundary> &boundaries, QByteArrayView raw,
    const TailHealer::Result &healed, Blocks &previous, Blocks *rest, int *committed)
{
    // Parsed together, a definition after a boundary would reach back into the piece before it.
    if (containsDefinitionMark(raw.sliced(qMax<qsizetype>(0, boundaries.first().offset - m_committedEnd)))
        || m_parser->isTooComplex(healed.text))
        return false;
    std::vector<qsizetype> offsets;
    quint32 notices = 0;
    Blocks blocks = parseTail(healed, previous, &notices, &offsets);
    if (notices != 0 || offsets.size() != blocks.size()) {
        dropTailParse();
        return false; // which piece raised it is not known: take the careful path
    }

    std::vector<size_t> splits;
    size_t first = 0;
    for (const BlockScanner::Boundary &boundary : boundaries) {
        const qsizetype relative = boundary.offset - m_committedEnd;
        size_t k = first;
        while (k < blocks.size() && offsets[k] < relative)
            ++k; // blocks without text (-1) are taken along with what follows them
        if (k > first && offsets[k - 1] < 0) {
            dropTailParse();
            return false; // a rule or empty block right at the boundary: which side?
        }
        splits.push_back(k);
        first = k;
    }
    size_t from = 0;
    qsizetype begin = m_committedEnd;
    for (qsizetype i = 0; i < boundaries.size(); ++i) {
        const qsizetype boundary = boundaries[i].offset;
        if (boundary <= begin)
            continue;
        Blocks piece(std::make_move_iterator(blocks.begin() + qsizetype(from)),
            std::make_move_iterator(blocks.begin() + qsizetype(splits[size_t(i)])));
        from = splits[size_t(i)];
        commitParsed(begin, boundary, std::move(piece));
        begin = boundary;
    }
    if (committed)
        *committed = int(from);
    if (rest)
        rest->assign(std::make_move_iterator(blocks.begin() + qsizetype(from)), std::make_move_iterator(blocks.end()));
    return true;
}

void StreamingMarkdown::commitBoundaries(const QList<BlockScanner::Boundary> &boundaries)
{
    for (const BlockScanner::Boundary &boundary : boundaries) {
        if (boundary.offset > m_committedEnd) {
            commitSegment(m_committedEnd, boundary.offset, m_nextSegmentIsFence, m_plainUntilBoundary);
            m_plainUntilBoundary = false;
        }
        m_nextSegmentIsFence = boundary.fenceStart;
    }
}

Blocks StreamingMarkdown::buildTail(qsizetype end, Blocks &previous)
{
    m_tailNotices = 0;
    m_fastFrom = -1;
    if (m_committedEnd >= end) {
        m_memo->clear();
        return {};
    }
    if (const auto fence = m_scanner->openFence(); fence && fence->start == m_committedEnd) {
        m_memo->clear();
        return {m_fenceTail.block(m_source, *fence, end)};
    }

    const QByteArrayView raw = QByteArrayView(m_source).sliced(m_committedEnd, end - m_committedEnd);
    if (m_plainUntilBoundary || m_parser->isTooComplex(raw)) {
        m_memo->clear();
        m_tailNotices |= bit(Notice::Kind::ComplexContent);
        return Md4cParser::plainText(raw.first(raw.size() - TailHealer::incompleteUtf8(raw)));
    }
    const TailHealer::Result healed = TailHealer::heal(raw);
    Blocks tail = parseTail(healed, previous, &m_tailNotices);
    applyTailLinkBudget(tail, raw);
    if (m_tailNotices & bit(Notice::Kind::LinkBudgetExceeded))
        m_memo->clear(); // the blocks it would lend are not the ones it built

    armFastAppend(raw, healed, tail, end);
    return tail;
}

// Arms the fast path when the text ends in a plain word that is the end of the last run.
void StreamingMarkdown::armFastAppend(QByteArrayView raw, const TailHealer::Result &healed, Blocks &tail, qsizetype end)
{
    m_fastFrom = -1;
    qsizetype wordStart = raw.size();
    while (wordStart > 0 && isWordChar(raw.at(wordStart - 1)))
        --wordStart;
    // ... and nothing before the word that letters could complete (www., https:, user@, &amp).
    const bool wordIsPlain
        = wordStart < raw.size() && (wordStart == 0 || !QByteArrayView(".:/@&\\<").contains(raw.at(wordStart - 1)));
    if (healed.onlyClosersAppended && wordIsPlain) {
        const Inline *run = lastRun(tail);
        if (run && run->text.endsWith(QLatin1StringView(raw.sliced(wordStart))))
            m_fastFrom = end;
    }
}

// Plain words typed at the end of the last text run change nothing but that run: no
// delimiter, bracket, line break or autolink can appear, and healed closers stay valid.
bool StreamingMarkdown::tryFastAppend(qsizetype end)
{
    if (m_fastFrom < 0 || m_fastFrom > end || m_blocks.size() == size_t(m_finalCount))
        return false;
    const QByteArrayView added = QByteArrayView(m_source).sliced(m_fastFrom, end - m_fastFrom);
    for (char c : added) {
        if (!isInert(c))
            return false;
    }
    qsizetype keep = added.size();
    while (keep > 0 && added.at(keep - 1) == ' ')
        --keep; // trailing spaces are not shown until something follows them
    Inline *run = lastRun(m_blocks);
    if (!run)
        return false;
    if (keep > 0) {
        run->text += QString::fromLatin1(added.first(keep));
        m_fastFrom += keep;
        m_memo->clear(); // the tail is no longer what its last parse built
    }
    return true;
}

Update StreamingMarkdown::update()
{
    takeStaged();
    if (m_finished || m_source.size() == m_updatedSize)
        return Update{int(m_blocks.size()), {}, m_finalCount, false};
    m_updatedSize = m_source.size();
    m_keptFromOldTail = -1;
    const qsizetype end = visibleEnd();
    const int oldFinalCount = m_finalCount;

    if (m_options.fastAppend && tryFastAppend(end)) {
        const int last = int(m_blocks.size()) - 1;
        return Update{last, std::span<const Block>(m_blocks).subspan(size_t(last)), m_finalCount, true};
    }

    m_scanner->scan(QByteArrayView(m_source).first(end), false);
    Blocks oldTail(std::make_move_iterator(m_blocks.begin() + m_finalCount), std::make_move_iterator(m_blocks.end()));
    m_blocks.resize(size_t(m_finalCount));
    const QList<BlockScanner::Boundary> boundaries = m_scanner->takeBoundaries();
    Blocks tail;
    const bool withinWindow = end - m_committedEnd <= m_options.streamingWindowBytes;
    if (!(withinWindow && m_options.sharedTailParse && commitFromTailParse(boundaries, end, oldTail, tail))) {
        commitBoundaries(boundaries);
        cutAtStreamingWindow(end);
        tail = buildTail(end, oldTail);
    }
    for (Block &block : tail)
        m_blocks.push_back(std::move(block));
    // Blocks the parse took over whole from the old tail are the same; the rest is compared.
    return diffFrom(oldFinalCount, oldTail, m_keptFromOldTail);
}

Update StreamingMarkdown::finish()
{
    takeStaged();
    if (m_finished)
        return Update{int(m_blocks.size()), {}, m_finalCount, false};
    const qsizetype end = visibleEnd();
    const int oldFinalCount = m_finalCount;
    Blocks oldTail(std::make_move_iterator(m_blocks.begin() + m_finalCount), std::make_move_iterator(m_blocks.end()));
    m_blocks.resize(size_t(m_finalCount));

    m_scanner->scan(QByteArrayView(m_source).first(end), true);
    commitBoundaries(m_scanner->takeBoundaries());
    if (m_committedEnd < end)
        commitSegment(m_committedEnd, end, m_nextSegmentIsFence);
    m_tailNotices = 0;
    m_finished = true;
    *m_memo = TailMemo(); // a finished answer is never parsed again: free what it kept

    bool anyCarrier = false;
    bool anyForced = false;
    for (const Segment &segment : m_segments) {
        anyCarrier = anyCarrier || segment.carrier;
        anyForced = anyForced || segment.forced;
    }
    if (!anyCarrier && !anyForced)
        return diffFrom(oldFinalCount, oldTail);

    Blocks shown(m_blocks.begin(), m_blocks.begin() + oldFinalCount);
    for (Block &block : oldTail)
        shown.push_back(std::move(block));
    if (anyForced) {
        // Pieces were cut at the streaming window: parse the whole text as it really is.
        StreamingMarkdown whole(m_options);
        whole.append(m_source);
        whole.finish();
        m_segments = std::move(whole.m_segments);
        m_blocks = std::move(whole.m_blocks);
        m_notices = whole.m_notices;
        m_linkBytes = whole.m_linkBytes;
    } else {
        // A definition may come after its use: parse everything once more with all of them.
        reparseWithAllDefinitions();
    }
    m_finalCount = int(m_blocks.size());
    return diffFrom(0, shown);
}

// Keeps every update's parse bounded when no block boundary comes for a long time: the
// tail is cut at a line break and the part before it is shown as it parses on its own.
void StreamingMarkdown::cutAtStreamingWindow(qsizetype end)
{
    if (const auto fence = m_scanner->openFence(); fence && fence->start == m_committedEnd)
        return; // an open code block grows line by line anyway
    const QByteArrayView tail = QByteArrayView(m_source).sliced(m_committedEnd, end - m_committedEnd);
    qsizetype window = m_options.streamingWindowBytes;
    // Text too dense to format is shown as plain text whatever follows: cut it early.
    const bool plain = tail.size() > window / 8 && m_parser->isTooComplex(tail);
    if (plain)
        window /= 8;
    if (tail.size() <= window)
        return;
    const qsizetype keep = window / 4;
    qsizetype cut = tail.first(tail.size() - keep).lastIndexOf('\n');
    if (cut < window / 2) {
        cut = tail.size() - keep; // no line break to cut at: cut between characters
        while (cut > 0 && (static_cast<unsigned char>(tail.at(cut)) & 0xC0) == 0x80)
            --cut;
    } else {
        ++cut;
    }
    const qsizetype preludeSize = m_prelude.size();
    const int preludeBlocks = m_preludeBlocks;
    commitSegment(m_committedEnd, m_committedEnd + cut, false, plain);
    m_segments.back().forced = true;
    m_plainUntilBoundary = plain; // the rest of this piece is no less dense
    // A piece cut anywhere may end inside a construct: never let it define references.
    m_prelude.truncate(preludeSize);
    m_preludeBlocks = preludeBlocks;
    m_segments.back().carrier = false;
}

void StreamingMarkdown::reparseWithAllDefinitions()
{
    QByteArray combined;
    int expected = 0;
    for (size_t i = 0; i < m_segments.size(); ++i) {
        const Segment &segment = m_segments[i];
        if (segment.fallback)
            continue;
        combined += QByteArrayView(m_source).sliced(segment.begin, segment.end - segment.begin);
        if (i + 1 < m_segments.size())
            combined += kSeparator;
        expected += segment.blockCount;
    }
    QList<Notice> raised;
    Blocks parsed = m_parser->parse(combined, 0, &raised);
    if (int(parsed.size()) != expected)
        return; // cannot happen: definitions never change block structure

    Blocks rebuilt;
    rebuilt.reserve(m_blocks.size());
    size_t fromOld = 0;
    size_t fromParsed = 0;
    quint32 notices = noticeBits(raised) & ~bit(Notice::Kind::LinkBudgetExceeded);
    for (const Segment &segment : m_segments) {
        for (int k = 0; k < segment.blockCount; ++k) {
            if (segment.fallback)
                rebuilt.push_back(std::move(m_blocks[fromOld + size_t(k)]));
            else
                rebuilt.push_back(std::move(parsed[fromParsed++]));
        }
        fromOld += size_t(segment.blockCount);
        if (segment.fallback)
            notices |= bit(Notice::Kind::ComplexContent);
    }
    if (m_truncateAt >= 0)
        notices |= bit(Notice::Kind::Truncated);
    m_linkBytes = 0;
    if (LinkBudget::apply(rebuilt, m_linkBytes, m_options.maxLinkBytes))
        notices |= bit(Notice::Kind::LinkBudgetExceeded);
    m_blocks = std::move(rebuilt);
    m_notices = notices;
}

Update StreamingMarkdown::diffFrom(int from, const Blocks &shown, qsizetype kept) const
{
    Update result;
    result.finalCount = m_finalCount;
    size_t k = 0;
    size_t first = size_t(from);
    if (kept >= 0) {
        // `shown` was taken apart: its first `kept` blocks are the same, the rest is not compared.
        k = size_t(std::min({kept, qsizetype(shown.size()), qsizetype(m_blocks.size()) - from}));
        first += k;
    } else {
        while (k < shown.size() && first < m_blocks.size() && shown[k] == m_blocks[first]) {
            ++k;
            ++first;
        }
    }
    result.firstChanged = int(first);
    result.changed = k < shown.size() || first < m_blocks.size();
    result.replacement = std::span<const Block>(m_blocks).subspan(first);
    return result;
}

QList<Notice> StreamingMarkdown::notices() const
{
    return noticeList(m_notices | m_tailNotices);
}

int StreamingMarkdown::hiddenCharacters() const
{
    return hiddenIn(m_blocks);
}

Document StreamingMarkdown::document() const
{
    return Document{m_blocks, notices(), hiddenCharacters()};
}

Document StreamingMarkdown::parse(QByteArrayView markdown, const ParseOptions &options)
{
    StreamingMarkdown streaming(options);
    streaming.append(markdown);
    streaming.finish();
    return streaming.document();
}

} // namespace streamcanvas::markdown
