#include "SecretServiceInspector.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace {

const QString secretsService = u"org.freedesktop.secrets"_s;
const QString servicePath = u"/org/freedesktop/secrets"_s;
const QString serviceInterface = u"org.freedesktop.Secret.Service"_s;

// The Secret Service's Secret struct, (oayays).
struct DBusSecret {
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument &operator<<(QDBusArgument &argument, const DBusSecret &secret)
{
    argument.beginStructure();
    argument << secret.session << secret.parameters << secret.value << secret.contentType;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, DBusSecret &secret)
{
    argument.beginStructure();
    argument >> secret.session >> secret.parameters >> secret.value >> secret.contentType;
    argument.endStructure();
    return argument;
}

QDBusMessage call(const QString &path, const QString &interface, const QString &method, const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createMethodCall(secretsService, path, interface, method);
    message.setArguments(arguments);
    return QDBusConnection::sessionBus().call(message, QDBus::Block, 10000);
}

std::optional<QString> defaultCollection(QString *error)
{
    const QDBusMessage reply = call(servicePath, serviceInterface, u"ReadAlias"_s, {u"default"_s});
    if (reply.type() != QDBusMessage::ReplyMessage) {
        *error = reply.errorMessage();
        return std::nullopt;
    }
    return qdbus_cast<QDBusObjectPath>(reply.arguments().value(0)).path();
}

} // namespace

Q_DECLARE_METATYPE(DBusSecret)

namespace streamcanvas::secrets {

SecretServiceInspector::SecretServiceInspector(const QString &service)
    : m_service(service)
{
}

std::optional<QByteArray> SecretServiceInspector::storedValue(const QString &key) const
{
    QProcess tool;
    tool.start(u"secret-tool"_s, {u"lookup"_s, u"user"_s, key, u"server"_s, m_service, u"type"_s, u"base64"_s});
    if (!tool.waitForFinished(10000) || tool.exitStatus() != QProcess::NormalExit || tool.exitCode() != 0)
        return std::nullopt;
    return QByteArray::fromBase64(tool.readAllStandardOutput().trimmed());
}

int SecretServiceInspector::itemCount() const
{
    QProcess tool;
    tool.start(u"secret-tool"_s, {u"search"_s, u"--all"_s, u"server"_s, m_service});
    if (!tool.waitForFinished(10000) || tool.exitStatus() != QProcess::NormalExit)
        return -1;
    int count = 0;
    const QList<QByteArray> lines = tool.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("[/"))
            ++count;
    }
    return count;
}

bool SecretServiceInspector::lockDefaultCollection(QString *error) const
{
    const std::optional<QString> collection = defaultCollection(error);
    if (!collection)
        return false;
    const QDBusMessage reply = call(servicePath, serviceInterface, u"Lock"_s,
        {QVariant::fromValue(QList<QDBusObjectPath>{QDBusObjectPath(*collection)})});
    if (reply.type() != QDBusMessage::ReplyMessage) {
        *error = reply.errorMessage();
        return false;
    }
    return true;
}

bool SecretServiceInspector::unlockDefaultCollection(const QByteArray &password, QString *error) const
{
    qDBusRegisterMetaType<DBusSecret>();
    const std::optional<QString> collection = defaultCollection(error);
    if (!collection)
        return false;
    // gnome-keyring's own interface takes the password without a prompt; "plain" sessions
    // carry it unencrypted, which is fine on a private test bus.
    const QDBusMessage session = call(
        servicePath, serviceInterface, u"OpenSession"_s, {u"plain"_s, QVariant::fromValue(QDBusVariant(QString()))});
    if (session.type() != QDBusMessage::ReplyMessage) {
        *error = session.errorMessage();
        return false;
    }
    DBusSecret secret;
    secret.session = qdbus_cast<QDBusObjectPath>(session.arguments().value(1));
    secret.value = password;
    secret.contentType = u"text/plain"_s;
    const QDBusMessage reply = call(servicePath, u"org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"_s,
        u"UnlockWithMasterPassword"_s,
        {QVariant::fromValue(QDBusObjectPath(*collection)), QVariant::fromValue(secret)});
    if (reply.type() != QDBusMessage::ReplyMessage) {
        *error = reply.errorMessage();
        return false;
    }
    return true;
}

bool SecretServiceInspector::defaultCollectionLocked() const
{
    const QDBusMessage reply = call(u"/org/freedesktop/secrets/aliases/default"_s, u"org.freedesktop.DBus.Properties"_s,
        u"Get"_s, {u"org.freedesktop.Secret.Collection"_s, u"Locked"_s});
    return reply.type() == QDBusMessage::ReplyMessage
        && qdbus_cast<QDBusVariant>(reply.arguments().value(0)).variant().toBool();
}

} // namespace streamcanvas::secrets
