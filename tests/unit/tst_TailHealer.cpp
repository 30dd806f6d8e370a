#include "markdown/TailHealer.h"

#include <QTest>

using namespace streamcanvas::markdown;

class tst_TailHealer : public QObject
{
    Q_OBJECT

private slots:
    void heals_data();
    void heals();
    void completeTextIsLeftAlone();
};

void tst_TailHealer::heals_data()
{
    QTest::addColumn<QByteArray>("tail");
    QTest::addColumn<QByteArray>("shown");

    QTest::newRow("unclosed strong") << QByteArray("some **bold te") << QByteArray("some **bold te**");
    QTest::newRow("unclosed nested") << QByteArray("*a **b") << QByteArray("*a **b***");
    QTest::newRow("strike") << QByteArray("~~gone") << QByteArray("~~gone~~");
    QTest::newRow("code span") << QByteArray("run `make te") << QByteArray("run `make te`");
    // The last paragraph starts after any blank line: CR line ends, or spaces only (found
    // by fuzz_markdown: a backtick of the paragraph before closed this one's code span).
    QTest::newRow("after a CR blank line") << QByteArray("`\n\r`\nw") << QByteArray("`\n\r`\nw`");
    QTest::newRow("after a blank line of spaces") << QByteArray("`\n  \n`\nw") << QByteArray("`\n  \n`\nw`");
    QTest::newRow("closer half typed") << QByteArray("**bold words*") << QByteArray("**bold words**");
    QTest::newRow("opener with nothing after") << QByteArray("and **") << QByteArray("and ");
    QTest::newRow("trailing space before closer") << QByteArray("**bold ") << QByteArray("**bold**");
    QTest::newRow("intraword underscore") << QByteArray("snake_case_na") << QByteArray("snake_case_na");
    QTest::newRow("link destination arriving") << QByteArray("see [the docs](htt") << QByteArray("see the docs");
    QTest::newRow("link text arriving") << QByteArray("see [the do") << QByteArray("see the do");
    QTest::newRow("link text complete") << QByteArray("see [the docs]") << QByteArray("see the docs");
    QTest::newRow("image arriving") << QByteArray("look ![a chart](https://ex") << QByteArray("look ");
    QTest::newRow("image alt arriving") << QByteArray("look ![a ch") << QByteArray("look ");
    QTest::newRow("lone dash") << QByteArray("Title\n-") << QByteArray("Title\n");
    QTest::newRow("lone equals") << QByteArray("Title\n==") << QByteArray("Title\n");
    QTest::newRow("list number") << QByteArray("text\n\n12.") << QByteArray("text\n\n");
    QTest::newRow("fence being typed") << QByteArray("text\n```pyth") << QByteArray("text\n");
    QTest::newRow("table header alone") << QByteArray("intro\n\n| a | b |\n") << QByteArray("intro\n\n");
    QTest::newRow("table header and partial delimiter") << QByteArray("| a | b |\n|--") << QByteArray("");
    QTest::newRow("partial entity") << QByteArray("fish &am") << QByteArray("fish ");
    QTest::newRow("partial numeric entity") << QByteArray("x &#x20") << QByteArray("x ");
    QTest::newRow("maybe an image") << QByteArray("Look !") << QByteArray("Look ");
    QTest::newRow("trailing backslash") << QByteArray("a\\") << QByteArray("a");
    QTest::newRow("split UTF-8") << QByteArray("gr\xC3") << QByteArray("gr");
    QTest::newRow("split 4-byte UTF-8") << QByteArray("x\xF0\x9F\x98") << QByteArray("x");
    QTest::newRow("escaped star") << QByteArray("a \\*b") << QByteArray("a \\*b");
    QTest::newRow("star in code") << QByteArray("`a*b` c") << QByteArray("`a*b` c");
}

void tst_TailHealer::heals()
{
    QFETCH(QByteArray, tail);
    QFETCH(QByteArray, shown);
    QCOMPARE(TailHealer::heal(tail).text, shown);
}

void tst_TailHealer::completeTextIsLeftAlone()
{
    for (const QByteArray &text : {QByteArray("plain words"), QByteArray("**done** and *done*"),
             QByteArray("[link](https://example.com) end"), QByteArray("| a |\n|---|\n| 1 |")}) {
        const TailHealer::Result result = TailHealer::heal(text);
        QCOMPARE(result.text, text);
        QVERIFY(result.onlyClosersAppended);
    }
    QVERIFY(TailHealer::heal("**open").onlyClosersAppended);
    QVERIFY(!TailHealer::heal("[open").onlyClosersAppended);
}

QTEST_GUILESS_MAIN(tst_TailHealer)
#include "tst_TailHealer.moc"
