// The streaming invariant over every example of the conformance data: for any chunking,
// the updates rebuild the model exactly, blocks reported final never change while
// streaming, every update shows what the full path (no fast append, no tail parse taken
// up) shows, and after finish() the document equals a one-shot parse of the whole text.

#include "ConformanceData.h"
#include "SpecReader.h"
#include "markdown/DocumentJson.h"
#include "markdown/StreamingMarkdown.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace streamcanvas::conformance;
using namespace streamcanvas::markdown;

namespace {

constexpr int kWhole = 0;
constexpr int kChunkSizes[] = {1, 2, 3, 7, 64, kWhole};
constexpr int kDetailedFailures = 10; // more would drown the output; all are counted

void print(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QString json(const Document &document)
{
    return QString::fromUtf8(QJsonDocument(DocumentJson::toJson(document)).toJson(QJsonDocument::Indented));
}

QString json(const Blocks &blocks)
{
    Document document;
    document.blocks = blocks;
    return json(document);
}

// Streams `text` in chunks of `chunk` bytes (kWhole: at once); returns what went wrong,
// with both models, or an empty string. The one-shot reference is parsed with
// `referenceOptions` (the same options, except when the checker itself is tested).
QString checkStreaming(
    const QByteArray &text, int chunk, const ParseOptions &options, const ParseOptions &referenceOptions)
{
    StreamingMarkdown streaming(options);
    ParseOptions fullPathOptions = options;
    fullPathOptions.fastAppend = false;
    fullPathOptions.reuseTailParse = false;
    StreamingMarkdown fullPath(fullPathOptions);
    Blocks mirror;
    Blocks finals;
    int step = 0;
    const auto apply = [&](const Update &update, const char *what) -> QString {
        if (update.changed) {
            if (update.firstChanged < 0 || size_t(update.firstChanged) > mirror.size())
                return u"%1 #%2: firstChanged %3 is outside the %4 blocks shown"_s.arg(QLatin1String(what))
                    .arg(step)
                    .arg(update.firstChanged)
                    .arg(mirror.size());
            mirror.resize(size_t(update.firstChanged));
            mirror.insert(mirror.end(), update.replacement.begin(), update.replacement.end());
        }
        if (mirror != streaming.blocks())
            return u"%1 #%2: the updates do not rebuild blocks()\nrebuilt from updates:\n%3\nblocks():\n%4"_s
                .arg(QLatin1String(what))
                .arg(step)
                .arg(json(mirror), json(streaming.blocks()));
        return {};
    };

    const qsizetype size = chunk == kWhole ? qMax<qsizetype>(text.size(), 1) : chunk;
    for (qsizetype pos = 0; pos < text.size(); pos += size) {
        ++step;
        streaming.append(QByteArrayView(text).sliced(pos, qMin(size, text.size() - pos)));
        fullPath.append(QByteArrayView(text).sliced(pos, qMin(size, text.size() - pos)));
        const Update update = streaming.update();
        if (QString problem = apply(update, "update"); !problem.isEmpty())
            return problem;
        fullPath.update();
        if (fullPath.blocks() != streaming.blocks())
            return u"update #%1 (after %2 bytes) differs from the full path\nshown:\n%3\nfull path:\n%4"_s.arg(step)
                .arg(pos + size)
                .arg(json(streaming.blocks()), json(fullPath.blocks()));
        for (size_t k = 0; k < finals.size(); ++k) {
            if (k >= streaming.blocks().size() || !(streaming.blocks()[k] == finals[k]))
                return u"update #%1 (after %2 bytes): block %3 was reported final but changed\nbefore:\n%4\nnow:\n%5"_s
                    .arg(step)
                    .arg(pos + size)
                    .arg(k)
                    .arg(json(finals), json(streaming.blocks()));
        }
        if (update.finalCount < 0 || size_t(update.finalCount) > streaming.blocks().size())
            return u"update #%1: finalCount %2 is outside the %3 blocks"_s.arg(step)
                .arg(update.finalCount)
                .arg(streaming.blocks().size());
        finals.assign(streaming.blocks().begin(), streaming.blocks().begin() + update.finalCount);
    }
    ++step;
    const Update last = streaming.finish();
    if (QString problem = apply(last, "finish()"); !problem.isEmpty())
        return problem;
    const Document streamed = streaming.document();
    const Document oneShot = StreamingMarkdown::parse(text, referenceOptions);
    if (!(streamed == oneShot))
        return u"after finish() the streamed document differs from the one-shot parse\nstreamed:\n%1\none-shot:\n%2"_s
            .arg(json(streamed), json(oneShot));
    return {};
}

} // namespace

class tst_StreamingInvariant : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void detectsBrokenInvariant();
    void suite_data();
    void suite();

private:
    QString m_dataDir;
};

void tst_StreamingInvariant::initTestCase()
{
    m_dataDir = ConformanceData::directory();
}

// The checker itself must be able to fail: a one-shot reference parsed differently (no
// strikethrough) is reported, for every chunking.
void tst_StreamingInvariant::detectsBrokenInvariant()
{
    const QByteArray text = "a ~~b~~ c\n\n- x\n";
    ParseOptions plain;
    plain.extensions = {};
    for (const int chunk : kChunkSizes) {
        QVERIFY(checkStreaming(text, chunk, ParseOptions(), ParseOptions()).isEmpty());
        QVERIFY(checkStreaming(text, chunk, ParseOptions(), plain).contains(u"differs from the one-shot parse"_s));
    }
}

void tst_StreamingInvariant::suite_data()
{
    QTest::addColumn<QString>("file");
    if (m_dataDir.isEmpty()) {
        QTest::newRow("no data") << QString();
        return;
    }
    for (const QString &file : ConformanceData::files(m_dataDir))
        QTest::newRow(qPrintable(file)) << file;
}

void tst_StreamingInvariant::suite()
{
    QFETCH(QString, file);
    if (m_dataDir.isEmpty()) {
        print(ConformanceData::missingMessage());
        QSKIP("CommonMark conformance data not found (see the message above)");
    }
    QString error;
    const std::vector<SpecExample> examples = SpecReader::read(QDir(m_dataDir).filePath(file), file, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(!examples.empty(), qPrintable(file + u": no examples"_s));

    int runs = 0;
    QStringList failures;
    for (const SpecExample &example : examples) {
        const ParseOptions options = ConformanceData::setup(example).options;
        for (const int chunk : kChunkSizes) {
            ++runs;
            const QString problem = checkStreaming(example.markdown, chunk, options, options);
            if (problem.isEmpty())
                continue;
            const QString where = u"%1:%2 chunk size %3"_s.arg(file)
                                      .arg(example.number)
                                      .arg(chunk == kWhole ? u"whole"_s : QString::number(chunk));
            if (failures.size() < kDetailedFailures)
                print(u"=== FAIL "_s + where + u"\ninput (JSON string): "_s
                    + QString::fromUtf8(
                        QJsonDocument(QJsonArray{QString::fromUtf8(example.markdown)}).toJson(QJsonDocument::Compact))
                    + u'\n' + problem);
            failures.append(where);
        }
    }
    print(u"%1: %2/%3 streaming runs hold the invariant (%4 examples x %5 chunkings)"_s.arg(file)
              .arg(runs - failures.size())
              .arg(runs)
              .arg(examples.size())
              .arg(std::size(kChunkSizes)));
    QVERIFY2(failures.isEmpty(), qPrintable(u"\n"_s + failures.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_StreamingInvariant)
#include "tst_streaming_invariant.moc"
