#include "markdown/EventLog.h"
#include "markdown/Md4cParser.h"
#include "markdown/ModelBuilder.h"

#include <QTest>

using namespace streamcanvas::markdown;

namespace {

const unsigned kFlags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS;

// What a builder makes of every event in the log, over `buffer`.
Blocks build(const EventLog &log, QByteArrayView buffer)
{
    const ParseOptions options;
    QHash<QString, bool> allowed;
    ModelBuilder builder(options, 0, buffer, allowed);
    for (qsizetype i = 0; i < log.size(); ++i)
        log.apply(i, builder);
    return builder.takeBlocks();
}

Blocks parse(QByteArrayView buffer)
{
    ParseOptions options;
    options.extensions = Extension::Tables | Extension::Strikethrough | Extension::TaskLists;
    return Md4cParser(options).parse(buffer, 0, nullptr);
}

} // namespace

class tst_EventLog : public QObject
{
    Q_OBJECT

private slots:
    void appliedEventsBuildWhatAParseBuilds_data();
    void appliedEventsBuildWhatAParseBuilds();
    void sharesTheEventsOfTheLastParse();
    void textPastTheStableEndIsNeverShared();
    void parsesFromTheLastItemOfATightList_data();
    void parsesFromTheLastItemOfATightList();
    void refusesWhatTheLastItemCannotShow_data();
    void refusesWhatTheLastItemCannotShow();
};

void tst_EventLog::appliedEventsBuildWhatAParseBuilds_data()
{
    QTest::addColumn<QByteArray>("markdown");
    QTest::newRow("inlines") << QByteArray(
        "a **b *c*** `d` ~~e~~ [l](https://e.example/x \"t\") ![i](https://i.example/p)\n");
    QTest::newRow("entities and breaks") << QByteArray("&amp; &#x41;  \nnext\\\nline\nsoft");
    QTest::newRow("lists") << QByteArray("1. one\n2. two\n   - [x] done\n   - [ ] open\n\n- loose\n\n- list\n");
    QTest::newRow("table") << QByteArray("| a | b |\n|:--|--:|\n| `c` | d |\n");
    QTest::newRow("code") << QByteArray("```cpp\n\tint x;\n```\n\n    indented\n");
}

void tst_EventLog::appliedEventsBuildWhatAParseBuilds()
{
    QFETCH(QByteArray, markdown);
    EventLog log;
    log.record(markdown, markdown.size(), kFlags);
    QCOMPARE(build(log, markdown), parse(markdown));
}

void tst_EventLog::sharesTheEventsOfTheLastParse()
{
    const QByteArray first = "Hello *world*, and more.\n\nA second paragraph";
    const QByteArray second = first + " that grew.";
    EventLog log;
    log.record(first, first.size(), kFlags);
    QCOMPARE(log.shared(), 0);
    const qsizetype firstSize = log.size();

    log.record(first, first.size(), kFlags);
    QCOMPARE(log.shared(), firstSize); // the same text: every event

    log.record(second, first.size(), kFlags);
    // Up to the last paragraph's text, which is longer now.
    QVERIFY2(log.shared() > 5 && log.shared() < log.size(), qPrintable(QString::number(log.shared())));
    QCOMPARE(build(log, second), parse(second));
}

void tst_EventLog::textPastTheStableEndIsNeverShared()
{
    // Same offsets and sizes, different bytes: only the stable end tells them apart.
    const QByteArray first = "alpha\n";
    const QByteArray second = "gamma\n";
    EventLog log;
    log.record(first, 0, kFlags);
    log.record(second, 0, kFlags);
    QCOMPARE(log.shared(), 2); // entering the document and the paragraph
    QCOMPARE(build(log, second), parse(second));
}

void tst_EventLog::parsesFromTheLastItemOfATightList_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::newRow("item grows") << QByteArray("Intro\n- one\n- two\n- thr")
                                << QByteArray("Intro\n- one\n- two\n- three **b**");
    QTest::newRow("new items") << QByteArray("- one\n- two") << QByteArray("- one\n- two\n- three\n- four");
    QTest::newRow("ordered") << QByteArray("3. one\n4. two") << QByteArray("3. one\n4. two\n5. three");
    QTest::newRow("span first") << QByteArray("- **a:** one\n- **b:** tw")
                                << QByteArray("- **a:** one\n- **b:** two\n- c");
    QTest::newRow("task") << QByteArray("- [ ] one\n- [x] tw") << QByteArray("- [ ] one\n- [x] two\n- [ ] three");
    QTest::newRow("nested") << QByteArray("- one\n- two\n  - a") << QByteArray("- one\n- two\n  - a\n  - b\n- three");
    QTest::newRow("list ends") << QByteArray("- one\n- two") << QByteArray("- one\n- two\n\nAfter the list.");
    QTest::newRow("other bullet") << QByteArray("- one\n- two") << QByteArray("- one\n- two\n+ three");
}

void tst_EventLog::parsesFromTheLastItemOfATightList()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    EventLog log;
    log.record(before, before.size(), kFlags);
    QVERIFY(log.recordFromLastItem(after, before.size(), kFlags));
    QVERIFY(log.shared() > 0);
    QCOMPARE(build(log, after), parse(after));

    EventLog whole;
    whole.record(after, after.size(), kFlags);
    QCOMPARE(log.size(), whole.size());
}

void tst_EventLog::refusesWhatTheLastItemCannotShow_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::newRow("loose list") << QByteArray("- one\n\n- two") << QByteArray("- one\n\n- two\n- three");
    QTest::newRow("becomes loose") << QByteArray("- one\n- two") << QByteArray("- one\n- two\n\n  more");
    QTest::newRow("not a list") << QByteArray("Para\ngraph") << QByteArray("Para\ngraph grows");
    QTest::newRow("only item") << QByteArray("- one") << QByteArray("- one two");
    QTest::newRow("item opens with a block") << QByteArray("- one\n- # two") << QByteArray("- one\n- # two\n- three");
}

void tst_EventLog::refusesWhatTheLastItemCannotShow()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    EventLog log;
    log.record(before, before.size(), kFlags);
    QVERIFY(!log.recordFromLastItem(after, before.size(), kFlags));
    // Refused without recording anything: a whole parse still shares what it can.
    log.record(after, before.size(), kFlags);
    QCOMPARE(build(log, after), parse(after));
}

QTEST_GUILESS_MAIN(tst_EventLog)
#include "tst_EventLog.moc"
