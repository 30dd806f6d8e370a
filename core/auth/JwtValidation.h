#pragma once

#include <QJsonObject>
#include <QString>

namespace streamcanvas::auth {

// Why a token was refused. UnknownKey is the one a caller acts on: the provider may have
// rotated its keys, so fetch the key set again (once) and retry.
enum class JwtError {
    None,
    // Not a compact JWS: part count, base64url, JSON, a header or claim of the wrong type, size.
    Malformed,
    // "alg" is not RS256, PS256 or ES256 ("none" and HS* included).
    AlgorithmNotAllowed,
    // No key with the token's "kid", or no "kid" while the set has several keys.
    UnknownKey,
    // The key is of another type than "alg" needs, or restricted to another "alg" or "use".
    KeyMismatch,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    // "azp" absent while there are several audiences, or not the client.
    WrongAuthorizedParty,
    Expired,
    // "nbf" is in the future.
    NotYetValid,
    // "iat" is in the future.
    IssuedInFuture,
    // "iat" is older than the accepted maximum age.
    TooOld,
    // "nonce" absent or not the one this sign-in sent.
    WrongNonce,
    // "iss", "sub", "aud", "exp" or "iat" is absent ("sub" also when empty).
    MissingClaim,
    // A "crit" header: an extension this client does not know must be understood.
    CriticalHeader,
    // "typ" is not one of the accepted types.
    WrongType,
};

// The error's name ("BadSignature"), for logs and tests; never user-facing.
const char *jwtErrorName(JwtError error);

// What JwtValidator found. `claims` are filled only once the signature has been verified.
struct JwtValidation {
    bool ok = false;
    JwtError error = JwtError::Malformed;
    // For the user, translated. Never contains the token or any part of it.
    QString message;
    QJsonObject header;
    QJsonObject claims;
};

} // namespace streamcanvas::auth
