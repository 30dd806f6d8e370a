#include "markdown/TailHealer.h"

#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <cstring>

namespace streamcanvas::markdown {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c & 0x80);
}

qsizetype lastLineStart(QByteArrayView text)
{
    qsizetype i = text.size();
    while (i > 0 && text.at(i - 1) != '\n' && text.at(i - 1) != '\r')
        --i;
    return i;
}

// A line that so far is only block markers: its meaning depends on what comes next.
bool isMarkersOnly(QByteArrayView line)
{
    qsizetype i = 0;
    while (i < line.size() && (line.at(i) == ' ' || line.at(i) == '\t' || line.at(i) == '>'))
        ++i;
    const QByteArrayView rest = line.sliced(i);
    if (rest.startsWith("```") || rest.startsWith("~~~"))
        return true; // a fence and its info string being typed
    if (rest.size() <= 10) {
        bool digitsOnly = true;
        for (char c : rest) {
            if (!(c >= '0' && c <= '9') && c != '.' && c != ')')
                digitsOnly = false;
        }
        if (digitsOnly)
            return true;
    }
    for (char c : rest) {
        switch (c) {
        case '-':
        case '=':
        case '*':
        case '_':
        case '+':
        case '#':
        case '|':
        case ':':
        case '~':
        case '`':
        case ' ':
        case '\t':
            break;
        default:
            return false;
        }
    }
    return true;
}

// Whether a line starts a list item, an ATX heading or a table row: a block whose inline
// content is parsed on its own, not with the lines before it.
bool startsOwnInlines(QByteArrayView line)
{
    qsizetype i = 0;
    while (i < line.size() && (line.at(i) == ' ' || line.at(i) == '\t'))
        ++i;
    if (i == line.size())
        return false;
    const char c = line.at(i);
    const auto spaceAt = [&](qsizetype at) {
        return at < line.size() && (line.at(at) == ' ' || line.at(at) == '\t');
    };
    if (c == '-' || c == '*' || c == '+')
        return spaceAt(i + 1);
    if (c == '|')
        return true;
    if (c == '#') {
        qsizetype j = i;
        while (j < line.size() && line.at(j) == '#')
            ++j;
        return j - i <= 6 && spaceAt(j);
    }
    qsizetype j = i;
    while (j < line.size() && j - i < 9 && line.at(j) >= '0' && line.at(j) <= '9')
        ++j;
    return j > i && j < line.size() && (line.at(j) == '.' || line.at(j) == ')') && spaceAt(j + 1);
}

// The bytes the inline scan below acts on; every other byte is passed over.
constexpr std::array<bool, 256> kSyntax = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {'\\', '(', ')', '`', '[', ']', '*', '_', '~'})
        table[c] = true;
    return table;
}();

struct OpenRun {
    char c;
    int length;
    qsizetype position;
};

} // namespace

qsizetype TailHealer::incompleteUtf8(QByteArrayView text)
{
    for (qsizetype back = 1; back <= 3 && back <= text.size(); ++back) {
        const auto c = static_cast<unsigned char>(text.at(text.size() - back));
        if ((c & 0xC0) == 0x80)
            continue; // continuation byte: look further back for the lead byte
        const int needed = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return needed > back ? back : 0;
    }
    return 0;
}

TailHealer::Result TailHealer::heal(QByteArrayView tail)
{
    Result result;
    // Copied only once something is changed: usually nothing is.
    QByteArray text = QByteArray::fromRawData(tail.data(), tail.size());
    const auto holdBack = [&](qsizetype newSize) {
        if (newSize < text.size()) {
            text.truncate(newSize);
            result.onlyClosersAppended = false;
        }
    };

    holdBack(text.size() - incompleteUtf8(text));

    // The last, unfinished line.
    qsizetype lineStart = lastLineStart(text);
    if (lineStart < text.size() && isMarkersOnly(QByteArrayView(text).sliced(lineStart)))
        holdBack(lineStart);

    // A first table row whose delimiter row has not arrived yet.
    {
        qsizetype end = text.size();
        while (end > 0 && (text.at(end - 1) == '\n' || text.at(end - 1) == '\r'))
            --end;
        const qsizetype start = lastLineStart(QByteArrayView(text).first(end));
        const QByteArrayView line = QByteArrayView(text).sliced(start, end - start);
        qsizetype before = start;
        while (before > 0 && (text.at(before - 1) == '\n' || text.at(before - 1) == '\r'))
            --before;
        const qsizetype previousStart = lastLineStart(QByteArrayView(text).first(before));
        const bool previousBlank = start == 0
            || QByteArrayView(text).sliced(previousStart, before - previousStart).trimmed().isEmpty()
            || start - before > 1;
        if (line.contains('|') && previousBlank)
            holdBack(start);
    }

    // Inline constructs of the last paragraph, or of the last list item or table row: md4c
    // pairs nothing across those.
    qsizetype paragraphStart = lastLineStart(text);
    while (paragraphStart > 0 && !startsOwnInlines(QByteArrayView(text).sliced(paragraphStart))) {
        // The line before, without its line end (LF, CR or CRLF): blank ends the paragraph.
        qsizetype end = paragraphStart - 1;
        if (text.at(end) == '\n' && end > 0 && text.at(end - 1) == '\r')
            --end;
        const qsizetype start = lastLineStart(QByteArrayView(text).first(end));
        if (QByteArrayView(text).sliced(start, end - start).trimmed().isEmpty())
            break;
        paragraphStart = start;
    }
    QVarLengthArray<OpenRun, 16> emphasis;
    QVarLengthArray<qsizetype, 16> brackets; // positions of unmatched '['
    int codeRun = 0;                         // length of the open code span's backtick run
    qsizetype codeStart = -1;
    qsizetype destinationBracket = -1; // '[' of a link whose "(destination" is open
    qsizetype partialCloser = -1;
    bool closedAtEnd = false;
    int parenDepth = 0;
    for (qsizetype i = paragraphStart; i < text.size(); ++i) {
        const char c = text.at(i);
        if (!kSyntax[static_cast<unsigned char>(c)])
            continue; // most of a paragraph is text that none of the cases below looks at
        if (destinationBracket >= 0) {
            if (c == '\\') {
                ++i;
            } else if (c == '(') {
                ++parenDepth;
            } else if (c == ')' && --parenDepth == 0) {
                destinationBracket = -1;
            }
            continue;
        }
        if (c == '`') {
            qsizetype j = i;
            while (j < text.size() && text.at(j) == '`')
                ++j;
            const int length = int(j - i);
            if (codeRun == 0) {
                codeRun = length;
                codeStart = i;
            } else if (codeRun == length)
                codeRun = 0;
            i = j - 1;
            continue;
        }
        if (codeRun > 0)
            continue;
        if (c == '\\') {
            ++i;
        } else if (c == '[') {
            brackets.append(i);
        } else if (c == ']') {
            if (!brackets.isEmpty()) {
                const qsizetype open = brackets.last();
                brackets.removeLast();
                if (i + 1 < text.size() && text.at(i + 1) == '(') {
                    destinationBracket = open;
                    parenDepth = 1;
                    ++i;
                } else if (i + 1 == text.size()) {
                    brackets.append(open); // "[text]" at the very end: its "(" may follow
                    closedAtEnd = true;
                }
            }
        } else if (c == '*' || c == '_' || c == '~') {
            qsizetype j = i;
            while (j < text.size() && text.at(j) == c)
                ++j;
            const int length = int(j - i);
            const char before = i > 0 ? text.at(i - 1) : ' ';
            const char after = j < text.size() ? text.at(j) : ' ';
            const bool leftFlanking = !isSpace(after);
            const bool rightFlanking = !isSpace(before);
            const bool intraword = c == '_' && isAlnum(before) && isAlnum(after);
            if (!intraword) {
                qsizetype match = -1;
                if (rightFlanking) {
                    for (qsizetype k = emphasis.size() - 1; k >= 0; --k) {
                        if (emphasis.at(k).c == c) {
                            match = k;
                            break;
                        }
                    }
                }
                if (match >= 0 && j == text.size() && length < emphasis.at(match).length)
                    partialCloser = i; // "**bold*": the rest of the closer is on its way
                else if (match >= 0)
                    emphasis.resize(match);
                else if (leftFlanking || j == text.size())
                    emphasis.append(OpenRun{c, length, i});
            }
            i = j - 1;
        }
    }

    if (partialCloser >= 0)
        holdBack(partialCloser);
    if (destinationBracket >= 0) {
        // "[text](partial-destination": show just the text; a half-typed image not at all.
        const bool image = destinationBracket > 0 && text.at(destinationBracket - 1) == '!';
        const qsizetype close = text.indexOf("](", destinationBracket);
        const QByteArray linkText
            = image ? QByteArray() : text.mid(destinationBracket + 1, close - destinationBracket - 1);
        holdBack(image ? destinationBracket - 1 : destinationBracket);
        text.append(linkText);
        result.onlyClosersAppended = false;
        while (!emphasis.isEmpty() && emphasis.last().position >= text.size())
            emphasis.removeLast();
    } else if (!brackets.isEmpty()) {
        const qsizetype open = brackets.last();
        if (open > 0 && text.at(open - 1) == '!') {
            holdBack(open - 1); // a half-typed image
        } else {
            if (closedAtEnd)
                text.chop(1);
            text.remove(open, 1); // link text still being typed: show it as text
            result.onlyClosersAppended = false;
            for (OpenRun &run : emphasis) {
                if (run.position > open)
                    --run.position;
            }
        }
        while (!emphasis.isEmpty() && emphasis.last().position >= text.size())
            emphasis.removeLast();
    }

    // A partial entity, or escape at the very end.
    {
        qsizetype i = text.size();
        while (i > 0 && i > text.size() - 33 && isAlnum(text.at(i - 1)) && !(text.at(i - 1) & 0x80))
            --i;
        if (i > 0 && text.at(i - 1) == '#')
            --i;
        if (i > 0 && text.at(i - 1) == '&' && codeRun == 0)
            holdBack(i - 1);
        if (text.endsWith('\\') || text.endsWith('!'))
            holdBack(text.size() - 1); // an escape, or perhaps the start of an image
    }

    // Trailing whitespace would keep closers from closing.
    qsizetype end = text.size();
    while (end > paragraphStart && (text.at(end - 1) == ' ' || text.at(end - 1) == '\t'))
        --end;
    if (end < text.size() && (codeRun > 0 || !emphasis.isEmpty()))
        holdBack(end);
    // An opener with nothing after it yet is held back rather than shown literally.
    while (!emphasis.isEmpty() && emphasis.last().position + emphasis.last().length >= text.size()) {
        holdBack(emphasis.last().position);
        emphasis.removeLast();
    }
    if (codeRun > 0) {
        if (codeStart + codeRun >= text.size())
            holdBack(codeStart);
        else
            text.append(QByteArray(codeRun, '`'));
    }
    for (qsizetype k = emphasis.size() - 1; k >= 0; --k)
        text.append(QByteArray(emphasis.at(k).length, emphasis.at(k).c));

    if (text.constData() == tail.data() && text.size() == tail.size()) {
        result.firstModified = tail.size();
        result.text = std::move(text);
        return result;
    }
    // Compared a block at a time: usually only the last few bytes differ.
    const qsizetype common = qMin(tail.size(), text.size());
    constexpr qsizetype kBlock = 64;
    qsizetype same = 0;
    while (same + kBlock <= common && std::memcmp(tail.data() + same, text.constData() + same, kBlock) == 0)
        same += kBlock;
    while (same < common && tail.at(same) == text.at(same))
        ++same;
    result.firstModified = same;
    result.text = std::move(text);
    return result;
}

} // namespace streamcanvas::markdown
