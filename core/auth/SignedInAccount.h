#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace streamcanvas::auth {

// What is remembered of a sign-in between runs, as one keychain entry per identity provider
// and client: who signed in, and the refresh token. Never written anywhere else.
struct SignedInAccount {
    QString issuer;
    QString clientId;
    QString subject;
    QString displayName;
    QByteArray refreshToken;

    // The keychain entry for an issuer and client. Accounts are keyed by issuer + client id
    // + user: the entry holds the user, and a sign-in as another user replaces it.
    static QString secretKey(const QString &issuer, const QString &clientId);
    // A lock file of this account in `directory` ("refresh", "sign-in"), the same path in every
    // process of the app and the CLI.
    static QString lockFile(
        const QString &directory, const QString &purpose, const QString &issuer, const QString &clientId);
    QByteArray toJson() const;
    static std::optional<SignedInAccount> fromJson(const QByteArray &json);
};

} // namespace streamcanvas::auth
