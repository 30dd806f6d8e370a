// What parsing a chat-completions event stream costs compared with merely splitting it
// into lines.
//
// Builds a deterministic 64 MB OpenAI-style stream (`data: {...chat.completion.chunk...}`
// events with a few words of content each, some of them non-ASCII, and keep-alive comments)
// and prints, all measured in this run: a plain line split (memchr for '\n', counting lines)
// and SseParser, both fed the same chunk sizes (1,400 bytes, about one TCP segment, and
// 16 KiB, a typical socket read), and both fed one byte at a time on a 1 MB slice. Ratios
// are SseParser / line split. Goal: within 2× (reported, not asserted).

#include "BenchTiming.h"
#include "gateway/SseParser.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

using namespace streamcanvas::bench;
using namespace streamcanvas::gateway;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kStreamBytes = 64 * 1024 * 1024;
constexpr qsizetype kSliceBytes = 1024 * 1024;
constexpr int kRounds = 7;
constexpr int kByteRounds = 5;
constexpr quint64 kSeed = 0x55E5EED;

// Results are written here before the clock is read, so that no work can be dropped or
// moved out of the timed part.
volatile qsizetype sink = 0;

void print(const QString &line)
{
    std::fputs((line + u'\n').toUtf8().constData(), stdout);
    std::fflush(stdout);
}

QString label(const char *text)
{
    return QString::fromUtf8(text).leftJustified(44, u' ');
}

struct Stream {
    QByteArray bytes;
    qsizetype events = 0;
    qsizetype sliceEnd = 0; // the end of the first event after kSliceBytes
    qsizetype sliceEvents = 0;
};

// Content tokens as a model streams them: one to three words, now and then accented,
// CJK, an emoji or a dash, sometimes with a line break escaped in the JSON.
Stream makeStream(quint64 seed)
{
    static const QList<QByteArray> words = {"the", "stream", "parser", "reads", "each", "line", "once", "and", "hands",
        "out", "events", "to", "the", "view", "while", "tokens", "arrive", "über", "naïve", "café", "grüße", "日本語",
        "テキスト", "😀", "–", "ok", "value", "function", "return", "with", "a", "small", "buffer"};
    quint64 state = seed;
    const auto next = [&state] {
        quint64 z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    Stream stream;
    stream.bytes.reserve(kStreamBytes + 1024);
    while (stream.bytes.size() < kStreamBytes) {
        if (next() % 64 == 0)
            stream.bytes += ": keep-alive\n\n";
        QByteArray content;
        const int count = 1 + int(next() % 3);
        for (int i = 0; i < count; ++i) {
            content += ' ';
            content += words[qsizetype(next() % quint64(words.size()))];
        }
        if (next() % 16 == 0)
            content += "\\n";
        stream.bytes += "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        "\"delta\":{\"content\":\""
            + content + "\"}}]}\n\n";
        ++stream.events;
        if (stream.sliceEnd == 0 && stream.bytes.size() >= kSliceBytes) {
            stream.sliceEnd = stream.bytes.size();
            stream.sliceEvents = stream.events;
        }
    }
    stream.bytes += "data: [DONE]\n\n";
    ++stream.events;
    return stream;
}

// The floor: find every '\n' with memchr, as any line-based reader must, fed the same chunks.
double lineSplit(QByteArrayView bytes, qsizetype chunk, qsizetype *lines)
{
    const auto start = Clock::now();
    qsizetype count = 0;
    for (qsizetype position = 0; position < bytes.size(); position += chunk) {
        const char *p = bytes.data() + position;
        const char *end = p + std::min(chunk, bytes.size() - position);
        while (const void *found = std::memchr(p, '\n', std::size_t(end - p))) {
            ++count;
            p = static_cast<const char *>(found) + 1;
        }
    }
    sink = count;
    const double seconds = secondsSince(start);
    *lines = count;
    return seconds;
}

// SseParser with a consumer that looks at each event, as the gateway client will.
double parse(QByteArrayView bytes, qsizetype chunk, qsizetype *events)
{
    const auto start = Clock::now();
    SseParser parser;
    qsizetype count = 0;
    qsizetype dataBytes = 0;
    const std::function<void(const SseEvent &)> onEvent = [&](const SseEvent &event) {
        ++count;
        dataBytes += event.data.size();
    };
    for (qsizetype position = 0; position < bytes.size(); position += chunk)
        parser.feed(bytes.sliced(position, std::min(chunk, bytes.size() - position)), onEvent);
    parser.finish();
    sink = count + dataBytes;
    const double seconds = secondsSince(start);
    *events = dataBytes > 0 ? count : -1;
    return seconds;
}

struct Row {
    double split = 0;
    double parser = 0;
    double ratio = 0;
};

// Line split and parser measured back to back in each round, so that a change in machine
// load between them does not skew their ratio; the ratio is taken per round, then the median.
Row measure(QByteArrayView bytes, qsizetype chunk, int rounds, qsizetype expectedEvents)
{
    std::vector<double> splits, parsers, ratios;
    for (int round = 0; round < rounds; ++round) {
        qsizetype lines = 0;
        qsizetype events = 0;
        const double split = lineSplit(bytes, chunk, &lines);
        const double parsed = parse(bytes, chunk, &events);
        if (events != expectedEvents)
            print(u"warning: SseParser gave "_s + QString::number(events) + u" events, expected "
                + QString::number(expectedEvents));
        splits.push_back(split);
        parsers.push_back(parsed);
        ratios.push_back(parsed / split);
    }
    return {median(splits), median(parsers), median(ratios)};
}

void report(const char *what, qsizetype bytes, const Row &row)
{
    print(label(what) + u"line split " + formatSeconds(row.split) + u" (" + formatThroughput(bytes, row.split)
        + u"), SseParser " + formatSeconds(row.parser) + u" (" + formatThroughput(bytes, row.parser) + u")");
    print(label("") + u"SseParser / line split = " + formatRatio(row.ratio) + u"   goal ≤ 2×: "
        + (row.ratio <= 2.0 ? u"PASS"_s : u"MISS"_s));
}

} // namespace

int main()
{
    const Stream stream = makeStream(kSeed);
    const QByteArrayView bytes(stream.bytes);
    print(u"stream: "_s + QString::number(bytes.size()) + u" bytes, " + QString::number(stream.events)
        + u" events; medians of " + QString::number(kRounds) + u" rounds");
    print({});
    report("chunks of 1,400 bytes", bytes.size(), measure(bytes, 1400, kRounds, stream.events));
    report("chunks of 16 KiB", bytes.size(), measure(bytes, 16384, kRounds, stream.events));

    const QByteArrayView slice = bytes.first(stream.sliceEnd);
    print({});
    print(u"first "_s + QString::number(slice.size()) + u" bytes (" + QString::number(stream.sliceEvents)
        + u" events), one byte per feed; medians of " + QString::number(kByteRounds) + u" rounds");
    report("1 byte at a time", slice.size(), measure(slice, 1, kByteRounds, stream.sliceEvents));
    return 0;
}
