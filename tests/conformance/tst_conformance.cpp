// Runs every example of the CommonMark, GFM and md4c suites through the product's parser
// and compares the document model, written as HTML, with the expected HTML. Every
// difference must be listed in expected-differences.txt with a reason that really
// explains it; an unlisted difference, a listed example that now passes, or a listed
// reason that does not explain the difference fails the test.
//
// STREAMCANVAS_CONFORMANCE_PRINT=1 prints every unlisted difference with its input,
// expected and actual HTML and a suggested category, to review before listing it.

#include "ConformanceData.h"
#include "ExpectedDifferences.h"
#include "HtmlNormaliser.h"
#include "HtmlSerializer.h"
#include "Md4cReference.h"
#include "SpecReader.h"
#include "markdown/LinkSafety.h"
#include "markdown/StreamingMarkdown.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <cstdio>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using namespace streamcanvas::conformance;
using namespace streamcanvas::markdown;

namespace {

void print(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QString indented(const QString &text)
{
    QString out;
    for (const QString &line : text.split(u'\n'))
        out += u"    | "_s + line + u'\n';
    return out;
}

// One example parsed and written both ways, with md4c's own output to judge the cause.
class Comparison
{
public:
    explicit Comparison(const SpecExample &example)
        : m_example(example)
        , m_setup(ConformanceData::setup(example))
    {
        m_document = StreamingMarkdown::parse(example.markdown, m_setup.options);
        m_actualHtml = HtmlSerializer::toHtml(m_document.blocks);
        m_expected = HtmlNormaliser::normalise(QString::fromUtf8(example.html));
        m_actual = HtmlNormaliser::normalise(m_actualHtml);
    }

    // cmark-gfm's "<IGNORE>" examples only check that the parser survives the input.
    bool passes() const { return m_actual == m_expected || m_example.html.trimmed().toLower() == "<ignore>"; }
    const QString &actualHtml() const { return m_actualHtml; }
    const ExampleSetup &setup() const { return m_setup; }

    // Returns an empty string when `category` explains the difference, else why not.
    QString explain(const QString &category)
    {
        if (category == u"missing-extension")
            return m_setup.unsupported.isEmpty() ? u"the example needs no missing extension"_s : QString();
        if (category == u"unsafe-link")
            return lenient() == m_expected ? QString() : u"it still differs with every link written as <a>"_s;
        if (category == u"flat-marks") {
            return flat(lenient()) == flat(m_expected) ? QString() : u"it still differs with nested marks flattened"_s;
        }
        if (category == u"visible-controls")
            return m_document.hiddenCharacters > 0 ? QString() : u"no hidden character was made visible"_s;
        if (category == u"image-placeholder")
            return m_example.html.contains("<img") ? QString() : u"the expected HTML has no image"_s;
        if (category == u"raw-html") {
            if (md4c() != m_expected)
                return u"md4c 0.4.8 with raw HTML does not print the expected HTML either"_s;
            if (md4cAsText() == md4c())
                return u"md4c prints the same without raw HTML"_s;
            if (lenient() == md4cAsText() || flat(lenient()) == flat(md4cAsText()))
                return {};
            return u"the model differs from md4c's own raw-HTML-as-text output"_s;
        }
        if (category == u"link-whitespace") {
            // Destinations drop tabs and line breaks on purpose, as a browser does.
            QString reference = md4cAsText();
            reference.remove(u"%0A"_s).remove(u"%0D"_s).remove(u"%09"_s);
            if (reference == md4cAsText())
                return u"md4c's destinations hold no tab or line break"_s;
            return lenient() == reference ? QString() : u"it still differs with tabs and line breaks dropped"_s;
        }
        if (category == u"md4c-0.4.8") {
            if (md4c() == m_expected)
                return u"md4c 0.4.8 prints the expected HTML"_s;
            // md4c's output read as the model reads marks (flat-marks) must match too.
            if (lenient() == md4cAsText() || flat(lenient()) == flat(md4cAsText()))
                return {};
            return u"the model differs from md4c 0.4.8's own output"_s;
        }
        return u"unknown category"_s;
    }

    QString suggestion()
    {
        if (!m_setup.unsupported.isEmpty())
            return u"missing-extension"_s;
        for (const QString &category :
            {u"unsafe-link"_s, u"flat-marks"_s, u"md4c-0.4.8"_s, u"raw-html"_s, u"visible-controls"_s}) {
            if (explain(category).isEmpty())
                return category;
        }
        return u"CORE-BUG?"_s;
    }

    // A first draft of the reason for a list entry; md4c-0.4.8 reasons need a person.
    QString draftReason(const QString &category) const
    {
        if (category == u"missing-extension")
            return u"needs "_s + m_setup.unsupported.join(u", "_s) + u", which md4c 0.4.8 or the product lacks"_s;
        if (category == u"unsafe-link") {
            QStringList hrefs;
            collectUnsafe(m_document.blocks, hrefs);
            hrefs.removeDuplicates();
            QStringList why;
            for (const QString &href : std::as_const(hrefs)) {
                const QString scheme = LinkSafety::scheme(href);
                const QString quoted = u'"' + href.left(40) + u'"';
                if (scheme.isEmpty())
                    why.append(quoted + u" has no scheme"_s);
                else if (!m_setup.options.allowedLinkSchemes.contains(scheme))
                    why.append(quoted + u": scheme "_s + scheme + u" not allowed"_s);
                else
                    why.append(quoted + u": not a valid "_s + scheme + u" URL in strict parsing"_s);
            }
            return u"destination "_s + why.join(u"; "_s);
        }
        if (category == u"raw-html") {
            // The first thing in the input that reads as a whole tag, comment or declaration.
            static const QRegularExpression tag(
                u"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\\s[^<>]*)?/?>|!--.*?-->|\\?.*?\\?>|![A-Z]+[^>]*>|!\\[CDATA\\[)"_s,
                QRegularExpression::DotMatchesEverythingOption);
            QString html = tag.match(QString::fromUtf8(m_example.markdown)).captured(0).simplified();
            if (html.size() > 40)
                html = html.left(37) + u"..."_s;
            return u"raw HTML "_s + (html.isEmpty() ? QString() : html + u' ') + u"is shown as text"_s;
        }
        if (category == u"flat-marks")
            return u"nested same marks (e.g. <em> in <em>) are one mark in the model"_s;
        if (category == u"visible-controls")
            return u"hidden characters are made visible"_s;
        return u"REVIEW: "_s + m_example.section;
    }

    QString details()
    {
        return u"  input:\n"_s + indented(QString::fromUtf8(m_example.markdown)) + u"  expected:\n"_s
            + indented(QString::fromUtf8(m_example.html)) + u"  actual:\n"_s + indented(m_actualHtml)
            + u"  expected (normalised):\n"_s + indented(m_expected) + u"  actual (normalised):\n"_s
            + indented(m_actual) + u"  md4c 0.4.8, raw HTML as text (normalised):\n"_s + indented(md4cAsText());
    }

private:
    static void collectUnsafe(const Blocks &blocks, QStringList &hrefs)
    {
        const std::function<void(const Inlines &)> inlines = [&](const Inlines &runs) {
            for (const Inline &run : runs) {
                if (run.kind == Inline::Kind::Link && !run.safe)
                    hrefs.append(run.href);
                inlines(run.children);
            }
        };
        for (const Block &block : blocks) {
            inlines(block.inlines);
            for (const auto &row : block.rows) {
                for (const Inlines &cell : row)
                    inlines(cell);
            }
            collectUnsafe(block.children, hrefs);
        }
    }
    static QString flat(const QString &normalised)
    {
        return HtmlNormaliser::normalise(normalised, HtmlNormaliser::Nesting::Flatten);
    }
    const QString &lenient()
    {
        if (!m_lenient)
            m_lenient
                = HtmlNormaliser::normalise(HtmlSerializer::toHtml(m_document.blocks, HtmlSerializer::Links::All));
        return *m_lenient;
    }
    const QString &md4c()
    {
        if (!m_md4c)
            m_md4c = HtmlNormaliser::normalise(
                Md4cReference::toHtml(m_example.markdown, m_setup.options.extensions, Md4cReference::RawHtml::Allowed));
        return *m_md4c;
    }
    const QString &md4cAsText()
    {
        if (!m_md4cAsText)
            m_md4cAsText = HtmlNormaliser::normalise(
                Md4cReference::toHtml(m_example.markdown, m_setup.options.extensions, Md4cReference::RawHtml::AsText));
        return *m_md4cAsText;
    }

    const SpecExample &m_example;
    ExampleSetup m_setup;
    Document m_document;
    QString m_actualHtml;
    QString m_expected;
    QString m_actual;
    std::optional<QString> m_lenient;
    std::optional<QString> m_md4c;
    std::optional<QString> m_md4cAsText;
};

} // namespace

class tst_Conformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void normaliserTreatsEquivalentHtmlAlike_data();
    void normaliserTreatsEquivalentHtmlAlike();
    void normaliserKeepsDifferencesApart();
    void serializerRebuildsNesting();
    void serializerHidesUnsafeLinks();
    void readerParsesExamples();
    void suite_data();
    void suite();
    void listNamesOnlyExistingExamples();

private:
    QString m_dataDir;
    ExpectedDifferences m_list;
    bool m_print = false;
};

void tst_Conformance::initTestCase()
{
    m_print = qEnvironmentVariableIntValue("STREAMCANVAS_CONFORMANCE_PRINT") != 0;
    QStringList errors;
    m_list.load(QStringLiteral(STREAMCANVAS_EXPECTED_DIFFERENCES), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    m_dataDir = ConformanceData::directory();
}

void tst_Conformance::normaliserTreatsEquivalentHtmlAlike_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("breaks") << u"<p>a<br />\nb</p>"_s << u"<p>a<br>b</p>"_s;
    QTest::newRow("block whitespace") << u"<ul>\n<li>a</li>\n</ul>\n"_s << u"<ul><li>a</li></ul>"_s;
    QTest::newRow("attribute order") << u"<a title=\"t\" href=\"/u\">x</a>"_s << u"<a href=\"/u\" title=\"t\">x</a>"_s;
    QTest::newRow("entities") << u"<p>&quot;&#34;&#x22;&amp;&lt;</p>"_s << u"<p>\"\"\"&amp;&lt;</p>"_s;
    QTest::newRow("url forms") << u"<a href=\"/f%C3%B6%20o\">x</a>"_s << u"<a href=\"/f\u00f6 o\">x</a>"_s;
    QTest::newRow("task items") << u"<li><input disabled=\"\" type=\"checkbox\"> foo</li>"_s
                                << u"<li class=\"task-list-item\"><input type=\"checkbox\" "
                                   "class=\"task-list-item-checkbox\" disabled>foo</li>"_s;
    QTest::newRow("same-extent nesting") << u"<p><em><strong>a</strong></em></p>"_s
                                         << u"<p><strong><em>a</em></strong></p>"_s;
}

void tst_Conformance::normaliserTreatsEquivalentHtmlAlike()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QCOMPARE(HtmlNormaliser::normalise(a), HtmlNormaliser::normalise(b));
}

void tst_Conformance::normaliserKeepsDifferencesApart()
{
    const auto differ = [](const QString &a, const QString &b) {
        return HtmlNormaliser::normalise(a) != HtmlNormaliser::normalise(b);
    };
    QVERIFY(differ(u"<pre><code>a  b</code></pre>"_s, u"<pre><code>a b</code></pre>"_s));
    QVERIFY(differ(u"<p>a  b</p>"_s, u"<p>ab</p>"_s));
    QVERIFY(differ(u"<p><em>a</em>b</p>"_s, u"<p><em>ab</em></p>"_s));
    QVERIFY(differ(u"<p><em>a<strong>b</strong></em></p>"_s, u"<p><strong><em>a</em>b</strong></p>"_s));
    QVERIFY(differ(u"<p>&lt;b&gt;</p>"_s, u"<p><b></p>"_s));
    QVERIFY(differ(u"<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> a</li>"_s,
        u"<li><input disabled=\"\" type=\"checkbox\"> a</li>"_s));
}

void tst_Conformance::serializerRebuildsNesting()
{
    const Document document = StreamingMarkdown::parse("*a **b** c* and ***d***\n\n- x\n- y\n\n1. p\n\n2. q\n", {});
    QCOMPARE(HtmlNormaliser::normalise(HtmlSerializer::toHtml(document.blocks)),
        HtmlNormaliser::normalise(u"<p><em>a <strong>b</strong> c</em> and <em><strong>d</strong></em></p>"
                                  "<ul><li>x</li><li>y</li></ul><ol><li><p>p</p></li><li><p>q</p></li></ol>"_s));
}

void tst_Conformance::serializerHidesUnsafeLinks()
{
    const Document document = StreamingMarkdown::parse("[a](https://e.example/?x=1&y) [b](javascript:alert(1))", {});
    QCOMPARE(HtmlSerializer::toHtml(document.blocks), u"<p><a href=\"https://e.example/?x=1&amp;y\">a</a> b</p>\n"_s);
    QCOMPARE(HtmlSerializer::toHtml(document.blocks, HtmlSerializer::Links::All),
        u"<p><a href=\"https://e.example/?x=1&amp;y\">a</a> <a href=\"javascript:alert(1)\">b</a></p>\n"_s);
}

void tst_Conformance::readerParsesExamples()
{
    const QByteArray fence(32, '`');
    const QByteArray text = "# Tables\n\n" + fence + " example\na\xE2\x86\x92|b\n.\n<p>x</p>\n.\n--ftables\n" + fence
        + "\n\n## Other\n\n" + fence + " example table\n.\n.\n" + fence + "\n";
    const std::vector<SpecExample> examples = SpecReader::parse(text, u"t.txt"_s);
    QCOMPARE(examples.size(), size_t(2));
    QCOMPARE(examples[0].number, 1);
    QCOMPARE(examples[0].section, u"Tables"_s);
    QCOMPARE(examples[0].markdown, QByteArray("a\t|b\n"));
    QCOMPARE(examples[0].html, QByteArray("<p>x</p>\n"));
    QCOMPARE(examples[0].flags, QStringList{u"--ftables"_s});
    QCOMPARE(examples[1].number, 2);
    QCOMPARE(examples[1].section, u"Other"_s);
    QCOMPARE(examples[1].info, QStringList{u"table"_s});
    QVERIFY(examples[1].markdown.isEmpty());
    QCOMPARE(ConformanceData::setup(examples[1]).options.extensions, Extensions(Extension::Tables));
}

void tst_Conformance::suite_data()
{
    QTest::addColumn<QString>("file");
    if (m_dataDir.isEmpty()) {
        QTest::newRow("no data") << QString();
        return;
    }
    for (const QString &file : ConformanceData::files(m_dataDir))
        QTest::newRow(qPrintable(file)) << file;
}

void tst_Conformance::suite()
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

    int passed = 0;
    int listed = 0;
    QStringList failures;
    QStringList candidates;
    for (const SpecExample &example : examples) {
        Comparison comparison(example);
        const QString key = ExpectedDifferences::key(file, example.number);
        const ExpectedDifferences::Entry *entry = m_list.find(key);
        if (comparison.passes()) {
            ++passed;
            if (entry)
                failures.append(
                    key + u": listed as "_s + entry->category + u" but now passes; remove it from the list"_s);
            continue;
        }
        if (entry) {
            ++listed;
            const QString why = comparison.explain(entry->category);
            if (!why.isEmpty()) {
                failures.append(key + u": listed as "_s + entry->category + u", which does not explain it: "_s + why);
                if (m_print)
                    print(u"--- "_s + key + u" listed as "_s + entry->category + u" (" + why + u")\n"_s
                        + comparison.details());
            }
            continue;
        }
        const QString suggestion = comparison.suggestion();
        failures.append(key + u" (" + example.section + u"): unlisted difference, looks like "_s + suggestion);
        candidates.append(key + u"  "_s + suggestion + u"  "_s + comparison.draftReason(suggestion));
        if (m_print)
            print(u"--- "_s + key + u" (" + example.section + u", line "_s + QString::number(example.line)
                + u") suggested: "_s + suggestion + u'\n' + comparison.details());
    }
    print(file + u": "_s + QString::number(passed) + u'/' + QString::number(examples.size()) + u" pass, "_s
        + QString::number(listed) + u" listed differences"_s);
    if (m_print && !candidates.isEmpty())
        print(u"candidate list entries for "_s + file + u":\n"_s + candidates.join(u'\n'));
    QVERIFY2(failures.isEmpty(),
        qPrintable(u"\n"_s + failures.join(u'\n') + u"\n(run with STREAMCANVAS_CONFORMANCE_PRINT=1 for details)"_s));
}

void tst_Conformance::listNamesOnlyExistingExamples()
{
    if (m_dataDir.isEmpty()) {
        print(ConformanceData::missingMessage());
        QSKIP("CommonMark conformance data not found (see the message above)");
    }
    QSet<QString> existing;
    for (const QString &file : ConformanceData::files(m_dataDir)) {
        for (const SpecExample &example : SpecReader::read(QDir(m_dataDir).filePath(file), file, nullptr))
            existing.insert(ExpectedDifferences::key(file, example.number));
    }
    QStringList unknown;
    for (const QString &key : m_list.keys()) {
        if (!existing.contains(key))
            unknown.append(key);
    }
    QVERIFY2(unknown.isEmpty(), qPrintable(u"listed but no such example: "_s + unknown.join(u", "_s)));
}

QTEST_GUILESS_MAIN(tst_Conformance)
#include "tst_conformance.moc"
