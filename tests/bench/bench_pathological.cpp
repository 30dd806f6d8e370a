// Inputs built to make Markdown parsers slow, timed through StreamingMarkdown: one-shot and
// streamed in 4-byte chunks (an update() every 64 chunks, and after every chunk), each next
// to plain prose of the same size. Also tells whether the plain-text fallback was taken.

#include "AnswerGenerator.h"
#include "BenchTiming.h"
#include "markdown/Document.h"
#include "markdown/StreamingMarkdown.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace streamcanvas::bench;
using namespace streamcanvas::markdown;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kChunkBytes = 4;
// A streaming run is stopped after this long; one that needs more is reported as such.
constexpr double kStreamBudgetSeconds = 20;

void print(const QString &line)
{
    std::fputs((line + u'\n').toUtf8().constData(), stdout);
    std::fflush(stdout);
}

struct Case {
    const char *name;
    QByteArray input;
};

std::vector<Case> cases()
{
    std::vector<Case> all;
    all.push_back({"[ x40000 then ] x40000", QByteArray(40000, '[') + QByteArray(40000, ']')});
    all.push_back({"[ x20000 then ] x20000", QByteArray(20000, '[') + QByteArray(20000, ']')});
    all.push_back({"www._ x16000", QByteArray("www._").repeated(16000)});
    all.push_back({"1 ref definition, [a] x50000",
        QByteArray("[a]: https://example.com/\n\n") + QByteArray("[a]").repeated(50000)});
    all.push_back({"> nested x10000", QByteArray(10000, '>') + " quote\n"});
    all.push_back({"- nested list items x10000", QByteArray("- ").repeated(10000) + "item\n"});
    {
        const QByteArray header = QByteArray("| h ").repeated(2000) + "|\n";
        const QByteArray delimiter = QByteArray("|---").repeated(2000) + "|\n";
        const QByteArray row = QByteArray("| c ").repeated(2000) + "|\n";
        all.push_back({"table, 2000 columns x 20 rows", header + delimiter + row.repeated(20)});
    }
    all.push_back({"*a x 2 Mi (4 MiB)", QByteArray("*a").repeated(2 * 1024 * 1024)});
    return all;
}

int fallbackBlocks(const Blocks &blocks)
{
    int count = 0;
    for (const Block &block : blocks)
        count += (block.plainFallback ? 1 : 0) + fallbackBlocks(block.children);
    return count;
}

QString describe(const Document &document)
{
    QStringList notices;
    for (const Notice &notice : document.notices) {
        switch (notice.kind) {
        case Notice::Kind::Truncated:
            notices << u"Truncated"_s;
            break;
        case Notice::Kind::NestingFlattened:
            notices << u"NestingFlattened"_s;
            break;
        case Notice::Kind::TableColumnsLimited:
            notices << u"TableColumnsLimited"_s;
            break;
        case Notice::Kind::LinkBudgetExceeded:
            notices << u"LinkBudgetExceeded"_s;
            break;
        case Notice::Kind::ComplexContent:
            notices << u"ComplexContent"_s;
            break;
        }
    }
    const int fallback = fallbackBlocks(document.blocks);
    return u"blocks " + QString::number(document.blocks.size()) + u", plainFallback blocks " + QString::number(fallback)
        + u", notices [" + notices.join(u", ") + u']';
}

// Seconds for a streamed run, or a negative value when it was stopped at the budget;
// `reached` then holds how far it got.
double stream(const QByteArray &input, int cadence, qsizetype *reached)
{
    const auto start = Clock::now();
    StreamingMarkdown parser;
    qsizetype chunks = 0;
    for (qsizetype position = 0; position < input.size(); position += kChunkBytes) {
        parser.append(QByteArrayView(input).sliced(position, std::min(kChunkBytes, input.size() - position)));
        if (++chunks % cadence == 0) {
            parser.update();
            if (position + kChunkBytes < input.size() && secondsSince(start) > kStreamBudgetSeconds) {
                *reached = position + kChunkBytes;
                return -1;
            }
        }
    }
    parser.finish();
    *reached = input.size();
    return secondsSince(start);
}

// One run when it is slow, the median of three when it is not.
double measure(const std::function<double()> &run)
{
    const double first = run();
    if (first < 0 || first > 2)
        return first;
    return median({first, run(), run()});
}

QString streamed(const QByteArray &input, const QByteArray &prose, int cadence)
{
    qsizetype reached = 0;
    const double seconds = measure([&] { return stream(input, cadence, &reached); });
    qsizetype proseReached = 0;
    const double proseSeconds = measure([&] { return stream(prose, cadence, &proseReached); });
    const QString name = u"  stream @"_s + QString::number(cadence) + u": ";
    if (seconds < 0)
        return name + u"> " + formatSeconds(kStreamBudgetSeconds) + u", stopped at byte " + QString::number(reached)
            + u" of " + QString::number(input.size()) + u" (prose " + formatSeconds(proseSeconds) + u", > "
            + formatRatio(kStreamBudgetSeconds / proseSeconds) + u')';
    return name + formatSeconds(seconds) + u" (prose " + formatSeconds(proseSeconds) + u", "
        + formatRatio(seconds / proseSeconds) + u')';
}

} // namespace

int main()
{
    print(u"ratios are to plain prose of the same size, parsed the same way"_s);
    AnswerGenerator generator(0xB0B);
    for (const Case &test : cases()) {
        const QByteArray prose = generator.prose(test.input.size());
        Document document;
        const double parse = measure([&] {
            const auto start = Clock::now();
            document = StreamingMarkdown::parse(test.input);
            return secondsSince(start);
        });
        const double proseParse = measure([&] {
            const auto start = Clock::now();
            StreamingMarkdown::parse(prose);
            return secondsSince(start);
        });
        print({});
        print(QString::fromUtf8(test.name) + u" (" + QString::number(test.input.size()) + u" bytes)");
        print(u"  parse: "_s + formatSeconds(parse) + u" (prose " + formatSeconds(proseParse) + u", "
            + formatRatio(parse / proseParse) + u")  " + describe(document));
        print(streamed(test.input, prose, 64));
        print(streamed(test.input, prose, 1));
    }
    return 0;
}
