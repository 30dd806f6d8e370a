#pragma once

#include <QByteArray>

namespace streamcanvas::auth {

// Proof Key for Code Exchange (RFC 7636) and the other one-time values of a sign-in.
class Pkce
{
public:
    // A fresh random value from the operating system's generator, base64url without
    // padding: `bytes` of entropy (32 gives a 43-character verifier).
    static QByteArray randomToken(int bytes = 32);
    // The S256 challenge of a verifier: BASE64URL(SHA-256(verifier)).
    static QByteArray challengeS256(const QByteArray &verifier);
};

} // namespace streamcanvas::auth
