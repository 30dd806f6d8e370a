#include "markdown/DocumentJson.h"
#include "markdown/DocumentText.h"
#include "markdown/StreamingMarkdown.h"

#include <QJsonArray>
#include <QTest>

using namespace streamcanvas::markdown;

class tst_DocumentText : public QObject
{
    Q_OBJECT

private slots:
    void plainText();
    void json();
};

void tst_DocumentText::plainText()
{
    const Document document = StreamingMarkdown::parse(
        "# Title\n\nGo to [the site](https://example.com) or <https://auto.example>, not "
        "[this](javascript:alert(1)).\n\n"
        "![a chart](https://img.example/c.png)\n\n- [x] done\n- open\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n");
    const QString text = DocumentText::toText(document);
    QVERIFY2(text.contains(u"the site <https://example.com>"_qs), qPrintable(text));
    QVERIFY(text.contains(u"<https://auto.example>"_qs));
    QVERIFY(text.contains(u"this [blocked link: javascript:alert(1)]"_qs));
    QVERIFY(text.contains(u"[image: a chart \u2014 img.example]"_qs));
    QVERIFY(text.contains(u"- [x] done\n- open"_qs));
    QVERIFY(text.contains(u"a | b\n-----\n1 | 2"_qs));
    QVERIFY(text.contains(u"> quoted"_qs));
    const QString idn = DocumentText::toText(StreamingMarkdown::parse("[support](https://\xD0\xB0pple.example/x)"));
    QCOMPARE(idn, u"support <https://xn--pple-43d.example/x>"_qs);
}

void tst_DocumentText::json()
{
    const Document document = StreamingMarkdown::parse("## H\n\n[x](javascript:y) **b**\n\n```sh\nls\n```\n");
    const QJsonObject object = DocumentJson::toJson(document);
    const QJsonArray blocks = object[u"blocks"].toArray();
    QCOMPARE(blocks.size(), 3);
    QCOMPARE(blocks[0][u"type"].toString(), u"heading"_qs);
    QCOMPARE(blocks[0][u"level"].toInt(), 2);
    const QJsonArray inlines = blocks[1][u"inlines"].toArray();
    QCOMPARE(inlines[0][u"type"].toString(), u"link"_qs);
    QCOMPARE(inlines[0][u"safe"].toBool(), false);
    QCOMPARE(inlines[2][u"marks"].toArray().at(0).toString(), u"strong"_qs);
    QCOMPARE(blocks[2][u"type"].toString(), u"code_block"_qs);
    QCOMPARE(blocks[2][u"lang"].toString(), u"sh"_qs);
    QCOMPARE(blocks[2][u"code"].toString(), u"ls\n"_qs);
    QCOMPARE(object[u"notices"].toArray().size(), 0);
}

QTEST_GUILESS_MAIN(tst_DocumentText)
#include "tst_DocumentText.moc"
