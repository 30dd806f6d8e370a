#include "net/PublicKeyPin.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace streamcanvas::net {

namespace {

struct X509Free {
    void operator()(X509 *certificate) const { X509_free(certificate); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr parse(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    if (der.isEmpty())
        return {};
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &data, static_cast<long>(der.size())));
}

QByteArray spkiSha256(X509 *certificate)
{
    const X509_PUBKEY *publicKey = X509_get_X509_PUBKEY(certificate);
    if (!publicKey)
        return {};
    unsigned char *spki = nullptr;
    const int length = i2d_X509_PUBKEY(publicKey, &spki);
    if (length <= 0)
        return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    const bool ok = EVP_Digest(spki, static_cast<size_t>(length), digest, &digestLength, EVP_sha256(), nullptr) == 1;
    OPENSSL_free(spki);
    if (!ok)
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), static_cast<qsizetype>(digestLength));
}

} // namespace

QByteArray PublicKeyPin::sha256(const QSslCertificate &certificate)
{
    const X509Ptr x509 = parse(certificate);
    return x509 ? spkiSha256(x509.get()) : QByteArray();
}

QByteArray PublicKeyPin::sha256Base64(const QSslCertificate &certificate)
{
    return sha256(certificate).toBase64();
}

QList<QSslCertificate> PublicKeyPin::linkedChain(const QList<QSslCertificate> &chain)
{
    QList<QSslCertificate> linked;
    X509Ptr previous;
    for (const QSslCertificate &certificate : chain) {
        X509Ptr current = parse(certificate);
        if (!current)
            break;
        if (previous) {
            EVP_PKEY *issuerKey = X509_get0_pubkey(current.get());
            if (X509_check_issued(current.get(), previous.get()) != X509_V_OK || !issuerKey
                || X509_verify(previous.get(), issuerKey) != 1)
                break;
        }
        linked.append(certificate);
        previous = std::move(current);
    }
    return linked;
}

bool PublicKeyPin::chainMatches(const QList<QSslCertificate> &chain, const QList<QByteArray> &digests)
{
    const QList<QSslCertificate> linked = linkedChain(chain);
    for (const QSslCertificate &certificate : linked) {
        const QByteArray digest = sha256(certificate);
        if (!digest.isEmpty() && digests.contains(digest))
            return true;
    }
    return false;
}

} // namespace streamcanvas::net
