#include "UserSettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

UserSettings::UserSettings(QString path)
    : m_path(std::move(path))
{
}

bool UserSettings::load(QString *error)
{
    m_values = {};
    m_profileName.clear();
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read the settings file %1: %2").arg(m_path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject() || !document.object().value(u"values"_s).isObject()) {
        *error = tr("the settings file %1 is damaged (%2); fix or delete it")
                     .arg(m_path,
                         parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                      : tr("unexpected content"));
        return false;
    }
    m_values = document.object().value(u"values"_s).toObject();
    m_profileName = document.object().value(u"connectionProfile"_s).toString();
    return true;
}

bool UserSettings::save(QString *error) const
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    QJsonObject object{{u"version"_s, 1}, {u"values"_s, m_values}};
    if (!m_profileName.isEmpty())
        object.insert(u"connectionProfile"_s, m_profileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(object).toJson()) < 0 || !file.commit()) {
        *error = tr("cannot save the settings file %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

void UserSettings::clearConnection()
{
    for (PolicyKey key : PolicyResolver::connectionKeys())
        m_values.remove(policyName(key));
    m_profileName.clear();
}

QList<UserValue> UserSettings::values() const
{
    QList<UserValue> list;
    const QString origin = tr("user settings (%1)").arg(m_path);
    // The connection's values came from a profile: say which, since that is what an admin
    // published and a user imported.
    const QString profile = tr("connection profile \u201c%1\u201d (%2)").arg(m_profileName, m_path);
    for (auto it = m_values.begin(); it != m_values.end(); ++it) {
        const auto key = policyKeyByName(it.key());
        const bool fromProfile = !m_profileName.isEmpty() && key && PolicyResolver::connectionKeys().contains(*key);
        list.append({it.key(), it.value(), fromProfile ? profile : origin});
    }
    return list;
}

} // namespace streamcanvas::policy
