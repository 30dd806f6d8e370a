#pragma once

#include "SchemaFile.h"

#include <QByteArray>
#include <QString>

namespace streamcanvas::policygen {

// docs/policies.md: the administrators' reference. How policy works (levels, precedence, the
// three operating systems, invalid values, checking), a table of every policy, then each
// policy with its values, default, and how to set it on Windows, macOS and Linux.
class MarkdownWriter
{
public:
    explicit MarkdownWriter(const SchemaFile &schema);

    QByteArray document() const;

private:
    QString introduction() const;
    QString generalSections() const;
    QString overview() const;
    QString policySection(const Policy &policy) const;
    QString valueDetails(const Policy &policy) const;
    QString howToSet(const Policy &policy) const;

    const SchemaFile &m_schema;
};

} // namespace streamcanvas::policygen
