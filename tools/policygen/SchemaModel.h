#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace streamcanvas::policygen {

// A text in every language the templates are written in.
struct LocalizedText {
    QString en;
    QString de;

    const QString &in(QStringView language) const { return language == u"de" ? de : en; }
};

struct EnumValue {
    QString value;      // as written in policy files: "api-key"
    QString identifier; // as a C++ enumerator or ADMX id part: "ApiKey"
    LocalizedText title;
};

// What a value must look like. Nested for list items and dictionary values, so the
// containers are std::vector (which may hold a type that is still incomplete).
struct ValueSpec {
    QString type;        // bool, int, string, url, enum, list, dictionary
    QString format;      // string formats: "pem", "proxy", "host-pattern", ...
    QStringList schemes; // url
    std::optional<qint64> minimum;
    std::optional<qint64> maximum;
    std::optional<qint64> maxLength;
    QList<EnumValue> enumValues;
    std::vector<ValueSpec> items;  // list: exactly one rule for every item
    QString keyFormat;             // dictionary with free keys: the format of a key
    std::vector<ValueSpec> values; // dictionary with free keys: exactly one rule for every value
    // Dictionary with fixed keys: a rule per key, each with its key in `key`, sorted by key
    // (QJsonObject gives them in that order).
    std::vector<ValueSpec> properties;
    QString key; // the key of a fixed-key dictionary's property

    bool isMultiLineText() const { return type == u"string" && (format == u"pem" || format == u"text"); }
    bool hasFixedKeys() const { return !properties.empty(); }
};

struct Policy {
    QString name;
    QString category;
    ValueSpec spec;
    QJsonValue defaultValue; // null: not set
    QJsonValue example;
    bool mandatoryAllowed = false;
    bool recommendedAllowed = false;
    bool userSettable = false;
    bool appliesLive = false;
    bool security = false; // an invalid value disables chatting instead of falling back
    LocalizedText title;
    LocalizedText description;
};

struct Category {
    QString id;
    LocalizedText title;
};

struct Product {
    QString name;
    QString vendor;
    QString registryKey;
    QString preferenceDomain;
    QString linuxDirectory;
    QString admxNamespace;
    QString admxPrefix;
};

// One example policy file for Linux, made of the named policies' example values.
struct ExampleFile {
    QString fileName; // "10-connection.json"
    bool recommended = false;
    QStringList policies;

    // Where it goes below the templates directory.
    QString path() const
    {
        return QStringLiteral("examples/linux/")
            + (recommended ? QStringLiteral("recommended/") : QStringLiteral("managed/")) + fileName;
    }
};

} // namespace streamcanvas::policygen
