#include "markdown/DocumentJson.h"
#include "markdown/StreamingMarkdown.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace streamcanvas::markdown;

namespace {

struct Result {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result runCli(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.setProgram(QStringLiteral(STREAMCANVAS_CLI));
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted()) {
        qWarning("cannot start %s", STREAMCANVAS_CLI);
        return {};
    }
    process.write(input);
    process.closeWriteChannel();
    // Generous: chunk size 1 under the sanitizers is slow.
    if (!process.waitForFinished(240'000) || process.exitStatus() != QProcess::NormalExit) {
        qWarning("streamcanvas-cli did not finish normally: %s", process.readAllStandardError().constData());
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QString samplePath(const QString &name)
{
    return QStringLiteral(STREAMCANVAS_SAMPLES_DIR) + u'/' + name;
}

QByteArray readSample(const QString &name)
{
    QFile file(samplePath(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read sample %s", qPrintable(file.fileName()));
    return file.readAll();
}

// Characters a reader cannot see (or that reorder or recolour what they see) and that must
// therefore never reach the output raw.
bool isHidden(char32_t c)
{
    if (c < 0x20)
        return c != u'\n' && c != u'\t';
    return (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x180e || (c >= 0x200b && c <= 0x200f)
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff
        || (c >= 0xe0000 && c <= 0xe007f);
}

QString firstHidden(const QString &text)
{
    for (char32_t c : text.toUcs4()) {
        if (isHidden(c))
            return u"U+"_s + QString::number(uint(c), 16).toUpper();
    }
    return {};
}

// Every string (keys excluded) anywhere in a JSON value.
void collectStrings(const QJsonValue &value, QStringList &strings)
{
    if (value.isString()) {
        strings.append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectStrings(item, strings);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectStrings(it.value(), strings);
    }
}

// Every object (block or inline run) in the document, depth first.
void collectObjects(const QJsonValue &value, QList<QJsonObject> &objects)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectObjects(item, objects);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        objects.append(object);
        for (auto it = object.begin(); it != object.end(); ++it)
            collectObjects(it.value(), objects);
    }
}

QJsonObject parseJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qWarning("not a JSON object: %s", qPrintable(error.errorString()));
    return document.object();
}

// The scheme as a browser would act on it: controls and whitespace dropped, percent-escapes
// decoded, lower case. Deliberately independent of LinkSafety.
QString browserScheme(const QString &href)
{
    QString compact;
    for (QChar c : href) {
        if (c.unicode() > 0x20)
            compact += c;
    }
    const QString decoded = QUrl::fromPercentEncoding(compact.toUtf8()).toLower();
    const qsizetype colon = decoded.indexOf(u':');
    return colon < 0 ? QString() : decoded.left(colon);
}

} // namespace

class tst_RenderCommand : public QObject
{
    Q_OBJECT

private slots:
    void usageErrors_data();
    void usageErrors();
    void help_data();
    void help();
    void jsonMatchesOneShotParse_data();
    void jsonMatchesOneShotParse();
    void jsonHasDocumentedFields();
    void unsafeLinksAreNotOffered();
    void textShowsDestinationsAndImageHosts();
    void hiddenCharactersAreVisibleTokens_data();
    void hiddenCharactersAreVisibleTokens();
    void textNoticesGoToStderr();
    void chunkSizeDoesNotChangeOutput_data();
    void chunkSizeDoesNotChangeOutput();
    void standardInput();
    void emptyInput();
    void outputFailure();

private:
    QTemporaryDir m_dir;
};

void tst_RenderCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");

    const QString sample = samplePath(u"sample-answer.md"_s);
    QTest::newRow("no command") << QStringList{} << u"no command"_s;
    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("help for unknown command") << QStringList{u"help"_s, u"frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("unknown top-level option") << QStringList{u"--bogus"_s, u"render"_s} << u"bogus"_s;
    QTest::newRow("unknown option") << QStringList{u"render"_s, u"--bogus"_s, sample} << u"bogus"_s;
    QTest::newRow("chunk size 0") << QStringList{u"render"_s, u"--chunk-size"_s, u"0"_s, sample} << u"chunk-size"_s;
    QTest::newRow("chunk size negative") << QStringList{u"render"_s, u"--chunk-size=-5"_s, sample} << u"-5"_s;
    QTest::newRow("chunk size text") << QStringList{u"render"_s, u"--chunk-size"_s, u"abc"_s, sample} << u"abc"_s;
    QTest::newRow("chunk size fraction") << QStringList{u"render"_s, u"--chunk-size=1.5"_s, sample} << u"1.5"_s;
    QTest::newRow("chunk size empty") << QStringList{u"render"_s, u"--chunk-size="_s, sample} << u"chunk-size"_s;
    QTest::newRow("chunk size missing") << QStringList{u"render"_s, u"--chunk-size"_s} << u"chunk-size"_s;
    QTest::newRow("unknown format") << QStringList{u"render"_s, u"--format"_s, u"xml"_s, sample} << u"xml"_s;
    QTest::newRow("format case") << QStringList{u"render"_s, u"--format=JSON"_s, sample} << u"JSON"_s;
    QTest::newRow("two files") << QStringList{u"render"_s, sample, sample} << u"at most one"_s;
    const QString missing = m_dir.filePath(u"no-such-answer.md"_s);
    QTest::newRow("missing file") << QStringList{u"render"_s, missing} << missing;
    // A directory cannot be read as a file, whoever runs the test (root ignores modes).
    QTest::newRow("unreadable file") << QStringList{u"render"_s, m_dir.path()} << m_dir.path();
}

void tst_RenderCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);

    const Result result = runCli(arguments, "# input that must not be rendered\n");
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QByteArray());
    const QString err = QString::fromUtf8(result.err);
    QVERIFY2(err.contains(mentions), qPrintable(err));
    QVERIFY2(err.contains(u"--help"_s), qPrintable(err));
}

void tst_RenderCommand::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("--help") << QStringList{u"--help"_s} << QStringList{u"Usage: streamcanvas-cli"_s, u"render"_s};
    QTest::newRow("help") << QStringList{u"help"_s} << QStringList{u"Usage: streamcanvas-cli"_s, u"render"_s};
    const QStringList renderHelp{u"Usage: streamcanvas-cli render"_s, u"--chunk-size"_s, u"--format"_s, u"json|text"_s};
    QTest::newRow("render --help") << QStringList{u"render"_s, u"--help"_s} << renderHelp;
    QTest::newRow("render -h") << QStringList{u"render"_s, u"-h"_s} << renderHelp;
    QTest::newRow("help render") << QStringList{u"help"_s, u"render"_s} << renderHelp;
    QTest::newRow("--version") << QStringList{u"--version"_s} << QStringList{u"streamcanvas-cli "_s};
}

void tst_RenderCommand::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, mentions);

    const Result result = runCli(arguments);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QByteArray());
    const QString out = QString::fromUtf8(result.out);
    for (const QString &mention : mentions)
        QVERIFY2(out.contains(mention), qPrintable(out));
}

void tst_RenderCommand::jsonMatchesOneShotParse_data()
{
    QTest::addColumn<QString>("sample");
    QTest::newRow("sample") << u"sample-answer.md"_s;
    QTest::newRow("hostile") << u"hostile-answer.md"_s;
}

void tst_RenderCommand::jsonMatchesOneShotParse()
{
    QFETCH(QString, sample);

    // The CLI streams in small chunks; the result must be the model of the whole text.
    const Result result
        = runCli({u"render"_s, u"--format"_s, u"json"_s, u"--chunk-size"_s, u"5"_s, samplePath(sample)});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QByteArray());
    const QJsonObject expected = DocumentJson::toJson(StreamingMarkdown::parse(readSample(sample)));
    QCOMPARE(parseJson(result.out), expected);
}

void tst_RenderCommand::jsonHasDocumentedFields()
{
    const Result result = runCli({u"render"_s, u"--format=json"_s, samplePath(u"sample-answer.md"_s)});
    QCOMPARE(result.exitCode, 0);
    const QJsonObject document = parseJson(result.out);
    QVERIFY(document.value(u"blocks").isArray());
    QVERIFY(document.value(u"notices").isArray());
    QVERIFY(document.value(u"hiddenCharacters").isDouble());

    const QSet<QString> inlineTypes{u"text"_s, u"link"_s, u"image"_s, u"softbreak"_s, u"hardbreak"_s};
    const QSet<QString> markNames{
        u"strong"_s, u"emphasis"_s, u"code"_s, u"strike"_s, u"underline"_s, u"math"_s, u"display_math"_s};
    QSet<QString> seen;
    QList<QJsonObject> objects;
    collectObjects(document.value(u"blocks"), objects);
    for (const QJsonObject &object : std::as_const(objects)) {
        const QString type = object.value(u"type").toString();
        QVERIFY2(!type.isEmpty(), QJsonDocument(object).toJson().constData());
        seen.insert(type);
        for (const QJsonValue &mark : object.value(u"marks").toArray())
            QVERIFY2(markNames.contains(mark.toString()), qPrintable(mark.toString()));

        if (type == u"paragraph") {
            QVERIFY(object.value(u"inlines").isArray());
        } else if (type == u"heading") {
            const int level = object.value(u"level").toInt();
            QVERIFY(level >= 1 && level <= 6);
            QVERIFY(object.value(u"inlines").isArray());
        } else if (type == u"code_block") {
            QVERIFY(object.value(u"lang").isString());
            QVERIFY(object.value(u"code").isString());
        } else if (type == u"quote") {
            QVERIFY(object.value(u"children").isArray());
        } else if (type == u"list") {
            QVERIFY(object.value(u"ordered").isBool());
            QVERIFY(object.value(u"tight").isBool());
            QCOMPARE(object.contains(u"start"), object.value(u"ordered").toBool());
            for (const QJsonValue &item : object.value(u"items").toArray())
                QCOMPARE(item.toObject().value(u"type").toString(), u"item"_s);
        } else if (type == u"item") {
            const QString task = object.value(u"task").toString();
            QVERIFY2(task == u"none" || task == u"open" || task == u"done", qPrintable(task));
            QVERIFY(object.value(u"children").isArray());
        } else if (type == u"table") {
            const QJsonArray alignments = object.value(u"alignments").toArray();
            for (const QJsonValue &alignment : alignments) {
                const QString name = alignment.toString();
                QVERIFY(name == u"default" || name == u"left" || name == u"center" || name == u"right");
            }
            const QJsonArray header = object.value(u"header").toArray();
            QCOMPARE(header.size(), 1);
            QJsonArray rows = object.value(u"rows").toArray();
            rows.prepend(header.first());
            for (const QJsonValue &row : std::as_const(rows))
                QCOMPARE(row.toArray().size(), alignments.size());
        } else if (type == u"link") {
            QVERIFY(object.value(u"href").isString());
            QVERIFY(object.value(u"safe").isBool());
            QVERIFY(object.value(u"children").isArray());
        } else if (type == u"image") {
            QVERIFY(object.value(u"alt").isString());
            QVERIFY(object.value(u"src").isString());
            QVERIFY(object.value(u"host").isString());
        } else if (type == u"text") {
            QVERIFY(object.value(u"text").isString());
        } else {
            QVERIFY2(inlineTypes.contains(type) || type == u"thematic_break", qPrintable(type));
        }
    }
    // The bundled sample shows every kind of block a typical answer has.
    for (const QString &type : {u"heading"_s, u"paragraph"_s, u"list"_s, u"item"_s, u"code_block"_s, u"quote"_s,
             u"table"_s, u"thematic_break"_s, u"link"_s, u"text"_s}) {
        QVERIFY2(seen.contains(type), qPrintable(type));
    }
}

void tst_RenderCommand::unsafeLinksAreNotOffered()
{
    const Result result = runCli({u"render"_s, u"--format=json"_s, samplePath(u"hostile-answer.md"_s)});
    QCOMPARE(result.exitCode, 0);
    QList<QJsonObject> objects;
    collectObjects(parseJson(result.out).value(u"blocks"), objects);

    const QSet<QString> allowed{u"https"_s, u"http"_s, u"mailto"_s};
    int blocked = 0;
    bool normalLinkOffered = false;
    for (const QJsonObject &object : std::as_const(objects)) {
        if (object.value(u"type").toString() != u"link")
            continue;
        const QString href = object.value(u"href").toString();
        if (object.value(u"safe").toBool())
            QVERIFY2(allowed.contains(browserScheme(href)), qPrintable(href));
        else
            ++blocked;
        normalLinkOffered |= href == u"https://example.com/releases/2.4" && object.value(u"safe").toBool();
    }
    QVERIFY(normalLinkOffered);
    QVERIFY2(blocked > 0, "the hostile sample has dangerous links that must show up as blocked");
}

void tst_RenderCommand::textShowsDestinationsAndImageHosts()
{
    const Result result = runCli({u"render"_s, u"--format"_s, u"text"_s, samplePath(u"hostile-answer.md"_s)});
    QCOMPARE(result.exitCode, 0);
    const QString text = QString::fromUtf8(result.out);

    QVERIFY2(text.contains(u"the release notes <https://example.com/releases/2.4>"_s), qPrintable(text));
    QVERIFY2(text.contains(u"[image: build status \u2014 tracker.example.net]"_s), qPrintable(text));
    QVERIFY2(text.contains(u"[image: quarterly chart \u2014 cdn.example.org]"_s), qPrintable(text));
    // An image shows its host only: the exfiltrating query string is not repeated.
    QVERIFY(!text.contains(u"hunter2"_s));
    // A dangerous destination is never presented as a link.
    for (const QString &scheme : {u"<javascript:"_s, u"<data:"_s, u"<file:"_s, u"<vbscript:"_s})
        QVERIFY2(!text.contains(scheme, Qt::CaseInsensitive), qPrintable(scheme));
    // Raw HTML is literal text, not markup that vanished.
    QVERIFY(text.contains(u"<script>"_s));
    QVERIFY(text.contains(u"<iframe"_s));
}

void tst_RenderCommand::hiddenCharactersAreVisibleTokens_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json") << u"json"_s;
    QTest::newRow("text") << u"text"_s;
}

void tst_RenderCommand::hiddenCharactersAreVisibleTokens()
{
    QFETCH(QString, format);

    const QByteArray source = readSample(u"hostile-answer.md"_s);
    QVERIFY(source.contains("\xe2\x80\xae")); // U+202E
    QVERIFY(source.contains('\x1b'));

    const Result result = runCli({u"render"_s, u"--format"_s, format, samplePath(u"hostile-answer.md"_s)});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(!result.out.contains('\x1b'));
    QVERIFY(!result.out.contains("\xe2\x80\xae"));

    QStringList strings;
    if (format == u"json") {
        const QJsonObject document = parseJson(result.out);
        QVERIFY(document.value(u"hiddenCharacters").toInt() > 0);
        collectStrings(document, strings);
    } else {
        strings.append(QString::fromUtf8(result.out));
    }
    const QString all = strings.join(u'\n');
    QVERIFY2(firstHidden(all).isEmpty(), qPrintable(firstHidden(all)));
    QVERIFY(all.contains(u"\u27e8U+202E\u27e9"_s));
    QVERIFY(all.contains(u"\u241b[31mred"_s));
}

void tst_RenderCommand::textNoticesGoToStderr()
{
    const Result hostile = runCli({u"render"_s, samplePath(u"hostile-answer.md"_s)});
    QCOMPARE(hostile.exitCode, 0);
    const QString err = QString::fromUtf8(hostile.err);
    QVERIFY2(err.contains(u"notice:"_s), qPrintable(err));
    QVERIFY2(err.contains(u"nested"_s), qPrintable(err));
    QVERIFY2(err.contains(u"hidden character"_s), qPrintable(err));
    QVERIFY(!hostile.out.contains("notice:"));

    const Result json = runCli({u"render"_s, u"--format=json"_s, samplePath(u"hostile-answer.md"_s)});
    QCOMPARE(json.err, QByteArray());
    QVERIFY(parseJson(json.out).value(u"notices").toArray().contains(u"nesting_flattened"_s));

    const Result plain = runCli({u"render"_s, samplePath(u"sample-answer.md"_s)});
    QCOMPARE(plain.exitCode, 0);
    QCOMPARE(plain.err, QByteArray());
}

void tst_RenderCommand::chunkSizeDoesNotChangeOutput_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QString>("format");
    for (const QString &sample : {u"sample-answer.md"_s, u"hostile-answer.md"_s}) {
        for (const QString &format : {u"json"_s, u"text"_s})
            QTest::addRow("%s %s", qPrintable(sample), qPrintable(format)) << sample << format;
    }
}

void tst_RenderCommand::chunkSizeDoesNotChangeOutput()
{
    QFETCH(QString, sample);
    QFETCH(QString, format);

    const QString path = samplePath(sample);
    const QString whole = QString::number(readSample(sample).size());
    const Result reference = runCli({u"render"_s, u"--format"_s, format, u"--chunk-size"_s, whole, path});
    QCOMPARE(reference.exitCode, 0);
    QVERIFY(!reference.out.isEmpty());
    for (const QString &chunk : {u"1"_s, u"7"_s, u"64"_s}) {
        const Result result = runCli({u"render"_s, u"--format"_s, format, u"--chunk-size"_s, chunk, path});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out == reference.out, qPrintable(u"chunk size "_s + chunk));
        QCOMPARE(result.err, reference.err);
    }
}

void tst_RenderCommand::standardInput()
{
    const QString path = samplePath(u"hostile-answer.md"_s);
    const Result fromFile = runCli({u"render"_s, u"--format=json"_s, path});
    QCOMPARE(fromFile.exitCode, 0);

    const Result dash
        = runCli({u"render"_s, u"--format=json"_s, u"--chunk-size=3"_s, u"-"_s}, readSample(u"hostile-answer.md"_s));
    QCOMPARE(dash.exitCode, 0);
    QCOMPARE(dash.out, fromFile.out);

    const Result implicit = runCli({u"render"_s, u"--format=json"_s}, readSample(u"hostile-answer.md"_s));
    QCOMPARE(implicit.exitCode, 0);
    QCOMPARE(implicit.out, fromFile.out);
}

void tst_RenderCommand::emptyInput()
{
    const Result json = runCli({u"render"_s, u"--format=json"_s, u"-"_s}, QByteArray());
    QCOMPARE(json.exitCode, 0);
    const QJsonObject document = parseJson(json.out);
    QVERIFY(document.value(u"blocks").isArray());
    QCOMPARE(document.value(u"blocks").toArray().size(), 0);

    const Result text = runCli({u"render"_s, u"-"_s}, QByteArray());
    QCOMPARE(text.exitCode, 0);
    QCOMPARE(text.out, QByteArray());
}

void tst_RenderCommand::outputFailure()
{
    // A full disk: the answer cannot be written, and the CLI must not claim success.
    if (!QFile::exists(u"/dev/full"_s))
        QSKIP("needs /dev/full");
    QProcess process;
    process.setStandardOutputFile(u"/dev/full"_s);
    process.start(QStringLiteral(STREAMCANVAS_CLI), {u"render"_s, samplePath(u"sample-answer.md"_s)});
    QVERIFY(process.waitForFinished(240'000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(process.readAllStandardError().contains("cannot write"));
}

QTEST_GUILESS_MAIN(tst_RenderCommand)
#include "tst_RenderCommand.moc"
