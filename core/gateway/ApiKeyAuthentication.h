#pragma once

#include "AccessTokenSource.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>

#include <optional>

namespace streamcanvas::secrets {
class SecretStore;
}

namespace streamcanvas::gateway {

// An API key kept in the keychain, sent as "Authorization: Bearer <key>". The key is read
// once and kept in memory; after a 401 it is read again, in case it was replaced meanwhile.
class ApiKeyAuthentication
    : public QObject
    , public AccessTokenSource
{
    Q_OBJECT

public:
    ApiKeyAuthentication(secrets::SecretStore &store, QString secretKey, QObject *parent = nullptr);

    // The keychain entry that holds the API key of the gateway at `origin` (scheme://host:port).
    static QString secretKeyFor(const QString &origin);

    void authorization(QObject *context, Callback done) override;
    void renewAfterRejection(const QByteArray &rejected, QObject *context, Callback done) override;

private:
    void load(QObject *context, Callback done, const QByteArray &rejected);

    secrets::SecretStore &m_store;
    QString m_secretKey;
    std::optional<QByteArray> m_authorization;
};

} // namespace streamcanvas::gateway
