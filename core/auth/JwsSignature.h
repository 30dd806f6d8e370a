#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>
#include <QStringView>

#include <openssl/types.h>

#include <optional>

namespace streamcanvas::auth {

// The JWS algorithms a token may be signed with. Asymmetric only: "none" and the HMAC
// algorithms are not here, so no name can select them.
enum class JwsAlgorithm { RS256, PS256, ES256 };

// Checks a JWS signature (RFC 7515, algorithms of RFC 7518 §3) with OpenSSL.
class JwsSignature
{
public:
    // The algorithm for a header "alg" value (case-sensitive), or nullopt when it is not
    // one of RS256, PS256, ES256.
    static std::optional<JwsAlgorithm> algorithm(QStringView name);
    static QLatin1StringView name(JwsAlgorithm algorithm);
    // The JWK "kty" of the keys the algorithm works with: "RSA" or "EC".
    static QLatin1StringView keyType(JwsAlgorithm algorithm);

    // Whether `signature` (the decoded third part of the token) is `algorithm`'s signature of
    // `signingInput` (the token up to its second '.') by `key`:
    //   RS256  RSASSA-PKCS1-v1_5 with SHA-256
    //   PS256  RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt
    //   ES256  ECDSA on P-256 with SHA-256; the signature is R || S, 32 bytes each
    // False, never a crash, for a key of another type or a signature of the wrong size.
    static bool verify(JwsAlgorithm algorithm, EVP_PKEY *key, QByteArrayView signingInput, QByteArrayView signature);

    // The DER ECDSA-Sig-Value OpenSSL takes for a JWS R || S signature of `coordinateBytes`
    // each; empty when `raw` is not exactly twice that long.
    static QByteArray ecdsaRawToDer(QByteArrayView raw, qsizetype coordinateBytes);
};

} // namespace streamcanvas::auth
