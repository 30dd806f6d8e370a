#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>

namespace streamcanvas::net {

// Public-key pinning (the HPKP "pin-sha256" form): the SHA-256 digest of a certificate's
// DER SubjectPublicKeyInfo, computed with OpenSSL because Qt does not expose the SPKI.
class PublicKeyPin
{
public:
    // The raw 32-byte digest; empty when the certificate cannot be parsed.
    static QByteArray sha256(const QSslCertificate &certificate);
    // The same digest in base64, as administrators write pins.
    static QByteArray sha256Base64(const QSslCertificate &certificate);

    // The part of a presented chain that really hangs together: the leaf, then each
    // certificate that issued (and signed) the one before it. A certificate merely appended
    // to the chain by the server is not part of it, so it cannot satisfy a pin.
    static QList<QSslCertificate> linkedChain(const QList<QSslCertificate> &chain);
    // True when a certificate of the linked chain has one of the given raw digests.
    static bool chainMatches(const QList<QSslCertificate> &chain, const QList<QByteArray> &digests);
};

} // namespace streamcanvas::net
