// libFuzzer target for StreamingMarkdown.
//
// Feeds the input in pseudo-random chunks (the chunking is seeded by the first bytes, so a
// saved input replays exactly) and aborts when one of the promises of the streaming parser
// is broken:
//  - after finish() the document equals StreamingMarkdown::parse() of the whole text;
//  - a view that mirrors every Update (keep [0, firstChanged), append the replacement)
//    always shows exactly blocks(), and blocks promised final are never changed while
//    streaming;
//  - no link marked safe leads anywhere but https:, http: or mailto:, judged here without
//    LinkSafety, and no string in the model carries a raw hidden or control character.

#include "markdown/Document.h"
#include "markdown/DocumentJson.h"
#include "markdown/ParseOptions.h"
#include "markdown/StreamingMarkdown.h"

#include <QByteArrayView>
#include <QJsonDocument>
#include <QString>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace streamcanvas::markdown;
using namespace Qt::StringLiterals;

namespace {

// splitmix64: tiny, and the same sequence on every platform.
class Prng
{
public:
    explicit Prng(quint64 seed)
        : m_state(seed)
    {
    }
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform enough in [0, bound) for choosing chunk sizes.
    quint64 below(quint64 bound) { return next() % bound; }

private:
    quint64 m_state;
};

QString clipped(const QString &text, qsizetype limit = 4000)
{
    return text.size() <= limit ? text : text.left(limit) + u"…(" + QString::number(text.size()) + u" chars)";
}

QString toJson(const Block &block)
{
    return QString::fromUtf8(QJsonDocument(DocumentJson::toJson(block)).toJson(QJsonDocument::Compact));
}

QString toJson(const Document &document)
{
    return QString::fromUtf8(QJsonDocument(DocumentJson::toJson(document)).toJson(QJsonDocument::Compact));
}

// The options of the input being run, printed with a failure so it can be reproduced
// outside the fuzzer.
QString runDescription;

[[noreturn]] void fail(const char *invariant, const QString &detail)
{
    std::fprintf(stderr, "\n*** StreamingMarkdown invariant broken: %s\n%s\n%s\n", invariant,
        clipped(detail).toUtf8().constData(), runDescription.toUtf8().constData());
    std::fflush(stderr);
    std::abort();
}

QString describeBlockDifference(const Blocks &expected, const Blocks &actual)
{
    const std::size_t common = std::min(expected.size(), actual.size());
    std::size_t i = 0;
    while (i < common && expected[i] == actual[i])
        ++i;
    QString detail = u"block count expected " + QString::number(expected.size()) + u", got "
        + QString::number(actual.size()) + u"; first difference at block " + QString::number(i);
    if (i < expected.size())
        detail += u"\nexpected: " + clipped(toJson(expected[i]), 1500);
    if (i < actual.size())
        detail += u"\nactual:   " + clipped(toJson(actual[i]), 1500);
    return detail;
}

bool isEmojiPictograph(char32_t c)
{
    return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || c == 0xFE0F;
}

// What this target forbids in any model string, written independently of TextSanitizer.
const char *forbiddenKind(char32_t c)
{
    if (c == 0)
        return "NUL";
    if (c < 0x20 && c != u'\t' && c != u'\n')
        return "C0 control";
    if (c >= 0x7F && c <= 0x9F)
        return "DEL/C1 control";
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        return "bidi control";
    if ((c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF)
        return "zero-width/invisible character";
    if (c >= 0xE0000 && c <= 0xE007F)
        return "tag character";
    return nullptr;
}

// Returns a description of the first forbidden code point in `text`, or an empty string.
QString findForbidden(const QString &text)
{
    const qsizetype size = text.size();
    char32_t previous = 0;
    for (qsizetype i = 0; i < size;) {
        const char16_t unit = text.at(i).unicode();
        char32_t c = unit;
        qsizetype length = 1;
        if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            c = QChar::surrogateToUcs4(unit, text.at(i + 1).unicode());
            length = 2;
        } else if (QChar::isSurrogate(unit)) {
            return u"lone surrogate at " + QString::number(i);
        }
        if (const char *kind = forbiddenKind(c)) {
            // The one allowed invisible: a zero-width joiner inside an emoji sequence (👩‍💻).
            bool emojiJoiner = false;
            if (c == 0x200D && i + length < size && isEmojiPictograph(previous)) {
                const char16_t nextUnit = text.at(i + length).unicode();
                const char32_t next = QChar::isHighSurrogate(nextUnit) && i + length + 1 < size
                    ? QChar::surrogateToUcs4(nextUnit, text.at(i + length + 1).unicode())
                    : nextUnit;
                emojiJoiner = isEmojiPictograph(next);
            }
            if (!emojiJoiner)
                return QString::fromLatin1(kind) + u" U+" + QString::number(uint(c), 16).toUpper() + u" at "
                    + QString::number(i);
        }
        previous = c;
        i += length;
    }
    return {};
}

void checkString(const QString &text, const QString &path)
{
    const QString found = findForbidden(text);
    if (!found.isEmpty())
        fail("model string holds a raw hidden/control character", path + u": " + found + u"\n" + clipped(text, 600));
}

// A safe link must, as a browser would read it, use an allowed scheme and carry no control.
void checkSafeLink(const Inline &link, const QString &path)
{
    QString normalised;
    normalised.reserve(link.href.size());
    for (const QChar ch : link.href) {
        const char16_t u = ch.unicode();
        if (u <= 0x20 || u == 0x7F)
            continue; // ASCII whitespace and controls are dropped before the scheme is read
        normalised.append(u >= u'A' && u <= u'Z' ? QChar(char16_t(u + 0x20)) : ch);
    }
    if (!normalised.startsWith(u"https:") && !normalised.startsWith(u"http:") && !normalised.startsWith(u"mailto:"))
        fail(
            "link marked safe has a scheme other than https/http/mailto", path + u".href = " + clipped(link.href, 600));
    for (const QChar ch : link.href) {
        const char16_t u = ch.unicode();
        if (u < 0x20 || (u >= 0x7F && u <= 0x9F))
            fail("link marked safe contains a raw control character",
                path + u".href U+" + QString::number(uint(u), 16).toUpper() + u" in " + clipped(link.href, 600));
    }
}

void checkInlines(const Inlines &inlines, const QString &path)
{
    for (std::size_t i = 0; i < inlines.size(); ++i) {
        const Inline &run = inlines[i];
        const QString here = path + u'[' + QString::number(i) + u']';
        checkString(run.text, here + u".text");
        checkString(run.href, here + u".href");
        checkString(run.title, here + u".title");
        if (run.kind == Inline::Kind::Link && run.safe)
            checkSafeLink(run, here);
        checkInlines(run.children, here + u".children");
    }
}

void checkBlocks(const Blocks &blocks, const QString &path)
{
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const Block &block = blocks[i];
        const QString here = path + u'[' + QString::number(i) + u']';
        checkInlines(block.inlines, here + u".inlines");
        checkString(block.language, here + u".language");
        checkString(block.code, here + u".code");
        for (std::size_t r = 0; r < block.rows.size(); ++r) {
            for (std::size_t c = 0; c < block.rows[r].size(); ++c)
                checkInlines(
                    block.rows[r][c], here + u".rows[" + QString::number(r) + u"][" + QString::number(c) + u']');
        }
        checkBlocks(block.children, here + u".children");
    }
}

// Mostly the defaults (now and then without the fast append, to check the re-parse path);
// sometimes tight limits, to reach truncation, flattening, the link budget and the
// plain-text fallback with small inputs, or another set of extensions. The allowed link
// schemes are never changed: the safe-link check depends on them.
ParseOptions chooseOptions(Prng &prng)
{
    ParseOptions options;
    const quint64 variant = prng.below(8);
    if (variant == 5 || variant == 7) {
        options.maxNestingDepth = 1 + int(prng.below(6));
        options.maxTableColumns = 1 + int(prng.below(8));
        options.maxLinkBytes = qsizetype(prng.below(256));
        options.maxMessageBytes = 64 + qsizetype(prng.below(8192));
        options.maxParseBytes = 16 + qsizetype(prng.below(4096));
    }
    if (variant == 6 || variant == 7)
        options.extensions = Extensions(QFlag(int(prng.below(0x100))));
    options.fastAppend = prng.below(4) != 0;
    return options;
}

std::size_t chooseChunkSize(Prng &prng)
{
    const quint64 kind = prng.below(16);
    if (kind < 10)
        return 1 + std::size_t(prng.below(8)); // token-sized: splits UTF-8 sequences and CRLF
    if (kind < 14)
        return 1 + std::size_t(prng.below(64));
    return 1 + std::size_t(prng.below(1024));
}

// Mirrors one Update the way a view does and checks it against the parser's own state.
class MirrorView
{
public:
    void apply(const Update &update, const StreamingMarkdown &parser, bool finishing)
    {
        if (update.firstChanged < 0 || std::size_t(update.firstChanged) > m_blocks.size())
            fail("update.firstChanged out of range",
                u"firstChanged " + QString::number(update.firstChanged) + u", view has "
                    + QString::number(m_blocks.size()));
        if (update.changed) {
            if (!finishing) {
                // Blocks promised final may only be re-sent unchanged while streaming.
                for (int i = update.firstChanged; i < m_promisedFinal; ++i) {
                    const std::size_t r = std::size_t(i - update.firstChanged);
                    if (std::size_t(i) >= m_blocks.size() || r >= update.replacement.size()
                        || update.replacement[r] != m_blocks[std::size_t(i)])
                        fail("a block promised final changed while streaming",
                            u"block " + QString::number(i) + u", finalCount was " + QString::number(m_promisedFinal)
                                + u", firstChanged " + QString::number(update.firstChanged));
                }
            }
            checkBlocks(Blocks(update.replacement.begin(), update.replacement.end()), u"update.replacement"_s);
            m_blocks.erase(m_blocks.begin() + update.firstChanged, m_blocks.end());
            m_blocks.insert(m_blocks.end(), update.replacement.begin(), update.replacement.end());
        }
        if (m_blocks != parser.blocks())
            fail(finishing ? "view mirroring the updates differs from blocks() after finish()"
                           : "view mirroring the updates differs from blocks()",
                describeBlockDifference(parser.blocks(), m_blocks));
        if (update.finalCount < 0 || std::size_t(update.finalCount) > parser.blocks().size())
            fail("update.finalCount out of range",
                u"finalCount " + QString::number(update.finalCount) + u", blocks "
                    + QString::number(parser.blocks().size()));
        m_promisedFinal = std::max(m_promisedFinal, update.finalCount);
    }

private:
    Blocks m_blocks;
    int m_promisedFinal = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(data, qsizetype(size));
    quint64 seed = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(size, 4); ++i)
        seed = (seed << 8) | data[i];
    Prng prng(seed);
    const ParseOptions options = chooseOptions(prng);
    runDescription = u"options: extensions 0x" + QString::number(options.extensions.toInt(), 16) + u", maxNestingDepth "
        + QString::number(options.maxNestingDepth) + u", maxTableColumns " + QString::number(options.maxTableColumns)
        + u", maxLinkBytes " + QString::number(options.maxLinkBytes) + u", maxMessageBytes "
        + QString::number(options.maxMessageBytes) + u", maxParseBytes " + QString::number(options.maxParseBytes)
        + u", fastAppend " + QString::number(int(options.fastAppend)) + u"; input " + QString::number(size)
        + u" bytes, chunking seeded by its first 4 bytes";

    StreamingMarkdown parser(options);
    MirrorView view;
    // The same stream without the fast append path and without taking up the last parse of
    // the tail: what an update shows must not depend on either.
    ParseOptions fullPathOptions = options;
    fullPathOptions.fastAppend = false;
    fullPathOptions.reuseTailParse = false;
    StreamingMarkdown fullPath(fullPathOptions);
    const auto update = [&] {
        const Update result = parser.update();
        fullPath.update();
        if (fullPath.blocks() != parser.blocks())
            fail("the fast append path or a tail parse taken up shows something a full parse does not",
                describeBlockDifference(fullPath.blocks(), parser.blocks()));
        return result;
    };
    // An update after every chunk or two at first; the gap between updates doubles every
    // 64 updates so that a large input stays within the per-input time limit.
    std::size_t cadence = 1 + std::size_t(prng.below(3));
    std::size_t chunks = 0;
    int updates = 0;
    for (std::size_t position = 0; position < size;) {
        const std::size_t length = std::min(chooseChunkSize(prng), size - position);
        parser.append(input.sliced(qsizetype(position), qsizetype(length)));
        fullPath.append(input.sliced(qsizetype(position), qsizetype(length)));
        position += length;
        if (++chunks % cadence == 0) {
            view.apply(update(), parser, false);
            if (++updates % 64 == 0)
                cadence *= 2;
            if (prng.below(32) == 0)
                view.apply(update(), parser, false); // nothing new arrived
        }
    }
    view.apply(parser.finish(), parser, true);

    if (!parser.isFinished())
        fail("isFinished() is false after finish()", {});
    if (parser.source() != input)
        fail("source() differs from the bytes appended",
            u"source " + QString::number(parser.source().size()) + u" bytes, input " + QString::number(size));

    const Document streamed = parser.document();
    if (streamed.blocks != parser.blocks())
        fail("document().blocks differs from blocks()", describeBlockDifference(parser.blocks(), streamed.blocks));
    const Document oneShot = StreamingMarkdown::parse(input, options);
    checkBlocks(oneShot.blocks, u"parse().blocks"_s);
    if (streamed != oneShot) {
        QString detail = describeBlockDifference(oneShot.blocks, streamed.blocks);
        if (streamed.blocks == oneShot.blocks)
            detail = u"blocks equal; notices or hiddenCharacters differ\nexpected: " + toJson(oneShot) + u"\nactual:   "
                + toJson(streamed);
        fail("streamed document after finish() differs from parse() of the whole text", detail);
    }
    checkBlocks(streamed.blocks, u"document().blocks"_s);
    return 0;
}
