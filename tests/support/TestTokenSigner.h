#pragma once

#include "auth/JwtValidation.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <openssl/types.h>

#include <memory>

namespace streamcanvas::auth {

// Lets QCOMPARE print a JwtError by name.
char *toString(JwtError error);

// The identity provider's side, for tests: makes key pairs, publishes their public halves as
// JWKs and signs tokens with them, all with OpenSSL in the test process and independently of
// the code under test (its own base64url, its own JWK export, its own DER handling).
class TestTokenSigner
{
public:
    using Key = std::shared_ptr<EVP_PKEY>;

    static Key generateRsa(int bits);
    // `curve` as OpenSSL names it: "P-256", "P-384".
    static Key generateEc(const char *curve);

    // The public JWK of `key`: RSA "n"/"e", or EC "crv"/"x"/"y"; "kid", "alg" and "use" are
    // added when not empty.
    static QJsonObject publicJwk(EVP_PKEY *key, const QString &kid, const QString &alg = {}, const QString &use = {});
    // {"keys": [...]} as compact JSON.
    static QByteArray jwks(const QJsonArray &keys);

    static QByteArray base64Url(QByteArrayView data);
    // base64url(header) "." base64url(claims), the part a signature covers.
    static QByteArray signingInput(const QJsonObject &header, const QJsonObject &claims);

    // The JWS signature of `input` with `alg`: "RS256", "PS256" (salt 32) or "ES256"
    // (R || S). Empty for another alg.
    static QByteArray sign(const QString &alg, EVP_PKEY *key, QByteArrayView input);
    // An ECDSA SHA-256 signature as OpenSSL makes it: DER, not what JWS wants.
    static QByteArray signEcdsaDer(EVP_PKEY *key, QByteArrayView input);
    // A PSS SHA-256 signature with another salt length than JWS prescribes.
    static QByteArray signPss(EVP_PKEY *key, QByteArrayView input, int saltLength);
    // R || S of a DER ECDSA-Sig-Value, each `coordinateBytes` long; empty when not DER.
    // Parsed by hand, not by OpenSSL.
    static QByteArray ecdsaDerToRaw(QByteArrayView der, int coordinateBytes);

    // A whole token signed with the header's "alg".
    static QByteArray token(const QJsonObject &header, const QJsonObject &claims, EVP_PKEY *key);

    // SubjectPublicKeyInfo PEM of `key`: the bytes an HS256 confusion attack uses as secret.
    static QByteArray publicKeyPem(EVP_PKEY *key);
};

} // namespace streamcanvas::auth
