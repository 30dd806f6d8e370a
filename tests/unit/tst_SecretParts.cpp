#include "secrets/SecretParts.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::secrets;

class tst_SecretParts : public QObject
{
    Q_OBJECT

private slots:
    void fittingValueIsStoredAsItIs_data();
    void fittingValueIsStoredAsItIs();
    void noLimitNeverSplits();
    void largeValueIsSplitIntoFullParts_data();
    void largeValueIsSplitIntoFullParts();
    void randomValuesRoundTrip();
    void valueThatLooksLikeAHeaderIsNotMistakenForOne_data();
    void valueThatLooksLikeAHeaderIsNotMistakenForOne();
    void tinyLimitIsRaisedToTheMinimum();
    void damagedHeaders_data();
    void damagedHeaders();
    void joinNeedsEveryPart();
    void partsOfTwoValuesDoNotMix();
    void partKeys();

private:
    static QByteArray randomBytes(QRandomGenerator &random, qsizetype size);
    // Checks what any split must satisfy and returns an empty string, or says what is wrong.
    static QString splitProblem(const QByteArray &value, const QList<QByteArray> &parts, qsizetype limit);
};

QByteArray tst_SecretParts::randomBytes(QRandomGenerator &random, qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(random.bounded(256));
    return bytes;
}

QString tst_SecretParts::splitProblem(const QByteArray &value, const QList<QByteArray> &parts, qsizetype limit)
{
    if (parts.isEmpty())
        return u"no parts"_s;
    const qsizetype effective = std::max(limit, SecretParts::minimumPartBytes);
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (parts.at(i).size() > effective)
            return u"part %1 has %2 bytes, more than %3"_s.arg(i).arg(parts.at(i).size()).arg(effective);
        // Every part but the last is full: no more parts than needed.
        if (parts.size() > 1 && i < parts.size() - 1 && parts.at(i).size() != effective)
            return u"part %1 of %2 is not full"_s.arg(i).arg(parts.size());
    }
    if (SecretParts::partCount(parts.first()) != int(parts.size()))
        return u"part 0 does not record %1 parts"_s.arg(parts.size());
    const std::optional<QByteArray> joined = SecretParts::join(parts);
    if (!joined)
        return u"the parts do not join"_s;
    if (*joined != value)
        return u"joined value differs"_s;
    return {};
}

void tst_SecretParts::fittingValueIsStoredAsItIs_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("limit");

    QTest::newRow("empty") << QByteArray() << 2000;
    QTest::newRow("token") << "eyJhbGciOiJSUzI1NiJ9.payload.signature"_ba << 2000;
    QTest::newRow("exactly the limit") << QByteArray(2000, 'x') << 2000;
    QTest::newRow("NUL inside") << "a\0b"_ba << 64;
}

void tst_SecretParts::fittingValueIsStoredAsItIs()
{
    QFETCH(QByteArray, value);
    QFETCH(int, limit);

    const QList<QByteArray> parts = SecretParts::split(value, limit);
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts.first(), value);
    QCOMPARE(SecretParts::partCount(parts.first()), 1);
    QCOMPARE(SecretParts::join(parts), value);
}

void tst_SecretParts::noLimitNeverSplits()
{
    const QByteArray value(1024 * 1024, 'v');
    for (const qsizetype limit : {qsizetype(0), qsizetype(-1)}) {
        const QList<QByteArray> parts = SecretParts::split(value, limit);
        QCOMPARE(parts.size(), 1);
        QCOMPARE(parts.first(), value);
    }
}

void tst_SecretParts::largeValueIsSplitIntoFullParts_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("expectedParts");

    // The header of a value in 2..9 parts is "\0streamcanvas-parts:N/<16 hex digits>\n":
    // 39 bytes.
    QTest::newRow("one byte too many") << 2001 << 2000 << 2;
    QTest::newRow("10 KB in 2,000-byte parts") << 10 * 1024 << 2000 << 6;
    QTest::newRow("fills two parts exactly") << 2 * 2000 - 39 << 2000 << 2;
    QTest::newRow("one byte over two full parts") << 2 * 2000 - 38 << 2000 << 3;
    // 10 parts: the header gains a digit (40 bytes).
    QTest::newRow("ten parts") << 10 * 100 - 40 << 100 << 10;
    QTest::newRow("ten parts and a byte") << 10 * 100 - 39 << 100 << 11;
}

void tst_SecretParts::largeValueIsSplitIntoFullParts()
{
    QFETCH(int, size);
    QFETCH(int, limit);
    QFETCH(int, expectedParts);

    QRandomGenerator random(size);
    const QByteArray value = randomBytes(random, size);
    const QList<QByteArray> parts = SecretParts::split(value, limit);
    QCOMPARE(parts.size(), expectedParts);
    QCOMPARE(splitProblem(value, parts, limit), QString());
}

void tst_SecretParts::randomValuesRoundTrip()
{
    QRandomGenerator random(20240607);
    for (int round = 0; round < 500; ++round) {
        const qsizetype size = random.bounded(12000);
        const qsizetype limit = 40 + random.bounded(3000);
        const QByteArray value = randomBytes(random, size);
        const QList<QByteArray> parts = SecretParts::split(value, limit);
        const QString problem = splitProblem(value, parts, limit);
        if (!problem.isEmpty())
            QFAIL(qPrintable(u"size %1, limit %2: %3"_s.arg(size).arg(limit).arg(problem)));
    }
}

void tst_SecretParts::valueThatLooksLikeAHeaderIsNotMistakenForOne_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("limit");

    const QByteArray fake = "\0streamcanvas-parts:3\nrest"_ba;
    QTest::newRow("small, with a limit") << fake << 2000;
    QTest::newRow("no limit") << fake << 0;
    QTest::newRow("just the magic") << "\0streamcanvas-parts:"_ba << 2000;
    QTest::newRow("large") << fake + QByteArray(5000, 'z') << 2000;
}

void tst_SecretParts::valueThatLooksLikeAHeaderIsNotMistakenForOne()
{
    QFETCH(QByteArray, value);
    QFETCH(int, limit);

    const QList<QByteArray> parts = SecretParts::split(value, limit);
    QVERIFY(parts.first() != value);
    QCOMPARE(SecretParts::partCount(parts.first()), int(parts.size()));
    QCOMPARE(SecretParts::join(parts), value);
}

void tst_SecretParts::tinyLimitIsRaisedToTheMinimum()
{
    const QByteArray value(1000, 'q');
    const QList<QByteArray> parts = SecretParts::split(value, 10);
    QCOMPARE(splitProblem(value, parts, 10), QString());
    QCOMPARE(parts.first().size(), SecretParts::minimumPartBytes);
}

void tst_SecretParts::damagedHeaders_data()
{
    QTest::addColumn<QByteArray>("firstPart");

    const QByteArray digest = "/0123456789abcdef"_ba;
    QTest::newRow("not a number") << "\0streamcanvas-parts:x"_ba + digest + "\ndata"_ba;
    QTest::newRow("zero parts") << "\0streamcanvas-parts:0"_ba + digest + "\ndata"_ba;
    QTest::newRow("negative") << "\0streamcanvas-parts:-2"_ba + digest + "\ndata"_ba;
    QTest::newRow("absurdly many") << "\0streamcanvas-parts:99999999"_ba + digest + "\ndata"_ba;
    QTest::newRow("no digest") << "\0streamcanvas-parts:3\ndata"_ba;
    QTest::newRow("short digest") << "\0streamcanvas-parts:3/0123\ndata"_ba;
    QTest::newRow("no newline") << "\0streamcanvas-parts:3"_ba + digest;
    QTest::newRow("newline far away") << "\0streamcanvas-parts:3"_ba + digest + "0123456789abcdef\n"_ba;
}

void tst_SecretParts::damagedHeaders()
{
    QFETCH(QByteArray, firstPart);

    QCOMPARE(SecretParts::partCount(firstPart), std::nullopt);
    QCOMPARE(SecretParts::join({firstPart}), std::nullopt);
}

void tst_SecretParts::joinNeedsEveryPart()
{
    const QByteArray value(7000, 'w');
    QList<QByteArray> parts = SecretParts::split(value, 2000);
    QCOMPARE(parts.size(), 4);
    QCOMPARE(SecretParts::join(parts.mid(0, 3)), std::nullopt);
    QCOMPARE(SecretParts::join(parts + QList<QByteArray>{"stale"_ba}), std::nullopt);
    QCOMPARE(SecretParts::join({}), std::nullopt);
    // A plain value followed by leftovers is not a plain value.
    QCOMPARE(SecretParts::join({"plain"_ba, "leftover"_ba}), std::nullopt);
}

void tst_SecretParts::partsOfTwoValuesDoNotMix()
{
    // What an interrupted overwrite leaves: the old part 0 with some of the new parts.
    const QByteArray oldValue(5000, 'o');
    QByteArray newValue = oldValue;
    newValue[4000] = 'n';
    const QList<QByteArray> oldParts = SecretParts::split(oldValue, 2000);
    const QList<QByteArray> newParts = SecretParts::split(newValue, 2000);
    QCOMPARE(oldParts.size(), newParts.size());
    QCOMPARE(SecretParts::join({oldParts.at(0), oldParts.at(1), newParts.at(2)}), std::nullopt);
    QCOMPARE(SecretParts::join({newParts.at(0), oldParts.at(1), oldParts.at(2)}), std::nullopt);
    QCOMPARE(SecretParts::join(newParts), newValue);

    QList<QByteArray> tampered = newParts;
    tampered[1][10] = 'x';
    QCOMPARE(SecretParts::join(tampered), std::nullopt);
}

void tst_SecretParts::partKeys()
{
    QCOMPARE(SecretParts::partKey(u"refresh-token"_s, 0), u"refresh-token"_s);
    QCOMPARE(SecretParts::partKey(u"refresh-token"_s, 1), u"refresh-token#1"_s);
    QCOMPARE(SecretParts::partKey(u"refresh-token"_s, 12), u"refresh-token#12"_s);
}

QTEST_GUILESS_MAIN(tst_SecretParts)
#include "tst_SecretParts.moc"
