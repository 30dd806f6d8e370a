#include "policy/RegistryPolicyConverter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace streamcanvas::policy;

namespace {

const QString machineKey = u"HKLM\\Software\\Policies\\StreamCanvas\\Desktop"_s;
const QString userKey = u"HKCU\\Software\\Policies\\StreamCanvas\\Desktop"_s;

QJsonValue json(const char *text)
{
    return QJsonDocument::fromJson(text).isArray() ? QJsonValue(QJsonDocument::fromJson(text).array())
                                                   : QJsonValue(QJsonDocument::fromJson(text).object());
}

bool isInteger(const QJsonValue &value)
{
    return value.isDouble() && value.toVariant().typeId() == QMetaType::LongLong;
}

// A list subkey: entries named by position.
RegistryKeyContents list(const QMap<QString, RegistryValue> &entries)
{
    RegistryKeyContents key;
    key.values = entries;
    return key;
}

const RawPolicyValue *find(const PolicySourceReading &reading, const QString &name, PolicyLevel level)
{
    for (const RawPolicyValue &value : reading.values) {
        if (value.name == name && value.level == level)
            return &value;
    }
    return nullptr;
}

QString describe(const QList<SourceProblem> &problems)
{
    QStringList lines;
    for (const SourceProblem &problem : problems)
        lines.append(problem.origin + u": "_s + problem.message);
    return lines.join(u'\n');
}

} // namespace

class tst_RegistryPolicyConverter : public QObject
{
    Q_OBJECT

private slots:
    void numbers();
    void textIsNeverExpanded();
    void jsonTextBecomesListOrDictionary();
    void malformedJsonStaysTextWithAWarning_data();
    void malformedJsonStaysTextWithAWarning();
    void multiStringIsAListOfStrings();
    void listSubkeyIsOrderedNumerically();
    void listEntriesFollowTheValueRules();
    void nestedListSubkeys();
    void emptyListSubkeyIsAnEmptyList();
    void listEntriesNotNamedByPositionAreReported();
    void binaryAndOtherTypesAreReportedAndLeftOut();
    void unsupportedListEntryIsLeftOut();
    void recommendedSubkey();
    void recommendedSubkeyNameIgnoresCase();
    void recommendedInsideRecommendedIsAList();
    void valueAndListOfTheSameName();
    void unnamedValueIsNotAPolicy();
    void emptyKeyGivesNothing();
};

void tst_RegistryPolicyConverter::numbers()
{
    RegistryKeyContents key;
    key.values[u"HistoryRetentionDays"_s] = RegistryValue::dword(30);
    key.values[u"HistoryEnabled"_s] = RegistryValue::dword(0);
    key.values[u"AllOnes"_s] = RegistryValue::dword(0xffffffffu);
    key.values[u"Large"_s] = RegistryValue::qword(quint64(1) << 40);
    key.values[u"Huge"_s] = RegistryValue::qword(std::numeric_limits<quint64>::max());

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(reading.values.size(), 5);

    const RawPolicyValue *days = find(reading, u"HistoryRetentionDays"_s, PolicyLevel::Mandatory);
    QVERIFY(days);
    QVERIFY(isInteger(days->value));
    QCOMPARE(days->value.toInteger(), 30);
    QCOMPARE(days->scope, PolicyScope::Machine);
    QCOMPARE(days->origin, machineKey + u"\\HistoryRetentionDays"_s);

    // Booleans are written as DWORD 0/1; the validator reads them, the converter only passes them on.
    const RawPolicyValue *enabled = find(reading, u"HistoryEnabled"_s, PolicyLevel::Mandatory);
    QVERIFY(enabled && isInteger(enabled->value));
    QCOMPARE(enabled->value.toInteger(-1), 0);

    const RawPolicyValue *allOnes = find(reading, u"AllOnes"_s, PolicyLevel::Mandatory);
    QVERIFY(allOnes && isInteger(allOnes->value));
    QCOMPARE(allOnes->value.toInteger(), 4294967295);

    const RawPolicyValue *large = find(reading, u"Large"_s, PolicyLevel::Mandatory);
    QVERIFY(large && isInteger(large->value));
    QCOMPARE(large->value.toInteger(), qint64(1) << 40);

    // Beyond qint64 a JSON number can only approximate it; it stays a (far too large) number.
    const RawPolicyValue *huge = find(reading, u"Huge"_s, PolicyLevel::Mandatory);
    QVERIFY(huge && huge->value.isDouble());
    QCOMPARE(huge->value.toDouble(), 18446744073709551615.0);
}

void tst_RegistryPolicyConverter::textIsNeverExpanded()
{
    RegistryKeyContents key;
    key.values[u"GatewayUrl"_s] = RegistryValue::string(u"https://ai.example.com/v1"_s);
    key.values[u"ExtraCaCertificates"_s] = RegistryValue::expandString(u"%ProgramData%\\corp\\ca.pem"_s);
    key.values[u"LoginBanner"_s] = RegistryValue::string(QString());

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(find(reading, u"GatewayUrl"_s, PolicyLevel::Mandatory)->value, QJsonValue(u"https://ai.example.com/v1"_s));
    QCOMPARE(find(reading, u"ExtraCaCertificates"_s, PolicyLevel::Mandatory)->value,
        QJsonValue(u"%ProgramData%\\corp\\ca.pem"_s));
    QCOMPARE(find(reading, u"LoginBanner"_s, PolicyLevel::Mandatory)->value, QJsonValue(QString()));
}

void tst_RegistryPolicyConverter::jsonTextBecomesListOrDictionary()
{
    RegistryKeyContents key;
    key.values[u"RequestTimeouts"_s] = RegistryValue::string(uR"({"connectSeconds": 10, "idleSeconds": 300})"_s);
    key.values[u"PinnedPublicKeys"_s]
        = RegistryValue::expandString(uR"({"ai.example.com": ["47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]})"_s);
    key.values[u"AllowedModels"_s] = RegistryValue::string(uR"(["gpt-4o*", "llama-3.1-70b"])"_s);
    // Only a leading '{' or '[' marks JSON: anything else is text, even if it is valid JSON.
    key.values[u"DefaultModel"_s] = RegistryValue::string(u"\"quoted\""_s);

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(find(reading, u"RequestTimeouts"_s, PolicyLevel::Mandatory)->value,
        json(R"({"connectSeconds": 10, "idleSeconds": 300})"));
    QCOMPARE(find(reading, u"PinnedPublicKeys"_s, PolicyLevel::Mandatory)->value,
        json(R"({"ai.example.com": ["47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]})"));
    QCOMPARE(find(reading, u"AllowedModels"_s, PolicyLevel::Mandatory)->value, json(R"(["gpt-4o*", "llama-3.1-70b"])"));
    QCOMPARE(find(reading, u"DefaultModel"_s, PolicyLevel::Mandatory)->value, QJsonValue(u"\"quoted\""_s));
}

void tst_RegistryPolicyConverter::malformedJsonStaysTextWithAWarning_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("unterminated list") << uR"(["gpt-4o*", )"_s;
    QTest::newRow("unquoted key") << u"{connectSeconds: 10}"_s;
    QTest::newRow("trailing text") << uR"(["a"] and more)"_s;
    QTest::newRow("ipv6 proxy") << u"[::1]:3128"_s;
}

void tst_RegistryPolicyConverter::malformedJsonStaysTextWithAWarning()
{
    QFETCH(QString, text);

    RegistryKeyContents key;
    key.values[u"AllowedModels"_s] = RegistryValue::string(text);
    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::User, userKey);

    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().value, QJsonValue(text));
    QCOMPARE(reading.values.first().origin, userKey + u"\\AllowedModels"_s);
    QCOMPARE(reading.problems.size(), 1);
    const SourceProblem &problem = reading.problems.first();
    QCOMPARE(problem.severity, SourceProblem::Severity::Warning);
    QCOMPARE(problem.origin, userKey + u"\\AllowedModels"_s);
    QVERIFY2(problem.message.contains(u"JSON"_s), qPrintable(problem.message));
    QVERIFY2(problem.message.contains(u"offset"_s), qPrintable(problem.message));
}

void tst_RegistryPolicyConverter::multiStringIsAListOfStrings()
{
    RegistryKeyContents key;
    key.values[u"OidcScopes"_s] = RegistryValue::multiString({u"openid"_s, u"profile"_s, u"[not json"_s});
    key.values[u"TrustedLinkHosts"_s] = RegistryValue::multiString({});

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(
        find(reading, u"OidcScopes"_s, PolicyLevel::Mandatory)->value, json(R"(["openid", "profile", "[not json"])"));
    QCOMPARE(find(reading, u"TrustedLinkHosts"_s, PolicyLevel::Mandatory)->value, QJsonValue(QJsonArray()));
}

void tst_RegistryPolicyConverter::listSubkeyIsOrderedNumerically()
{
    RegistryKeyContents key;
    key.subkeys[u"AllowedModels"_s] = list({
        {u"10"_s, RegistryValue::string(u"third"_s)},
        {u"2"_s, RegistryValue::string(u"second"_s)},
        {u"1"_s, RegistryValue::string(u"first"_s)},
    });

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(reading.values.size(), 1);
    const RawPolicyValue &value = reading.values.first();
    QCOMPARE(value.name, u"AllowedModels"_s);
    QCOMPARE(value.value, json(R"(["first", "second", "third"])"));
    QCOMPARE(value.level, PolicyLevel::Mandatory);
    QCOMPARE(value.scope, PolicyScope::Machine);
    QCOMPARE(value.origin, u"HKLM\\Software\\Policies\\StreamCanvas\\Desktop\\AllowedModels"_s);
}

void tst_RegistryPolicyConverter::listEntriesFollowTheValueRules()
{
    RegistryKeyContents key;
    key.subkeys[u"Mixed"_s] = list({
        {u"1"_s, RegistryValue::dword(7)},
        {u"2"_s, RegistryValue::string(uR"({"a": 1})"_s)},
        {u"3"_s, RegistryValue::multiString({u"x"_s, u"y"_s})},
        {u"4"_s, RegistryValue::expandString(u"%TEMP%"_s)},
    });

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(reading.values.first().value, json(R"([7, {"a": 1}, ["x", "y"], "%TEMP%"])"));
}

void tst_RegistryPolicyConverter::nestedListSubkeys()
{
    RegistryKeyContents inner = list({
        {u"2"_s, RegistryValue::string(u"b"_s)},
        {u"1"_s, RegistryValue::string(u"a"_s)},
    });
    RegistryKeyContents outer = list({
        {u"1"_s, RegistryValue::string(u"first"_s)},
        {u"10"_s, RegistryValue::string(u"last"_s)},
    });
    outer.subkeys[u"2"_s] = inner;

    RegistryKeyContents key;
    key.subkeys[u"Nested"_s] = outer;

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().value, json(R"(["first", ["a", "b"], "last"])"));
}

void tst_RegistryPolicyConverter::emptyListSubkeyIsAnEmptyList()
{
    RegistryKeyContents key;
    key.subkeys[u"AllowedModels"_s] = RegistryKeyContents();

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY(reading.problems.isEmpty());
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().value, QJsonValue(QJsonArray()));
}

void tst_RegistryPolicyConverter::listEntriesNotNamedByPositionAreReported()
{
    RegistryKeyContents allowed = list({
        {u"1"_s, RegistryValue::string(u"a"_s)},
        {u"two"_s, RegistryValue::string(u"b"_s)},
        {u"+3"_s, RegistryValue::string(u"c"_s)},
        {u"-4"_s, RegistryValue::string(u"d"_s)},
        {u"5"_s, RegistryValue::string(u"e"_s)},
        {QString(), RegistryValue::string(u"default"_s)},
    });
    allowed.subkeys[u"sub"_s] = list({{u"1"_s, RegistryValue::string(u"x"_s)}});
    RegistryKeyContents key;
    key.subkeys[u"AllowedModels"_s] = allowed;

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::User, userKey);
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().value, json(R"(["a", "e"])"));

    QStringList origins;
    for (const SourceProblem &problem : reading.problems) {
        QCOMPARE(problem.severity, SourceProblem::Severity::Error);
        QVERIFY2(problem.message.contains(u"position"_s), qPrintable(problem.message));
        origins.append(problem.origin);
    }
    origins.sort();
    const QString listKey = userKey + u"\\AllowedModels\\"_s;
    QStringList expected{
        listKey + u"two"_s, listKey + u"+3"_s, listKey + u"-4"_s, listKey + u"(Default)"_s, listKey + u"sub"_s};
    expected.sort();
    QCOMPARE(origins, expected);
}

void tst_RegistryPolicyConverter::binaryAndOtherTypesAreReportedAndLeftOut()
{
    RegistryKeyContents key;
    key.values[u"GatewayUrl"_s] = RegistryValue::binary("\x01\x02"_ba);
    key.values[u"LogLevel"_s] = RegistryValue::other(6, "\x00\x00"_ba);
    key.values[u"HistoryEnabled"_s] = RegistryValue::other(RegistryValue::RegDword, "\x01\x00\x00"_ba);
    key.values[u"DefaultModel"_s] = RegistryValue::string(u"gpt-4o"_s);

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().name, u"DefaultModel"_s);

    QCOMPARE(reading.problems.size(), 3);
    QHash<QString, QString> messages;
    for (const SourceProblem &problem : reading.problems) {
        QCOMPARE(problem.severity, SourceProblem::Severity::Error);
        messages.insert(problem.origin, problem.message);
    }
    const QString binary = messages.value(machineKey + u"\\GatewayUrl"_s);
    QVERIFY2(binary.contains(u"unsupported registry type REG_BINARY"_s), qPrintable(binary));
    const QString link = messages.value(machineKey + u"\\LogLevel"_s);
    QVERIFY2(link.contains(u"unsupported registry type REG_LINK"_s), qPrintable(link));
    const QString shortDword = messages.value(machineKey + u"\\HistoryEnabled"_s);
    QVERIFY2(shortDword.contains(u"REG_DWORD"_s) && shortDword.contains(u"3 bytes"_s), qPrintable(shortDword));
}

void tst_RegistryPolicyConverter::unsupportedListEntryIsLeftOut()
{
    RegistryKeyContents key;
    key.subkeys[u"AllowedModels"_s] = list({
        {u"1"_s, RegistryValue::string(u"a"_s)},
        {u"2"_s, RegistryValue::binary("\xff"_ba)},
        {u"3"_s, RegistryValue::string(u"c"_s)},
    });

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QCOMPARE(reading.values.first().value, json(R"(["a", "c"])"));
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().origin, machineKey + u"\\AllowedModels\\2"_s);
    QVERIFY(reading.problems.first().message.contains(u"REG_BINARY"_s));
}

void tst_RegistryPolicyConverter::recommendedSubkey()
{
    RegistryKeyContents recommended;
    recommended.values[u"DefaultModel"_s] = RegistryValue::string(u"llama-3.1-70b"_s);
    recommended.values[u"RequestTimeouts"_s] = RegistryValue::string(uR"({"idleSeconds": 600})"_s);
    recommended.values[u"Broken"_s] = RegistryValue::binary("\x00"_ba);
    recommended.subkeys[u"TrustedLinkHosts"_s] = list({
        {u"2"_s, RegistryValue::string(u"*.example.com"_s)},
        {u"1"_s, RegistryValue::string(u"example.com"_s)},
    });
    RegistryKeyContents key;
    key.values[u"DefaultModel"_s] = RegistryValue::string(u"gpt-4o"_s);
    key.subkeys[u"Recommended"_s] = recommended;

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::User, userKey);
    QCOMPARE(reading.values.size(), 4);
    for (const RawPolicyValue &value : reading.values)
        QCOMPARE(value.scope, PolicyScope::User);

    const RawPolicyValue *mandatory = find(reading, u"DefaultModel"_s, PolicyLevel::Mandatory);
    QVERIFY(mandatory);
    QCOMPARE(mandatory->value, QJsonValue(u"gpt-4o"_s));
    QCOMPARE(mandatory->origin, u"HKCU\\Software\\Policies\\StreamCanvas\\Desktop\\DefaultModel"_s);

    const RawPolicyValue *model = find(reading, u"DefaultModel"_s, PolicyLevel::Recommended);
    QVERIFY(model);
    QCOMPARE(model->value, QJsonValue(u"llama-3.1-70b"_s));
    QCOMPARE(model->origin, u"HKCU\\Software\\Policies\\StreamCanvas\\Desktop\\Recommended\\DefaultModel"_s);

    const RawPolicyValue *timeouts = find(reading, u"RequestTimeouts"_s, PolicyLevel::Recommended);
    QVERIFY(timeouts);
    QCOMPARE(timeouts->value, json(R"({"idleSeconds": 600})"));

    const RawPolicyValue *hosts = find(reading, u"TrustedLinkHosts"_s, PolicyLevel::Recommended);
    QVERIFY(hosts);
    QCOMPARE(hosts->value, json(R"(["example.com", "*.example.com"])"));
    QCOMPARE(hosts->origin, u"HKCU\\Software\\Policies\\StreamCanvas\\Desktop\\Recommended\\TrustedLinkHosts"_s);

    // The Recommended key is not itself a list policy.
    QVERIFY(!find(reading, u"Recommended"_s, PolicyLevel::Mandatory));

    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().origin, userKey + u"\\Recommended\\Broken"_s);
}

void tst_RegistryPolicyConverter::recommendedSubkeyNameIgnoresCase()
{
    // Registry names are case-insensitive: an admin's "RECOMMENDED" key is the same key.
    RegistryKeyContents recommended;
    recommended.values[u"LogLevel"_s] = RegistryValue::string(u"debug"_s);
    RegistryKeyContents key;
    key.subkeys[u"RECOMMENDED"_s] = recommended;

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().level, PolicyLevel::Recommended);
    QCOMPARE(reading.values.first().scope, PolicyScope::Machine);
    QCOMPARE(reading.values.first().origin, machineKey + u"\\RECOMMENDED\\LogLevel"_s);
}

void tst_RegistryPolicyConverter::recommendedInsideRecommendedIsAList()
{
    RegistryKeyContents recommended;
    recommended.subkeys[u"Recommended"_s] = list({{u"1"_s, RegistryValue::string(u"x"_s)}});
    RegistryKeyContents key;
    key.subkeys[u"Recommended"_s] = recommended;

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().name, u"Recommended"_s);
    QCOMPARE(reading.values.first().level, PolicyLevel::Recommended);
    QCOMPARE(reading.values.first().value, json(R"(["x"])"));
}

void tst_RegistryPolicyConverter::valueAndListOfTheSameName()
{
    RegistryKeyContents key;
    key.values[u"AllowedModels"_s] = RegistryValue::string(uR"(["from-value"])"_s);
    key.subkeys[u"allowedmodels"_s] = list({{u"1"_s, RegistryValue::string(u"from-subkey"_s)}});

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().value, json(R"(["from-subkey"])"));
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().severity, SourceProblem::Severity::Error);
    QCOMPARE(reading.problems.first().origin, machineKey + u"\\AllowedModels"_s);
}

void tst_RegistryPolicyConverter::unnamedValueIsNotAPolicy()
{
    RegistryKeyContents key;
    key.values[QString()] = RegistryValue::string(u"something"_s);

    const PolicySourceReading reading = RegistryPolicyConverter::convert(key, PolicyScope::Machine, machineKey);
    QVERIFY(reading.values.isEmpty());
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().severity, SourceProblem::Severity::Warning);
    QCOMPARE(reading.problems.first().origin, machineKey + u"\\(Default)"_s);
}

void tst_RegistryPolicyConverter::emptyKeyGivesNothing()
{
    const PolicySourceReading reading
        = RegistryPolicyConverter::convert(RegistryKeyContents(), PolicyScope::Machine, machineKey);
    QVERIFY(reading.values.isEmpty());
    QVERIFY(reading.problems.isEmpty());
}

QTEST_GUILESS_MAIN(tst_RegistryPolicyConverter)
#include "tst_RegistryPolicyConverter.moc"
