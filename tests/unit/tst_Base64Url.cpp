#include "auth/Base64Url.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::auth;

class tst_Base64Url : public QObject
{
    Q_OBJECT

private slots:
    void knownValues_data();
    void knownValues();
    void randomBytesRoundTrip();
    void refusesWhatIsNotStrictBase64Url_data();
    void refusesWhatIsNotStrictBase64Url();
};

void tst_Base64Url::knownValues_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("text");

    // RFC 4648 §10, with the padding left out.
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("f") << "f"_ba
                       << "Zg"_ba;
    QTest::newRow("fo") << "fo"_ba
                        << "Zm8"_ba;
    QTest::newRow("foo") << "foo"_ba
                         << "Zm9v"_ba;
    QTest::newRow("foob") << "foob"_ba
                          << "Zm9vYg"_ba;
    QTest::newRow("fooba") << "fooba"_ba
                           << "Zm9vYmE"_ba;
    QTest::newRow("foobar") << "foobar"_ba
                            << "Zm9vYmFy"_ba;
    // The two characters that differ from standard Base64.
    QTest::newRow("url alphabet") << "\xfb\xff\xbf"_ba
                                  << "-_-_"_ba;
    // RFC 7515 appendix A.1's header.
    QTest::newRow("jws header") << "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"_ba
                                << "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"_ba;
}

void tst_Base64Url::knownValues()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, text);

    QCOMPARE(Base64Url::encode(bytes), text);
    const std::optional<QByteArray> decoded = Base64Url::decode(text);
    QVERIFY(decoded);
    QCOMPARE(*decoded, bytes);
}

void tst_Base64Url::randomBytesRoundTrip()
{
    QRandomGenerator random(20240607);
    for (int size = 0; size < 300; ++size) {
        QByteArray bytes(size, Qt::Uninitialized);
        for (char &byte : bytes)
            byte = char(random.bounded(256));
        const QByteArray text = Base64Url::encode(bytes);
        // Against Qt's encoder, which shares no code with ours.
        QCOMPARE(text, bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        const std::optional<QByteArray> decoded = Base64Url::decode(text);
        QVERIFY2(decoded, qPrintable(u"size %1"_s.arg(size)));
        QCOMPARE(*decoded, bytes);
    }
}

void tst_Base64Url::refusesWhatIsNotStrictBase64Url_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("padding") << "Zg=="_ba;
    QTest::newRow("one padding character") << "Zm8="_ba;
    QTest::newRow("padding alone") << "="_ba;
    QTest::newRow("one character") << "Z"_ba;
    QTest::newRow("five characters") << "Zm9vY"_ba;
    QTest::newRow("standard plus") << "+/8"_ba;
    QTest::newRow("standard slash") << "ab/c"_ba;
    QTest::newRow("space") << "Zm9v Yg"_ba;
    QTest::newRow("newline") << "Zm9v\nYg"_ba;
    QTest::newRow("trailing newline") << "Zm9v\n"_ba;
    QTest::newRow("dot") << "Zm.9"_ba;
    QTest::newRow("NUL") << QByteArray("Zm\0v", 4);
    QTest::newRow("non-ASCII") << "Zm\xc3\xa9v"_ba;
    // "Zh" and "Zg" would both decode to "f": only the spelling with zero bits is accepted.
    QTest::newRow("unused bits set, 2 chars") << "Zh"_ba;
    QTest::newRow("unused bits set, 3 chars") << "Zm9"_ba; // "Zm8" is "fo"
}

void tst_Base64Url::refusesWhatIsNotStrictBase64Url()
{
    QFETCH(QByteArray, text);
    QVERIFY(!Base64Url::decode(text));
}

QTEST_GUILESS_MAIN(tst_Base64Url)
#include "tst_Base64Url.moc"
