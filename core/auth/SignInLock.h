#pragma once

#include <QCoreApplication>
#include <QLockFile>
#include <QString>

#include <memory>

namespace streamcanvas::auth {

// At most one sign-in per account at a time, across the app and the CLI: a second one
// would race the first for the keychain entry and confuse the user with two browser tabs.
// Held for the whole sign-in; released when destroyed (or when its process dies).
class SignInLock
{
    Q_DECLARE_TR_FUNCTIONS(SignInLock)

public:
    SignInLock(const QString &lockDirectory, const QString &issuer, const QString &clientId);
    ~SignInLock();

    // False with a user-facing *error when another sign-in of this account is under way.
    bool acquire(QString *error);

private:
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace streamcanvas::auth
