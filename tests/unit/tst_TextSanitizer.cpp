#include "markdown/TextSanitizer.h"

#include <QTest>

using namespace streamcanvas::markdown;

class tst_TextSanitizer : public QObject
{
    Q_OBJECT

private slots:
    void hiddenCharactersBecomeVisible_data();
    void hiddenCharactersBecomeVisible();
    void invalidUtf8AndNulBecomeReplacementCharacters();
    void ordinaryTextIsUntouched();
    void emojiJoinersAreKept();
};

void tst_TextSanitizer::hiddenCharactersBecomeVisible_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("hidden");

    QTest::newRow("right-to-left override") << QByteArray("abc\xE2\x80\xAE"
                                                          "def")
                                            << u"abc\u27E8U+202E\u27E9def"_qs << 1;
    QTest::newRow("bidi isolate") << QByteArray("\xE2\x81\xA6x\xE2\x81\xA9")
                                  << u"\u27E8U+2066\u27E9x\u27E8U+2069\u27E9"_qs << 2;
    QTest::newRow("zero width space") << QByteArray("pay\xE2\x80\x8Bpal") << u"pay\u27E8U+200B\u27E9pal"_qs << 1;
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBFx") << u"\u27E8U+FEFF\u27E9x"_qs << 1;
    QTest::newRow("word joiner") << QByteArray("a\xE2\x81\xA0"
                                               "b")
                                 << u"a\u27E8U+2060\u27E9b"_qs << 1;
    QTest::newRow("tag characters") << QByteArray("x\xF3\xA0\x81\x81\xF3\xA0\x81\xBF")
                                    << u"x\u27E8U+E0041\u27E9\u27E8U+E007F\u27E9"_qs << 2;
    QTest::newRow("escape sequence") << QByteArray("\x1B[31mred") << u"\u241B[31mred"_qs << 1;
    QTest::newRow("bell and backspace") << QByteArray("a\x07\x08") << u"a\u2407\u2408"_qs << 2;
    QTest::newRow("carriage return") << QByteArray("a\rb") << u"a\u240Db"_qs << 1;
    QTest::newRow("delete") << QByteArray("a\x7F") << u"a\u2421"_qs << 1;
    QTest::newRow("C1 control") << QByteArray("a\xC2\x85"
                                              "b")
                                << u"a\u27E8U+0085\u27E9b"_qs << 1;
    QTest::newRow("tab and newline stay") << QByteArray("a\tb\nc") << u"a\tb\nc"_qs << 0;
}

void tst_TextSanitizer::hiddenCharactersBecomeVisible()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    QFETCH(int, hidden);
    int counted = 0;
    QCOMPARE(TextSanitizer::fromUtf8(input, &counted), expected);
    QCOMPARE(counted, hidden);
}

void tst_TextSanitizer::invalidUtf8AndNulBecomeReplacementCharacters()
{
    int hidden = 0;
    const QString text = TextSanitizer::fromUtf8(QByteArray(QByteArray("a\xFF"
                                                                       "b\xC3",
                                                                4)
                                                     + QByteArray(1, '\0') + "c"),
        &hidden);
    QCOMPARE(text, u"a\uFFFDb\uFFFD\uFFFDc"_qs);
    QCOMPARE(hidden, 0);
    QString lone(u"x"_qs);
    lone.append(QChar(char16_t(0xD800)));
    TextSanitizer::sanitize(lone);
    QCOMPARE(lone, u"x\uFFFD"_qs);
}

void tst_TextSanitizer::ordinaryTextIsUntouched()
{
    const QString text = u"Grüße, 世界, שלום, مرحبا — ok 👍"_qs;
    QString copy = text;
    QCOMPARE(TextSanitizer::sanitize(copy), 0);
    QCOMPARE(copy, text);
}

void tst_TextSanitizer::emojiJoinersAreKept()
{
    QString family = u"\U0001F469\u200D\U0001F4BB"_qs; // woman technologist
    QCOMPARE(TextSanitizer::sanitize(family), 0);
    QCOMPARE(family, u"\U0001F469\u200D\U0001F4BB"_qs);
    QString between = u"a\u200Db"_qs; // a joiner between letters hides nothing useful
    QCOMPARE(TextSanitizer::sanitize(between), 1);
    QCOMPARE(between, u"a\u27E8U+200D\u27E9b"_qs);
}

QTEST_GUILESS_MAIN(tst_TextSanitizer)
#include "tst_TextSanitizer.moc"
