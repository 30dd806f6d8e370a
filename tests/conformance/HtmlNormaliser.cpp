#include "HtmlNormaliser.h"

#include "HtmlSerializer.h"

#include <QByteArray>
#include <QList>
#include <QPair>

#include <algorithm>
#include <cctype>
#include <vector>

// md4c-html exports its HTML5 entity table lookup (entity.h is not installed). The name
// includes the leading '&' and the trailing ';'.
extern "C" {
struct entity {
    const char *name;
    unsigned codepoints[2];
};
const struct entity *entity_lookup(const char *name, size_t name_size);
}

using namespace Qt::StringLiterals;

namespace streamcanvas::conformance {

namespace {

struct Token {
    enum class Type { Start, End, Text, Other };
    Type type = Type::Text;
    QString name; // tag name, lower case
    QList<QPair<QString, QString>> attributes;
    bool empty = false; // a void element or written "<x />": nothing can follow inside
    QString text;       // Text: decoded; Other: verbatim
};

bool isBlockTag(const QString &name)
{
    static const QStringList tags{
        u"article"_s,
        u"header"_s,
        u"aside"_s,
        u"hgroup"_s,
        u"blockquote"_s,
        u"hr"_s,
        u"iframe"_s,
        u"body"_s,
        u"li"_s,
        u"map"_s,
        u"button"_s,
        u"object"_s,
        u"canvas"_s,
        u"ol"_s,
        u"output"_s,
        u"p"_s,
        u"pre"_s,
        u"progress"_s,
        u"section"_s,
        u"table"_s,
        u"tbody"_s,
        u"td"_s,
        u"th"_s,
        u"thead"_s,
        u"tfoot"_s,
        u"tr"_s,
        u"ul"_s,
        u"video"_s,
        u"script"_s,
        u"style"_s,
        u"address"_s,
        u"dd"_s,
        u"div"_s,
        u"dl"_s,
        u"dt"_s,
        u"fieldset"_s,
        u"figcaption"_s,
        u"figure"_s,
        u"footer"_s,
        u"form"_s,
        u"h1"_s,
        u"h2"_s,
        u"h3"_s,
        u"h4"_s,
        u"h5"_s,
        u"h6"_s,
        u"noscript"_s,
        u"caption"_s,
        u"html"_s,
        u"head"_s,
        u"title"_s,
        u"details"_s,
        u"summary"_s,
        u"main"_s,
        u"nav"_s,
        u"menu"_s,
    };
    return tags.contains(name);
}

bool isVoidTag(const QString &name)
{
    return name == u"br" || name == u"hr" || name == u"img" || name == u"input";
}

bool isInlineMarkTag(const QString &name)
{
    return name == u"em" || name == u"strong" || name == u"del" || name == u"s" || name == u"u" || name == u"code"
        || name == u"x-equation";
}

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f';
}

// Whitespace in text as normalize.py's Python sees it: Unicode whitespace, not only ASCII.
bool isTextSpace(QChar c)
{
    return c.isSpace();
}

void appendCodePoint(QString &out, char32_t c)
{
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    const char32_t text[1] = {c};
    out += QString::fromUcs4(text, 1);
}

// Decodes the character reference at `pos` (which holds '&'); returns its length, or 0.
qsizetype decodeReference(const QString &s, qsizetype pos, QString &out)
{
    qsizetype i = pos + 1;
    if (i < s.size() && s.at(i) == u'#') {
        ++i;
        const bool hex = i < s.size() && (s.at(i) == u'x' || s.at(i) == u'X');
        if (hex)
            ++i;
        const qsizetype digitsBegin = i;
        while (i < s.size() && i - digitsBegin < 8
            && (hex ? std::isxdigit(s.at(i).unicode() < 128 ? s.at(i).unicode() : 0)
                    : s.at(i).isDigit() && s.at(i).unicode() < 128))
            ++i;
        if (i == digitsBegin || i >= s.size() || s.at(i) != u';')
            return 0;
        bool ok = false;
        const uint value = s.mid(digitsBegin, i - digitsBegin).toUInt(&ok, hex ? 16 : 10);
        appendCodePoint(out, ok ? char32_t(value) : 0);
        return i + 1 - pos;
    }
    while (i < s.size() && i - pos < 40 && s.at(i).unicode() < 128 && s.at(i).isLetterOrNumber())
        ++i;
    if (i == pos + 1 || i >= s.size() || s.at(i) != u';')
        return 0;
    const QByteArray name = s.mid(pos, i + 1 - pos).toLatin1();
    const struct entity *known = entity_lookup(name.constData(), size_t(name.size()));
    if (!known)
        return 0;
    appendCodePoint(out, known->codepoints[0]);
    if (known->codepoints[1])
        appendCodePoint(out, known->codepoints[1]);
    return i + 1 - pos;
}

QString decode(const QString &s)
{
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s.at(i) == u'&') {
            if (const qsizetype length = decodeReference(s, i, out)) {
                i += length - 1;
                continue;
            }
        }
        out += s.at(i);
    }
    return out;
}

QString canonicalUrl(const QString &url)
{
    return HtmlSerializer::escapeUrl(QString::fromUtf8(QByteArray::fromPercentEncoding(url.toUtf8())));
}

bool isNameChar(QChar c)
{
    return c.unicode() < 128 && (c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u':' || c == u'.');
}

// Parses a tag at `pos` ('<'); returns its length, or 0 when it is not a tag.
qsizetype parseTag(const QString &s, qsizetype pos, Token &token)
{
    qsizetype i = pos + 1;
    const bool end = i < s.size() && s.at(i) == u'/';
    if (end)
        ++i;
    if (i >= s.size() || s.at(i).unicode() >= 128 || !s.at(i).isLetter())
        return 0;
    const qsizetype nameBegin = i;
    while (i < s.size() && isNameChar(s.at(i)))
        ++i;
    token = Token();
    token.type = end ? Token::Type::End : Token::Type::Start;
    token.name = s.mid(nameBegin, i - nameBegin).toLower();
    while (true) {
        while (i < s.size() && isSpace(s.at(i)))
            ++i;
        if (i >= s.size())
            return 0;
        if (s.at(i) == u'>')
            return i + 1 - pos;
        if (s.at(i) == u'/' && i + 1 < s.size() && s.at(i + 1) == u'>') {
            token.empty = true;
            return i + 2 - pos;
        }
        if (end)
            return 0;
        const qsizetype attrBegin = i;
        while (i < s.size() && !isSpace(s.at(i)) && s.at(i) != u'>' && s.at(i) != u'=' && s.at(i) != u'"'
            && s.at(i) != u'\'' && !(s.at(i) == u'/' && i + 1 < s.size() && s.at(i + 1) == u'>'))
            ++i;
        if (i == attrBegin)
            return 0;
        const QString name = s.mid(attrBegin, i - attrBegin).toLower();
        qsizetype j = i;
        while (j < s.size() && isSpace(s.at(j)))
            ++j;
        QString value;
        if (j < s.size() && s.at(j) == u'=') {
            ++j;
            while (j < s.size() && isSpace(s.at(j)))
                ++j;
            if (j >= s.size())
                return 0;
            if (s.at(j) == u'"' || s.at(j) == u'\'') {
                const qsizetype close = s.indexOf(s.at(j), j + 1);
                if (close < 0)
                    return 0;
                value = s.mid(j + 1, close - j - 1);
                i = close + 1;
            } else {
                const qsizetype valueBegin = j;
                while (j < s.size() && !isSpace(s.at(j)) && s.at(j) != u'>')
                    ++j;
                value = s.mid(valueBegin, j - valueBegin);
                i = j;
            }
        }
        token.attributes.append({name, decode(value)});
    }
}

std::vector<Token> tokenize(const QString &html)
{
    std::vector<Token> tokens;
    QString text;
    const auto flushText = [&] {
        if (text.isEmpty())
            return;
        Token t;
        t.text = decode(text);
        tokens.push_back(std::move(t));
        text.clear();
    };
    const auto other = [&](qsizetype begin, qsizetype end) {
        flushText();
        Token t;
        t.type = Token::Type::Other;
        t.text = html.mid(begin, end - begin);
        tokens.push_back(std::move(t));
    };
    qsizetype i = 0;
    while (i < html.size()) {
        if (html.at(i) == u'<') {
            const QStringView rest = QStringView(html).mid(i);
            qsizetype close = -1;
            if (rest.startsWith(u"<!--"))
                close = html.indexOf(u"-->"_s, i + 4) + 3;
            else if (rest.startsWith(u"<![CDATA["))
                close = html.indexOf(u"]]>"_s, i) + 3;
            else if (rest.startsWith(u"<?"))
                close = html.indexOf(u"?>"_s, i) + 2;
            else if (rest.startsWith(u"<!") && rest.size() > 2 && rest.at(2).isLetter())
                close = html.indexOf(u'>', i) + 1;
            if (close > i) {
                other(i, close);
                i = close;
                continue;
            }
            Token tag;
            if (const qsizetype length = parseTag(html, i, tag)) {
                flushText();
                if (isVoidTag(tag.name))
                    tag.empty = true;
                tokens.push_back(std::move(tag));
                i += length;
                continue;
            }
        }
        text += html.at(i);
        ++i;
    }
    flushText();
    return tokens;
}

QString attributeValue(const Token &t, QStringView name)
{
    for (const auto &[key, value] : t.attributes) {
        if (key == name)
            return value;
    }
    return {};
}

void removeAttribute(Token &t, QStringView name, QStringView value = {})
{
    t.attributes.removeIf(
        [&](const QPair<QString, QString> &a) { return a.first == name && (value.isNull() || a.second == value); });
}

// The matching end tag of every start tag (by a stack over the well-nested ones), or -1.
std::vector<qsizetype> matchingEnds(const std::vector<Token> &tokens)
{
    std::vector<qsizetype> match(tokens.size(), -1);
    std::vector<size_t> stack;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].type == Token::Type::Start && !tokens[i].empty) {
            stack.push_back(i);
        } else if (tokens[i].type == Token::Type::End) {
            for (size_t k = stack.size(); k-- > 0;) {
                if (tokens[stack[k]].name == tokens[i].name) {
                    match[stack[k]] = qsizetype(i);
                    stack.resize(k);
                    break;
                }
            }
        }
    }
    return match;
}

// Drops an inline mark tag nested inside the same tag: <em>a <em>b</em></em> reads as
// <em>a b</em> for a model that keeps marks as a set.
void flattenNestedMarks(std::vector<Token> &tokens)
{
    const std::vector<qsizetype> match = matchingEnds(tokens);
    std::vector<bool> drop(tokens.size(), false);
    std::vector<std::pair<QString, qsizetype>> open; // mark tag and where it ends
    for (size_t i = 0; i < tokens.size(); ++i) {
        while (!open.empty() && open.back().second < qsizetype(i))
            open.pop_back();
        const Token &t = tokens[i];
        if (t.type != Token::Type::Start || !isInlineMarkTag(t.name) || match[i] < 0)
            continue;
        const QString name = t.name + attributeValue(t, u"type");
        if (std::any_of(open.begin(), open.end(), [&](const auto &o) { return o.first == name; })) {
            drop[i] = true;
            drop[size_t(match[i])] = true;
        }
        open.emplace_back(name, match[i]);
    }
    std::vector<Token> kept;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (drop[i])
            continue;
        // <em>a</em><em>b</em> is one run "ab".
        const Token &t = tokens[i];
        if (t.type == Token::Type::Start && isInlineMarkTag(t.name) && !kept.empty()
            && kept.back().type == Token::Type::End && kept.back().name == t.name && t.attributes.isEmpty()) {
            kept.pop_back();
            continue;
        }
        kept.push_back(std::move(tokens[i]));
    }
    // Text split by a dropped tag is one text again.
    tokens.clear();
    for (Token &t : kept) {
        if (t.type == Token::Type::Text && !tokens.empty() && tokens.back().type == Token::Type::Text)
            tokens.back().text += t.text;
        else
            tokens.push_back(std::move(t));
    }
}

// md4c and cmark-gfm print task items, empty titles and same-extent nesting differently.
void canonicalise(std::vector<Token> &tokens)
{
    for (size_t i = 0; i < tokens.size(); ++i) {
        Token &t = tokens[i];
        if (t.type != Token::Type::Start)
            continue;
        removeAttribute(t, u"title", u"");
        if (t.name == u"li")
            removeAttribute(t, u"class", u"task-list-item");
        if (t.name == u"input" && attributeValue(t, u"type") == u"checkbox") {
            removeAttribute(t, u"class", u"task-list-item-checkbox");
            if (i + 1 < tokens.size() && tokens[i + 1].type == Token::Type::Text) {
                QString &next = tokens[i + 1].text;
                qsizetype n = 0;
                while (n < next.size() && isTextSpace(next.at(n)))
                    ++n;
                next.remove(0, n);
            }
        }
    }

    const std::vector<qsizetype> match = matchingEnds(tokens);
    // <em><strong>x</strong></em> and <strong><em>x</em></strong> are the same text.
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].type != Token::Type::Start || !isInlineMarkTag(tokens[i].name) || match[i] < 0)
            continue;
        size_t last = i;
        while (last + 1 < tokens.size() && tokens[last + 1].type == Token::Type::Start
            && isInlineMarkTag(tokens[last + 1].name) && match[last + 1] >= 0 && match[last + 1] == match[last] - 1)
            ++last;
        if (last == i)
            continue;
        std::vector<Token> starts(tokens.begin() + qsizetype(i), tokens.begin() + qsizetype(last) + 1);
        std::stable_sort(starts.begin(), starts.end(), [](const Token &a, const Token &b) { return a.name < b.name; });
        const qsizetype firstEnd = match[last];
        for (size_t k = 0; k < starts.size(); ++k) {
            tokens[i + k] = starts[k];
            Token &endToken = tokens[size_t(firstEnd) + starts.size() - 1 - k];
            endToken.name = starts[k].name;
        }
        i = last;
    }
}

} // namespace

QString HtmlNormaliser::normalise(const QString &html, Nesting nesting)
{
    std::vector<Token> tokens = tokenize(html);
    if (nesting == Nesting::Flatten)
        flattenNestedMarks(tokens);
    canonicalise(tokens);

    enum class Last { Start, End, Data, Other };
    QString out;
    Last last = Last::Start;
    QString lastTag;
    bool inPre = false;
    const auto rstrip = [&] {
        qsizetype n = out.size();
        while (n > 0 && isTextSpace(out.at(n - 1)))
            --n;
        out.truncate(n);
    };
    for (const Token &t : tokens) {
        switch (t.type) {
        case Token::Type::Start: {
            if (t.name == u"pre")
                inPre = true;
            if (isBlockTag(t.name))
                rstrip();
            out += u'<' + t.name;
            auto attributes = t.attributes;
            std::stable_sort(
                attributes.begin(), attributes.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
            for (const auto &[name, value] : attributes) {
                out += u' ' + name + u"=\""_s;
                out += (name == u"href" || name == u"src") ? canonicalUrl(value) : HtmlSerializer::escapeHtml(value);
                out += u'"';
            }
            out += u'>';
            lastTag = t.name;
            last = t.empty ? Last::End : Last::Start;
            break;
        }
        case Token::Type::End:
            if (t.name == u"pre")
                inPre = false;
            else if (isBlockTag(t.name))
                rstrip();
            out += u"</"_s + t.name + u'>';
            lastTag = t.name;
            last = Last::End;
            break;
        case Token::Type::Text: {
            QString data = t.text;
            const bool afterTag = last == Last::Start || last == Last::End;
            if (afterTag && lastTag == u"br") {
                while (data.startsWith(u'\n'))
                    data.remove(0, 1);
            }
            if (!inPre) {
                QString collapsed;
                bool space = false;
                for (QChar c : std::as_const(data)) {
                    if (isTextSpace(c)) {
                        space = true;
                        continue;
                    }
                    if (space)
                        collapsed += u' ';
                    space = false;
                    collapsed += c;
                }
                if (space)
                    collapsed += u' ';
                data = collapsed;
                if (afterTag && isBlockTag(lastTag)) {
                    if (data.startsWith(u' '))
                        data.remove(0, 1);
                    if (last == Last::End && data.endsWith(u' '))
                        data.chop(1);
                }
            }
            out += HtmlSerializer::escapeHtml(data);
            last = Last::Data;
            break;
        }
        case Token::Type::Other:
            out += t.text;
            last = Last::Other;
            break;
        }
    }
    rstrip();
    return out;
}

} // namespace streamcanvas::conformance
