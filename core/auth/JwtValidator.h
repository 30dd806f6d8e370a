#pragma once

#include "auth/JwtValidation.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QStringList>

#include <chrono>

namespace streamcanvas::auth {

class Clock;
class JsonWebKeySet;

// Validates a compact JWS token — an OpenID Connect ID token, or a JWT access token —
// against the provider's published keys and what this client expects of it.
//
// In order, refusing at the first problem:
//  1. form: three base64url parts, at most maximumTokenBytes; the header a JSON object;
//  2. header: "alg" is RS256, PS256 or ES256 (never "none", never HS*: a token cannot pick
//     a secret key); no "crit"; "typ", if present, one of the accepted types;
//  3. key: the key named by "kid" ("kid" may be left out only when the set has one key); its
//     "kty" fits "alg", its "alg" and "use", when published, are "alg" and "sig";
//  4. signature;
//  5. claims: "iss" is the issuer, exactly; "sub" is a non-empty string; "aud" (a string
//     or an array) holds the client id; "azp", when present or when "aud" names several,
//     is the client id; now - skew < "exp"; "nbf", when present, <= now + skew;
//     now - maxAge - skew <= "iat" <= now + skew; "nonce" is the expected one when one is.
// The claims are read only after the signature has been verified.
//
// The token is never logged and never appears in a message.
class JwtValidator
{
    Q_DECLARE_TR_FUNCTIONS(streamcanvas::auth::JwtValidator)

public:
    struct Expectations {
        // "iss" must be exactly this; an empty issuer accepts nothing.
        QString issuer;
        // This client's id: "aud" must hold it, "azp" must be it. An empty one accepts nothing.
        QString clientId;
        // The nonce this sign-in sent; when not empty, "nonce" must equal it. Always set for
        // an ID token from an authorization request (OpenID Connect Core §3.1.3.7).
        QString nonce;
        // The "typ" values accepted when the header has one, compared as media types are
        // (case-insensitive, "application/" optional). ID tokens: "JWT"; JWT access tokens:
        // "at+jwt" (RFC 9068). An empty list refuses any "typ".
        QStringList acceptedTypes{QStringLiteral("JWT")};
        // How far this computer's clock may be from the provider's.
        std::chrono::seconds skew{120};
        // How long after it was issued ("iat") a token is still accepted.
        std::chrono::seconds maxAge{std::chrono::hours(24)};
    };

    // Real ID tokens are a few kilobytes; this leaves room for large group claims and
    // refuses anything bigger before decoding any of it.
    static constexpr qsizetype maximumTokenBytes = 128 * 1024;

    // `clock` must outlive the validator.
    explicit JwtValidator(const Clock &clock);

    JwtValidation validate(QByteArrayView token, const JsonWebKeySet &keys, const Expectations &expected) const;

    // The user-facing sentence for `error`, translated.
    static QString errorMessage(JwtError error);

private:
    const Clock &m_clock;
};

} // namespace streamcanvas::auth
