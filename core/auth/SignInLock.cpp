#include "SignInLock.h"

#include "auth/SignedInAccount.h"

#include <QCryptographicHash>
#include <QDir>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

SignInLock::SignInLock(const QString &lockDirectory, const QString &issuer, const QString &clientId)
{
    QDir().mkpath(lockDirectory);
    const QByteArray id
        = QCryptographicHash::hash(SignedInAccount::secretKey(issuer, clientId).toUtf8(), QCryptographicHash::Sha256);
    m_lock = std::make_unique<QLockFile>(
        QDir(lockDirectory).filePath(u"sign-in-"_s + QString::fromLatin1(id.toHex().left(16)) + u".lock"_s));
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
