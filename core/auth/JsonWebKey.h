#pragma once

#include <QString>

#include <openssl/types.h>

#include <memory>

namespace streamcanvas::auth {

// One public key of an identity provider's key set (RFC 7517), ready for OpenSSL.
//
// Only keys that passed JsonWebKeySet's checks exist: `publicKey` is never null, an "RSA"
// key has a modulus of at least 2048 bits and an "EC" key is a valid point on P-256. The
// optional members are kept as published so that JwtValidator can hold a token to them.
struct JsonWebKey {
    // "kid"; empty when the provider gave the key no id.
    QString kid;
    // "kty": "RSA" or "EC".
    QString kty;
    // "alg", the one algorithm the key is for; empty when not restricted.
    QString alg;
    // "use": "sig", "enc" or something else; empty when not restricted.
    QString use;
    // The RSA modulus size or the curve size, in bits.
    int bits = 0;
    // Shared, not copied: OpenSSL keys are reference counted and never changed after import.
    std::shared_ptr<EVP_PKEY> publicKey;

    // Whether the key may check signatures at all: "use" is absent or "sig".
    bool isForSignatures() const { return use.isEmpty() || use == QLatin1String("sig"); }
};

} // namespace streamcanvas::auth
