#pragma once

#include "GeneratedFile.h"
#include "SchemaFile.h"

#include <QJsonObject>
#include <QJsonValue>

#include <utility>

namespace streamcanvas::policygen {

// For Linux: streamcanvas-policies.schema.json, a JSON Schema (draft 2020-12) of one policy
// file in /etc/streamcanvas/policies/{managed,recommended}, and the example files the schema
// lists under "examples" (each policy's "example" value).
class JsonSchemaWriter
{
public:
    explicit JsonSchemaWriter(const SchemaFile &schema);

    QList<GeneratedFile> files() const;

    enum class Flavor {
        Strict, // JSON Schema proper: formats, patterns, no unknown keys
        Jamf,   // what Jamf Pro's form builder understands: types, ranges, enum titles
    };
    // The JSON Schema of one value (without title and description).
    static QJsonObject valueSchema(const ValueSpec &spec, Flavor flavor);
    // An object with its members in the given order, indented like QJsonDocument does it
    // (which would sort them by name).
    static QByteArray orderedObject(const QList<std::pair<QString, QJsonValue>> &members);

private:
    QByteArray policyFileSchema() const;
    QByteArray example(const ExampleFile &example) const;

    const SchemaFile &m_schema;
};

} // namespace streamcanvas::policygen
