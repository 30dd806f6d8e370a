#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <chrono>

namespace streamcanvas::auth {

// What a sign-in yields. The access token lives in memory only; the refresh token goes to
// the keychain; of the ID token only its checked claims are kept (it never goes to the
// gateway).
struct TokenSet {
    QByteArray accessToken;
    // When the access token stops working: monotonic (for refreshing in time) and wall
    // clock (for showing it).
    std::chrono::steady_clock::time_point accessTokenExpiry{};
    QDateTime accessTokenExpiryUtc;
    QByteArray refreshToken;
    QJsonObject idClaims; // verified: iss, sub, aud, name, email, ...

    QString subject() const { return idClaims.value(QStringLiteral("sub")).toString(); }
    QString displayName() const
    {
        const QString name = idClaims.value(QStringLiteral("name")).toString();
        if (!name.isEmpty())
            return name;
        const QString email = idClaims.value(QStringLiteral("email")).toString();
        return email.isEmpty() ? subject() : email;
    }
};

} // namespace streamcanvas::auth

Q_DECLARE_METATYPE(streamcanvas::auth::TokenSet)
