#include "markdown/BlockScanner.h"

namespace streamcanvas::markdown {

namespace {

bool isBlank(QByteArrayView line)
{
    for (char c : line) {
        if (c != ' ' && c != '\t')
            return false;
    }
    return true;
}

bool isSpaceOrEnd(QByteArrayView line, qsizetype i)
{
    return i >= line.size() || line.at(i) == ' ' || line.at(i) == '\t';
}

// Whether a line starts with a list item marker (indented by up to three spaces).
bool startsListItem(QByteArrayView line)
{
    qsizetype i = 0;
    while (i < line.size() && i < 3 && line.at(i) == ' ')
        ++i;
    if (i >= line.size())
        return false;
    const char first = line.at(i);
    if ((first == '-' || first == '+' || first == '*') && isSpaceOrEnd(line, i + 1))
        return true;
    qsizetype digits = 0;
    while (i + digits < line.size() && digits < 10 && line.at(i + digits) >= '0' && line.at(i + digits) <= '9')
        ++digits;
    const qsizetype end = i + digits;
    return digits > 0 && digits < 10 && end < line.size() && (line.at(end) == '.' || line.at(end) == ')')
        && isSpaceOrEnd(line, end + 1);
}

struct FenceOpening {
    int indent = 0;
    char fenceChar = 0;
    int length = 0;
    QByteArray info;
};

// `anyIndent`: also after four or more columns of spaces or tabs (see scanLine).
std::optional<FenceOpening> fenceOpening(QByteArrayView line, bool anyIndent = false)
{
    FenceOpening fence;
    while (fence.indent < line.size() && (line.at(fence.indent) == ' ' || (anyIndent && line.at(fence.indent) == '\t')))
        ++fence.indent;
    if ((fence.indent > 3 && !anyIndent) || fence.indent >= line.size())
        return std::nullopt;
    fence.fenceChar = line.at(fence.indent);
    if (fence.fenceChar != '`' && fence.fenceChar != '~')
        return std::nullopt;
    qsizetype i = fence.indent;
    while (i < line.size() && line.at(i) == fence.fenceChar)
        ++i;
    fence.length = int(i - fence.indent);
    if (fence.length < 3)
        return std::nullopt;
    const QByteArrayView info = line.sliced(i);
    if (fence.fenceChar == '`' && info.contains('`'))
        return std::nullopt;
    fence.info = info.trimmed().toByteArray();
    return fence;
}

// Columns of leading whitespace, tabs to the next multiple of four.
int indentWidth(QByteArrayView line)
{
    int width = 0;
    for (char c : line) {
        if (c == ' ')
            ++width;
        else if (c == '\t')
            width = (width / 4 + 1) * 4;
        else
            break;
    }
    return width;
}

} // namespace

bool BlockScanner::isClosingFence(QByteArrayView line, char fenceChar, int fenceLength)
{
    qsizetype i = 0;
    while (i < line.size() && i < 4 && line.at(i) == ' ')
        ++i;
    if (i > 3)
        return false;
    const qsizetype runStart = i;
    while (i < line.size() && line.at(i) == fenceChar)
        ++i;
    if (i - runStart < fenceLength)
        return false;
    // md4c 0.4.8 accepts only spaces after a closing fence (not tabs); follow the parser.
    for (; i < line.size(); ++i) {
        if (line.at(i) != ' ')
            return false;
    }
    return true;
}

void BlockScanner::addBoundary(qsizetype offset, bool fenceStart)
{
    if (m_uncertain)
        return;
    if (!m_boundaries.isEmpty() && m_boundaries.last().offset == offset) {
        m_boundaries.last().fenceStart = m_boundaries.last().fenceStart || fenceStart;
        return;
    }
    m_boundaries.append(Boundary{offset, fenceStart});
}

void BlockScanner::scanLine(QByteArrayView line, qsizetype start, qsizetype next)
{
    if (m_inFence) {
        if (isClosingFence(line, m_fence.fenceChar, m_fence.fenceLength)) {
            // A fence opened with indentation may have been none for md4c (indented code
            // after a heading, a fence in a list item that a less indented line ends), and
            // then md4c takes this less indented line for a new fence, not a closing one.
            // Which it is cannot be told from here, so no piece starts after it.
            if (!m_fenceAtColumnZero && indentWidth(line) < m_fenceIndent)
                m_uncertain = true;
            m_inFence = false;
            m_afterBlank = false;
            if (m_fenceAtColumnZero) {
                addBoundary(next, false);
                m_inList = false;
            }
        }
        return;
    }
    if (isBlank(line)) {
        m_afterBlank = true;
        return;
    }
    const bool afterBlank = m_afterBlank || !m_seenLine;
    m_seenLine = true;
    const int indent = indentWidth(line);
    // After a blank line, a line at column 0 cannot continue a list item or indented code;
    // a list item there could only join a list that is still open.
    const bool listItem = startsListItem(line);
    if (m_afterBlank && line.at(0) != ' ' && line.at(0) != '\t' && !(listItem && m_inList)) {
        if (start != m_earlyBoundary)
            addBoundary(start, false);
        m_inList = false;
    }
    m_inList = m_inList || listItem;
    m_afterBlank = false;
    // md4c 0.4.8 also opens a fence on a line indented by four columns or more when that
    // line cannot start indented code (it follows a non-blank line that is not indented
    // code itself), e.g. "text\n\t```". Such a fence is not at column 0: no boundaries
    // until it closes.
    const bool indentedCodeBefore = m_inIndentedCode;
    m_inIndentedCode = indent >= 4 && (afterBlank ? !m_inList : indentedCodeBefore);
    // While a list may be open, such a line may be a fence in an item, or md4c 0.4.8 may
    // open one there after an empty item: it is taken for a fence (not at column 0) too,
    // which only ever means fewer pieces.
    auto opening = fenceOpening(line);
    if (!opening && indent >= 4 && (m_inList || (!afterBlank && !indentedCodeBefore)))
        opening = fenceOpening(line, true);
    if (opening) {
        m_inIndentedCode = false;
        m_inFence = true;
        m_fenceAtColumnZero = opening->indent == 0;
        m_fenceIndent = indent;
        m_fence = OpenFence{start, next, opening->info, opening->fenceChar, opening->length};
        if (m_fenceAtColumnZero) {
            addBoundary(start, true);
            m_inList = false;
        }
    }
}

// The first byte of a line after a blank line may already decide that it starts a piece:
// at column 0, anything that can start neither a list item nor a fence does, whatever
// follows (scanLine adds exactly this boundary when the line is complete).
void BlockScanner::scanLineStart(QByteArrayView partial, qsizetype start)
{
    if (m_inFence || !m_afterBlank || partial.isEmpty() || start == m_earlyBoundary)
        return;
    const char c = partial.at(0);
    if (QByteArrayView(" \t\r\n-+*`~").contains(c) || (c >= '0' && c <= '9'))
        return;
    addBoundary(start, false);
    m_earlyBoundary = start;
}

void BlockScanner::scan(QByteArrayView text, bool atEnd)
{
    qsizetype pos = m_lineStart;
    while (pos < text.size()) {
        // Resume the search for the line end where the last call stopped: a line that
        // arrives in many pieces is still read once.
        qsizetype end = qMax(pos, m_searchedTo);
        while (end < text.size() && text.at(end) != '\n' && text.at(end) != '\r')
            ++end;
        m_searchedTo = end;
        qsizetype next;
        if (end == text.size()) {
            if (!atEnd) {
                scanLineStart(text.sliced(pos), pos);
                break;
            }
            next = end;
        } else if (text.at(end) == '\r') {
            if (end + 1 == text.size() && !atEnd)
                break; // a CR at the end may be the first half of CRLF
            next = end + 1 < text.size() && text.at(end + 1) == '\n' ? end + 2 : end + 1;
        } else {
            next = end + 1;
        }
        scanLine(text.sliced(pos, end - pos), pos, next);
        pos = next;
    }
    m_lineStart = pos;
}

QList<BlockScanner::Boundary> BlockScanner::takeBoundaries()
{
    return std::exchange(m_boundaries, {});
}

std::optional<BlockScanner::OpenFence> BlockScanner::openFence() const
{
    if (m_inFence && m_fenceAtColumnZero)
        return m_fence;
    return std::nullopt;
}

} // namespace streamcanvas::markdown
