#include "JwtTestFixture.h"

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

QDateTime JwtTestFixture::now()
{
    return QDateTime(QDate(2031, 3, 14), QTime(12, 0), Qt::UTC);
}

QString JwtTestFixture::issuer()
{
    return u"https://idp.example.test/realms/corp"_s;
}

QString JwtTestFixture::clientId()
{
    return u"streamcanvas-desktop"_s;
}

QString JwtTestFixture::nonce()
{
    return u"n-0S6_WzA2Mj"_s;
}

QJsonObject JwtTestFixture::validClaims()
{
    const qint64 seconds = nowSeconds();
    return QJsonObject{
        {u"iss"_s, issuer()},
        {u"sub"_s, u"248289761001"_s},
        {u"aud"_s, clientId()},
        {u"exp"_s, seconds + 600},
        {u"iat"_s, seconds - 10},
        {u"auth_time"_s, seconds - 12},
        {u"nonce"_s, nonce()},
        {u"email"_s, u"jane.doe@example.test"_s},
    };
}

QJsonObject JwtTestFixture::header(const QString &alg, const QString &kid)
{
    QJsonObject header{{u"alg"_s, alg}, {u"typ"_s, u"JWT"_s}};
    if (!kid.isEmpty())
        header.insert(u"kid"_s, kid);
    return header;
}

JwtValidator::Expectations JwtTestFixture::expectations()
{
    JwtValidator::Expectations expected;
    expected.issuer = issuer();
    expected.clientId = clientId();
    expected.nonce = nonce();
    return expected;
}

QJsonObject JwtTestFixture::patched(QJsonObject object, const QJsonObject &set, const QStringList &remove)
{
    for (auto it = set.begin(); it != set.end(); ++it)
        object.insert(it.key(), it.value());
    for (const QString &member : remove)
        object.remove(member);
    return object;
}

QString JwtTestFixture::refusalProblem(const JwtValidation &result, QByteArrayView token, JwtError expected)
{
    const auto name = [](JwtError error) {
        return QLatin1StringView(jwtErrorName(error));
    };
    if (expected == JwtError::None) {
        if (!result.ok || result.error != JwtError::None)
            return u"refused with %1: %2"_s.arg(name(result.error), result.message);
        if (!result.message.isEmpty() || result.claims.isEmpty() || result.header.isEmpty())
            return u"accepted, but with a message, or without claims or header"_s;
        return {};
    }
    if (result.ok)
        return u"accepted, expected %1"_s.arg(name(expected));
    if (result.error != expected)
        return u"refused with %1 (%2), expected %3"_s.arg(name(result.error), result.message, name(expected));
    if (result.message.isEmpty())
        return u"no message"_s;
    const QByteArray message = result.message.toUtf8();
    for (qsizetype i = 0; i + 12 <= message.size(); ++i) {
        if (token.contains(QByteArrayView(message).sliced(i, 12)))
            return u"the message quotes the token: "_s + result.message;
    }
    // These are found before the signature is checked; the claims must not have been read.
    const bool beforeSignature = expected == JwtError::AlgorithmNotAllowed || expected == JwtError::UnknownKey
        || expected == JwtError::KeyMismatch || expected == JwtError::BadSignature
        || expected == JwtError::CriticalHeader || expected == JwtError::WrongType;
    if (beforeSignature && !result.claims.isEmpty())
        return u"claims were read before the signature was verified"_s;
    return {};
}

} // namespace streamcanvas::auth
