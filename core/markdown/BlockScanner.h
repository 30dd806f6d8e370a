#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace streamcanvas::markdown {

// Finds the places in a growing Markdown text where a new, independent piece begins, so
// that each piece can be parsed on its own with the same result as parsing the whole.
//
// A boundary is the start of a line that follows a blank line outside any fenced code and
// cannot continue what came before: it is not indented (no list continuation or indented
// code), and it is no list item while a list may still be open (it would join it as a
// loose list). Nothing else in
// Markdown reaches across a blank line except link reference definitions, which
// StreamingMarkdown handles itself. A fenced code block opened at column 0 also starts a
// piece (it interrupts anything open), and its closing fence ends one. After a fence opened
// with indentation is closed by a less indented line (which md4c may take for a new fence:
// the indented line was code after a heading, or in a list item that ended), no piece
// starts any more.
//
// Lines are looked at when complete, so boundaries never depend on how the text arrived;
// only a boundary that the first byte of the next line already decides (a line at column 0
// that can be neither a list item nor a fence, such as a letter) is reported as soon as
// that byte is there, so that the piece before it is final without waiting for the line.
class BlockScanner
{
public:
    struct Boundary {
        qsizetype offset = 0;
        bool fenceStart = false; // the piece from here is a fenced code block
    };
    // A fenced code block at column 0 that is still open at the end of the scanned text.
    struct OpenFence {
        qsizetype start = 0;        // the opening line
        qsizetype contentStart = 0; // the line after it
        QByteArray info;
        char fenceChar = '`';
        int fenceLength = 3;
    };

    // Scans the complete lines of `text` not yet seen. With `atEnd`, a last line without
    // a line break counts as complete.
    void scan(QByteArrayView text, bool atEnd);
    QList<Boundary> takeBoundaries();
    std::optional<OpenFence> openFence() const;
    // Where the next unscanned line starts.
    qsizetype scannedEnd() const { return m_lineStart; }

    static bool isClosingFence(QByteArrayView line, char fenceChar, int fenceLength);

private:
    void scanLine(QByteArrayView line, qsizetype start, qsizetype next);
    void scanLineStart(QByteArrayView partial, qsizetype start);
    void addBoundary(qsizetype offset, bool fenceStart);

    qsizetype m_lineStart = 0;
    qsizetype m_searchedTo = 0; // no line break before this offset after m_lineStart
    bool m_afterBlank = false;
    bool m_seenLine = false;       // a non-blank line was read
    bool m_inIndentedCode = false; // the last non-blank line was indented code
    bool m_inList = false;         // a list item started since the last boundary
    bool m_inFence = false;
    bool m_fenceAtColumnZero = false;
    qsizetype m_earlyBoundary = -1; // reported from a line's first byte
    int m_fenceIndent = 0;          // columns before the open fence
    bool m_uncertain = false;       // md4c may see a fence where this does not: no more pieces
    OpenFence m_fence;
    QList<Boundary> m_boundaries;
};

} // namespace streamcanvas::markdown
