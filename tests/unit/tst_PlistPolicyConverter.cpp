#include "policy/PlistPolicyConverter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace streamcanvas::policy;

namespace {

const QString computerFile = u"/Library/Managed Preferences/com.streamcanvas.desktop.plist"_s;

QJsonValue json(const char *text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text);
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

bool isInteger(const QJsonValue &value)
{
    return value.isDouble() && value.toVariant().typeId() == QMetaType::LongLong;
}

const RawPolicyValue *find(const PolicySourceReading &reading, const QString &name)
{
    for (const RawPolicyValue &value : reading.values) {
        if (value.name == name)
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

class tst_PlistPolicyConverter : public QObject
{
    Q_OBJECT

private slots:
    void forcedIsMandatoryAndTheRestRecommended();
    void scopeAndOriginArePassedOn();
    void scalars();
    void wholeDoublesBecomeIntegers_data();
    void wholeDoublesBecomeIntegers();
    void nestedListsAndDictionaries();
    void datesAndDataAreRejected_data();
    void datesAndDataAreRejected();
    void rejectedEntriesInsideAValueAreLeftOut();
    void numbersThatAreNotFiniteAreRejected();
    void emptyDictionaryGivesNothing();
};

void tst_PlistPolicyConverter::forcedIsMandatoryAndTheRestRecommended()
{
    const QVariantMap values{
        {u"GatewayUrl"_s, u"https://ai.example.com/v1"_s},
        {u"DefaultModel"_s, u"gpt-4o"_s},
        {u"HistoryEnabled"_s, false},
    };
    const PolicySourceReading reading = PlistPolicyConverter::convert(
        values, {u"GatewayUrl"_s, u"HistoryEnabled"_s, u"NotPresent"_s}, PolicyScope::Machine, computerFile);

    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(reading.values.size(), 3);
    QCOMPARE(find(reading, u"GatewayUrl"_s)->level, PolicyLevel::Mandatory);
    QCOMPARE(find(reading, u"HistoryEnabled"_s)->level, PolicyLevel::Mandatory);
    QCOMPARE(find(reading, u"DefaultModel"_s)->level, PolicyLevel::Recommended);
    // Forcing is by exact key: preference keys are case-sensitive.
    const PolicySourceReading caseDiffers
        = PlistPolicyConverter::convert(values, {u"gatewayurl"_s}, PolicyScope::Machine, computerFile);
    QCOMPARE(find(caseDiffers, u"GatewayUrl"_s)->level, PolicyLevel::Recommended);
}

void tst_PlistPolicyConverter::scopeAndOriginArePassedOn()
{
    const QString userFile = u"/Library/Managed Preferences/alice/com.streamcanvas.desktop.plist"_s;
    const PolicySourceReading reading
        = PlistPolicyConverter::convert({{u"LogLevel"_s, u"info"_s}}, {u"LogLevel"_s}, PolicyScope::User, userFile);
    QCOMPARE(reading.values.size(), 1);
    const RawPolicyValue &value = reading.values.first();
    QCOMPARE(value.name, u"LogLevel"_s);
    QCOMPARE(value.value, QJsonValue(u"info"_s));
    QCOMPARE(value.level, PolicyLevel::Mandatory);
    QCOMPARE(value.scope, PolicyScope::User);
    QCOMPARE(value.origin, userFile);
}

void tst_PlistPolicyConverter::scalars()
{
    const QVariantMap values{
        {u"True"_s, true},
        {u"False"_s, false},
        {u"Int"_s, 30},
        {u"Negative"_s, -5},
        {u"LongLong"_s, qlonglong(1) << 40},
        {u"UInt"_s, 4000000000u},
        {u"HugeUnsigned"_s, std::numeric_limits<qulonglong>::max()},
        {u"Fraction"_s, 0.5},
        {u"String"_s, u"Grüße"_s},
        {u"JsonLookingString"_s, uR"(["not", "parsed"])"_s},
    };
    const PolicySourceReading reading = PlistPolicyConverter::convert(values, {}, PolicyScope::Machine, computerFile);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));
    QCOMPARE(reading.values.size(), values.size());

    QCOMPARE(find(reading, u"True"_s)->value, QJsonValue(true));
    QCOMPARE(find(reading, u"False"_s)->value, QJsonValue(false));
    QVERIFY(find(reading, u"True"_s)->value.isBool());
    QVERIFY(isInteger(find(reading, u"Int"_s)->value));
    QCOMPARE(find(reading, u"Int"_s)->value.toInteger(), 30);
    QCOMPARE(find(reading, u"Negative"_s)->value.toInteger(), -5);
    QCOMPARE(find(reading, u"LongLong"_s)->value.toInteger(), qint64(1) << 40);
    QVERIFY(isInteger(find(reading, u"UInt"_s)->value));
    QCOMPARE(find(reading, u"UInt"_s)->value.toInteger(), 4000000000);
    QCOMPARE(find(reading, u"HugeUnsigned"_s)->value.toDouble(), 18446744073709551615.0);
    QVERIFY(!isInteger(find(reading, u"Fraction"_s)->value));
    QCOMPARE(find(reading, u"Fraction"_s)->value.toDouble(), 0.5);
    QCOMPARE(find(reading, u"String"_s)->value, QJsonValue(u"Grüße"_s));
    // Plists have real arrays: text is text here.
    QCOMPARE(find(reading, u"JsonLookingString"_s)->value, QJsonValue(uR"(["not", "parsed"])"_s));
}

void tst_PlistPolicyConverter::wholeDoublesBecomeIntegers_data()
{
    QTest::addColumn<double>("number");
    QTest::addColumn<bool>("integer");

    QTest::newRow("30.0") << 30.0 << true;
    QTest::newRow("-7.0") << -7.0 << true;
    QTest::newRow("0.0") << 0.0 << true;
    QTest::newRow("-0.0") << -0.0 << true;
    QTest::newRow("2^53") << 9007199254740992.0 << true;
    QTest::newRow("-2^63") << -9223372036854775808.0 << true;
    QTest::newRow("2^63 does not fit") << 9223372036854775808.0 << false;
    QTest::newRow("1e300") << 1e300 << false;
    QTest::newRow("30.25") << 30.25 << false;
    QTest::newRow("tiny") << 1e-300 << false;
}

void tst_PlistPolicyConverter::wholeDoublesBecomeIntegers()
{
    QFETCH(double, number);
    QFETCH(bool, integer);

    const PolicySourceReading reading
        = PlistPolicyConverter::convert({{u"N"_s, number}}, {}, PolicyScope::Machine, computerFile);
    QVERIFY(reading.problems.isEmpty());
    const QJsonValue value = reading.values.first().value;
    QCOMPARE(isInteger(value), integer);
    if (integer)
        QCOMPARE(value.toInteger(), qint64(number));
    else
        QCOMPARE(value.toDouble(), number);
}

void tst_PlistPolicyConverter::nestedListsAndDictionaries()
{
    const QVariantMap values{
        {u"AllowedModels"_s, QVariantList{u"gpt-4o*"_s, u"llama-3.1-70b"_s}},
        {u"OidcScopes"_s, QStringList{u"openid"_s, u"email"_s}},
        {u"PinnedPublicKeys"_s,
            QVariantMap{
                {u"ai.example.com"_s, QVariantList{u"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s}},
                {u"login.example.com"_s, QVariantList{}},
            }},
        {u"RequestTimeouts"_s, QVariantMap{{u"connectSeconds"_s, 10.0}, {u"idleSeconds"_s, 300}}},
        {u"Deep"_s,
            QVariantList{
                QVariantMap{{u"list"_s, QVariantList{1, true, QVariantList{2.5}}}}, QVariantHash{{u"h"_s, u"v"_s}}}},
        {u"EmptyList"_s, QVariantList{}},
        {u"EmptyDictionary"_s, QVariantMap{}},
    };
    const PolicySourceReading reading
        = PlistPolicyConverter::convert(values, {u"AllowedModels"_s}, PolicyScope::Machine, computerFile);
    QVERIFY2(reading.problems.isEmpty(), qPrintable(describe(reading.problems)));

    QCOMPARE(find(reading, u"AllowedModels"_s)->value, json(R"(["gpt-4o*", "llama-3.1-70b"])"));
    QCOMPARE(find(reading, u"OidcScopes"_s)->value, json(R"(["openid", "email"])"));
    QCOMPARE(find(reading, u"PinnedPublicKeys"_s)->value,
        json(R"({"ai.example.com": ["47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="], "login.example.com": []})"));
    const QJsonValue timeouts = find(reading, u"RequestTimeouts"_s)->value;
    QCOMPARE(timeouts, json(R"({"connectSeconds": 10, "idleSeconds": 300})"));
    QVERIFY(isInteger(timeouts[u"connectSeconds"_s]));
    QCOMPARE(find(reading, u"Deep"_s)->value, json(R"([{"list": [1, true, [2.5]]}, {"h": "v"}])"));
    QCOMPARE(find(reading, u"EmptyList"_s)->value, QJsonValue(QJsonArray()));
    QCOMPARE(find(reading, u"EmptyDictionary"_s)->value, QJsonValue(QJsonObject()));
}

void tst_PlistPolicyConverter::datesAndDataAreRejected_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("what");

    QTest::newRow("date") << QVariant(QDateTime(QDate(2026, 1, 2), QTime(3, 4), Qt::UTC)) << u"date"_s;
    QTest::newRow("data") << QVariant("\x00\x01"_ba) << u"data"_s;
    QTest::newRow("invalid") << QVariant() << u"empty"_s;
}

void tst_PlistPolicyConverter::datesAndDataAreRejected()
{
    QFETCH(QVariant, value);
    QFETCH(QString, what);

    const PolicySourceReading reading
        = PlistPolicyConverter::convert({{u"LoginBanner"_s, value}, {u"LogLevel"_s, u"info"_s}}, {u"LoginBanner"_s},
            PolicyScope::Machine, computerFile);
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().name, u"LogLevel"_s);
    QCOMPARE(reading.problems.size(), 1);
    const SourceProblem &problem = reading.problems.first();
    QCOMPARE(problem.severity, SourceProblem::Severity::Error);
    QCOMPARE(problem.origin, computerFile);
    QVERIFY2(problem.message.startsWith(u"LoginBanner: "_s), qPrintable(problem.message));
    QVERIFY2(problem.message.contains(what), qPrintable(problem.message));
}

void tst_PlistPolicyConverter::rejectedEntriesInsideAValueAreLeftOut()
{
    const QVariantMap values{
        {u"AllowedModels"_s, QVariantList{u"a"_s, QDateTime::currentDateTimeUtc(), u"c"_s}},
        {u"RequestTimeouts"_s, QVariantMap{{u"connectSeconds"_s, "\x01"_ba}, {u"idleSeconds"_s, 300}}},
        {u"PinnedPublicKeys"_s, QVariantMap{{u"ai.example.com"_s, QVariantList{u"pin"_s, "\x02"_ba}}}},
    };
    const PolicySourceReading reading = PlistPolicyConverter::convert(values, {}, PolicyScope::Machine, computerFile);

    QCOMPARE(find(reading, u"AllowedModels"_s)->value, json(R"(["a", "c"])"));
    QCOMPARE(find(reading, u"RequestTimeouts"_s)->value, json(R"({"idleSeconds": 300})"));
    QCOMPARE(find(reading, u"PinnedPublicKeys"_s)->value, json(R"({"ai.example.com": ["pin"]})"));

    QStringList messages;
    for (const SourceProblem &problem : reading.problems) {
        QCOMPARE(problem.origin, computerFile);
        messages.append(problem.message.section(u':', 0, 0));
    }
    messages.sort();
    QCOMPARE(messages,
        QStringList({u"AllowedModels[1]"_s, u"PinnedPublicKeys[\"ai.example.com\"][1]"_s,
            u"RequestTimeouts.connectSeconds"_s}));
}

void tst_PlistPolicyConverter::numbersThatAreNotFiniteAreRejected()
{
    const PolicySourceReading reading = PlistPolicyConverter::convert(
        {{u"Nan"_s, std::nan("")}, {u"Infinite"_s, QVariantList{std::numeric_limits<double>::infinity()}}}, {},
        PolicyScope::Machine, computerFile);
    QCOMPARE(reading.problems.size(), 2);
    QVERIFY(!find(reading, u"Nan"_s));
    QCOMPARE(find(reading, u"Infinite"_s)->value, QJsonValue(QJsonArray()));
}

void tst_PlistPolicyConverter::emptyDictionaryGivesNothing()
{
    const PolicySourceReading reading
        = PlistPolicyConverter::convert({}, {u"GatewayUrl"_s}, PolicyScope::User, computerFile);
    QVERIFY(reading.values.isEmpty());
    QVERIFY(reading.problems.isEmpty());
}

QTEST_GUILESS_MAIN(tst_PlistPolicyConverter)
#include "tst_PlistPolicyConverter.moc"
