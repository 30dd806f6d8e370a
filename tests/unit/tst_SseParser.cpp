#include "gateway/SseParser.h"

#include <QStringDecoder>
#include <QTest>

#include <climits>

using namespace streamcanvas::gateway;
using namespace Qt::StringLiterals;

namespace {

// Bytes as printable ASCII: controls, non-ASCII and '\' escaped, so a failure shows exactly
// which bytes differ (U+FFFD reads as \xEF\xBF\xBD).
QString escaped(QByteArrayView bytes)
{
    QString out;
    for (const char c : bytes) {
        const auto byte = uchar(c);
        if (c == '\n')
            out += u"\\n";
        else if (c == '\\')
            out += u"\\\\";
        else if (byte < 0x20 || byte >= 0x7F)
            out += u"\\x" + QString::number(byte, 16).toUpper().rightJustified(2, u'0');
        else
            out += QChar(char16_t(byte));
    }
    return out;
}

QString describe(QByteArrayView type, QByteArrayView data, QByteArrayView id)
{
    return u"type=" + escaped(type) + u" id=" + escaped(id) + u" data=" + escaped(data);
}

// What an event is expected to look like.
QString ev(QByteArrayView type, QByteArrayView data, QByteArrayView id = {})
{
    return describe(type, data, id);
}

QString message(QByteArrayView data, QByteArrayView id = {})
{
    return describe("message", data, id);
}

struct Run {
    QStringList events;
    QStringList invalidUtf8; // fields that came out as invalid UTF-8
    bool pending = false;
    QByteArray lastEventId;
    int retry = -1;
};

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    const QString text = decoder(bytes);
    return !decoder.hasError() && text.toUtf8() == bytes;
}

Run run(const QList<QByteArrayView> &chunks)
{
    Run result;
    SseParser parser;
    const auto collect = [&](const SseEvent &event) {
        result.events.append(describe(event.type, event.data, event.lastEventId));
        for (const QByteArray *field : {&event.type, &event.data, &event.lastEventId}) {
            if (!isValidUtf8(*field))
                result.invalidUtf8.append(escaped(*field));
        }
    };
    for (const QByteArrayView chunk : chunks)
        parser.feed(chunk, collect);
    result.lastEventId = parser.lastEventId();
    result.retry = parser.retryMilliseconds().value_or(-1);
    result.pending = parser.finish();
    return result;
}

// The chunkings every case is run at: whole, each split into two pieces, one byte at a time.
QList<QPair<QString, QList<QByteArrayView>>> chunkings(QByteArrayView input)
{
    QList<QPair<QString, QList<QByteArrayView>>> result;
    result.append({u"whole"_s, {input}});
    for (qsizetype split = 1; split < input.size(); ++split)
        result.append({u"split at "_s + QString::number(split), {input.first(split), input.sliced(split)}});
    QList<QByteArrayView> bytes;
    for (qsizetype i = 0; i < input.size(); ++i)
        bytes.append(input.sliced(i, 1));
    result.append({u"one byte at a time"_s, bytes});
    return result;
}

} // namespace

class tst_SseParser : public QObject
{
    Q_OBJECT

private slots:
    void stream_data();
    void stream();
    void copiesOfAnEventStayAsTheyWere();
    void finishKeepsIdAndRetryForTheNextStream();
    void resetForgetsEverything();
    void longLineInManyPieces();
    void emptyFeedsChangeNothing();
    void callbackMayBeEmpty();
};

void tst_SseParser::stream_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<bool>("pending");
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::addColumn<int>("retry");

    const auto row = [](const char *name, QByteArrayView input, const QStringList &events, bool pending = false,
                         const QByteArray &lastEventId = {}, int retry = -1) {
        QTest::newRow(name) << input.toByteArray() << events << pending << lastEventId << retry;
    };

    // Line ends.
    row("LF", "data: a\n\n", {message("a")});
    row("CR", "data: a\r\r", {message("a")});
    row("CRLF", "data: a\r\n\r\n", {message("a")});
    row("CRLF between data lines is one line end", "data: a\r\ndata: b\r\n\r\n", {message("a\nb")});
    row("mixed", "data: a\r\ndata: b\rdata: c\n\r\n", {message("a\nb\nc")});
    row("CR CRLF", "data: a\r\r\ndata: b\n\n", {message("a"), message("b")});
    row("LF CR", "data: a\n\rdata: b\r\n\n", {message("a"), message("b")});
    row("LF LF CR", "data: a\n\n\rdata: b\r\r", {message("a"), message("b")});
    row("CR LF CR LF", "data: a\r\n\r\ndata: b\r\n\r\n", {message("a"), message("b")});
    row("CR at the very end ends the blank line", "data: a\n\r", {message("a")});
    row("CR at the very end ends a field line", "data: a\r", {}, true);

    // Byte order mark.
    row("BOM",
        "\xEF\xBB\xBF"
        "data: a\n\n",
        {message("a")});
    row("BOM only", "\xEF\xBB\xBF", {});
    row("BOM then comment", "\xEF\xBB\xBF: hi\ndata: a\n\n", {message("a")});
    row("second BOM is content",
        "\xEF\xBB\xBF\xEF\xBB\xBF"
        "data: a\n\n",
        {});
    row("BOM inside data is kept",
        "\xEF\xBB\xBF"
        "data: \xEF\xBB\xBFx\n\n",
        {message("\xEF\xBB\xBFx")});
    row("BOM later in the stream is content",
        "data: a\n\n\xEF\xBB\xBF"
        "data: b\n\n",
        {message("a")});
    row("first two BOM bytes are content",
        "\xEF\xBB"
        "data: a\n\n",
        {});
    row("first BOM byte is content",
        "\xEF"
        "data: a\n\n",
        {});
    row("cut-off BOM is pending", "\xEF\xBB", {}, true);
    row("no BOM, first byte like it", "\xEF\xBB:x\n\ndata: a\n\n", {message("a")});

    // Comments.
    row("comments", ": hello\ndata: a\n: between\ndata: b\n\n", {message("a\nb")});
    row("keep-alive only", ":\n\n:\n\n", {});
    row("comment does not dispatch", "data: a\n:\ndata: b\n\n", {message("a\nb")});
    row("comment at end is not pending", "data: a\n\n: keep-alive\n", {message("a")});
    row("unterminated comment is pending", "data: a\n\n: keep-al", {message("a")}, true);
    row("colon-first line with field text", ":data: a\n\n", {});

    // Field parsing.
    row("multi-line data", "data: a\ndata: b\ndata: c\n\n", {message("a\nb\nc")});
    row("data without space", "data:a\n\n", {message("a")});
    row("data with two spaces keeps one", "data:  a\n\n", {message(" a")});
    row("trailing space kept", "data: a \n\n", {message("a ")});
    row("tab is not removed", "data:\ta\n\n", {message("\ta")});
    row("colon in value", "data: a: b:c\n\n", {message("a: b:c")});
    row("field without colon is empty data", "data\n\n", {message("")});
    row("empty data value", "data:\n\n", {message("")});
    row("only a space", "data: \n\n", {message("")});
    row("empty lines of data", "data\ndata\n\n", {message("\n")});
    row("trailing empty data line", "data: a\ndata\n\n", {message("a\n")});
    row("unknown fields ignored", "foo: bar\ndata: a\nretryx: 1\ndatas: z\n\n", {message("a")});
    row("field names are case sensitive", "DATA: a\nData: b\nEvent: x\ndata: c\n\n", {message("c")});
    row("space before colon makes another field", "data : a\n\n", {});
    row("leading space makes another field", " data: a\n\n", {});
    row("NUL in data is kept", QByteArrayView("data: a\0b\n\n", 11), {message(QByteArrayView("a\0b", 3))});

    // Event types.
    row("event name", "event: add\ndata: 1\n\ndata: 2\n\n", {ev("add", "1"), message("2")});
    row("message, named, message", "data: 0\n\nevent: add\ndata: 1\n\ndata: 2\n\n",
        {message("0"), ev("add", "1"), message("2")});
    row("event name without space", "event:add\ndata: 1\n\n", {ev("add", "1")});
    row("last event field wins", "event: a\nevent: b\ndata: 1\n\n", {ev("b", "1")});
    row("empty event name is message", "event:\ndata: x\n\n", {message("x")});
    row("event without colon is message", "event\ndata: x\n\n", {message("x")});
    row("event after data in the block", "data: x\nevent: late\n\n", {ev("late", "x")});
    row("type reset by a block without data", "event: a\n\ndata: x\n\n", {message("x")});
    row("event name with spaces", "event:  two words \ndata: x\n\n", {ev(" two words ", "x")});

    // Ids.
    row("id persists", "id: 1\ndata: a\n\ndata: b\n\n", {message("a", "1"), message("b", "1")}, false, "1");
    row("id after data in the block", "data: a\nid: 3\n\n", {message("a", "3")}, false, "3");
    row("id without data sets the last id", "id: 7\n\n", {}, false, "7");
    row("empty id resets", "id: 1\ndata: a\n\nid\ndata: b\n\n", {message("a", "1"), message("b")}, false, "");
    row("id with NUL ignored", QByteArrayView("id: 1\n\nid: 2\0x\ndata: a\n\n", 24), {message("a", "1")}, false, "1");
    row("id with only NUL ignored", QByteArrayView("id: 1\nid: \0\ndata: a\n\n", 21), {message("a", "1")}, false, "1");
    row("undispatched id is not the last id", "id: 1\ndata: a\n\nid: 2\ndata: b\n", {message("a", "1")}, true, "1");
    row("id keeps spaces", "id:  x y\ndata: a\n\n", {message("a", " x y")}, false, " x y");

    // Retry.
    row("retry", "retry: 1500\n\n", {}, false, {}, 1500);
    row("retry without space", "retry:250\n", {}, true, {}, 250);
    row("retry zero", "retry: 0\n", {}, true, {}, 0);
    row("retry with non-digits ignored", "retry: 15x\n\n", {}, false, {}, -1);
    row("retry with a sign ignored", "retry: -5\n\nretry: +5\n\n", {}, false, {}, -1);
    row("retry with two spaces ignored", "retry:  100\n\n", {}, false, {}, -1);
    row("retry with a decimal point ignored", "retry: 1.5\n\n", {}, false, {}, -1);
    row("empty retry ignored", "retry:\n\nretry\n\n", {}, false, {}, -1);
    row("last valid retry wins", "retry: 1000\nretry: abc\n\nretry: 2000\nretry: 3000\n\nretry: x\n\n", {}, false, {},
        3000);
    row("huge retry saturates", "retry: 99999999999999999999\n\n", {}, false, {}, INT_MAX);
    row("retry does not dispatch", "data: a\nretry: 10\ndata: b\n\n", {message("a\nb")}, false, {}, 10);

    // Blank lines and the end of the stream.
    row("empty stream", "", {});
    row("blank lines only", "\n\n\r\n\r\r", {});
    row("blank line with no data does not dispatch", "event: x\nid: 5\n\n", {}, false, "5");
    row("unterminated event is discarded", "data: a\n", {}, true);
    row("unterminated line is discarded", "data: a\n\ndata: b", {message("a")}, true);
    row("half a line", "dat", {}, true);
    row("unterminated unknown field is pending", "data: a\n\nfoo\n", {message("a")}, true);
    row("terminated stream is not pending", "data: a\n\n", {message("a")});

    // UTF-8 with replacement.
    row("valid non-ASCII", "data: grüße – 日本 😀\n\n", {message("grüße – 日本 😀")});
    row("invalid byte",
        "data: a\xFF"
        "b\n\n",
        {message("a\xEF\xBF\xBD"
                 "b")});
    row("lone continuation", "data: \x80\x80\n\n", {message("\xEF\xBF\xBD\xEF\xBF\xBD")});
    row("truncated sequence", "data: \xE2\x82\n\n", {message("\xEF\xBF\xBD")});
    row("truncated sequence before ASCII", "data: \xE2\x82x\n\n", {message("\xEF\xBF\xBDx")});
    row("sequence cut by a line end", "data: \xE2\x82\ndata: \xAC\n\n", {message("\xEF\xBF\xBD\n\xEF\xBF\xBD")});
    row("overlong", "data: \xC0\xAF\n\n", {message("\xEF\xBF\xBD\xEF\xBF\xBD")});
    row("overlong three bytes", "data: \xE0\x80\xAF\n\n", {message("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")});
    row("surrogate", "data: \xED\xA0\x80\n\n", {message("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")});
    row("past U+10FFFF", "data: \xF4\x90\x80\x80\n\n", {message("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")});
    row("four-byte sequence missing its last byte", "data: \xF0\x9F\x98 ok\n\n", {message("\xEF\xBF\xBD ok")});
    row("F5 and above", "data: \xF5\xFE\n\n", {message("\xEF\xBF\xBD\xEF\xBF\xBD")});
    row("invalid after a long ASCII run", "data: 0123456789abcdefghij\xC3(\n\n",
        {message("0123456789abcdefghij\xEF\xBF\xBD(")});
    row("invalid event type", "event: a\xFF\ndata: x\n\n", {ev("a\xEF\xBF\xBD", "x")});
    row("invalid id", "id: \xC3\ndata: x\n\n", {message("x", "\xEF\xBF\xBD")}, false, "\xEF\xBF\xBD");
    row("invalid field name is unknown", "dat\xE1: x\n\n", {});

    // Lines longer than the blocks the scanner reads at once, line ends and non-ASCII anywhere in them.
    row("long lines with CR and non-ASCII",
        "data: 0123456789abcdefghijklmnopqrstuvwxyz0123456789\xC3\xA9z0123456789abcdefghijklmnopqrstuvwxyz\r"
        "data: 0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEF\xF0\x9F\x98\x80\r\n"
        "data: 0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\xFF.\r\r",
        {message("0123456789abcdefghijklmnopqrstuvwxyz0123456789\xC3\xA9z0123456789abcdefghijklmnopqrstuvwxyz\n"
                 "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEF\xF0\x9F\x98\x80\n"
                 "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\xEF\xBF\xBD.")});
    row("invalid name, valid value", "\xFF: x\ndata: ok \xC3\xA9\n\n", {message("ok \xC3\xA9")});

    // What a chat-completions gateway sends.
    row("OpenAI-style stream",
        "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
        ": keep-alive\n\n"
        "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüß\"}}]}\n\n"
        "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" dich\"}}]}\n\n"
        "data: [DONE]\n\n",
        {message("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}"),
            message("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüß\"}}]}"),
            message("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" dich\"}}]}"),
            message("[DONE]")});
    row("Anthropic-style stream",
        "event: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\n"
        "event: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n"
        "event: content_block_delta\r\ndata: {\"delta\":{\"text\":\"Hi\"}}\r\n\r\n",
        {ev("message_start", "{\"type\":\"message_start\"}"), ev("ping", "{\"type\": \"ping\"}"),
            ev("content_block_delta", "{\"delta\":{\"text\":\"Hi\"}}")});
}

void tst_SseParser::stream()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, events);
    QFETCH(bool, pending);
    QFETCH(QByteArray, lastEventId);
    QFETCH(int, retry);

    for (const auto &[name, chunks] : chunkings(input)) {
        const Run result = run(chunks);
        const QByteArray context = name.toUtf8();
        QVERIFY2(result.events == events,
            QByteArray(context + ": got\n  " + result.events.join(u"\n  "_s).toUtf8() + "\nexpected\n  "
                + events.join(u"\n  "_s).toUtf8())
                .constData());
        QVERIFY2(result.invalidUtf8.isEmpty(),
            QByteArray(context + ": invalid UTF-8 " + result.invalidUtf8.join(u' ').toUtf8()).constData());
        QVERIFY2(result.pending == pending,
            QByteArray(context + ": finish() returned " + (result.pending ? "true" : "false")).constData());
        QVERIFY2(result.lastEventId == lastEventId,
            QByteArray(context + ": lastEventId " + escaped(result.lastEventId).toUtf8()).constData());
        QVERIFY2(
            result.retry == retry, QByteArray(context + ": retry " + QByteArray::number(result.retry)).constData());
    }
}

void tst_SseParser::copiesOfAnEventStayAsTheyWere()
{
    // The parser reuses its buffers between events; what a consumer kept must not change.
    SseParser parser;
    QList<SseEvent> kept;
    parser.feed("event: one\nid: 1\ndata: first\n\ndata: second, longer than the first\n\nid: 3\ndata: x\n\n",
        [&](const SseEvent &event) { kept.append(event); });
    parser.feed("data: overwrite?\n\n", [](const SseEvent &) {});
    QCOMPARE(kept.size(), 3);
    QCOMPARE(kept[0].type, "one"_ba);
    QCOMPARE(kept[0].data, "first"_ba);
    QCOMPARE(kept[0].lastEventId, "1"_ba);
    QCOMPARE(kept[1].type, "message"_ba);
    QCOMPARE(kept[1].data, "second, longer than the first"_ba);
    QCOMPARE(kept[1].lastEventId, "1"_ba);
    QCOMPARE(kept[2].data, "x"_ba);
    QCOMPARE(kept[2].lastEventId, "3"_ba);
}

void tst_SseParser::finishKeepsIdAndRetryForTheNextStream()
{
    SseParser parser;
    QList<SseEvent> events;
    const auto collect = [&](const SseEvent &event) {
        events.append(event);
    };
    parser.feed("\xEF\xBB\xBFretry: 3000\nid: 1\ndata: a\n\nid: 2\ndata: cut", collect);
    QVERIFY(parser.finish());
    QCOMPARE(events.size(), 1);
    QCOMPARE(parser.lastEventId(), "1"_ba);
    QCOMPARE(parser.retryMilliseconds(), std::optional<int>(3000));

    // The reconnection's body: its own BOM is skipped, the discarded id 2 is not used.
    parser.feed("\xEF\xBB", collect);
    parser.feed("\xBF"
                "data: b\n\n",
        collect);
    QVERIFY(!parser.finish());
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[1].data, "b"_ba);
    QCOMPARE(events[1].lastEventId, "1"_ba);

    // A CR that ended the last stream does not swallow a LF that starts the next.
    parser.feed("data: c\n\r", collect);
    QVERIFY(!parser.finish());
    parser.feed("\ndata: d\n\n", collect);
    QCOMPARE(events.size(), 4);
    QCOMPARE(events[2].data, "c"_ba);
    QCOMPARE(events[3].data, "d"_ba);
}

void tst_SseParser::resetForgetsEverything()
{
    SseParser parser;
    parser.feed("retry: 10\nid: 9\n\ndata: half", {});
    parser.reset();
    QCOMPARE(parser.lastEventId(), QByteArray());
    QCOMPARE(parser.retryMilliseconds(), std::nullopt);
    QList<SseEvent> events;
    parser.feed("\xEF\xBB\xBF"
                "data: fresh\n\n",
        [&](const SseEvent &event) { events.append(event); });
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].data, "fresh"_ba);
    QCOMPARE(events[0].lastEventId, QByteArray());
    QVERIFY(!parser.finish());
}

void tst_SseParser::longLineInManyPieces()
{
    // 1 MB of data on one line arriving in pieces of 1 to 7 bytes, with CRLF split too.
    QByteArray value;
    for (int i = 0; value.size() < 1024 * 1024; ++i)
        value += "word" + QByteArray::number(i) + (i % 17 == 0 ? " é " : " ");
    const QByteArray stream = "data: " + value + "\r\ndata: tail\r\n\r\n";
    SseParser parser;
    QList<SseEvent> events;
    qsizetype position = 0;
    for (int step = 0; position < stream.size(); ++step) {
        const qsizetype length = std::min<qsizetype>(1 + step % 7, stream.size() - position);
        parser.feed(QByteArrayView(stream).sliced(position, length), [&](const SseEvent &e) { events.append(e); });
        position += length;
    }
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].data.size(), value.size() + 5);
    QCOMPARE(events[0].data, QByteArray(value + "\ntail"));
}

void tst_SseParser::emptyFeedsChangeNothing()
{
    SseParser parser;
    QList<SseEvent> events;
    const auto collect = [&](const SseEvent &event) {
        events.append(event);
    };
    for (const QByteArrayView piece : {QByteArrayView(), QByteArrayView("\xEF"), QByteArrayView(""),
             QByteArrayView("\xBB\xBF"), QByteArrayView(), QByteArrayView("data: a\r"), QByteArrayView(),
             QByteArrayView("\n"), QByteArrayView(""), QByteArrayView("\r\n")})
        parser.feed(piece, collect);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].data, "a"_ba);
}

void tst_SseParser::callbackMayBeEmpty()
{
    SseParser parser;
    parser.feed("id: 4\ndata: ignored\n\n", {});
    QCOMPARE(parser.lastEventId(), "4"_ba);
    QVERIFY(!parser.finish());
}

QTEST_GUILESS_MAIN(tst_SseParser)
#include "tst_SseParser.moc"
