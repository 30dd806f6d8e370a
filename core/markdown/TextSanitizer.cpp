#include "markdown/TextSanitizer.h"

#include <QStringDecoder>

namespace streamcanvas::markdown {

namespace {

bool isEmoji(char32_t c)
{
    return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || c == 0xFE0F;
}

// Code points that change how text around them is displayed or hide text altogether.
bool isFormatting(char32_t c)
{
    switch (c) {
    case 0x034F: // combining grapheme joiner
    case 0x061C: // Arabic letter mark (bidi)
    case 0x115F: // Hangul fillers, used to make names and words invisible
    case 0x1160:
    case 0x3164:
    case 0xFFA0:
    case 0x180E: // Mongolian vowel separator
    case 0x2028: // line and paragraph separators
    case 0x2029:
    case 0xFEFF: // zero-width no-break space / BOM
        return true;
    default:
        break;
    }
    return (c >= 0x200B && c <= 0x200F)    // zero-width space, joiners, LRM, RLM
        || (c >= 0x202A && c <= 0x202E)    // bidi embeddings and overrides
        || (c >= 0x2060 && c <= 0x2064)    // word joiner, invisible operators
        || (c >= 0x2066 && c <= 0x206F)    // bidi isolates, deprecated format characters
        || (c >= 0xFFF9 && c <= 0xFFFB)    // interlinear annotation
        || (c >= 0x1D173 && c <= 0x1D17A)  // musical formatting
        || (c >= 0xE0000 && c <= 0xE007F); // tag characters ("ASCII smuggling")
}

} // namespace

bool TextSanitizer::isHidden(char32_t c)
{
    if (c < 0x20)
        return c != u'\t' && c != u'\n';
    if (c < 0x7F)
        return false;
    if (c <= 0x9F)
        return true; // DEL and C1 controls
    return isFormatting(c);
}

QString TextSanitizer::visibleToken(char32_t c)
{
    if (c < 0x20)
        return QString(QChar(char16_t(0x2400 + c))); // control pictures: ␀ … ␟ (ESC is ␛)
    if (c == 0x7F)
        return QString(QChar(char16_t(0x2421))); // ␡
    return u"\u27E8U+" + QString::number(uint(c), 16).toUpper().rightJustified(4, u'0') + u"\u27E9";
}

int TextSanitizer::sanitize(QString &text)
{
    // Fast scan: most text has nothing to replace.
    const auto needsWork = [](char16_t u) {
        return u < 0x20 || (u >= 0x7F && u <= 0x9F) || u >= 0x034F;
    };
    qsizetype first = 0;
    const qsizetype size = text.size();
    while (first < size && !needsWork(text.at(first).unicode()))
        ++first;
    if (first == size)
        return 0;

    int replaced = 0;
    QString out;
    out.reserve(size + 16);
    out.append(QStringView(text).left(first));
    char32_t previous = first > 0 ? text.at(first - 1).unicode() : 0;
    for (qsizetype i = first; i < size;) {
        char32_t c = text.at(i).unicode();
        qsizetype length = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            length = 2;
        }
        if (c == 0 || QChar::isSurrogate(c)) { // NUL, or a lone surrogate that cannot be shown
            out.append(QChar(QChar::ReplacementCharacter));
        } else if (c == 0x200D && isEmoji(previous) && i + 1 < size) {
            // A zero-width joiner between two emoji builds one emoji (👩‍💻); keep it.
            const char32_t next = QChar::isHighSurrogate(text.at(i + 1).unicode()) && i + 2 < size
                ? QChar::surrogateToUcs4(text.at(i + 1), text.at(i + 2))
                : text.at(i + 1).unicode();
            if (isEmoji(next)) {
                out.append(QChar(char16_t(c)));
            } else {
                out.append(visibleToken(c));
                ++replaced;
            }
        } else if (isHidden(c)) {
            out.append(visibleToken(c));
            ++replaced;
        } else {
            out.append(QStringView(text).mid(i, length));
        }
        previous = c;
        i += length;
    }
    text = std::move(out);
    return replaced;
}

QString TextSanitizer::fromUtf8(QByteArrayView bytes, int *hidden)
{
    // Invalid sequences become U+FFFD; a byte order mark is kept (and made visible).
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder(bytes);
    const int replaced = sanitize(text);
    if (hidden)
        *hidden += replaced;
    return text;
}

} // namespace streamcanvas::markdown
