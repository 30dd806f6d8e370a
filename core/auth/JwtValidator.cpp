#include "auth/JwtValidator.h"

#include "auth/Base64Url.h"
#include "auth/Clock.h"
#include "auth/JsonWebKeySet.h"
#include "auth/JwsSignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

namespace {

// What is wrong with the claims; `claim` names a missing one.
struct ClaimProblem {
    JwtError error = JwtError::Malformed;
    QLatin1StringView claim;
};

// A base64url part holding a JSON object.
std::optional<QJsonObject> decodeJsonObject(QByteArrayView part)
{
    const std::optional<QByteArray> json = Base64Url::decode(part);
    if (!json || json->isEmpty())
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// "typ" is a media type (RFC 7515 §4.1.9): case-insensitive, "application/" may be left out.
QString normalisedMediaType(const QString &type)
{
    QString lower = type.toLower();
    const QLatin1StringView prefix = "application/"_L1;
    if (lower.startsWith(prefix) && lower.indexOf(u'/', prefix.size()) < 0)
        lower.remove(0, prefix.size());
    return lower;
}

bool typeAccepted(const QString &type, const QStringList &accepted)
{
    const QString normalised = normalisedMediaType(type);
    for (const QString &candidate : accepted) {
        if (normalisedMediaType(candidate) == normalised)
            return true;
    }
    return false;
}

// A NumericDate claim (seconds since the epoch, RFC 7519 §2): nullopt when absent, a
// problem when not a finite number.
std::optional<double> numericDate(
    const QJsonObject &claims, QLatin1StringView name, std::optional<ClaimProblem> *problem)
{
    const QJsonValue value = claims.value(name);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        *problem = ClaimProblem{JwtError::Malformed, name};
        return std::nullopt;
    }
    return value.toDouble();
}

std::optional<ClaimProblem> checkIdentity(const QJsonObject &claims, const JwtValidator::Expectations &expected)
{
    const QJsonValue issuer = claims.value("iss"_L1);
    if (issuer.isUndefined())
        return ClaimProblem{JwtError::MissingClaim, "iss"_L1};
    // Exactly, as OpenID Connect Core §3.1.3.7 says: no normalising of case or slashes.
    if (!issuer.isString() || expected.issuer.isEmpty() || issuer.toString() != expected.issuer)
        return ClaimProblem{JwtError::WrongIssuer, "iss"_L1};

    const QJsonValue subject = claims.value("sub"_L1);
    if (subject.isUndefined() || (subject.isString() && subject.toString().isEmpty()))
        return ClaimProblem{JwtError::MissingClaim, "sub"_L1};
    if (!subject.isString())
        return ClaimProblem{JwtError::Malformed, "sub"_L1};

    const QJsonValue audience = claims.value("aud"_L1);
    QStringList audiences;
    if (audience.isUndefined())
        return ClaimProblem{JwtError::MissingClaim, "aud"_L1};
    if (audience.isString()) {
        audiences.append(audience.toString());
    } else if (audience.isArray()) {
        const QJsonArray array = audience.toArray();
        for (const QJsonValue &entry : array) {
            if (!entry.isString())
                return ClaimProblem{JwtError::Malformed, "aud"_L1};
            audiences.append(entry.toString());
        }
    } else {
        return ClaimProblem{JwtError::Malformed, "aud"_L1};
    }
    if (expected.clientId.isEmpty() || !audiences.contains(expected.clientId))
        return ClaimProblem{JwtError::WrongAudience, "aud"_L1};

    // OpenID Connect Core §2: with several audiences, "azp" says which one the token was
    // issued to; when present it must be this client whatever the audiences.
    const QJsonValue authorizedParty = claims.value("azp"_L1);
    if (authorizedParty.isUndefined() ? audiences.size() > 1 : authorizedParty.toString() != expected.clientId)
        return ClaimProblem{JwtError::WrongAuthorizedParty, "azp"_L1};

    if (!expected.nonce.isEmpty()) {
        const QJsonValue nonce = claims.value("nonce"_L1);
        if (!nonce.isString() || nonce.toString() != expected.nonce)
            return ClaimProblem{JwtError::WrongNonce, "nonce"_L1};
    }
    return std::nullopt;
}

std::optional<ClaimProblem> checkTimes(
    const QJsonObject &claims, const JwtValidator::Expectations &expected, double now)
{
    const double skew = double(std::max<qint64>(expected.skew.count(), 0));
    const double maxAge = double(std::max<qint64>(expected.maxAge.count(), 0));
    std::optional<ClaimProblem> problem;

    const std::optional<double> expiry = numericDate(claims, "exp"_L1, &problem);
    if (problem)
        return problem;
    if (!expiry)
        return ClaimProblem{JwtError::MissingClaim, "exp"_L1};
    if (!(*expiry > now - skew))
        return ClaimProblem{JwtError::Expired, "exp"_L1};

    const std::optional<double> notBefore = numericDate(claims, "nbf"_L1, &problem);
    if (problem)
        return problem;
    if (notBefore && *notBefore > now + skew)
        return ClaimProblem{JwtError::NotYetValid, "nbf"_L1};

    const std::optional<double> issuedAt = numericDate(claims, "iat"_L1, &problem);
    if (problem)
        return problem;
    if (!issuedAt)
        return ClaimProblem{JwtError::MissingClaim, "iat"_L1};
    if (*issuedAt > now + skew)
        return ClaimProblem{JwtError::IssuedInFuture, "iat"_L1};
    if (*issuedAt < now - maxAge - skew)
        return ClaimProblem{JwtError::TooOld, "iat"_L1};
    return std::nullopt;
}

} // namespace

JwtValidator::JwtValidator(const Clock &clock)
    : m_clock(clock)
{
}

JwtValidation JwtValidator::validate(
    QByteArrayView token, const JsonWebKeySet &keys, const Expectations &expected) const
{
    JwtValidation result;
    const auto fail = [&result](JwtError error, QLatin1StringView claim = {}) {
        result.ok = false;
        result.error = error;
        result.message = error == JwtError::MissingClaim && !claim.isEmpty()
            ? tr("The sign-in token lacks the required claim \"%1\".").arg(claim)
            : errorMessage(error);
        return result;
    };

    // 1. Form. The size first, so that a huge input costs nothing.
    if (token.size() > maximumTokenBytes)
        return fail(JwtError::Malformed);
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0)
        return fail(JwtError::Malformed);
    const std::optional<QJsonObject> header = decodeJsonObject(token.first(firstDot));
    if (!header)
        return fail(JwtError::Malformed);
    result.header = *header;

    // 2. Header.
    const QJsonValue algorithmName = header->value("alg"_L1);
    if (!algorithmName.isString())
        return fail(JwtError::Malformed);
    const std::optional<JwsAlgorithm> algorithm = JwsSignature::algorithm(algorithmName.toString());
    if (!algorithm)
        return fail(JwtError::AlgorithmNotAllowed);
    // RFC 7515 §4.1.11: extensions listed in "crit" must be understood; none are.
    if (header->contains("crit"_L1))
        return fail(JwtError::CriticalHeader);
    const QJsonValue type = header->value("typ"_L1);
    if (!type.isUndefined() && (!type.isString() || !typeAccepted(type.toString(), expected.acceptedTypes)))
        return fail(JwtError::WrongType);

    // 3. Key.
    const QJsonValue keyId = header->value("kid"_L1);
    if (!keyId.isUndefined() && !keyId.isString())
        return fail(JwtError::Malformed);
    const JsonWebKey *key = nullptr;
    if (keyId.isString())
        key = keys.find(keyId.toString());
    else if (keys.size() == 1)
        key = &keys.keys().front();
    if (!key)
        return fail(JwtError::UnknownKey);
    if (key->kty != JwsSignature::keyType(*algorithm)
        || (!key->alg.isEmpty() && key->alg != JwsSignature::name(*algorithm)) || !key->isForSignatures())
        return fail(JwtError::KeyMismatch);

    // 4. Signature, over the header and payload exactly as they appear in the token.
    const std::optional<QByteArray> signature = Base64Url::decode(token.sliced(secondDot + 1));
    if (!signature)
        return fail(JwtError::Malformed);
    if (!JwsSignature::verify(*algorithm, key->publicKey.get(), token.first(secondDot), *signature))
        return fail(JwtError::BadSignature);

    // 5. Claims.
    const std::optional<QJsonObject> claims = decodeJsonObject(token.sliced(firstDot + 1, secondDot - firstDot - 1));
    if (!claims)
        return fail(JwtError::Malformed);
    result.claims = *claims;
    std::optional<ClaimProblem> problem = checkIdentity(*claims, expected);
    if (!problem)
        problem = checkTimes(*claims, expected, double(m_clock.nowUtc().toMSecsSinceEpoch()) / 1000.0);
    if (problem)
        return fail(problem->error, problem->claim);

    result.ok = true;
    result.error = JwtError::None;
    return result;
}

QString JwtValidator::errorMessage(JwtError error)
{
    switch (error) {
    case JwtError::None:
        return {};
    case JwtError::Malformed:
        return tr("The sign-in token from the identity provider could not be read.");
    case JwtError::AlgorithmNotAllowed:
        return tr("The sign-in token is signed with an algorithm this application does not accept.");
    case JwtError::UnknownKey:
        return tr("The sign-in token is signed with a key the identity provider does not publish.");
    case JwtError::KeyMismatch:
        return tr("The sign-in token is signed with a key that is not meant for such signatures.");
    case JwtError::BadSignature:
        return tr("The signature of the sign-in token is not valid.");
    case JwtError::WrongIssuer:
        return tr("The sign-in token comes from another identity provider than the configured one.");
    case JwtError::WrongAudience:
        return tr("The sign-in token was issued for another application.");
    case JwtError::WrongAuthorizedParty:
        return tr("The sign-in token was issued to another application.");
    case JwtError::Expired:
        return tr("The sign-in token has expired. Check that this computer's clock is right and sign in again.");
    case JwtError::NotYetValid:
        return tr("The sign-in token is not valid yet. Check that this computer's clock is right.");
    case JwtError::IssuedInFuture:
        return tr("The sign-in token was issued in the future. Check that this computer's clock is right.");
    case JwtError::TooOld:
        return tr("The sign-in token was issued too long ago. Sign in again.");
    case JwtError::WrongNonce:
        return tr("The sign-in token does not belong to this sign-in. Sign in again.");
    case JwtError::MissingClaim:
        return tr("The sign-in token lacks a required claim.");
    case JwtError::CriticalHeader:
        return tr("The sign-in token needs an extension this application does not support.");
    case JwtError::WrongType:
        return tr("The sign-in token is not of the expected type.");
    }
    return tr("The sign-in token is not valid.");
}

} // namespace streamcanvas::auth
