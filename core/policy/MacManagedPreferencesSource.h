#pragma once

#include "policy/PolicySource.h"

#include <QByteArray>

class QSocketNotifier;
class QTimer;

namespace streamcanvas::policy {

// Managed policy on macOS: the preference domain com.streamcanvas.desktop as configuration
// profiles (MDM) set it. What counts, and only that:
//  - /Library/Managed Preferences/com.streamcanvas.desktop.plist, machine scope, and
//    /Library/Managed Preferences/<user>/com.streamcanvas.desktop.plist, user scope: what
//    macOS applies from profiles. A key that CFPreferencesAppValueIsForced() reports as forced
//    is mandatory, any other recommended. (macOS keeps only forced values in these files; the
//    check makes sure the file is what the system applies.)
//  - /Library/Preferences/com.streamcanvas.desktop.plist, the any-user domain that only an
//    administrator can write ("sudo defaults write /Library/Preferences/…"), as recommended
//    values of machine scope: the one place an organisation can put a default that is not
//    forced. "Set-Once" profile values end up in the user's own preferences, where nothing
//    tells them apart from the user's "defaults write" — and that is never policy.
// This class only reads; PlistPolicyConverter decides what the values mean.
//
// Changes are noticed through the notification macOS posts when managed preferences change,
// and, should that be missed, by comparing a digest of what read() finds once a minute.
class MacManagedPreferencesSource final : public PolicySource
{
    Q_OBJECT

public:
    explicit MacManagedPreferencesSource(QObject *parent = nullptr);
    ~MacManagedPreferencesSource() override;

    PolicySourceReading read() override;
    void watch() override;
    QString description() const override;

private:
    void poll();

    int m_notifyToken = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_pollTimer = nullptr;
    QByteArray m_digest;
};

} // namespace streamcanvas::policy
