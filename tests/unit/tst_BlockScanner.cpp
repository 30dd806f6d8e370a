#include "markdown/BlockScanner.h"

#include <QTest>

using namespace streamcanvas::markdown;

namespace {

QList<qsizetype> boundaries(QByteArrayView text, int chunk = 0)
{
    BlockScanner scanner;
    QList<qsizetype> offsets;
    const auto collect = [&] {
        for (const BlockScanner::Boundary &b : scanner.takeBoundaries())
            offsets.append(b.offset);
    };
    if (chunk > 0) {
        for (qsizetype i = chunk; i < text.size(); i += chunk) {
            scanner.scan(text.first(i), false);
            collect();
        }
    }
    scanner.scan(text, true);
    collect();
    return offsets;
}

} // namespace

class tst_BlockScanner : public QObject
{
    Q_OBJECT

private slots:
    void blankLineBeforeIndependentLine();
    void nothingThatCouldContinueIsABoundary_data();
    void nothingThatCouldContinueIsABoundary();
    void fences();
    void blankLinesInsideAFenceAreNotBoundaries();
    void deeplyIndentedFenceAfterText();
    void fenceInAListItemClosedLessIndented();
    void lineEndings();
    void sameBoundariesWhateverTheChunking();
    void firstByteThatDecidesReportsTheBoundary_data();
    void firstByteThatDecidesReportsTheBoundary();
};

void tst_BlockScanner::blankLineBeforeIndependentLine()
{
    const QByteArray text = "para one\n\npara two\n\n# heading\n";
    QCOMPARE(boundaries(text), (QList<qsizetype>{text.indexOf("para two"), text.indexOf("# heading")}));
    // A list after a paragraph starts a piece; its loose items do not.
    const QByteArray list = "para\n\n- a\n- b\n\n- c\n\n1. one\n\nend\n";
    QCOMPARE(boundaries(list), (QList<qsizetype>{list.indexOf("- a"), list.indexOf("end")}));
}

void tst_BlockScanner::nothingThatCouldContinueIsABoundary_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("loose bullet list") << QByteArray("- a\n\n- b\n");
    QTest::newRow("loose ordered list") << QByteArray("1. a\n\n2. b\n");
    QTest::newRow("list continuation") << QByteArray("- a\n\n  more of a\n");
    QTest::newRow("indented code") << QByteArray("    code\n\n    more code\n");
    QTest::newRow("inside an indented fence") << QByteArray("  ```\ncode\n\ntext\n  ```\n");
    QTest::newRow("no blank line") << QByteArray("para\nlazy\n> quote\n");
    QTest::newRow("empty item in an open list") << QByteArray("- a\n\n-\n");
    QTest::newRow("indented list item") << QByteArray(" - a\n\n- b\n");
}

void tst_BlockScanner::nothingThatCouldContinueIsABoundary()
{
    QFETCH(QByteArray, text);
    QCOMPARE(boundaries(text), QList<qsizetype>());
}

void tst_BlockScanner::fences()
{
    const QByteArray text = "intro\n```py\ncode\n\nx\n````\nafter\n";
    BlockScanner scanner;
    scanner.scan(QByteArrayView(text).first(text.indexOf("x\n")), false);
    const auto open = scanner.openFence();
    QVERIFY(open.has_value());
    QCOMPARE(open->start, text.indexOf("```py"));
    QCOMPARE(open->info, QByteArray("py"));
    const auto first = scanner.takeBoundaries();
    QCOMPARE(first.size(), 1);
    QVERIFY(first[0].fenceStart);
    scanner.scan(text, true);
    QVERIFY(!scanner.openFence().has_value());
    const auto second = scanner.takeBoundaries();
    QCOMPARE(second.size(), 1);
    QCOMPARE(second[0].offset, text.indexOf("after"));

    // An indented fence may belong to a list item: never a fast-path fence.
    BlockScanner indented;
    indented.scan("- a\n\n  ```\n  code\n", false);
    QVERIFY(!indented.openFence().has_value());
    // A shorter or differently made fence does not close.
    QVERIFY(!BlockScanner::isClosingFence("```", '`', 4));
    QVERIFY(!BlockScanner::isClosingFence("~~~~", '`', 3));
    QVERIFY(BlockScanner::isClosingFence("   `````  ", '`', 3));
    QVERIFY(!BlockScanner::isClosingFence("    ```", '`', 3));
}

void tst_BlockScanner::blankLinesInsideAFenceAreNotBoundaries()
{
    const QByteArray text = "```\ncode\n\ntext\n```\nafter\n";
    QCOMPARE(boundaries(text), (QList<qsizetype>{0, text.indexOf("after")}));
}

void tst_BlockScanner::deeplyIndentedFenceAfterText()
{
    // md4c 0.4.8 opens a fence on a line indented by four columns or more that cannot be
    // indented code (it follows a text line): no boundary inside it. Its closing line (at
    // most three spaces in) is less indented, and after a heading the same lines are
    // indented code and a new fence (found by fuzz_markdown): which one it was cannot be
    // told here, so no piece starts after it either.
    for (const QByteArray &before : QByteArrayList{"text", "#"}) {
        for (const QByteArray &indent : QByteArrayList{"\t", "    ", "  \t"}) {
            const QByteArray text = before + "\n" + indent + "```\n\ninside\n```\nafter\n\nnext\n";
            QCOMPARE(boundaries(text), QList<qsizetype>());
        }
    }
    // After a blank line the same line is indented code, and a later fence at column 0 is a
    // real one.
    const QByteArray code = "text\n\n    ```\n\nplain\n```\ncode\n\nmore\n";
    QCOMPARE(boundaries(code), (QList<qsizetype>{code.indexOf("plain"), code.indexOf("```\ncode")}));
}

// In a list item, md4c may end the item (and the fence in it) at a less indented "```" and
// open a new fence there that runs to the end: after such a line no piece may start (found
// by fuzz_markdown).
void tst_BlockScanner::fenceInAListItemClosedLessIndented()
{
    for (const QByteArray &opening : QByteArrayList{"\t```", "  ```", "   ```"}) {
        const QByteArray text = "+ p\n" + opening + "\n`\n```\n\nd\n\ne\n";
        QCOMPARE(boundaries(text), QList<qsizetype>());
    }
    // After an empty item and a blank line, md4c opens a fence on a tab-indented line that
    // runs to the end (found by fuzz_markdown).
    const QByteArray empty = "+\r\n\n\t```\ncode `\n\r\n`\n\nd\n";
    QCOMPARE(boundaries(empty), QList<qsizetype>());
    // Closed at its own indentation, it is an ordinary fence in an item.
    const QByteArray item = "1. step\n   ```\n   code\n   ```\n\nafter\n";
    QCOMPARE(boundaries(item), (QList<qsizetype>{item.indexOf("after")}));
}

void tst_BlockScanner::lineEndings()
{
    QCOMPARE(boundaries("a\r\n\r\nb\r\n"), QList<qsizetype>{5});
    QCOMPARE(boundaries("a\r\rb\r"), QList<qsizetype>{3});
    // A CR at the end of what has arrived may be half of a CRLF: wait for the next byte.
    BlockScanner scanner;
    scanner.scan("a\r", false);
    QCOMPARE(scanner.scannedEnd(), 0);
    scanner.scan("a\r\n", false);
    QCOMPARE(scanner.scannedEnd(), 3);
}

void tst_BlockScanner::sameBoundariesWhateverTheChunking()
{
    const QByteArray text = "# T\n\npara\n\n- a\n\n- b\n\nafter\n```\ncode\n\n```\n\n> q\n\n    ind\n\nend";
    const QList<qsizetype> whole = boundaries(text);
    QVERIFY(whole.size() >= 4);
    for (int chunk : {1, 2, 3, 7})
        QCOMPARE(boundaries(text, chunk), whole);
}

void tst_BlockScanner::firstByteThatDecidesReportsTheBoundary_data()
{
    QTest::addColumn<QByteArray>("next");
    QTest::addColumn<bool>("early");
    QTest::newRow("letter") << QByteArray("Next") << true;
    QTest::newRow("heading") << QByteArray("#") << true;
    QTest::newRow("quote") << QByteArray(">") << true;
    QTest::newRow("non-ASCII") << QByteArray("\xC3") << true;
    QTest::newRow("bullet") << QByteArray("-") << false; // a list item may continue a list
    QTest::newRow("number") << QByteArray("1") << false;
    QTest::newRow("fence") << QByteArray("`") << false; // a fence starts its own kind of piece
    QTest::newRow("indented") << QByteArray(" ") << false;
}

// A boundary the next line's first byte already decides is reported with that byte; the
// complete line does not report it again.
void tst_BlockScanner::firstByteThatDecidesReportsTheBoundary()
{
    QFETCH(QByteArray, next);
    QFETCH(bool, early);
    const QByteArray before = "- item\n\n";
    BlockScanner scanner;
    scanner.scan(QByteArray(before + next), false);
    QList<qsizetype> reported;
    for (const BlockScanner::Boundary &b : scanner.takeBoundaries())
        reported.append(b.offset);
    QCOMPARE(reported, early ? QList<qsizetype>{before.size()} : QList<qsizetype>());
    // The complete line: "- rest" continues the list and " rest" the item; "1 rest" and
    // "` rest" turn out to start a piece after all.
    scanner.scan(QByteArray(before + next + " rest of the line\n"), false);
    const QList<BlockScanner::Boundary> later = scanner.takeBoundaries();
    QCOMPARE(later.isEmpty(), early || next == " " || next == "-");
    QCOMPARE(boundaries(QByteArray(before + next + " rest of the line\n")).size(), early || later.size() == 1 ? 1 : 0);
}

QTEST_GUILESS_MAIN(tst_BlockScanner)
#include "tst_BlockScanner.moc"
