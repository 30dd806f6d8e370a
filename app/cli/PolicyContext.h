#pragma once

#include "policy/PolicyResolver.h"

#include <QList>
#include <QString>

namespace streamcanvas::policy {
class PolicyService;
class ResolvedPolicy;
class UserSettings;
} // namespace streamcanvas::policy

namespace streamcanvas::cli {

// Policy as the commands see it: the loaded managed policy, the user's saved settings, and
// the options of this run, which count as the user's own values and come first among them.
class PolicyContext
{
public:
    PolicyContext(policy::PolicyService &service, policy::UserSettings &settings);

    policy::PolicyService &service() { return m_service; }
    policy::UserSettings &settings() { return m_settings; }
    // Set when the settings file could not be read (it is then left alone, not overwritten).
    QString settingsError() const { return m_settingsError; }
    void setSettingsError(const QString &error) { m_settingsError = error; }

    const policy::ResolvedPolicy &resolve(const QList<policy::UserValue> &commandLine = {});

private:
    policy::PolicyService &m_service;
    policy::UserSettings &m_settings;
    QString m_settingsError;
};

} // namespace streamcanvas::cli
