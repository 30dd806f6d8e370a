#include "policy/RegistryValue.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::policy;

// How RegQueryValueExW hands over a string: UTF-16 code units, least significant byte first.
// Every unit of the literal but its terminator, embedded NULs included (a QStringView would
// stop at the first one).
template <std::size_t N>
static QByteArray utf16le(const char16_t (&text)[N])
{
    QByteArray bytes;
    for (std::size_t i = 0; i + 1 < N; ++i) {
        bytes.append(char(text[i] & 0xff));
        bytes.append(char(text[i] >> 8));
    }
    return bytes;
}

namespace streamcanvas::policy {
// Found by QCOMPARE through argument-dependent lookup: says what differs when a test fails.
char *toString(const RegistryValue &value)
{
    const QString text
        = u"RegistryValue(type %1, %2, number %3, text \"%4\", strings [%5], bytes %6)"_s.arg(int(value.type))
              .arg(RegistryValue::typeName(value.registryType))
              .arg(value.number)
              .arg(value.text, value.strings.join(u", "), QString::fromLatin1(value.bytes.toHex()));
    return qstrdup(text.toUtf8().constData());
}
} // namespace streamcanvas::policy

class tst_RegistryValue : public QObject
{
    Q_OBJECT

private slots:
    void strings_data();
    void strings();
    void multiStrings_data();
    void multiStrings();
    void numbers_data();
    void numbers();
    void numbersOfTheWrongSizeAreNotGuessed_data();
    void numbersOfTheWrongSizeAreNotGuessed();
    void binaryAndUnknownTypesKeepTheirBytes();
    void typeNames();
};

void tst_RegistryValue::strings_data()
{
    QTest::addColumn<quint32>("registryType");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<RegistryValue>("expected");

    QTest::newRow("terminated") << RegistryValue::RegSz << utf16le(u"https://ai.example.com/v1\0")
                                << RegistryValue::string(u"https://ai.example.com/v1"_s);
    QTest::newRow("unterminated") << RegistryValue::RegSz << utf16le(u"oidc") << RegistryValue::string(u"oidc"_s);
    QTest::newRow("empty") << RegistryValue::RegSz << QByteArray() << RegistryValue::string(QString());
    // Registry tools show a string up to its first NUL; what follows is not part of the value.
    QTest::newRow("embedded nul") << RegistryValue::RegSz << utf16le(u"visible\0hidden\0")
                                  << RegistryValue::string(u"visible"_s);
    QTest::newRow("odd last byte") << RegistryValue::RegSz << utf16le(u"ab") + "x"_ba << RegistryValue::string(u"ab"_s);
    QTest::newRow("beyond latin-1") << RegistryValue::RegSz << utf16le(u"Grüße 🙂\0")
                                    << RegistryValue::string(u"Grüße 🙂"_s);
    QTest::newRow("expand string is not expanded") << RegistryValue::RegExpandSz << utf16le(u"%USERPROFILE%\\ca.pem\0")
                                                   << RegistryValue::expandString(u"%USERPROFILE%\\ca.pem"_s);
}

void tst_RegistryValue::strings()
{
    QFETCH(quint32, registryType);
    QFETCH(QByteArray, data);
    QFETCH(RegistryValue, expected);

    QCOMPARE(RegistryValue::fromData(registryType, data), expected);
}

void tst_RegistryValue::multiStrings_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("terminated") << utf16le(u"openid\0profile\0\0") << QStringList{u"openid"_s, u"profile"_s};
    QTest::newRow("without final nuls") << utf16le(u"openid\0profile") << QStringList{u"openid"_s, u"profile"_s};
    QTest::newRow("one") << utf16le(u"email\0\0") << QStringList{u"email"_s};
    QTest::newRow("empty") << utf16le(u"\0") << QStringList();
    QTest::newRow("no data") << QByteArray() << QStringList();
    // An empty string ends the list: REG_MULTI_SZ cannot hold one.
    QTest::newRow("ends at the first empty string") << utf16le(u"a\0\0b\0\0") << QStringList{u"a"_s};
}

void tst_RegistryValue::multiStrings()
{
    QFETCH(QByteArray, data);
    QFETCH(QStringList, expected);

    QCOMPARE(RegistryValue::fromData(RegistryValue::RegMultiSz, data), RegistryValue::multiString(expected));
}

void tst_RegistryValue::numbers_data()
{
    QTest::addColumn<quint32>("registryType");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<RegistryValue::Type>("type");
    QTest::addColumn<quint64>("number");

    QTest::newRow("dword") << RegistryValue::RegDword << "\x04\x03\x02\x01"_ba << RegistryValue::Type::Dword
                           << quint64(0x01020304);
    QTest::newRow("dword zero") << RegistryValue::RegDword << QByteArray(4, '\0') << RegistryValue::Type::Dword
                                << quint64(0);
    // A DWORD is unsigned: "reg add /t REG_DWORD /d -1" stores this.
    QTest::newRow("dword all ones") << RegistryValue::RegDword << "\xff\xff\xff\xff"_ba << RegistryValue::Type::Dword
                                    << quint64(4294967295u);
    QTest::newRow("big-endian dword") << RegistryValue::RegDwordBigEndian << "\x01\x02\x03\x04"_ba
                                      << RegistryValue::Type::Dword << quint64(0x01020304);
    QTest::newRow("qword") << RegistryValue::RegQword << "\x08\x07\x06\x05\x04\x03\x02\x01"_ba
                           << RegistryValue::Type::Qword << quint64(0x0102030405060708);
}

void tst_RegistryValue::numbers()
{
    QFETCH(quint32, registryType);
    QFETCH(QByteArray, data);
    QFETCH(RegistryValue::Type, type);
    QFETCH(quint64, number);

    const RegistryValue value = RegistryValue::fromData(registryType, data);
    QCOMPARE(value.type, type);
    QCOMPARE(value.number, number);
    QCOMPARE(value.registryType, registryType);
}

void tst_RegistryValue::numbersOfTheWrongSizeAreNotGuessed_data()
{
    QTest::addColumn<quint32>("registryType");
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("short dword") << RegistryValue::RegDword << "\x01\x02\x03"_ba;
    QTest::newRow("long dword") << RegistryValue::RegDword << "\x01\x02\x03\x04\x05"_ba;
    QTest::newRow("empty dword") << RegistryValue::RegDword << QByteArray();
    QTest::newRow("short big-endian dword") << RegistryValue::RegDwordBigEndian << "\x01"_ba;
    QTest::newRow("dword-sized qword") << RegistryValue::RegQword << "\x01\x02\x03\x04"_ba;
}

void tst_RegistryValue::numbersOfTheWrongSizeAreNotGuessed()
{
    QFETCH(quint32, registryType);
    QFETCH(QByteArray, data);

    QCOMPARE(RegistryValue::fromData(registryType, data), RegistryValue::other(registryType, data));
}

void tst_RegistryValue::binaryAndUnknownTypesKeepTheirBytes()
{
    const QByteArray bytes = "\x00\x01\xfe\xff"_ba;
    QCOMPARE(RegistryValue::fromData(RegistryValue::RegBinary, bytes), RegistryValue::binary(bytes));
    const RegistryValue link = RegistryValue::fromData(6, bytes);
    QCOMPARE(link.type, RegistryValue::Type::Other);
    QCOMPARE(link.registryType, 6u);
    QCOMPARE(link.bytes, bytes);
    QCOMPARE(RegistryValue::fromData(0, QByteArray()).type, RegistryValue::Type::Other);
}

void tst_RegistryValue::typeNames()
{
    QCOMPARE(RegistryValue::typeName(RegistryValue::RegSz), u"REG_SZ"_s);
    QCOMPARE(RegistryValue::typeName(RegistryValue::RegExpandSz), u"REG_EXPAND_SZ"_s);
    QCOMPARE(RegistryValue::typeName(RegistryValue::RegBinary), u"REG_BINARY"_s);
    QCOMPARE(RegistryValue::typeName(RegistryValue::RegDword), u"REG_DWORD"_s);
    QCOMPARE(RegistryValue::typeName(RegistryValue::RegMultiSz), u"REG_MULTI_SZ"_s);
    QCOMPARE(RegistryValue::typeName(RegistryValue::RegQword), u"REG_QWORD"_s);
    QCOMPARE(RegistryValue::typeName(6), u"REG_LINK"_s);
    QCOMPARE(RegistryValue::typeName(0), u"REG_NONE"_s);
    QCOMPARE(RegistryValue::typeName(4711), u"type 4711"_s);
}

QTEST_GUILESS_MAIN(tst_RegistryValue)
#include "tst_RegistryValue.moc"
