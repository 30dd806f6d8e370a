#include "ModelPatterns.h"

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

ModelPatterns::ModelPatterns(const QStringList &patterns)
{
    for (const QString &pattern : patterns) {
        // Only "*" is special: everything else, "?" and "[" included, is literal.
        QStringList parts = pattern.split(u'*');
        for (QString &part : parts)
            part = QRegularExpression::escape(part);
        m_patterns.append(QRegularExpression(QRegularExpression::anchoredPattern(parts.join(u".*"_s))));
    }
}

bool ModelPatterns::allows(const QString &model) const
{
    if (m_patterns.isEmpty())
        return true;
    return std::any_of(m_patterns.begin(), m_patterns.end(),
        [&](const QRegularExpression &pattern) { return pattern.match(model).hasMatch(); });
}

QStringList ModelPatterns::filter(const QStringList &models) const
{
    QStringList allowed;
    for (const QString &model : models) {
        if (allows(model))
            allowed.append(model);
    }
    return allowed;
}

} // namespace streamcanvas::policy
