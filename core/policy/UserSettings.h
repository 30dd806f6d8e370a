#pragma once

#include "PolicyResolver.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace streamcanvas::policy {

// The user's own values of user-settable policies, in one JSON file in the user's config
// directory. Values are validated when they are resolved, like any other; this class only
// keeps them. Writes are atomic, so a crash never leaves half a file.
class UserSettings
{
    Q_DECLARE_TR_FUNCTIONS(UserSettings)

public:
    explicit UserSettings(QString path);

    // A missing file is no settings; an unreadable or malformed one is an error (and the
    // settings stay empty rather than half-read).
    bool load(QString *error);
    bool save(QString *error) const;

    QList<UserValue> values() const;
    QJsonValue value(const QString &name) const { return m_values.value(name); }
    void setValue(const QString &name, const QJsonValue &value) { m_values.insert(name, value); }

    // Removes the connection's values (PolicyResolver::connectionKeys()) and its profile name.
    void clearConnection();

    // The connection profile the connection values came from (empty if set by hand).
    QString profileName() const { return m_profileName; }
    void setProfileName(const QString &name) { m_profileName = name; }

    QString path() const { return m_path; }

private:
    QString m_path;
    QJsonObject m_values;
    QString m_profileName;
};

} // namespace streamcanvas::policy
