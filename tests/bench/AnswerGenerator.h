#pragma once

#include <QByteArray>
#include <QList>

namespace streamcanvas::bench {

// Deterministic Markdown that reads like a long chat-model answer: headings, paragraphs with
// **bold**, `code` and links, bullet and numbered lists (some nested), tables, fenced code
// indented with tabs, and quotes. The same seed gives the same bytes on every platform.
class AnswerGenerator
{
public:
    explicit AnswerGenerator(quint64 seed);

    // Whole sections until at least `targetBytes` are written.
    QByteArray answer(qsizetype targetBytes);
    // Plain paragraphs without any Markdown syntax, exactly `bytes` long.
    QByteArray prose(qsizetype bytes);

private:
    quint64 next();
    int below(int bound);
    QByteArray word();
    QByteArray plainSentence();
    QByteArray richSentence();
    QByteArray paragraph();
    void appendHeading(QByteArray &out);
    void appendBulletList(QByteArray &out);
    void appendNumberedList(QByteArray &out);
    void appendTable(QByteArray &out);
    void appendCode(QByteArray &out);
    void appendQuote(QByteArray &out);

    const QByteArray &pick(const QList<QByteArray> &items);

    quint64 m_state;
    QList<QByteArray> m_words;
    QList<QByteArray> m_identifiers;
    QList<QByteArray> m_hosts;
    QList<QByteArray> m_languages;
    QList<QByteArray> m_codeLines;
};

} // namespace streamcanvas::bench
