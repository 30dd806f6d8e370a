#include "auth/JwsSignature.h"

#include "auth/OpenSslHandles.h"

#include <openssl/err.h>
#include <openssl/rsa.h>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

namespace {

constexpr qsizetype p256CoordinateBytes = 32;
constexpr int sha256Bytes = 32;

bool configure(JwsAlgorithm algorithm, EVP_PKEY_CTX *context)
{
    switch (algorithm) {
    case JwsAlgorithm::RS256:
        return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1;
    case JwsAlgorithm::PS256:
        // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash. Set explicitly:
        // OpenSSL would otherwise accept any salt length on verification.
        return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_mgf1_md_name(context, "SHA256", nullptr) == 1
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, sha256Bytes) == 1;
    case JwsAlgorithm::ES256:
        return true;
    }
    return false;
}

bool isP256(EVP_PKEY *key)
{
    char group[64] = {};
    std::size_t length = 0;
    return EVP_PKEY_is_a(key, "EC") && EVP_PKEY_get_group_name(key, group, sizeof group, &length) == 1
        && qstrcmp(group, "prime256v1") == 0;
}

bool verifyWithOpenSsl(JwsAlgorithm algorithm, EVP_PKEY *key, QByteArrayView signingInput, QByteArrayView signature)
{
    EvpMdCtxPtr context(EVP_MD_CTX_new());
    EVP_PKEY_CTX *keyContext = nullptr; // owned by `context`
    if (!context || EVP_DigestVerifyInit_ex(context.get(), &keyContext, "SHA256", nullptr, nullptr, key, nullptr) != 1
        || !configure(algorithm, keyContext))
        return false;
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char *>(signature.data()),
               std::size_t(signature.size()), reinterpret_cast<const unsigned char *>(signingInput.data()),
               std::size_t(signingInput.size()))
        == 1;
}

} // namespace

std::optional<JwsAlgorithm> JwsSignature::algorithm(QStringView name)
{
    for (const JwsAlgorithm candidate : {JwsAlgorithm::RS256, JwsAlgorithm::PS256, JwsAlgorithm::ES256}) {
        if (name == JwsSignature::name(candidate))
            return candidate;
    }
    return std::nullopt;
}

QLatin1StringView JwsSignature::name(JwsAlgorithm algorithm)
{
    switch (algorithm) {
    case JwsAlgorithm::RS256:
        return "RS256"_L1;
    case JwsAlgorithm::PS256:
        return "PS256"_L1;
    case JwsAlgorithm::ES256:
        return "ES256"_L1;
    }
    return {};
}

QLatin1StringView JwsSignature::keyType(JwsAlgorithm algorithm)
{
    return algorithm == JwsAlgorithm::ES256 ? "EC"_L1 : "RSA"_L1;
}

bool JwsSignature::verify(JwsAlgorithm algorithm, EVP_PKEY *key, QByteArrayView signingInput, QByteArrayView signature)
{
    if (!key)
        return false;
    bool verified = false;
    if (algorithm == JwsAlgorithm::ES256) {
        // JWS carries R || S (RFC 7518 §3.4); a DER signature, as other protocols send, is
        // refused by its length.
        const QByteArray der = ecdsaRawToDer(signature, p256CoordinateBytes);
        verified = isP256(key) && !der.isEmpty() && verifyWithOpenSsl(algorithm, key, signingInput, der);
    } else {
        // An RSA signature is exactly as long as the modulus (RFC 8017 §8.2.2).
        verified = EVP_PKEY_is_a(key, "RSA") && signature.size() == EVP_PKEY_get_size(key)
            && verifyWithOpenSsl(algorithm, key, signingInput, signature);
    }
    // A failed check leaves errors queued; they belong to no one else.
    ERR_clear_error();
    return verified;
}

QByteArray JwsSignature::ecdsaRawToDer(QByteArrayView raw, qsizetype coordinateBytes)
{
    if (coordinateBytes <= 0 || raw.size() != 2 * coordinateBytes)
        return {};
    const auto *bytes = reinterpret_cast<const unsigned char *>(raw.data());
    BignumPtr r(BN_bin2bn(bytes, int(coordinateBytes), nullptr));
    BignumPtr s(BN_bin2bn(bytes + coordinateBytes, int(coordinateBytes), nullptr));
    EcdsaSigPtr signature(ECDSA_SIG_new());
    if (!r || !s || !signature || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1)
        return {};
    // The signature owns them now.
    static_cast<void>(r.release());
    static_cast<void>(s.release());

    const int size = i2d_ECDSA_SIG(signature.get(), nullptr);
    if (size <= 0)
        return {};
    QByteArray der(size, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_ECDSA_SIG(signature.get(), &out) != size)
        return {};
    return der;
}

} // namespace streamcanvas::auth
