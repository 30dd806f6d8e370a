#include "SignedInAccount.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

QString SignedInAccount::secretKey(const QString &issuer, const QString &clientId)
{
    // Hashed: keychain entry names are visible to other programs; the issuer need not be.
    const QByteArray id = QCryptographicHash::hash((issuer + u'\n' + clientId).toUtf8(), QCryptographicHash::Sha256);
    return u"oidc-account:"_s + QString::fromLatin1(id.toHex().left(32));
}

QString SignedInAccount::lockFile(
    const QString &directory, const QString &purpose, const QString &issuer, const QString &clientId)
{
    QDir().mkpath(directory);
    const QByteArray id = QCryptographicHash::hash(secretKey(issuer, clientId).toUtf8(), QCryptographicHash::Sha256);
    return QDir(directory).filePath(purpose + u'-' + QString::fromLatin1(id.toHex().left(16)) + u".lock"_s);
}

QByteArray SignedInAccount::toJson() const
{
    return QJsonDocument(QJsonObject{{u"issuer"_s, issuer}, {u"client_id"_s, clientId}, {u"sub"_s, subject},
                             {u"name"_s, displayName}, {u"refresh_token"_s, QString::fromLatin1(refreshToken)}})
        .toJson(QJsonDocument::Compact);
}

std::optional<SignedInAccount> SignedInAccount::fromJson(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    SignedInAccount account;
    account.issuer = object.value(u"issuer"_s).toString();
    account.clientId = object.value(u"client_id"_s).toString();
    account.subject = object.value(u"sub"_s).toString();
    account.displayName = object.value(u"name"_s).toString();
    account.refreshToken = object.value(u"refresh_token"_s).toString().toLatin1();
    if (account.issuer.isEmpty() || account.clientId.isEmpty() || account.subject.isEmpty())
        return std::nullopt;
    return account;
}

} // namespace streamcanvas::auth
