#include "JsonSchemaWriter.h"

#include "Formats.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace streamcanvas::policygen {

namespace {

QString jsonType(const QString &type)
{
    if (type == u"bool")
        return u"boolean"_s;
    if (type == u"int")
        return u"integer"_s;
    if (type == u"list")
        return u"array"_s;
    if (type == u"dictionary")
        return u"object"_s;
    return u"string"_s; // string, url, enum
}

QByteArray indentedJson(const QJsonObject &object)
{
    return normalizedText(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

} // namespace

JsonSchemaWriter::JsonSchemaWriter(const SchemaFile &schema)
    : m_schema(schema)
{
}

QList<GeneratedFile> JsonSchemaWriter::files() const
{
    QList<GeneratedFile> files{{u"streamcanvas-policies.schema.json"_s, policyFileSchema()}};
    for (const ExampleFile &file : m_schema.examples())
        files.append({file.path(), example(file)});
    return files;
}

QJsonObject JsonSchemaWriter::valueSchema(const ValueSpec &spec, Flavor flavor)
{
    const bool strict = flavor == Flavor::Strict;
    QJsonObject schema{{u"type"_s, jsonType(spec.type)}};
    if (spec.minimum)
        schema.insert(u"minimum"_s, *spec.minimum);
    if (spec.maximum)
        schema.insert(u"maximum"_s, *spec.maximum);
    if (spec.maxLength)
        schema.insert(u"maxLength"_s, *spec.maxLength);
    if (spec.type == u"url" && strict)
        schema.insert(u"format"_s, u"uri"_s);
    if (!spec.format.isEmpty() && strict) {
        const std::optional<StringFormat> format = stringFormat(spec.format);
        if (format && !format->pattern.isEmpty())
            schema.insert(u"pattern"_s, format->pattern);
    }
    if (spec.type == u"enum") {
        QJsonArray values;
        QJsonArray titles;
        for (const EnumValue &value : spec.enumValues) {
            values.append(value.value);
            titles.append(value.title.en);
        }
        schema.insert(u"enum"_s, values);
        if (!strict)
            schema.insert(u"options"_s, QJsonObject{{u"enum_titles"_s, titles}});
    }
    if (spec.type == u"list")
        schema.insert(u"items"_s, valueSchema(spec.items.front(), flavor));
    if (spec.type == u"dictionary" && spec.hasFixedKeys()) {
        QJsonObject properties;
        for (const ValueSpec &property : spec.properties) {
            QJsonObject propertySchema = valueSchema(property, flavor);
            propertySchema.insert(u"title"_s, property.key);
            properties.insert(property.key, propertySchema);
        }
        schema.insert(u"properties"_s, properties);
        if (strict)
            schema.insert(u"additionalProperties"_s, false);
    } else if (spec.type == u"dictionary") {
        schema.insert(u"additionalProperties"_s, valueSchema(spec.values.front(), flavor));
        const std::optional<StringFormat> format = keyFormat(spec.keyFormat);
        if (strict && format && !format->pattern.isEmpty())
            schema.insert(u"propertyNames"_s, QJsonObject{{u"pattern"_s, format->pattern}});
    }
    return schema;
}

QByteArray JsonSchemaWriter::policyFileSchema() const
{
    const Product &product = m_schema.product();
    QJsonObject properties;
    for (const Policy &policy : m_schema.policies()) {
        QJsonObject schema = valueSchema(policy.spec, Flavor::Strict);
        schema.insert(u"title"_s, policy.title.en);
        QString description = policy.description.en;
        if (!policy.recommendedAllowed)
            description += u" (Managed only: ignored in recommended files.)"_s;
        schema.insert(u"description"_s, description);
        if (!policy.defaultValue.isNull())
            schema.insert(u"default"_s, policy.defaultValue);
        properties.insert(policy.name, schema);
    }
    const QJsonObject schema{
        {u"$schema"_s, u"https://json-schema.org/draft/2020-12/schema"_s},
        {u"title"_s, u"%1 policy file"_s.arg(product.name)},
        {u"description"_s,
            u"One JSON file in %1/managed (locked) or %1/recommended (defaults users may change): "
            u"an object of policy names and values. Generated from the policy schema."_s.arg(product.linuxDirectory)},
        {u"type"_s, u"object"_s},
        {u"additionalProperties"_s, false},
        {u"properties"_s, properties},
    };
    return indentedJson(schema);
}

QByteArray JsonSchemaWriter::example(const ExampleFile &example) const
{
    QList<std::pair<QString, QJsonValue>> members;
    for (const QString &name : example.policies)
        members.append({name, m_schema.find(name)->example});
    return orderedObject(members);
}

QByteArray JsonSchemaWriter::orderedObject(const QList<std::pair<QString, QJsonValue>> &members)
{
    QByteArray out = "{\n";
    for (qsizetype i = 0; i < members.size(); ++i) {
        // The member as the only one of an object, without that object's braces.
        QByteArray member = QJsonDocument(QJsonObject{members.at(i)}).toJson(QJsonDocument::Indented);
        member = member.mid(2, member.size() - 5); // "{\n" ... "\n}\n"
        out += member + (i + 1 < members.size() ? ",\n" : "\n");
    }
    return out + "}\n";
}

} // namespace streamcanvas::policygen
