#pragma once

#include <QList>
#include <QRegularExpression>
#include <QStringList>

namespace streamcanvas::policy {

// The AllowedModels policy: model ids, where "*" stands for any run of characters. No
// patterns means every model.
class ModelPatterns
{
public:
    explicit ModelPatterns(const QStringList &patterns);

    bool allows(const QString &model) const;
    QStringList filter(const QStringList &models) const;

private:
    QList<QRegularExpression> m_patterns;
};

} // namespace streamcanvas::policy
