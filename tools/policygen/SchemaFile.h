#pragma once

#include "SchemaModel.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace streamcanvas::policygen {

// core/policy/policies.json, read and checked strictly: every field known, every name
// unique, every category and level known, an English and a German title and description on
// each policy, category and enum value, and defaults and examples of the policy's type.
// What the writers get is complete, so they never guess.
class SchemaFile
{
public:
    // On a problem returns nothing, and *errors says for each one which policy (or part of
    // the file) and which field it is about.
    static std::optional<SchemaFile> load(const QString &path, QStringList *errors);
    static std::optional<SchemaFile> fromJson(const QByteArray &json, QStringList *errors);

    // The file as it was read, byte for byte.
    const QByteArray &bytes() const { return m_bytes; }
    const Product &product() const { return m_product; }
    const QList<Category> &categories() const { return m_categories; }
    // In schema order.
    const QList<Policy> &policies() const { return m_policies; }
    const QList<ExampleFile> &examples() const { return m_examples; }

    QList<const Policy *> policiesIn(const QString &categoryId) const;
    const Policy *find(const QString &name) const;

private:
    QByteArray m_bytes;
    Product m_product;
    QList<Category> m_categories;
    QList<Policy> m_policies;
    QList<ExampleFile> m_examples;
};

} // namespace streamcanvas::policygen
