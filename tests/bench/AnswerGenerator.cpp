#include "AnswerGenerator.h"

#include <QList>
#include <QStringBuilder>

namespace streamcanvas::bench {

namespace {

// Vocabulary, '|'-separated so that clang-format keeps it compact.
constexpr QByteArrayView kWords
    = "the|a|request|server|token|stream|parser|answer|client|returns|handles|each|value|instead|because|when|"
      "config|option|should|may|update|function|result|error|network|cache|layer|buffer|which|is|are|with|"
      "without|before|after|then|simple|example|default|timeout|user|message|model|response|header|field|list|"
      "table|memory|thread|queue|worker|fast|slow|safe|data|encoding|UTF-8|JSON|schema|database|index|query|"
      "latency|we|you|it|this|that|can|will|not";
constexpr QByteArrayView kIdentifiers = "parse()|std::vector|nullptr|QString|max_tokens|--verbose|async|HTTP 429|"
                                        "config.yaml|npm install|git rebase|SELECT *|O(n log n)|utf8|0x7f|self";
constexpr QByteArrayView kHosts = "https://example.com/docs/|https://docs.example.org/guide/|"
                                  "http://intranet.example/wiki/|https://en.wikipedia.org/wiki/|"
                                  "https://github.com/example/project/issues/";
constexpr QByteArrayView kLanguages = "cpp|python|bash|json|rust|go|";
constexpr QByteArrayView kCodeLines = "if (value == nullptr) {|return result;|for item in items:|"
                                      "print(f\"{name}: {count}\")|let x = compute(&input)?;|\"timeout\": 30,|"
                                      "err := client.Do(req)|std::vector<int> v{1, 2, 3};|"
                                      "curl -s https://example.com \\| jq .|# comment: explain why|"
                                      "x = [i * i for i in range(10)]|}";

QList<QByteArray> split(QByteArrayView list)
{
    QList<QByteArray> items = list.toByteArray().split('|');
    // "\\|" stands for a literal '|' inside an item.
    for (qsizetype i = 0; i + 1 < items.size(); ++i) {
        if (items[i].endsWith('\\')) {
            items[i].chop(1);
            items[i] += '|' + items.takeAt(i + 1);
        }
    }
    return items;
}

} // namespace

AnswerGenerator::AnswerGenerator(quint64 seed)
    : m_state(seed)
    , m_words(split(kWords))
    , m_identifiers(split(kIdentifiers))
    , m_hosts(split(kHosts))
    , m_languages(split(kLanguages))
    , m_codeLines(split(kCodeLines))
{
}

const QByteArray &AnswerGenerator::pick(const QList<QByteArray> &items)
{
    return items.at(below(int(items.size())));
}

// splitmix64, so the text does not depend on the standard library's distributions.
quint64 AnswerGenerator::next()
{
    quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int AnswerGenerator::below(int bound)
{
    return int(next() % quint64(bound));
}

QByteArray AnswerGenerator::word()
{
    return pick(m_words);
}

QByteArray AnswerGenerator::plainSentence()
{
    QByteArray s = word();
    s[0] = char(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 0x20 : s[0]);
    const int count = 6 + below(12);
    for (int i = 0; i < count; ++i) {
        s += ' ';
        s += word();
        if (i + 1 < count && below(9) == 0)
            s += ',';
    }
    s += below(7) == 0 ? "?" : ".";
    return s;
}

QByteArray AnswerGenerator::richSentence()
{
    QByteArray s = plainSentence();
    s.chop(1);
    switch (below(8)) {
    case 0:
        s += QByteArray(" **") + word() + ' ' + word() + "**";
        break;
    case 1:
    case 2:
        s += QByteArray(" `") + pick(m_identifiers) + '`';
        break;
    case 3:
        s += QByteArray(" ([") + word() + ' ' + word() + "](" + pick(m_hosts) + word() + "))";
        break;
    case 4:
        s += QByteArray(" *") + word() + '*';
        break;
    default:
        break;
    }
    s += '.';
    return s;
}

QByteArray AnswerGenerator::paragraph()
{
    QByteArray p;
    const int sentences = 2 + below(5);
    for (int i = 0; i < sentences; ++i) {
        if (i > 0)
            p += below(6) == 0 ? "\n" : " "; // models sometimes wrap lines
        p += richSentence();
    }
    return p + "\n\n";
}

void AnswerGenerator::appendHeading(QByteArray &out)
{
    out += QByteArray(2 + below(2), '#') + ' ' + word() + ' ' + word() + ' ' + word() + "\n\n";
}

void AnswerGenerator::appendBulletList(QByteArray &out)
{
    const int items = 3 + below(5);
    for (int i = 0; i < items; ++i) {
        out += QByteArray("- ") + (below(3) == 0 ? QByteArray("**") + word() + ":** " : QByteArray()) + richSentence()
            + '\n';
        if (below(4) == 0) {
            for (int j = 0, n = 1 + below(3); j < n; ++j)
                out += QByteArray("  - ") + plainSentence() + '\n';
        }
    }
    out += '\n';
}

void AnswerGenerator::appendNumberedList(QByteArray &out)
{
    const int items = 3 + below(6);
    for (int i = 1; i <= items; ++i)
        out += QByteArray::number(i) + ". " + richSentence() + '\n';
    out += '\n';
}

void AnswerGenerator::appendTable(QByteArray &out)
{
    const int columns = 3 + below(3);
    const int rows = 3 + below(8);
    QByteArray header = "|";
    QByteArray delimiter = "|";
    for (int c = 0; c < columns; ++c) {
        header += ' ' + word() + " |";
        delimiter += c == 0 ? ":---|" : (below(2) == 0 ? "---:|" : "---|");
    }
    out += header + '\n' + delimiter + '\n';
    for (int r = 0; r < rows; ++r) {
        QByteArray row = "|";
        for (int c = 0; c < columns; ++c) {
            QByteArray cell
                = below(5) == 0 ? QByteArray(QByteArray("`") + word() + '`') : QByteArray(word() + ' ' + word());
            if (c > 0 && below(3) == 0)
                cell = QByteArray::number(below(10000));
            row += ' ' + cell + " |";
        }
        out += row + '\n';
    }
    out += '\n';
}

void AnswerGenerator::appendCode(QByteArray &out)
{
    out += QByteArray("```") + pick(m_languages) + '\n';
    const int lines = 4 + below(16);
    int depth = 0;
    for (int i = 0; i < lines; ++i) {
        out += QByteArray(depth, '\t') + pick(m_codeLines) + '\n';
        depth = qBound(0, depth + below(3) - 1, 3);
    }
    out += "```\n\n";
}

void AnswerGenerator::appendQuote(QByteArray &out)
{
    out += QByteArray("> **Note:** ") + richSentence() + '\n';
    for (int i = 0, n = below(3); i < n; ++i)
        out += QByteArray("> ") + richSentence() + '\n';
    out += '\n';
}

QByteArray AnswerGenerator::answer(qsizetype targetBytes)
{
    QByteArray out;
    out.reserve(targetBytes + 4096);
    out += QByteArray("Here is a detailed answer. ") + richSentence() + "\n\n";
    while (out.size() < targetBytes) {
        appendHeading(out);
        out += paragraph();
        for (int i = 0, n = 3 + below(5); i < n; ++i) {
            switch (below(10)) {
            case 0:
            case 1:
                appendBulletList(out);
                break;
            case 2:
                appendNumberedList(out);
                break;
            case 3:
                appendTable(out);
                break;
            case 4:
            case 5:
                appendCode(out);
                break;
            case 6:
                appendQuote(out);
                break;
            default:
                out += paragraph();
                break;
            }
        }
        if (below(12) == 0)
            out += "---\n\n";
    }
    return out;
}

QByteArray AnswerGenerator::prose(qsizetype bytes)
{
    QByteArray out;
    out.reserve(bytes + 512);
    while (out.size() < bytes) {
        for (int i = 0, n = 3 + below(4); i < n; ++i)
            out += plainSentence() + ' ';
        out.back() = '\n';
        out += '\n';
    }
    out.truncate(bytes);
    return out;
}

} // namespace streamcanvas::bench
