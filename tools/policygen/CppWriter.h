#pragma once

#include "GeneratedFile.h"
#include "SchemaFile.h"

namespace streamcanvas::policygen {

// The C++ the app reads policy through (namespace streamcanvas::policy):
//   PolicyKeys.h/.cpp       PolicyKey, the names, one enum class per enum policy, the schema's bytes
//   EffectivePolicy.h/.cpp  every policy's value, with a typed accessor per policy
class CppWriter
{
public:
    explicit CppWriter(const SchemaFile &schema);

    QList<GeneratedFile> files() const;

private:
    QByteArray keysHeader() const;
    QByteArray keysSource() const;
    QByteArray effectivePolicyHeader() const;
    QByteArray effectivePolicySource() const;

    const SchemaFile &m_schema;
};

} // namespace streamcanvas::policygen
