// The checked-in admin templates against the schema they are made from: every string and
// presentation the ADMX refers to is in both ADMLs (and nothing else is), every policy has
// its ADMX policy (and a recommended one exactly where the schema allows it), and the macOS
// profile and the Jamf manifest hold every policy. Reads core/policy/policies.json itself,
// not through the generator, so a generator bug cannot hide here.
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUuid>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

QString templatePath(const QString &name)
{
    return QStringLiteral(STREAMCANVAS_POLICY_TEMPLATES_DIR) + u'/' + name;
}

QJsonObject schema()
{
    return QJsonDocument::fromJson(readFile(QStringLiteral(STREAMCANVAS_POLICY_SCHEMA))).object();
}

QJsonArray schemaPolicies()
{
    return schema().value(u"policies"_s).toArray();
}

bool recommendedAllowed(const QJsonObject &policy)
{
    return policy.value(u"levels"_s).toArray().contains(u"recommended"_s);
}

// What an ADMX policy says about itself.
struct AdmxPolicy {
    QString key;
    QString policyClass;
    QString presentation;             // the id inside $(presentation.X), or empty
    QSet<QString> elementIds;         // ids of its elements
    QHash<QString, QString> listKeys; // list element id -> its key
};

struct Admx {
    QSet<QString> stringRefs;
    QSet<QString> presentationRefs;
    QHash<QString, AdmxPolicy> policies;
};

Admx readAdmx(const QString &path)
{
    static const QRegularExpression reference(u"^\\$\\((string|presentation)\\.([^)]+)\\)$"_s);
    Admx admx;
    QXmlStreamReader xml(readFile(path));
    QString currentPolicy;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        for (const QXmlStreamAttribute &attribute : xml.attributes()) {
            const QRegularExpressionMatch match = reference.match(attribute.value());
            if (match.hasMatch())
                (match.captured(1) == u"string" ? admx.stringRefs : admx.presentationRefs).insert(match.captured(2));
        }
        const QXmlStreamAttributes attributes = xml.attributes();
        if (xml.name() == u"policy") {
            currentPolicy = attributes.value(u"name"_s).toString();
            AdmxPolicy &policy = admx.policies[currentPolicy];
            policy.key = attributes.value(u"key"_s).toString();
            policy.policyClass = attributes.value(u"class"_s).toString();
            policy.presentation = reference.match(attributes.value(u"presentation"_s)).captured(2);
        } else if (!currentPolicy.isEmpty() && attributes.hasAttribute(u"id"_s)) {
            admx.policies[currentPolicy].elementIds.insert(attributes.value(u"id"_s).toString());
            if (xml.name() == u"list")
                admx.policies[currentPolicy].listKeys.insert(
                    attributes.value(u"id"_s).toString(), attributes.value(u"key"_s).toString());
        }
    }
    if (xml.hasError())
        qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return admx;
}

struct Adml {
    QStringList stringIds;                       // a list: a duplicate is an error too
    QHash<QString, QSet<QString>> presentations; // id -> the refIds of its controls
    QStringList presentationIds;
};

Adml readAdml(const QString &path)
{
    Adml adml;
    QXmlStreamReader xml(readFile(path));
    QString currentPresentation;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QXmlStreamAttributes attributes = xml.attributes();
        if (xml.name() == u"string") {
            adml.stringIds.append(attributes.value(u"id"_s).toString());
        } else if (xml.name() == u"presentation") {
            currentPresentation = attributes.value(u"id"_s).toString();
            adml.presentationIds.append(currentPresentation);
            adml.presentations[currentPresentation];
        } else if (attributes.hasAttribute(u"refId"_s)) {
            adml.presentations[currentPresentation].insert(attributes.value(u"refId"_s).toString());
        }
    }
    if (xml.hasError())
        qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return adml;
}

// A plist's value as JSON: dict, array, string, integer, true, false.
QJsonValue readPlistValue(QXmlStreamReader &xml)
{
    const QString type = xml.name().toString();
    if (type == u"dict") {
        QJsonObject object;
        while (xml.readNextStartElement()) {
            if (xml.name() != u"key")
                return QJsonValue(QJsonValue::Undefined);
            const QString key = xml.readElementText();
            if (!xml.readNextStartElement())
                return QJsonValue(QJsonValue::Undefined);
            object.insert(key, readPlistValue(xml));
        }
        return object;
    }
    if (type == u"array") {
        QJsonArray array;
        while (xml.readNextStartElement())
            array.append(readPlistValue(xml));
        return array;
    }
    if (type == u"true" || type == u"false") {
        xml.skipCurrentElement();
        return type == u"true";
    }
    const QString text = xml.readElementText();
    if (type == u"integer")
        return text.toLongLong();
    return type == u"string" ? QJsonValue(text) : QJsonValue(QJsonValue::Undefined);
}

QJsonObject readPlist(const QString &path)
{
    QXmlStreamReader xml(readFile(path));
    if (!xml.readNextStartElement() || xml.name() != u"plist" || !xml.readNextStartElement())
        return {};
    const QJsonValue value = readPlistValue(xml);
    if (xml.hasError())
        qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return value.toObject();
}

QSet<QString> keysOf(const QJsonObject &object)
{
    const QStringList keys = object.keys();
    return {keys.cbegin(), keys.cend()};
}

QSet<QString> schemaNames()
{
    QSet<QString> names;
    for (const QJsonValue &policy : schemaPolicies())
        names.insert(policy.toObject().value(u"name"_s).toString());
    return names;
}

} // namespace

class tst_PolicyTemplates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void admlMatchesAdmx_data()
    {
        QTest::addColumn<QString>("adml");
        QTest::newRow("en-US") << templatePath(u"en-US/StreamCanvas.adml"_s);
        QTest::newRow("de-DE") << templatePath(u"de-DE/StreamCanvas.adml"_s);
    }

    void admlMatchesAdmx()
    {
        QFETCH(QString, adml);
        const Admx admx = readAdmx(templatePath(u"StreamCanvas.admx"_s));
        const Adml resources = readAdml(adml);
        const QSet<QString> stringIds(resources.stringIds.cbegin(), resources.stringIds.cend());
        QCOMPARE(stringIds.size(), resources.stringIds.size()); // no id twice
        QVERIFY(!admx.stringRefs.isEmpty());
        QCOMPARE(admx.stringRefs - stringIds, QSet<QString>()); // nothing the ADMX needs is missing
        QCOMPARE(stringIds - admx.stringRefs, QSet<QString>()); // nothing unused
        const QSet<QString> presentationIds(resources.presentationIds.cbegin(), resources.presentationIds.cend());
        QCOMPARE(presentationIds.size(), resources.presentationIds.size());
        QCOMPARE(admx.presentationRefs - presentationIds, QSet<QString>());
        QCOMPARE(presentationIds - admx.presentationRefs, QSet<QString>());
    }

    void presentationsShowEveryElement()
    {
        const Admx admx = readAdmx(templatePath(u"StreamCanvas.admx"_s));
        for (const QString &language : {u"en-US"_s, u"de-DE"_s}) {
            const Adml adml = readAdml(templatePath(language + u"/StreamCanvas.adml"_s));
            for (auto it = admx.policies.cbegin(); it != admx.policies.cend(); ++it) {
                const QSet<QString> shown = adml.presentations.value(it->presentation);
                if (shown != it->elementIds)
                    QFAIL(qPrintable(u"%1, %2: the presentation shows %3, the policy has %4"_s.arg(language, it.key(),
                        QStringList(shown.cbegin(), shown.cend()).join(u','),
                        QStringList(it->elementIds.cbegin(), it->elementIds.cend()).join(u','))));
            }
        }
    }

    void everyPolicyInAdmx()
    {
        const QString key = schema().value(u"product"_s).toObject().value(u"registryKey"_s).toString();
        QVERIFY(!key.isEmpty());
        const Admx admx = readAdmx(templatePath(u"StreamCanvas.admx"_s));
        QSet<QString> expected;
        for (const QJsonValue &value : schemaPolicies()) {
            const QJsonObject policy = value.toObject();
            const QString name = policy.value(u"name"_s).toString();
            QVERIFY2(admx.policies.contains(name), qPrintable(name));
            QCOMPARE(admx.policies.value(name).key, key);
            QCOMPARE(admx.policies.value(name).policyClass, u"Both"_s);
            expected.insert(name);
            const QString recommended = name + u"_Recommended"_s;
            QVERIFY2(admx.policies.contains(recommended) == recommendedAllowed(policy), qPrintable(recommended));
            if (recommendedAllowed(policy)) {
                QCOMPARE(admx.policies.value(recommended).key, key + u"\\Recommended"_s);
                expected.insert(recommended);
            }
            // Lists: Chrome's convention of a subkey named after the policy.
            if (policy.value(u"type"_s).toString() == u"list") {
                QCOMPARE(admx.policies.value(name).listKeys.value(name), key + u'\\' + name);
                if (recommendedAllowed(policy))
                    QCOMPARE(admx.policies.value(recommended).listKeys.value(name), key + u"\\Recommended\\"_s + name);
            }
        }
        const QStringList admxNames = admx.policies.keys();
        QCOMPARE(QSet<QString>(admxNames.cbegin(), admxNames.cend()), expected);
    }

    void mobileconfigForcesEveryExample()
    {
        const QJsonObject product = schema().value(u"product"_s).toObject();
        const QJsonObject profile
            = readPlist(templatePath(product.value(u"preferenceDomain"_s).toString() + u".mobileconfig"_s));
        QCOMPARE(profile.value(u"PayloadType"_s), u"Configuration"_s);
        const QJsonObject payload = profile.value(u"PayloadContent"_s).toArray().first().toObject();
        QCOMPARE(payload.value(u"PayloadType"_s), u"com.apple.ManagedClient.preferences"_s);
        const QUuid profileUuid(profile.value(u"PayloadUUID"_s).toString());
        const QUuid payloadUuid(payload.value(u"PayloadUUID"_s).toString());
        QVERIFY(!profileUuid.isNull() && !payloadUuid.isNull() && profileUuid != payloadUuid);

        const QJsonObject settings = payload.value(u"PayloadContent"_s)
                                         .toObject()
                                         .value(product.value(u"preferenceDomain"_s).toString())
                                         .toObject()
                                         .value(u"Forced"_s)
                                         .toArray()
                                         .first()
                                         .toObject()
                                         .value(u"mcx_preference_settings"_s)
                                         .toObject();
        QCOMPARE(keysOf(settings), schemaNames());
        for (const QJsonValue &value : schemaPolicies()) {
            const QJsonObject policy = value.toObject();
            QCOMPARE(settings.value(policy.value(u"name"_s).toString()), policy.value(u"example"_s));
        }
    }

    void jamfManifestHoldsEveryPolicy()
    {
        const QJsonObject product = schema().value(u"product"_s).toObject();
        const QJsonObject manifest = QJsonDocument::fromJson(
            readFile(templatePath(product.value(u"preferenceDomain"_s).toString() + u".jamf.json"_s)))
                                         .object();
        QVERIFY(!manifest.value(u"title"_s).toString().isEmpty());
        QVERIFY(!manifest.value(u"description"_s).toString().isEmpty());
        const QJsonObject properties = manifest.value(u"properties"_s).toObject();
        QCOMPARE(keysOf(properties), schemaNames());
        for (const QJsonValue &value : schemaPolicies()) {
            const QJsonObject policy = value.toObject();
            const QJsonObject property = properties.value(policy.value(u"name"_s).toString()).toObject();
            QCOMPARE(property.value(u"title"_s), policy.value(u"title"_s).toObject().value(u"en"_s));
            QCOMPARE(property.value(u"description"_s), policy.value(u"description"_s).toObject().value(u"en"_s));
            QVERIFY(property.value(u"type"_s).isString());
            if (policy.value(u"type"_s).toString() == u"enum") {
                const QJsonArray values = policy.value(u"values"_s).toArray();
                QCOMPARE(property.value(u"enum"_s).toArray().size(), values.size());
                QCOMPARE(
                    property.value(u"options"_s).toObject().value(u"enum_titles"_s).toArray().size(), values.size());
            }
        }
    }

    void examplesUseLevelsTheirPoliciesAllow()
    {
        QHash<QString, QJsonObject> policies;
        for (const QJsonValue &value : schemaPolicies())
            policies.insert(value.toObject().value(u"name"_s).toString(), value.toObject());
        for (const QString &level : {u"managed"_s, u"recommended"_s}) {
            const QString directory = templatePath(u"examples/linux/"_s + level);
            const QStringList files = QDir(directory).entryList({u"*.json"_s}, QDir::Files);
            QVERIFY2(!files.isEmpty(), qPrintable(directory));
            for (const QString &file : files) {
                const QJsonObject example = QJsonDocument::fromJson(readFile(directory + u'/' + file)).object();
                QVERIFY2(!example.isEmpty(), qPrintable(file));
                for (auto it = example.begin(); it != example.end(); ++it) {
                    QVERIFY2(policies.contains(it.key()), qPrintable(it.key()));
                    if (level == u"recommended")
                        QVERIFY2(recommendedAllowed(policies.value(it.key())), qPrintable(it.key()));
                    QCOMPARE(it.value(), policies.value(it.key()).value(u"example"_s));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_PolicyTemplates)
#include "tst_PolicyTemplates.moc"
