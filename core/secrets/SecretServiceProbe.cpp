#include "secrets/SecretServiceProbe.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>

using namespace Qt::StringLiterals;

namespace streamcanvas::secrets {

namespace {

const QString secretsService = u"org.freedesktop.secrets"_s;

} // namespace

bool SecretServiceProbe::serviceAvailable()
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    QDBusConnectionInterface *daemon = bus.interface();
    if (!daemon)
        return false;
    if (daemon->isServiceRegistered(secretsService).value())
        return true;
    return daemon->activatableServiceNames().value().contains(secretsService);
}

void SecretServiceProbe::defaultCollectionLocked(
    QObject *context, std::chrono::milliseconds timeout, std::function<void(bool locked)> done)
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done(false); }, Qt::QueuedConnection);
        return;
    }
    QDBusMessage get = QDBusMessage::createMethodCall(
        secretsService, u"/org/freedesktop/secrets/aliases/default"_s, u"org.freedesktop.DBus.Properties"_s, u"Get"_s);
    get << u"org.freedesktop.Secret.Collection"_s << u"Locked"_s;
    // Never start the Secret Service just to ask.
    get.setAutoStartService(false);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(get, int(timeout.count())), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
        [done = std::move(done)](QDBusPendingCallWatcher *finished) {
            finished->deleteLater();
            const QDBusPendingReply<QDBusVariant> reply = *finished;
            done(!reply.isError() && reply.value().variant().toBool());
        });
}

} // namespace streamcanvas::secrets
