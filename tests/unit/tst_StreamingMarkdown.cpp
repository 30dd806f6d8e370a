#include "markdown/DocumentText.h"
#include "markdown/StreamingMarkdown.h"

#include <QTest>

#include <functional>

using namespace streamcanvas::markdown;

namespace {

const QByteArray kAnswer = R"(# Streaming answer

Here is **bold**, *emphasis*, `code`, ~~strike~~ and a [link](https://example.com/a_b "title").
A second line with an autolink https://example.org/x and www.example.net too.

1. First step

2. Second step with [a reference][ref]
   - nested *item*
   - [x] done task

| Column | Other |
|:-------|------:|
| cell **1** | `2` |
| 3 | [four](https://example.com/4) |

```python
def f(x):
	return x * 2  # tab above

print(f(2))
```

> A quote with $x^2$ math
> continues here.

Setext heading
--------------

***

Final paragraph with a hard break  
and an image ![chart](https://images.example/c.png).

[ref]: https://example.com/ref
)";

// Streams `text` in chunks and checks the update protocol after every update: the mirror
// built from updates equals blocks(), and blocks reported final never change.
Document stream(QByteArrayView text, int chunk, ParseOptions options = {},
    const std::function<void(const StreamingMarkdown &)> &afterUpdate = {})
{
    StreamingMarkdown streaming(options);
    Blocks mirror;
    Blocks finals;
    const auto apply = [&](const Update &update) {
        if (update.changed) {
            mirror.resize(size_t(update.firstChanged));
            mirror.insert(mirror.end(), update.replacement.begin(), update.replacement.end());
        }
        if (mirror != streaming.blocks())
            qFatal("the updates do not rebuild the model");
    };
    for (qsizetype i = 0; i < text.size(); i += chunk) {
        streaming.append(text.sliced(i, qMin<qsizetype>(chunk, text.size() - i)));
        const Update update = streaming.update();
        apply(update);
        for (size_t k = 0; k < finals.size(); ++k) {
            if (!(streaming.blocks().at(k) == finals[k]))
                qFatal("a block reported final changed");
        }
        finals.assign(streaming.blocks().begin(), streaming.blocks().begin() + update.finalCount);
        if (afterUpdate)
            afterUpdate(streaming);
    }
    const Update last = streaming.finish();
    apply(last);
    if (last.finalCount != int(streaming.blocks().size()))
        qFatal("not everything is final after finish()");
    return streaming.document();
}

void forEachText(const Inlines &inlines, const std::function<void(const Inline &)> &visit)
{
    for (const Inline &run : inlines) {
        visit(run);
        forEachText(run.children, visit);
    }
}

void forEachInline(const Blocks &blocks, const std::function<void(const Block &, const Inline &)> &visit)
{
    for (const Block &block : blocks) {
        forEachText(block.inlines, [&](const Inline &run) { visit(block, run); });
        for (const auto &row : block.rows) {
            for (const Inlines &cell : row)
                forEachText(cell, [&](const Inline &run) { visit(block, run); });
        }
        forEachInline(block.children, visit);
    }
}

} // namespace

class tst_StreamingMarkdown : public QObject
{
    Q_OBJECT

private slots:
    void anyChunkingGivesTheOneShotModel_data();
    void anyChunkingGivesTheOneShotModel();
    void fastAppendShowsWhatAFullParseShows();
    void takenUpTailShowsWhatAFullParseShows_data();
    void takenUpTailShowsWhatAFullParseShows();
    void onlyTheTailIsParsedAgain();
    void openFenceOnlyAppends();
    void halfTypedSyntaxDoesNotFlicker();
    void referenceDefinedBeforeUseWorksWhileStreaming();
    void referenceDefinedAfterUseIsRightAtFinish();
    void noNewDataNoChange();
    void sourceHoldsEveryByteAppended();
    void oversizedMessagesAreTruncatedVisibly();
    void linkBytesAreBudgeted();
    void longBlocksAreShownInBoundedPieces();
    void pathologicalInputsFallBackToPlainText_data();
    void pathologicalInputsFallBackToPlainText();
    void hiddenCharactersAreCounted();
    void foundByFuzzing_data();
    void foundByFuzzing();
    void destinationsHoldNoTabOrLineBreak();
};

void tst_StreamingMarkdown::anyChunkingGivesTheOneShotModel_data()
{
    QTest::addColumn<int>("chunk");
    for (int chunk : {1, 2, 3, 4, 7, 64, 1000000})
        QTest::addRow("%d", chunk) << chunk;
}

void tst_StreamingMarkdown::anyChunkingGivesTheOneShotModel()
{
    QFETCH(int, chunk);
    const Document oneShot = StreamingMarkdown::parse(kAnswer);
    QVERIFY(oneShot.blocks.size() >= 9);
    QCOMPARE(stream(kAnswer, chunk), oneShot);
    QByteArray crlf = kAnswer;
    crlf.replace("\n", "\r\n");
    QCOMPARE(stream(crlf, chunk), StreamingMarkdown::parse(crlf));
}

void tst_StreamingMarkdown::fastAppendShowsWhatAFullParseShows()
{
    ParseOptions full;
    full.fastAppend = false;
    for (int chunk : {1, 3, 4, 5}) {
        StreamingMarkdown fast;
        StreamingMarkdown slow(full);
        for (qsizetype i = 0; i < kAnswer.size(); i += chunk) {
            const QByteArrayView piece = QByteArrayView(kAnswer).sliced(i, qMin<qsizetype>(chunk, kAnswer.size() - i));
            fast.append(piece);
            slow.append(piece);
            fast.update();
            slow.update();
            QVERIFY2(fast.blocks() == slow.blocks(), qPrintable(u"chunk %1 at byte %2"_qs.arg(chunk).arg(i)));
        }
    }
}

void tst_StreamingMarkdown::takenUpTailShowsWhatAFullParseShows_data()
{
    QTest::addColumn<QByteArray>("text");
    QByteArray list = "Steps:\n";
    for (int i = 1; i <= 30; ++i) {
        list += (i % 3 ? "- " : "- **step:** ") + QByteArray::number(i) + " with [a link](https://example.com/"
            + QByteArray::number(i) + ") and `code` and *emphasis*\n";
        if (i % 7 == 0)
            list += "  - nested " + QByteArray::number(i) + "\n  - [ ] task\n";
    }
    QTest::newRow("tight list") << list + "\nAfter.\n";
    QTest::newRow("list turning loose") << list + "\n- loose now\n\nAfter.\n";
    QTest::newRow("ordered list") << QByteArray("1. one\n2. two **b**\n3. three\n10. ten\n11) other\n");
    QByteArray table = "| a | b | c |\n|:--|:-:|--:|\n";
    for (int i = 0; i < 20; ++i)
        table += "| `" + QByteArray::number(i) + "` | **x** | [l](https://e.example/" + QByteArray::number(i) + ") |\n";
    QTest::newRow("table") << table;
    QTest::newRow("quote") << QByteArray("> **Note:** one *two*\n> three `four`\nlazy line\n> five\n\nAfter\n");
    QTest::newRow("definition after use") << list + "[later]: https://example.com/later\n- item [later]\n";
    QTest::newRow("definition empties a quote") << QByteArray("[foo]\n\n> [foo]: /url\n\n> [bar] *x*\n> [bar]: /b\n");
    // Nested emphasis of one kind continues the run before it: a run taken over is cut back.
    QTest::newRow("runs that continue") << QByteArray(
        "Some *a *b* c* and **x **y** z** then *p _q_ r* and more words.\n"
        "- *a *b* c* d\n- **x **y** z** e\n");
    QTest::newRow("answer") << kAnswer;
}

// Parses of the tail take up the last one (and, for a tight list, md4c reads only its last
// item); every update must show what a full parse of the tail shows.
void tst_StreamingMarkdown::takenUpTailShowsWhatAFullParseShows()
{
    QFETCH(QByteArray, text);
    ParseOptions full;
    full.reuseTailParse = false;
    for (int chunk : {1, 3, 7, 64}) {
        StreamingMarkdown taken;
        StreamingMarkdown fresh(full);
        Blocks view; // what a view that applies the updates shows
        for (qsizetype i = 0; i < text.size(); i += chunk) {
            const QByteArrayView piece = QByteArrayView(text).sliced(i, qMin<qsizetype>(chunk, text.size() - i));
            taken.append(piece);
            fresh.append(piece);
            const Update update = taken.update();
            fresh.update();
            QVERIFY2(taken.blocks() == fresh.blocks(), qPrintable(u"chunk %1 at byte %2"_qs.arg(chunk).arg(i)));
            if (update.changed) {
                view.resize(size_t(update.firstChanged));
                view.insert(view.end(), update.replacement.begin(), update.replacement.end());
            }
            QVERIFY2(view == taken.blocks(), qPrintable(u"view, chunk %1 at byte %2"_qs.arg(chunk).arg(i)));
        }
        taken.finish();
        QCOMPARE(taken.document(), StreamingMarkdown::parse(text));
    }
}

void tst_StreamingMarkdown::onlyTheTailIsParsedAgain()
{
    StreamingMarkdown streaming;
    for (int i = 0; i < 500; ++i) {
        streaming.append(QByteArray("Paragraph " + QByteArray::number(i) + " with **some** words.\n\n"));
        const Update update = streaming.update();
        // Everything but the paragraph still open is final, so only it is parsed again.
        QCOMPARE(update.finalCount, i);
        QVERIFY(update.firstChanged >= i - 1);
        QVERIFY(update.replacement.size() <= 2);
    }
}

void tst_StreamingMarkdown::openFenceOnlyAppends()
{
    const QByteArray text = "Intro\n\n```cpp\nint main() {\n\treturn 0; // \xE2\x80\xAE\n}\n```\nafter\n";
    StreamingMarkdown streaming;
    QString previous;
    bool sawOpenFence = false;
    for (qsizetype i = 1; i <= text.indexOf("```\nafter"); ++i) {
        streaming.append(QByteArrayView(text).sliced(i - 1, 1));
        streaming.update();
        const Block &last = streaming.blocks().back();
        if (last.kind != Block::Kind::CodeBlock)
            continue;
        sawOpenFence = true;
        QCOMPARE(last.language, u"cpp"_qs);
        QVERIFY2(last.code.startsWith(previous), qPrintable(last.code));
        previous = last.code;
    }
    QVERIFY(sawOpenFence);
    QCOMPARE(previous, u"int main() {\n\treturn 0; // \u27E8U+202E\u27E9\n}\n"_qs);
    streaming.append(QByteArrayView(text).sliced(text.indexOf("```\nafter")));
    streaming.finish();
    QCOMPARE(streaming.blocks().at(1).code, previous);
}

void tst_StreamingMarkdown::halfTypedSyntaxDoesNotFlicker()
{
    const auto neverShows = [](const QByteArray &text, const std::function<bool(const Blocks &)> &wrong) {
        StreamingMarkdown streaming;
        for (qsizetype i = 0; i < text.size(); ++i) {
            streaming.append(QByteArrayView(text).sliced(i, 1));
            streaming.update();
            if (wrong(streaming.blocks()))
                return false;
        }
        return true;
    };
    const auto anyText = [](const Blocks &blocks, const std::function<bool(const QString &)> &test) {
        bool found = false;
        forEachInline(blocks, [&](const Block &, const Inline &run) { found = found || test(run.text); });
        return found;
    };

    QVERIFY(neverShows("Some **bold words** here",
        [&](const Blocks &b) { return anyText(b, [](const QString &t) { return t.contains(u'*'); }); }));
    QVERIFY(neverShows("See [the docs](https://example.com/docs) now", [&](const Blocks &b) {
        return anyText(b, [](const QString &t) { return t.contains(u'[') || t.contains(u"]("); });
    }));
    QVERIFY(neverShows("Look ![chart](https://example.com/c.png) here", [&](const Blocks &b) {
        return anyText(b, [](const QString &t) { return t.contains(u'!') || t.contains(u'['); });
    }));
    QVERIFY(neverShows(
        "Title\n- item one\n", [](const Blocks &b) { return !b.empty() && b.front().kind == Block::Kind::Heading; }));
    QVERIFY(neverShows("Intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        [&](const Blocks &b) { return anyText(b, [](const QString &t) { return t.contains(u'|'); }); }));
    QVERIFY(neverShows("Run `make test` now",
        [&](const Blocks &b) { return anyText(b, [](const QString &t) { return t.contains(u'`'); }); }));
}

void tst_StreamingMarkdown::referenceDefinedBeforeUseWorksWhileStreaming()
{
    const QByteArray text = "[docs]: https://example.com/docs\n\nIntro.\n\nRead [docs] first";
    StreamingMarkdown streaming;
    streaming.append(text);
    streaming.update();
    const Inline &link = streaming.blocks().back().inlines.at(1);
    QCOMPARE(link.kind, Inline::Kind::Link);
    QCOMPARE(link.href, u"https://example.com/docs"_qs);
}

void tst_StreamingMarkdown::referenceDefinedAfterUseIsRightAtFinish()
{
    const QByteArray use = "See [docs] first.\n\nMore text.\n\n";
    const QByteArray definition = "[docs]: https://example.com/docs\n";
    const QByteArray text = use + definition;
    StreamingMarkdown streaming;
    streaming.append(use);
    QCOMPARE(streaming.update().finalCount, 1);
    streaming.append(definition);
    streaming.update();
    QCOMPARE(streaming.blocks().at(0).inlines.at(0).text, u"See [docs] first."_qs); // final until finish()
    const Update done = streaming.finish();
    QCOMPARE(done.firstChanged, 0);
    QCOMPARE(streaming.blocks().at(0).inlines.at(1).kind, Inline::Kind::Link);
    QCOMPARE(streaming.document(), StreamingMarkdown::parse(text));
}

void tst_StreamingMarkdown::noNewDataNoChange()
{
    StreamingMarkdown streaming;
    streaming.append("hello");
    QVERIFY(streaming.update().changed);
    const Update again = streaming.update();
    QVERIFY(!again.changed);
    QVERIFY(again.replacement.empty());
    streaming.finish();
    streaming.append("ignored after finish");
    QVERIFY(!streaming.finish().changed);
    QCOMPARE(streaming.source(), QByteArray("hello"));
}

// Tokens are staged before they join the source; whatever the sizes, nothing is lost or
// reordered, and an update sees all of it.
void tst_StreamingMarkdown::sourceHoldsEveryByteAppended()
{
    StreamingMarkdown streaming;
    QByteArray expected;
    for (int i = 0; i < 200; ++i) {
        const QByteArray piece = QByteArray(i % 7 == 0 ? 300 : i % 5, char('a' + i % 26)) + ' ';
        streaming.append(piece);
        expected += piece;
        if (i % 3 == 0)
            QCOMPARE(streaming.source(), expected);
        if (i % 11 == 0) {
            streaming.update();
            QCOMPARE(streaming.blocks(), StreamingMarkdown::parse(expected).blocks);
        }
    }
    streaming.finish();
    QCOMPARE(streaming.source(), expected);
    QCOMPARE(streaming.document(), StreamingMarkdown::parse(expected));
}

void tst_StreamingMarkdown::oversizedMessagesAreTruncatedVisibly()
{
    ParseOptions options;
    options.maxMessageBytes = 1000;
    QByteArray text;
    while (text.size() < 5000)
        text += "A line of the answer.\n";
    const Document document = stream(text, 64, options);
    QVERIFY(document.notices.contains(Notice{Notice::Kind::Truncated}));
    const QString shown = DocumentText::toText(document);
    QVERIFY(shown.size() <= 1000);
    QVERIFY(shown.endsWith(u"answer."_qs)); // cut at a line end
    QCOMPARE(document, StreamingMarkdown::parse(text, options));
}

void tst_StreamingMarkdown::linkBytesAreBudgeted()
{
    ParseOptions options;
    options.maxLinkBytes = 100;
    QByteArray text;
    for (int i = 0; i < 20; ++i)
        text += "[link " + QByteArray::number(i) + "](https://example.com/" + QByteArray::number(i) + ") ";
    const Document document = stream(text, 7, options);
    int links = 0;
    forEachInline(document.blocks, [&](const Block &, const Inline &run) { links += run.kind == Inline::Kind::Link; });
    QVERIFY(links > 0 && links < 20);
    QVERIFY(document.notices.contains(Notice{Notice::Kind::LinkBudgetExceeded}));
    QVERIFY(DocumentText::toText(document).contains(u"link 19"_qs)); // the text stays
}

void tst_StreamingMarkdown::longBlocksAreShownInBoundedPieces()
{
    ParseOptions options;
    options.streamingWindowBytes = 512;
    QByteArray table = "| name | value |\n|---|---|\n";
    for (int i = 0; i < 200; ++i)
        table += "| row " + QByteArray::number(i) + " | *" + QByteArray::number(i * i) + "* |\n";
    const QByteArray text = "Intro\n\n" + table + "\nAfter the table.\n";
    int mostPieces = 0;
    size_t largestPiece = 0;
    const Document streamed = stream(text, 16, options, [&](const StreamingMarkdown &streaming) {
        // While streaming, the table is parsed in window-sized pieces (after the first, its
        // rows show as text until finish(): they have no header of their own)...
        int pieces = 0;
        for (const Block &block : streaming.blocks()) {
            pieces += block.kind == Block::Kind::Table
                || (block.kind == Block::Kind::Paragraph && block.inlines.at(0).text.startsWith(u"| row"_qs));
            largestPiece = qMax(largestPiece, block.rows.size());
        }
        mostPieces = qMax(mostPieces, pieces);
    });
    QVERIFY(mostPieces >= 2);
    QVERIFY(largestPiece < 40); // ~512 bytes of ~15-byte rows, not the whole table
    // ...and finish() parses it whole again.
    QCOMPARE(streamed, StreamingMarkdown::parse(text, options));
    QCOMPARE(streamed.blocks.at(1).rows.size(), size_t(201)); // one table again after finish()
}

void tst_StreamingMarkdown::pathologicalInputsFallBackToPlainText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("fallback");

    QTest::newRow("40,000 [ then ]") << QByteArray(40000, '[') + QByteArray(40000, ']') << true;
    QByteArray www;
    for (int i = 0; i < 16000; ++i)
        www += "www._";
    QTest::newRow("dense www._ autolinks") << www << true;
    QByteArray references = "[a]: https://example.com/" + QByteArray(200, 'x') + "\n\n";
    for (int i = 0; i < 50000; ++i)
        references += "[a]";
    QTest::newRow("one reference used 50,000 times") << references << true;
    QTest::newRow("deep quotes") << QByteArray(10000, '>') + " x" << false;
}

void tst_StreamingMarkdown::pathologicalInputsFallBackToPlainText()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, fallback);
    // Both paths must come back (the suite's timeout guards against a hang; the figures
    // are in tests/bench/bench_pathological).
    const Document oneShot = StreamingMarkdown::parse(text);
    const Document streamed = stream(text, 4096);
    QCOMPARE(streamed, oneShot);
    QCOMPARE(oneShot.notices.contains(Notice{Notice::Kind::ComplexContent}), fallback);
    QVERIFY(!oneShot.blocks.empty());
}

void tst_StreamingMarkdown::hiddenCharactersAreCounted()
{
    const Document document = StreamingMarkdown::parse("a\xE2\x80\xAE"
                                                       "b\n\n```\n\x1B[0m\n```\n\n- \xE2\x81\xA6x\n");
    QCOMPARE(document.hiddenCharacters, 3);
    QCOMPARE(document.blocks.at(1).code, u"\u241B[0m\n"_qs);
}

void tst_StreamingMarkdown::foundByFuzzing_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("firstChunk");
    QTest::addColumn<qsizetype>("maxMessageBytes");
    QTest::addColumn<qsizetype>("maxParseBytes");

    // The size limit cut text with CR-only line ends before what was already shown.
    QTest::newRow("truncation with CR line ends")
        << QByteArray("e\r\rn\r quw") << 4 << qsizetype(8) << qsizetype(256 * 1024);
    // A definition in a piece shown as plain text resolved a link while streaming.
    QTest::newRow("definition in a plain-text piece")
        << QByteArray("[s]\n\n[s]: https://e.com/\nsome more text that goes past the limit\n") << 30
        << qsizetype(4 * 1024 * 1024) << qsizetype(44);
    // md4c 0.4.8 leaves an emphasis around a broken autolink open into the next block.
    QTest::newRow("emphasis left open by md4c")
        << QByteArray("*http://.a*a\n\n_\n\n`\n]") << 1000 << qsizetype(4 * 1024 * 1024) << qsizetype(256 * 1024);
}

void tst_StreamingMarkdown::foundByFuzzing()
{
    QFETCH(QByteArray, text);
    QFETCH(int, firstChunk);
    QFETCH(qsizetype, maxMessageBytes);
    QFETCH(qsizetype, maxParseBytes);
    ParseOptions options;
    options.maxMessageBytes = maxMessageBytes;
    options.maxParseBytes = maxParseBytes;
    for (int chunk : {firstChunk, 1, 4}) {
        StreamingMarkdown streaming(options);
        streaming.append(QByteArrayView(text).first(qMin<qsizetype>(chunk, text.size())));
        streaming.update();
        for (qsizetype i = chunk; i < text.size(); i += 4) {
            streaming.append(QByteArrayView(text).sliced(i, qMin<qsizetype>(4, text.size() - i)));
            streaming.update();
        }
        streaming.finish();
        QCOMPARE(streaming.document(), StreamingMarkdown::parse(text, options));
    }
}

void tst_StreamingMarkdown::destinationsHoldNoTabOrLineBreak()
{
    for (const QByteArray &text : {QByteArray("[x](https://example.com/&Tab;a)"),
             QByteArray("[x](<https://example.com/\ta>)"), QByteArray("[x](https://example.com/&#10;a)")}) {
        const Document document = StreamingMarkdown::parse(text);
        const Inline &link = document.blocks.at(0).inlines.at(0);
        QCOMPARE(link.kind, Inline::Kind::Link);
        QCOMPARE(link.href, u"https://example.com/a"_qs); // what is judged is what is opened
        QVERIFY(link.safe);
    }
}

QTEST_GUILESS_MAIN(tst_StreamingMarkdown)
#include "tst_StreamingMarkdown.moc"
