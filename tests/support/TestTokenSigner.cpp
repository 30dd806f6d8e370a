#include "TestTokenSigner.h"

#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstring>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

namespace {

template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *object) const { Free(object); }
};
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using MdContext = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;

void bioFree(BIO *bio)
{
    BIO_free(bio);
}
using Bio = std::unique_ptr<BIO, Deleter<BIO, bioFree>>;

[[noreturn]] void opensslFailed(const char *what)
{
    char detail[256] = {};
    ERR_error_string_n(ERR_get_error(), detail, sizeof detail);
    qFatal("TestTokenSigner: %s failed: %s", what, detail);
}

QByteArray bignumParam(EVP_PKEY *key, const char *name, int padTo = 0)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        opensslFailed(name);
    const Bignum number(raw);
    const int size = padTo > 0 ? padTo : BN_num_bytes(number.get());
    QByteArray bytes(size, Qt::Uninitialized);
    if (BN_bn2binpad(number.get(), reinterpret_cast<unsigned char *>(bytes.data()), size) != size)
        opensslFailed("BN_bn2binpad");
    return bytes;
}

QByteArray digestSign(EVP_PKEY *key, QByteArrayView input, int padding, int saltLength)
{
    MdContext context(EVP_MD_CTX_new());
    EVP_PKEY_CTX *keyContext = nullptr;
    if (!context || EVP_DigestSignInit_ex(context.get(), &keyContext, "SHA256", nullptr, nullptr, key, nullptr) != 1)
        opensslFailed("EVP_DigestSignInit_ex");
    if (padding != 0) {
        if (EVP_PKEY_CTX_set_rsa_padding(keyContext, padding) != 1)
            opensslFailed("EVP_PKEY_CTX_set_rsa_padding");
        if (padding == RSA_PKCS1_PSS_PADDING
            && (EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, saltLength) != 1
                || EVP_PKEY_CTX_set_rsa_mgf1_md_name(keyContext, "SHA256", nullptr) != 1))
            opensslFailed("PSS parameters");
    }
    const auto *data = reinterpret_cast<const unsigned char *>(input.data());
    std::size_t size = 0;
    if (EVP_DigestSign(context.get(), nullptr, &size, data, std::size_t(input.size())) != 1)
        opensslFailed("EVP_DigestSign (size)");
    QByteArray signature(qsizetype(size), Qt::Uninitialized);
    if (EVP_DigestSign(
            context.get(), reinterpret_cast<unsigned char *>(signature.data()), &size, data, std::size_t(input.size()))
        != 1)
        opensslFailed("EVP_DigestSign");
    signature.resize(qsizetype(size));
    return signature;
}

// One DER INTEGER at `position`, as an unsigned big-endian number left-padded to `width`.
bool readDerInteger(QByteArrayView der, qsizetype *position, int width, QByteArray *out)
{
    qsizetype at = *position;
    if (at + 2 > der.size() || der[at] != 0x02)
        return false;
    const qsizetype length = static_cast<unsigned char>(der[at + 1]);
    at += 2;
    if (length == 0 || length > 0x7F || at + length > der.size())
        return false;
    QByteArrayView value = der.sliced(at, length);
    while (value.size() > 1 && value.front() == '\0')
        value = value.sliced(1);
    if (value.size() > width)
        return false;
    *out = QByteArray(width - value.size(), '\0') + value.toByteArray();
    *position = at + length;
    return true;
}

} // namespace

char *toString(JwtError error)
{
    return qstrdup(jwtErrorName(error));
}

TestTokenSigner::Key TestTokenSigner::generateRsa(int bits)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(bits));
    if (!key)
        opensslFailed("RSA key generation");
    return Key(key, EVP_PKEY_free);
}

TestTokenSigner::Key TestTokenSigner::generateEc(const char *curve)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve);
    if (!key)
        opensslFailed("EC key generation");
    return Key(key, EVP_PKEY_free);
}

QJsonObject TestTokenSigner::publicJwk(EVP_PKEY *key, const QString &kid, const QString &alg, const QString &use)
{
    QJsonObject jwk;
    if (EVP_PKEY_is_a(key, "RSA")) {
        jwk.insert(u"kty"_s, u"RSA"_s);
        jwk.insert(u"n"_s, QString::fromLatin1(base64Url(bignumParam(key, OSSL_PKEY_PARAM_RSA_N))));
        jwk.insert(u"e"_s, QString::fromLatin1(base64Url(bignumParam(key, OSSL_PKEY_PARAM_RSA_E))));
    } else if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        std::size_t length = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) != 1)
            opensslFailed("EVP_PKEY_get_group_name");
        const QByteArray groupName(group);
        const QString curve = groupName == "prime256v1" ? u"P-256"_s
            : groupName == "secp384r1"                  ? u"P-384"_s
            : groupName == "secp521r1"                  ? u"P-521"_s
                                                        : QString::fromLatin1(groupName);
        const int coordinateBytes = (EVP_PKEY_get_bits(key) + 7) / 8;
        jwk.insert(u"kty"_s, u"EC"_s);
        jwk.insert(u"crv"_s, curve);
        jwk.insert(u"x"_s, QString::fromLatin1(base64Url(bignumParam(key, OSSL_PKEY_PARAM_EC_PUB_X, coordinateBytes))));
        jwk.insert(u"y"_s, QString::fromLatin1(base64Url(bignumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, coordinateBytes))));
    } else {
        qFatal("TestTokenSigner::publicJwk: not an RSA or EC key");
    }
    if (!kid.isEmpty())
        jwk.insert(u"kid"_s, kid);
    if (!alg.isEmpty())
        jwk.insert(u"alg"_s, alg);
    if (!use.isEmpty())
        jwk.insert(u"use"_s, use);
    return jwk;
}

QByteArray TestTokenSigner::jwks(const QJsonArray &keys)
{
    return QJsonDocument(QJsonObject{{u"keys"_s, keys}}).toJson(QJsonDocument::Compact);
}

QByteArray TestTokenSigner::base64Url(QByteArrayView data)
{
    return data.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray TestTokenSigner::signingInput(const QJsonObject &header, const QJsonObject &claims)
{
    return base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
}

QByteArray TestTokenSigner::sign(const QString &alg, EVP_PKEY *key, QByteArrayView input)
{
    if (alg == u"RS256")
        return digestSign(key, input, RSA_PKCS1_PADDING, 0);
    if (alg == u"PS256")
        return signPss(key, input, 32);
    if (alg == u"ES256")
        return ecdsaDerToRaw(signEcdsaDer(key, input), 32);
    return {};
}

QByteArray TestTokenSigner::signEcdsaDer(EVP_PKEY *key, QByteArrayView input)
{
    return digestSign(key, input, 0, 0);
}

QByteArray TestTokenSigner::signPss(EVP_PKEY *key, QByteArrayView input, int saltLength)
{
    return digestSign(key, input, RSA_PKCS1_PSS_PADDING, saltLength);
}

QByteArray TestTokenSigner::ecdsaDerToRaw(QByteArrayView der, int coordinateBytes)
{
    // SEQUENCE { INTEGER r, INTEGER s }, short-form lengths (enough up to P-384).
    if (der.size() < 2 || der[0] != 0x30 || static_cast<unsigned char>(der[1]) != der.size() - 2)
        return {};
    qsizetype position = 2;
    QByteArray r;
    QByteArray s;
    if (!readDerInteger(der, &position, coordinateBytes, &r) || !readDerInteger(der, &position, coordinateBytes, &s)
        || position != der.size())
        return {};
    return r + s;
}

QByteArray TestTokenSigner::token(const QJsonObject &header, const QJsonObject &claims, EVP_PKEY *key)
{
    const QByteArray input = signingInput(header, claims);
    return input + '.' + base64Url(sign(header.value(u"alg"_s).toString(), key, input));
}

QByteArray TestTokenSigner::publicKeyPem(EVP_PKEY *key)
{
    const Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1)
        opensslFailed("PEM_write_bio_PUBKEY");
    QByteArray pem(qsizetype(BIO_ctrl_pending(bio.get())), Qt::Uninitialized);
    if (BIO_read(bio.get(), pem.data(), int(pem.size())) != int(pem.size()))
        opensslFailed("BIO_read");
    return pem;
}

} // namespace streamcanvas::auth
