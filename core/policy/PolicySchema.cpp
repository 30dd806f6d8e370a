#include "PolicySchema.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

namespace {

std::optional<PolicyType> parseType(const QString &name)
{
    static const QHash<QString, PolicyType> types{
        {u"bool"_s, PolicyType::Bool},
        {u"int"_s, PolicyType::Int},
        {u"string"_s, PolicyType::String},
        {u"url"_s, PolicyType::Url},
        {u"enum"_s, PolicyType::Enum},
        {u"list"_s, PolicyType::List},
        {u"dictionary"_s, PolicyType::Dictionary},
    };
    const auto it = types.constFind(name);
    return it == types.constEnd() ? std::nullopt : std::optional(*it);
}

QStringList strings(const QJsonValue &value)
{
    QStringList result;
    for (const QJsonValue &item : value.toArray())
        result.append(item.toString());
    return result;
}

// The rule of one value; the generator checks the schema strictly, so this only has to
// say "malformed" instead of crashing when it is not.
bool parseRule(const QJsonObject &object, ValueRule *rule, QString *error)
{
    const auto type = parseType(object.value(u"type"_s).toString());
    if (!type) {
        *error = u"unknown type '%1'"_s.arg(object.value(u"type"_s).toString());
        return false;
    }
    rule->type = *type;
    rule->format = object.value(u"format"_s).toString();
    rule->schemes = strings(object.value(u"schemes"_s));
    if (object.contains(u"minimum"_s))
        rule->minimum = object.value(u"minimum"_s).toInteger();
    if (object.contains(u"maximum"_s))
        rule->maximum = object.value(u"maximum"_s).toInteger();
    if (object.contains(u"maxLength"_s))
        rule->maxLength = object.value(u"maxLength"_s).toInteger();
    for (const QJsonValue &value : object.value(u"values"_s).toArray())
        rule->enumValues.append(value.toObject().value(u"value"_s).toString());
    if (rule->type == PolicyType::List) {
        ValueRule item;
        if (!parseRule(object.value(u"items"_s).toObject(), &item, error))
            return false;
        rule->items = {item};
    }
    if (rule->type == PolicyType::Dictionary) {
        rule->keyFormat = object.value(u"keyFormat"_s).toString();
        if (object.contains(u"valueType"_s)) {
            ValueRule value;
            if (!parseRule(object.value(u"valueType"_s).toObject(), &value, error))
                return false;
            rule->values = {value};
        }
        const QJsonObject properties = object.value(u"properties"_s).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            ValueRule property;
            if (!parseRule(it.value().toObject(), &property, error))
                return false;
            rule->properties.insert(it.key(), property);
        }
        if (rule->values.isEmpty() == rule->properties.isEmpty()) {
            *error = u"a dictionary needs either valueType or properties"_s;
            return false;
        }
    }
    return true;
}

} // namespace

PolicySchema PolicySchema::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        *error = u"the schema is not a JSON object: %1"_s.arg(parseError.errorString());
        return {};
    }
    PolicySchema schema;
    schema.m_product = document.object().value(u"product"_s).toObject();
    const QJsonArray policies = document.object().value(u"policies"_s).toArray();
    for (const QJsonValue &value : policies) {
        const QJsonObject object = value.toObject();
        PolicyDefinition definition;
        definition.name = object.value(u"name"_s).toString();
        const auto key = policyKeyByName(definition.name);
        if (!key || int(*key) != schema.m_definitions.size()) {
            *error = u"%1: not in the generated keys, or out of order"_s.arg(definition.name);
            return {};
        }
        definition.key = *key;
        definition.category = object.value(u"category"_s).toString();
        QString ruleError;
        if (!parseRule(object, &definition.rule, &ruleError)) {
            *error = u"%1: %2"_s.arg(definition.name, ruleError);
            return {};
        }
        definition.defaultValue = object.value(u"default"_s);
        const QStringList levels = strings(object.value(u"levels"_s));
        definition.mandatoryAllowed = levels.contains(u"mandatory"_s);
        definition.recommendedAllowed = levels.contains(u"recommended"_s);
        definition.userSettable = object.value(u"userSettable"_s).toBool();
        definition.appliesLive = object.value(u"apply"_s).toString() == u"live"_s;
        definition.security = object.value(u"security"_s).toBool();
        definition.title = object.value(u"title"_s).toObject();
        definition.description = object.value(u"description"_s).toObject();
        schema.m_definitions.append(definition);
    }
    if (schema.m_definitions.size() != policyKeyCount) {
        *error = u"the schema has %1 policies, the generated keys %2"_s.arg(schema.m_definitions.size())
                     .arg(policyKeyCount);
        return {};
    }
    return schema;
}

const PolicySchema &PolicySchema::builtIn()
{
    // Constant data generated from the same file at build time, so it cannot fail at run
    // time; tst_PolicySchema makes sure of that.
    static const PolicySchema schema = [] {
        QString error;
        PolicySchema parsed = fromJson(policySchemaJson().toByteArray(), &error);
        Q_ASSERT_X(error.isEmpty(), "PolicySchema::builtIn", qPrintable(error));
        return parsed;
    }();
    return schema;
}

const PolicyDefinition &PolicySchema::definition(PolicyKey key) const
{
    return m_definitions.at(int(key));
}

const PolicyDefinition *PolicySchema::find(QStringView name) const
{
    const auto key = policyKeyByName(name);
    return key && int(*key) < m_definitions.size() ? &m_definitions.at(int(*key)) : nullptr;
}

QString typeName(PolicyType type)
{
    switch (type) {
    case PolicyType::Bool:
        return u"bool"_s;
    case PolicyType::Int:
        return u"int"_s;
    case PolicyType::String:
        return u"string"_s;
    case PolicyType::Url:
        return u"url"_s;
    case PolicyType::Enum:
        return u"enum"_s;
    case PolicyType::List:
        return u"list"_s;
    case PolicyType::Dictionary:
        return u"dictionary"_s;
    }
    return {};
}

} // namespace streamcanvas::policy
