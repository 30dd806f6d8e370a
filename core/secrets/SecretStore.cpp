#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QObject>

namespace streamcanvas::secrets {

QString secretErrorMessage(SecretError error)
{
    const char *context = "streamcanvas::secrets::SecretStore";
    switch (error) {
    case SecretError::None:
        return {};
    case SecretError::NotFound:
        return QCoreApplication::translate(context, "Nothing is saved in the keychain for this.");
    case SecretError::NoService:
        return QCoreApplication::translate(
            context, "Sign-in can't be remembered on this computer: no keychain service is available.");
    case SecretError::Locked:
        return QCoreApplication::translate(context, "The keychain is locked. Unlock it and try again.");
    case SecretError::AccessDenied:
        return QCoreApplication::translate(context, "Access to the keychain was denied.");
    case SecretError::Other:
        break;
    }
    return QCoreApplication::translate(context, "The keychain reported an error.");
}

void SecretStore::answerLater(QObject *context, SecretCallback done, SecretResult result)
{
    Q_ASSERT_X(context, "SecretStore", "a context object is required");
    if (!context || !done)
        return;
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result = std::move(result)] { done(result); }, Qt::QueuedConnection);
}

} // namespace streamcanvas::secrets
