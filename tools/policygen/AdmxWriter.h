#pragma once

#include "GeneratedFile.h"
#include "SchemaFile.h"

#include <QXmlStreamWriter>

namespace streamcanvas::policygen {

// The Windows administrative template: StreamCanvas.admx with en-US and de-DE ADML files.
// Laid out like Chrome's: every policy under Software\Policies\<...>\Desktop (class Both:
// machine and user), and a second policy for each one that may be recommended, under
// ...\Desktop\Recommended in its own "Default Settings (users can override)" category tree.
class AdmxWriter
{
public:
    explicit AdmxWriter(const SchemaFile &schema);

    QList<GeneratedFile> files() const;

    static const QStringList &languages(); // "en-US", "de-DE"

private:
    QByteArray admx() const;
    QByteArray adml(const QString &language) const;

    void writeCategories(QXmlStreamWriter &xml) const;
    void writePolicy(QXmlStreamWriter &xml, const Policy &policy, bool recommended) const;
    void writeElement(QXmlStreamWriter &xml, const Policy &policy, const QString &key) const;
    void writeStrings(QXmlStreamWriter &xml, const QString &language) const;
    void writePresentation(QXmlStreamWriter &xml, const Policy &policy, const QString &language) const;
    QString explainText(const Policy &policy, const QString &language) const;
    QString rootCategory() const;

    const SchemaFile &m_schema;
};

} // namespace streamcanvas::policygen
