#include "SignInLock.h"

#include "auth/SignedInAccount.h"

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

SignInLock::SignInLock(const QString &lockDirectory, const QString &issuer, const QString &clientId)
    : m_lock(std::make_unique<QLockFile>(SignedInAccount::lockFile(lockDirectory, u"sign-in"_s, issuer, clientId)))
{
    // A sign-in may wait minutes for the user; only a dead process's lock is stale.
    m_lock->setStaleLockTime(0);
}

SignInLock::~SignInLock() = default;

bool SignInLock::acquire(QString *error)
{
    if (m_lock->tryLock(0))
        return true;
    *error = m_lock->error() == QLockFile::LockFailedError
        ? tr("A sign-in to this account is already under way (in another window or terminal). Finish or cancel "
             "it first.")
        : tr("The sign-in could not start: its lock file cannot be written.");
    return false;
}

} // namespace streamcanvas::auth
