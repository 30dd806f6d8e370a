#include "markdown/Md4cParser.h"
#include "markdown/TailMemo.h"

#include <QTest>

using namespace streamcanvas::markdown;

namespace {

Blocks parse(const QByteArray &markdown, QList<Notice> *notices = nullptr, ParseOptions options = {})
{
    return Md4cParser(options).parse(markdown, 0, notices);
}

int quoteDepth(const Block &block)
{
    return block.kind == Block::Kind::Quote && !block.children.empty() ? 1 + quoteDepth(block.children.front())
        : block.kind == Block::Kind::Quote                             ? 1
                                                                       : 0;
}

} // namespace

class tst_Md4cParser : public QObject
{
    Q_OBJECT

private slots:
    void inlineRunsCarryMarks();
    void rawHtmlIsLiteralText();
    void linksAreJudgedAfterEntityDecoding();
    void imagesKeepAltAndSourceOnly();
    void entitiesAndHiddenCharacters();
    void listsAndTasks();
    void tables();
    void codeBlocksKeepTabsExactly();
    void nestingIsFlattenedBeyondTheLimit();
    void tableColumnsAreLimited();
    void md4cEventsOutOfBalanceDoNotBreakTheModel();
    void complexityGuard();
    void plainTextFallback();
    void tailParseBuildsOnlyWhatChanged();
    void tailParseTakesNothingFromAnotherText();
};

void tst_Md4cParser::inlineRunsCarryMarks()
{
    const Blocks blocks = parse("a **b *c*** `d` ~~e~~ $x^2$\n");
    QCOMPARE(blocks.size(), size_t(1));
    const Inlines &runs = blocks[0].inlines;
    const auto find = [&](const QString &text) -> const Inline & {
        for (const Inline &run : runs) {
            if (run.text == text)
                return run;
        }
        qFatal("run not found");
    };
    QCOMPARE(find(u"b "_qs).marks, Marks(Mark::Strong));
    QCOMPARE(find(u"c"_qs).marks, Mark::Strong | Mark::Emphasis);
    QCOMPARE(find(u"d"_qs).marks, Marks(Mark::Code));
    QCOMPARE(find(u"e"_qs).marks, Marks(Mark::Strike));
    QCOMPARE(find(u"x^2"_qs).marks, Marks(Mark::Math));
}

void tst_Md4cParser::rawHtmlIsLiteralText()
{
    const Blocks blocks = parse("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> there\n");
    QCOMPARE(blocks.size(), size_t(2));
    QCOMPARE(blocks[0].kind, Block::Kind::Paragraph);
    QCOMPARE(blocks[0].inlines.at(0).text, u"<script>alert(1)</script>"_qs);
    QCOMPARE(blocks[1].inlines.at(0).text, u"hi <img src=x onerror=alert(1)> there"_qs);
}

void tst_Md4cParser::linksAreJudgedAfterEntityDecoding()
{
    const Blocks blocks = parse("[a](jav&#x61;script:alert(1)) [b](https://example.com \"T\") [c](JAVASCRIPT:x) "
                                "<https://auto.example> https://bare.example [d](data:text/html,x)\n");
    QList<const Inline *> links;
    for (const Inline &run : blocks[0].inlines) {
        if (run.kind == Inline::Kind::Link)
            links.append(&run);
    }
    QCOMPARE(links.size(), 6);
    QCOMPARE(links[0]->href, u"javascript:alert(1)"_qs);
    QVERIFY(!links[0]->safe);
    QVERIFY(links[1]->safe);
    QCOMPARE(links[1]->title, u"T"_qs);
    QVERIFY(!links[2]->safe);
    QVERIFY(links[3]->safe);
    QCOMPARE(links[4]->href, u"https://bare.example"_qs);
    QVERIFY(links[4]->safe);
    QVERIFY(!links[5]->safe);
    QCOMPARE(links[0]->children.at(0).text, u"a"_qs);

    ParseOptions httpsOnly;
    httpsOnly.allowedLinkSchemes = {u"https"_qs};
    const Blocks strict = parse("[x](http://example.com)\n", nullptr, httpsOnly);
    QVERIFY(!strict[0].inlines.at(0).safe);
}

void tst_Md4cParser::imagesKeepAltAndSourceOnly()
{
    const Blocks blocks = parse("![the *alt*](https://tracker.example/p.png?data=secret \"t\")\n");
    const Inline &image = blocks[0].inlines.at(0);
    QCOMPARE(image.kind, Inline::Kind::Image);
    QCOMPARE(image.text, u"the alt"_qs);
    QCOMPARE(image.href, u"https://tracker.example/p.png?data=secret"_qs);
    QCOMPARE(image.title, u"t"_qs);
    QVERIFY(!image.safe);
}

void tst_Md4cParser::entitiesAndHiddenCharacters()
{
    const Blocks blocks = parse("&auml; &ngE; &#x202E;x &#0; &#1114112; \xE2\x80\x8B\n\n> - deep \x1B\n");
    QCOMPARE(blocks[0].inlines.at(0).text, u"ä \u2267\u0338 \u27E8U+202E\u27E9x \uFFFD \uFFFD \u27E8U+200B\u27E9"_qs);
    QCOMPARE(blocks[0].hiddenCharacters, 2);
    QCOMPARE(blocks[1].hiddenCharacters, 1); // counted up through the quote and the list
}

void tst_Md4cParser::listsAndTasks()
{
    const Blocks blocks = parse("- [ ] open\n- [x] done\n- plain\n\n1. a\n\n2. b\n");
    QCOMPARE(blocks.size(), size_t(2));
    const Block &tasks = blocks[0];
    QCOMPARE(tasks.kind, Block::Kind::List);
    QVERIFY(tasks.tight);
    QVERIFY(!tasks.ordered);
    QCOMPARE(tasks.children.size(), size_t(3));
    QCOMPARE(tasks.children[0].task, Block::Task::Open);
    QCOMPARE(tasks.children[1].task, Block::Task::Done);
    QCOMPARE(tasks.children[2].task, Block::Task::None);
    QCOMPARE(tasks.children[0].children.at(0).kind, Block::Kind::Paragraph);
    QCOMPARE(tasks.children[0].children.at(0).inlines.at(0).text, u"open"_qs);
    const Block &loose = blocks[1];
    QVERIFY(loose.ordered);
    QVERIFY(!loose.tight);
    QCOMPARE(loose.start, 1);
}

void tst_Md4cParser::tables()
{
    const Blocks blocks = parse("| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | 3 |\n| 4 |\n");
    QCOMPARE(blocks.size(), size_t(1));
    const Block &table = blocks[0];
    QCOMPARE(table.kind, Block::Kind::Table);
    QCOMPARE(table.alignments, (QList<Alignment>{Alignment::Left, Alignment::Center, Alignment::Right}));
    QCOMPARE(table.headerRows, 1);
    QCOMPARE(table.rows.size(), size_t(3));
    QCOMPARE(table.rows[1][1].at(0).marks, Marks(Mark::Strong));
    QCOMPARE(table.rows[2].size(), size_t(3)); // md4c pads short rows
}

void tst_Md4cParser::codeBlocksKeepTabsExactly()
{
    const Blocks blocks = parse("```c&#43;&#43; extra\n\tint x;\n  \ty;\n\n```\n\n    indented\tcode\n");
    QCOMPARE(blocks.size(), size_t(2));
    QCOMPARE(blocks[0].kind, Block::Kind::CodeBlock);
    QCOMPARE(blocks[0].language, u"c++"_qs);
    QCOMPARE(blocks[0].code, u"\tint x;\n  \ty;\n\n"_qs);
    QCOMPARE(blocks[1].code, u"indented\tcode\n"_qs);
}

void tst_Md4cParser::nestingIsFlattenedBeyondTheLimit()
{
    QList<Notice> notices;
    const Blocks blocks = parse(QByteArray(40, '>') + " deep\n", &notices);
    QCOMPARE(blocks.size(), size_t(1));
    QCOMPARE(quoteDepth(blocks[0]), 16);
    QVERIFY(notices.contains(Notice{Notice::Kind::NestingFlattened}));

    QList<Notice> none;
    parse(QByteArray(16, '>') + " fits\n", &none);
    QVERIFY(none.isEmpty());
}

void tst_Md4cParser::tableColumnsAreLimited()
{
    QByteArray header;
    QByteArray delimiter;
    for (int i = 0; i < 100; ++i) {
        header += "| h" + QByteArray::number(i) + ' ';
        delimiter += "|---";
    }
    QList<Notice> notices;
    const Blocks blocks = parse(header + "|\n" + delimiter + "|\n", &notices);
    QCOMPARE(blocks.at(0).kind, Block::Kind::Table);
    QCOMPARE(blocks[0].rows.at(0).size(), size_t(64));
    QCOMPARE(blocks[0].alignments.size(), 64);
    QVERIFY(notices.contains(Notice{Notice::Kind::TableColumnsLimited}));
}

void tst_Md4cParser::md4cEventsOutOfBalanceDoNotBreakTheModel()
{
    // md4c 0.4.8 reports a link "leave" without an "enter" here.
    const Blocks blocks = parse("![]([^)*]()\n");
    QCOMPARE(blocks.size(), size_t(1));
    QCOMPARE(blocks[0].inlines.at(0).kind, Inline::Kind::Image);
}

void tst_Md4cParser::complexityGuard()
{
    const Md4cParser parser{ParseOptions{}};
    QByteArray www;
    for (int i = 0; i < 2000; ++i)
        www += "www._";
    QVERIFY(parser.isTooComplex(www));
    QVERIFY(parser.isTooComplex(QByteArray(QByteArray(40000, '[') + QByteArray(40000, ']'))));
    QByteArray prose;
    while (prose.size() < 200 * 1024)
        prose += "An ordinary sentence with a [link](https://example.com), **bold** and `code`. ";
    QVERIFY(!parser.isTooComplex(prose));
    QVERIFY(!parser.isTooComplex("short [[[ ]]]"));
}

void tst_Md4cParser::plainTextFallback()
{
    const Blocks blocks = Md4cParser::plainText("line *one*\nline two\r\n\n\nsecond \xE2\x80\xAE para\n");
    QCOMPARE(blocks.size(), size_t(2));
    QVERIFY(blocks[0].plainFallback);
    QCOMPARE(blocks[0].inlines.size(), size_t(3));
    QCOMPARE(blocks[0].inlines[0].text, u"line *one*"_qs);
    QCOMPARE(blocks[0].inlines[1].kind, Inline::Kind::SoftBreak);
    QCOMPARE(blocks[1].hiddenCharacters, 1);
}

// A tail parsed again as it grows: what the last parse built is taken over, the result is
// the same as a fresh parse.
void tst_Md4cParser::tailParseBuildsOnlyWhatChanged()
{
    const Md4cParser parser{ParseOptions()};
    TailMemo memo;
    QByteArray text = "Steps:\n";
    Blocks previous;
    for (int item = 1; item <= 12; ++item) {
        text += "- step **" + QByteArray::number(item) + "** with [a link](https://example.com/"
            + QByteArray::number(item) + ") and `code`\n";
        Blocks blocks = parser.parseTail(text, 0, text.size(), memo, &previous, true, nullptr);
        QCOMPARE(blocks, parser.parse(text, 0, nullptr));
        if (item > 1) // all but the new item's events are taken over
            QVERIFY2(memo.reusedEvents > 10 * (item - 1), qPrintable(QString::number(memo.reusedEvents)));
        previous = std::move(blocks);
    }
    // The list turns loose: every item looks different, and is built again.
    text += "\n- after a blank line\n";
    Blocks loose = parser.parseTail(text, 0, text.size(), memo, &previous, true, nullptr);
    QCOMPARE(loose, parser.parse(text, 0, nullptr));
    QVERIFY(!loose.back().tight);
}

void tst_Md4cParser::tailParseTakesNothingFromAnotherText()
{
    const Md4cParser parser{ParseOptions()};
    TailMemo memo;
    const QByteArray first = "- one\n- two\n- three\n";
    Blocks previous = parser.parseTail(first, 0, first.size(), memo, nullptr, false, nullptr);
    // Same length, other bytes: nothing past the stable end (0 here) may be taken over.
    const QByteArray second = "- uno\n- dos\n- tres\n";
    QCOMPARE(parser.parseTail(second, 0, 0, memo, &previous, false, nullptr), parser.parse(second, 0, nullptr));
    QVERIFY(memo.reusedEvents < 5);
}

QTEST_GUILESS_MAIN(tst_Md4cParser)
#include "tst_Md4cParser.moc"
