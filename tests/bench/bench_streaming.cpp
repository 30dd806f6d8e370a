// How much streaming costs compared with parsing the finished answer once.
//
// Streams a deterministic ~256 KB chat-model-like answer in 4-byte chunks (about one token
// each) and prints, all measured in this run: md4c's raw one-shot parse for reference, the
// one-shot StreamingMarkdown::parse, the streaming total with an update() every 64 chunks
// (one frame at ~4,000 tokens/s) and after every chunk as ratios to the one-shot parse,
// whether the per-update cost stays flat along the text, and the naive "re-parse
// everything on each update" way, timed on a prefix and extrapolated.
// Goals: ≤ 2× at one update per 64 chunks, ≤ 50× at an update per chunk, flat cost.

#include "AnswerGenerator.h"
#include "BenchTiming.h"
#include "markdown/ParseOptions.h"
#include "markdown/StreamingMarkdown.h"

#include <QByteArray>
#include <QString>

#include <md4c.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

using namespace streamcanvas::bench;
using namespace streamcanvas::markdown;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kTextBytes = 256 * 1024;
constexpr qsizetype kChunkBytes = 4;
constexpr qsizetype kNaivePrefixBytes = 16 * 1024;
constexpr int kFlatWindow = 1000;
constexpr int kRounds = 7;
constexpr int kVariantRounds = 3;
constexpr quint64 kSeed = 0x5EED2026;

void print(const QString &line)
{
    std::fputs((line + u'\n').toUtf8().constData(), stdout);
    std::fflush(stdout);
}

QString label(const char *text)
{
    return QString::fromUtf8(text).leftJustified(52, u' ');
}

int ignoreBlock(MD_BLOCKTYPE, void *, void *)
{
    return 0;
}

int ignoreSpan(MD_SPANTYPE, void *, void *)
{
    return 0;
}

int ignoreText(MD_TEXTTYPE, const MD_CHAR *, MD_SIZE, void *)
{
    return 0;
}

// md4c with the default extensions and a renderer that does nothing: the floor any
// md4c-based parser stands on.
double md4cOneShot(const QByteArray &text)
{
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEAUTOLINKS
        | MD_FLAG_LATEXMATHSPANS | MD_FLAG_NOHTML;
    parser.enter_block = ignoreBlock;
    parser.leave_block = ignoreBlock;
    parser.enter_span = ignoreSpan;
    parser.leave_span = ignoreSpan;
    parser.text = ignoreText;
    const auto start = Clock::now();
    md_parse(text.constData(), MD_SIZE(text.size()), &parser, nullptr);
    return secondsSince(start);
}

double oneShot(const QByteArray &text, const ParseOptions &options)
{
    const auto start = Clock::now();
    const Document document = StreamingMarkdown::parse(text, options);
    const double seconds = secondsSince(start);
    if (document.blocks.empty())
        print(u"warning: the one-shot parse produced no blocks"_s);
    return seconds;
}

struct StreamRun {
    double total = 0;                  // every append(), update() and finish()
    std::vector<double> updateSeconds; // each update() on its own
    std::vector<qsizetype> updateEnds; // bytes received at each update()
};

StreamRun stream(const QByteArray &text, int cadence, const ParseOptions &options)
{
    StreamRun run;
    run.updateSeconds.reserve(std::size_t(text.size() / kChunkBytes / cadence + 1));
    run.updateEnds.reserve(run.updateSeconds.capacity());
    const auto start = Clock::now();
    StreamingMarkdown parser(options);
    qsizetype chunks = 0;
    for (qsizetype position = 0; position < text.size(); position += kChunkBytes) {
        parser.append(QByteArrayView(text).sliced(position, std::min(kChunkBytes, text.size() - position)));
        if (++chunks % cadence == 0) {
            const auto before = Clock::now();
            const Update update = parser.update();
            run.updateSeconds.push_back(secondsSince(before));
            run.updateEnds.push_back(position + kChunkBytes);
        }
    }
    parser.finish();
    run.total = secondsSince(start);
    return run;
}

// One-shot and streamed runs measured back to back, so that a change in machine load
// between them does not skew their ratio; ratios are taken per round, then the median.
struct Round {
    double parse = 0;
    StreamRun frame;      // update() every 64 chunks
    StreamRun everyChunk; // update() after every chunk
};

Round measureRound(const QByteArray &text, const ParseOptions &options)
{
    Round round;
    round.parse = medianOf(3, [&] { return oneShot(text, options); });
    round.frame = stream(text, 64, options);
    round.everyChunk = stream(text, 1, options);
    return round;
}

template <typename Value>
double medianOver(const std::vector<Round> &rounds, Value value)
{
    std::vector<double> values;
    for (const Round &round : rounds)
        values.push_back(value(round));
    return median(std::move(values));
}

double sum(const std::vector<double> &values, std::size_t from, std::size_t to)
{
    return std::accumulate(values.begin() + qsizetype(from), values.begin() + qsizetype(to), 0.0);
}

// The bytes a naive viewer re-parses: the whole text received so far at every update,
// and the whole text once more at the end.
double naiveBytes(qsizetype total, qsizetype limit, int cadence)
{
    const qsizetype step = kChunkBytes * cadence;
    double bytes = 0;
    for (qsizetype end = step; end <= limit; end += step)
        bytes += double(std::min(end, total));
    return bytes + double(std::min(limit, total));
}

double naivePrefix(const QByteArray &text, qsizetype limit, int cadence, const ParseOptions &options)
{
    const qsizetype step = kChunkBytes * cadence;
    const auto start = Clock::now();
    for (qsizetype end = step; end <= limit; end += step)
        StreamingMarkdown::parse(QByteArrayView(text).first(end), options);
    StreamingMarkdown::parse(QByteArrayView(text).first(limit), options);
    return secondsSince(start);
}

void reportFlatness(const std::vector<Round> &rounds, qsizetype textBytes)
{
    const StreamRun &run = rounds[rounds.size() / 2].everyChunk;
    const std::vector<double> &updates = run.updateSeconds;
    if (updates.size() < 2 * kFlatWindow) {
        print(u"too few updates to compare the first and last 1,000"_s);
        return;
    }
    const auto first = [](const Round &r) {
        return sum(r.everyChunk.updateSeconds, 0, kFlatWindow);
    };
    const auto last = [](const Round &r) {
        const std::vector<double> &u = r.everyChunk.updateSeconds;
        return sum(u, u.size() - kFlatWindow, u.size());
    };
    const double firstSum = medianOver(rounds, first);
    const double lastSum = medianOver(rounds, last);
    print(label("first 1,000 updates (@1)") + formatSeconds(firstSum) + u"  (" + formatSeconds(firstSum / kFlatWindow)
        + u" each)");
    print(label("last 1,000 updates (@1)") + formatSeconds(lastSum) + u"  (" + formatSeconds(lastSum / kFlatWindow)
        + u" each)");
    print(label("last 1,000 / first 1,000") + formatRatio(medianOver(rounds, [&](const Round &r) {
        return last(r) / first(r);
    })) + u"   (goal: flat, ~1×)");

    const auto slowest = std::max_element(updates.begin(), updates.end());
    const std::size_t at = std::size_t(slowest - updates.begin());
    std::vector<double> sorted = updates;
    std::sort(sorted.begin(), sorted.end());
    print(label("per update (@1): median / p99 / max") + formatSeconds(sorted[sorted.size() / 2]) + u" / "
        + formatSeconds(sorted[sorted.size() * 99 / 100]) + u" / " + formatSeconds(*slowest) + u" (at byte "
        + QString::number(run.updateEnds[at]) + u')');

    // Mean update cost per eighth of the text: a rising row means cost grows with length.
    QString profile;
    const qsizetype slice = textBytes / 8 + 1;
    for (int part = 0; part < 8; ++part) {
        double total = 0;
        int count = 0;
        for (std::size_t i = 0; i < updates.size(); ++i) {
            if (run.updateEnds[i] / slice == part) {
                total += updates[i];
                ++count;
            }
        }
        profile += (part ? u" " : u"") + formatSeconds(count ? total / count : 0);
    }
    print(label("mean update (@1) per eighth of the text") + profile);
}

struct Variant {
    const char *name;
    ParseOptions options;
};

std::vector<Variant> optionVariants()
{
    std::vector<Variant> variants;
    variants.push_back({"defaults", {}});
    ParseOptions noFastAppend;
    noFastAppend.fastAppend = false;
    variants.push_back({"fastAppend off", noFastAppend});
    ParseOptions noReuse;
    noReuse.reuseTailParse = false;
    variants.push_back({"reuseTailParse off", noReuse});
    ParseOptions commonMark;
    commonMark.extensions = {};
    variants.push_back({"no extensions (CommonMark)", commonMark});
    ParseOptions noAutolinks;
    noAutolinks.extensions &= ~Extensions(Extension::PermissiveAutolinks);
    variants.push_back({"without permissive autolinks", noAutolinks});
    ParseOptions smallWindow;
    smallWindow.maxParseBytes = 16 * 1024;
    variants.push_back({"maxParseBytes 16 KiB", smallWindow});
    ParseOptions largeWindow;
    largeWindow.maxParseBytes = 4 * 1024 * 1024;
    variants.push_back({"maxParseBytes 4 MiB", largeWindow});
    return variants;
}

} // namespace

int main()
{
    const QByteArray text = AnswerGenerator(kSeed).answer(kTextBytes);
    const ParseOptions defaults;
    print(u"text: "_s + QString::number(text.size()) + u" bytes, "
        + QString::number((text.size() + kChunkBytes - 1) / kChunkBytes) + u" chunks of " + QString::number(kChunkBytes)
        + u" bytes; medians of repeated runs");
    print({});

    const double md4c = medianOf(21, [&] { return md4cOneShot(text); });
    print(label("md4c raw one-shot (no-op renderer)") + formatSeconds(md4c) + u"  ("
        + formatThroughput(text.size(), md4c) + u')');
    std::vector<Round> rounds;
    for (int i = 0; i < kRounds; ++i)
        rounds.push_back(measureRound(text, defaults));
    const double parse = medianOver(rounds, [](const Round &r) { return r.parse; });
    print(label("StreamingMarkdown::parse one-shot") + formatSeconds(parse) + u"  ("
        + formatThroughput(text.size(), parse) + u", " + formatRatio(parse / md4c) + u" md4c)");
    print(label("streaming, update() every 64 chunks")
        + formatSeconds(medianOver(rounds, [](const Round &r) { return r.frame.total; })) + u" = "
        + formatRatio(medianOver(rounds, [](const Round &r) { return r.frame.total / r.parse; }))
        + u" one-shot   (goal ≤ 2×; " + QString::number(rounds.front().frame.updateSeconds.size()) + u" updates)");
    print(label("streaming, update() after every chunk")
        + formatSeconds(medianOver(rounds, [](const Round &r) { return r.everyChunk.total; })) + u" = "
        + formatRatio(medianOver(rounds, [](const Round &r) { return r.everyChunk.total / r.parse; }))
        + u" one-shot   (goal ≤ 50×; " + QString::number(rounds.front().everyChunk.updateSeconds.size())
        + u" updates)");
    reportFlatness(rounds, text.size());

    // The naive way, measured on a prefix: per byte re-parsed, then scaled to all updates.
    const qsizetype prefix = std::min(kNaivePrefixBytes, text.size());
    const double naive16 = medianOf(3, [&] { return naivePrefix(text, prefix, 1, defaults); });
    const double perByte = naive16 / naiveBytes(text.size(), prefix, 1);
    const double naiveEvery = perByte * naiveBytes(text.size(), text.size(), 1);
    const double naiveFrame = perByte * naiveBytes(text.size(), text.size(), 64);
    print(label("naive re-parse, first 16 KiB @1 (measured)") + formatSeconds(naive16));
    print(label("naive re-parse, whole text @1 (extrapolated)") + formatSeconds(naiveEvery) + u" = "
        + formatRatio(naiveEvery / parse) + u" one-shot");
    print(label("naive re-parse, whole text @64 (extrapolated)") + formatSeconds(naiveFrame) + u" = "
        + formatRatio(naiveFrame / parse) + u" one-shot");

    print({});
    print(u"options (one-shot; streaming @64 and @1 as ratios to that variant's one-shot):"_s);
    for (const Variant &variant : optionVariants()) {
        std::vector<Round> variantRounds;
        for (int i = 0; i < kVariantRounds; ++i)
            variantRounds.push_back(measureRound(text, variant.options));
        print(u"  "_s + QString::fromUtf8(variant.name).leftJustified(32, u' ')
            + formatSeconds(medianOver(variantRounds, [](const Round &r) { return r.parse; })).leftJustified(10, u' ')
            + u"   @64 "
            + formatRatio(medianOver(variantRounds, [](const Round &r) { return r.frame.total / r.parse; })) + u"   @1 "
            + formatRatio(medianOver(variantRounds, [](const Round &r) { return r.everyChunk.total / r.parse; })));
    }
    return 0;
}
