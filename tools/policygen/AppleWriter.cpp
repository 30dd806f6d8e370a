#include "AppleWriter.h"

#include "JsonSchemaWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace streamcanvas::policygen {

namespace {

// The RFC 4122 name space for domain names: the identifiers are reverse domain names.
const QUuid dnsNamespace(u"6ba7b810-9dad-11d1-80b4-00c04fd430c8"_s);

QString payloadUuid(const QString &identifier)
{
    return QUuid::createUuidV5(dnsNamespace, identifier).toString(QUuid::WithoutBraces).toUpper();
}

void writeKey(QXmlStreamWriter &xml, const QString &key)
{
    xml.writeTextElement(u"key"_s, key);
}

// A JSON value as plist XML: strings, booleans, integers, arrays and dictionaries.
void writeValue(QXmlStreamWriter &xml, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        xml.writeEmptyElement(value.toBool() ? u"true"_s : u"false"_s);
        return;
    case QJsonValue::Double:
        xml.writeTextElement(u"integer"_s, QString::number(value.toInteger()));
        return;
    case QJsonValue::String:
        xml.writeTextElement(u"string"_s, value.toString());
        return;
    case QJsonValue::Array:
        xml.writeStartElement(u"array"_s);
        for (const QJsonValue &item : value.toArray())
            writeValue(xml, item);
        xml.writeEndElement();
        return;
    case QJsonValue::Object: {
        xml.writeStartElement(u"dict"_s);
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            writeKey(xml, it.key());
            writeValue(xml, it.value());
        }
        xml.writeEndElement();
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
}

void writeString(QXmlStreamWriter &xml, const QString &key, const QString &value)
{
    writeKey(xml, key);
    xml.writeTextElement(u"string"_s, value);
}

void writeInteger(QXmlStreamWriter &xml, const QString &key, int value)
{
    writeKey(xml, key);
    xml.writeTextElement(u"integer"_s, QString::number(value));
}

void writeBool(QXmlStreamWriter &xml, const QString &key, bool value)
{
    writeKey(xml, key);
    xml.writeEmptyElement(value ? u"true"_s : u"false"_s);
}

} // namespace

AppleWriter::AppleWriter(const SchemaFile &schema)
    : m_schema(schema)
{
}

QList<GeneratedFile> AppleWriter::files() const
{
    const QString domain = m_schema.product().preferenceDomain;
    return {
        {domain + u".mobileconfig"_s, mobileconfig()},
        {domain + u".jamf.json"_s, jamfManifest()},
    };
}

QByteArray AppleWriter::mobileconfig() const
{
    const Product &product = m_schema.product();
    const QString profileId = product.preferenceDomain + u".policy"_s;
    const QString payloadId = profileId + u".managedclient"_s;

    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(-1); // tabs, as Apple's tools write plists
    xml.writeStartDocument();
    xml.writeDTD(u"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                 u"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">"_s);
    xml.writeStartElement(u"plist"_s);
    xml.writeAttribute(u"version"_s, u"1.0"_s);
    xml.writeStartElement(u"dict"_s);

    // Keys in each dictionary in sorted order, as Apple's tools write them.
    writeKey(xml, u"PayloadContent"_s);
    xml.writeStartElement(u"array"_s);
    xml.writeStartElement(u"dict"_s);
    writeKey(xml, u"PayloadContent"_s);
    xml.writeStartElement(u"dict"_s);
    writeKey(xml, product.preferenceDomain);
    xml.writeStartElement(u"dict"_s);
    writeKey(xml, u"Forced"_s);
    xml.writeStartElement(u"array"_s);
    xml.writeStartElement(u"dict"_s);
    writeKey(xml, u"mcx_preference_settings"_s);
    xml.writeStartElement(u"dict"_s);
    for (const Policy &policy : m_schema.policies()) {
        writeKey(xml, policy.name);
        writeValue(xml, policy.example);
    }
    xml.writeEndElement(); // mcx_preference_settings
    xml.writeEndElement(); // the Forced entry
    xml.writeEndElement(); // Forced
    xml.writeEndElement(); // the domain
    xml.writeEndElement(); // PayloadContent
    writeString(xml, u"PayloadDisplayName"_s, u"%1 policies"_s.arg(product.name));
    writeBool(xml, u"PayloadEnabled"_s, true);
    writeString(xml, u"PayloadIdentifier"_s, payloadId);
    writeString(xml, u"PayloadType"_s, u"com.apple.ManagedClient.preferences"_s);
    writeString(xml, u"PayloadUUID"_s, payloadUuid(payloadId));
    writeInteger(xml, u"PayloadVersion"_s, 1);
    xml.writeEndElement(); // the payload
    xml.writeEndElement(); // PayloadContent

    writeString(xml, u"PayloadDescription"_s,
        u"Example: every %1 policy, forced to an example value. Remove what you do not manage and set your own "
        u"values before deploying it."_s.arg(product.name));
    writeString(xml, u"PayloadDisplayName"_s, u"%1 policies (example)"_s.arg(product.name));
    writeString(xml, u"PayloadIdentifier"_s, profileId);
    writeBool(xml, u"PayloadRemovalDisallowed"_s, false);
    writeString(xml, u"PayloadScope"_s, u"System"_s);
    writeString(xml, u"PayloadType"_s, u"Configuration"_s);
    writeString(xml, u"PayloadUUID"_s, payloadUuid(profileId));
    writeInteger(xml, u"PayloadVersion"_s, 1);
    xml.writeEndElement(); // dict
    xml.writeEndElement(); // plist
    xml.writeEndDocument();
    return normalizedText(out);
}

QByteArray AppleWriter::jamfManifest() const
{
    const Product &product = m_schema.product();
    QJsonObject properties;
    int order = 0;
    for (const Policy &policy : m_schema.policies()) {
        QJsonObject property = JsonSchemaWriter::valueSchema(policy.spec, JsonSchemaWriter::Flavor::Jamf);
        property.insert(u"title"_s, policy.title.en);
        property.insert(u"description"_s, policy.description.en);
        // Jamf Pro shows the properties in this order (the JSON object itself is sorted by name).
        property.insert(u"property_order"_s, order += 5);
        if (!policy.defaultValue.isNull())
            property.insert(u"default"_s, policy.defaultValue);
        properties.insert(policy.name, property);
    }
    const QJsonObject manifest{
        {u"title"_s, u"%1 (%2)"_s.arg(product.name, product.preferenceDomain)},
        {u"description"_s,
            u"Policies of %1. Values set here are managed: users cannot change them."_s.arg(product.name)},
        {u"properties"_s, properties},
    };
    return normalizedText(QJsonDocument(manifest).toJson(QJsonDocument::Indented));
}

} // namespace streamcanvas::policygen
