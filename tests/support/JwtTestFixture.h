#pragma once

#include "auth/JwtValidation.h"
#include "auth/JwtValidator.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace streamcanvas::auth {

// The provider, client and moment that the JwtValidator tests share, and the check that a
// refusal is the expected one and says nothing of the token.
class JwtTestFixture
{
public:
    static constexpr qint64 day = 24 * 60 * 60;

    // The fake clocks' time: 2031-03-14 12:00:00 UTC.
    static QDateTime now();
    static qint64 nowSeconds() { return now().toSecsSinceEpoch(); }
    static QString issuer();
    static QString clientId();
    static QString nonce();

    // An ID token's claims, valid at now() for expectations(): issued 10 s ago, expiring in 10 min.
    static QJsonObject validClaims();
    // {"alg": alg, "typ": "JWT", "kid": kid}; no "kid" when `kid` is empty.
    static QJsonObject header(const QString &alg, const QString &kid);
    // issuer(), clientId(), nonce(), and the defaults for the rest.
    static JwtValidator::Expectations expectations();
    // `object` with the members of `set` replaced and those in `remove` removed.
    static QJsonObject patched(QJsonObject object, const QJsonObject &set, const QStringList &remove = {});

    // What is wrong with `result` for `token`; empty when nothing is. For JwtError::None: it
    // must be accepted with claims and no message. Otherwise: refused with exactly
    // `expected`, a message that quotes no 12 characters of the token, and no claims when the
    // signature was never verified.
    static QString refusalProblem(const JwtValidation &result, QByteArrayView token, JwtError expected);
};

} // namespace streamcanvas::auth
