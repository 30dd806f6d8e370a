#pragma once

#include "PolicyKeys.h"
#include "PolicyLevel.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace streamcanvas::policy {

enum class PolicyType { Bool, Int, String, Url, Enum, List, Dictionary };

// What a value of one type must look like; nested for list items and dictionary values.
struct ValueRule {
    PolicyType type = PolicyType::String;
    QString format;                         // string/list item formats: "pem", "proxy", "host-pattern", ...
    QStringList schemes;                    // url
    std::optional<qint64> minimum, maximum; // int
    std::optional<qsizetype> maxLength;     // string
    QStringList enumValues;                 // enum
    QList<ValueRule> items;                 // list: exactly one rule for every item
    QString keyFormat;                      // dictionary with free keys: the format of a key
    QList<ValueRule> values;                // dictionary with free keys: exactly one rule for every value
    QHash<QString, ValueRule> properties;   // dictionary with fixed keys
};

// One policy as the schema (core/policy/policies.json) defines it.
struct PolicyDefinition {
    PolicyKey key{};
    QString name;
    QString category;
    ValueRule rule;
    QJsonValue defaultValue; // null: "not set" (the accessor's empty value)
    bool mandatoryAllowed = true;
    bool recommendedAllowed = true;
    bool userSettable = false;
    bool appliesLive = false; // else at the next start
    bool security = false;    // an invalid value disables chatting instead of falling back
    QJsonObject title;        // language code -> text
    QJsonObject description;
};

// The schema compiled into the app: every policy's definition, in schema order.
class PolicySchema
{
public:
    // Parses the schema document; on a malformed schema (a build defect, checked by the
    // tests) *error is set and the result is empty.
    static PolicySchema fromJson(const QByteArray &json, QString *error);
    // The schema this build was generated from.
    static const PolicySchema &builtIn();

    const QList<PolicyDefinition> &definitions() const { return m_definitions; }
    const PolicyDefinition &definition(PolicyKey key) const;
    const PolicyDefinition *find(QStringView name) const;
    QJsonObject product() const { return m_product; }

private:
    QList<PolicyDefinition> m_definitions; // indexed by PolicyKey
    QJsonObject m_product;
};

QString typeName(PolicyType type);

} // namespace streamcanvas::policy
