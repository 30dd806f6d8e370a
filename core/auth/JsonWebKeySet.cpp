#include "auth/JsonWebKeySet.h"

#include "auth/Base64Url.h"
#include "auth/OpenSslHandles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <openssl/core_names.h>
#include <openssl/err.h>

#include <optional>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

namespace {

// A key's public part, or why there is none (translated).
struct Import {
    EvpPkeyPtr key;
    int bits = 0;
    QString problem;
};

Import failed(const QString &problem)
{
    Import import;
    import.problem = problem;
    return import;
}

// A member that must be a strict base64url string; nullopt when absent or not one.
std::optional<QByteArray> base64Member(const QJsonObject &object, QLatin1StringView name)
{
    const QJsonValue value = object.value(name);
    if (!value.isString())
        return std::nullopt;
    return Base64Url::decode(value.toString().toLatin1());
}

EvpPkeyPtr keyFromParams(const char *type, OSSL_PARAM *params)
{
    EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!context || EVP_PKEY_fromdata_init(context.get()) != 1)
        return {};
    EVP_PKEY *key = nullptr;
    if (EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        return {};
    return EvpPkeyPtr(key);
}

Import importRsa(const QJsonObject &object)
{
    const std::optional<QByteArray> n = base64Member(object, "n"_L1);
    const std::optional<QByteArray> e = base64Member(object, "e"_L1);
    if (!n || !e || n->isEmpty() || e->isEmpty())
        return failed(JsonWebKeySet::tr("its modulus or exponent is missing or not base64url"));
    // Checked before any arithmetic, so that a huge number costs nothing.
    if (n->size() > JsonWebKeySet::maximumRsaBits / 8 + 1 || e->size() > 32)
        return failed(JsonWebKeySet::tr("its modulus or exponent is too large"));

    const auto *nBytes = reinterpret_cast<const unsigned char *>(n->constData());
    const auto *eBytes = reinterpret_cast<const unsigned char *>(e->constData());
    BignumPtr modulus(BN_bin2bn(nBytes, int(n->size()), nullptr));
    BignumPtr exponent(BN_bin2bn(eBytes, int(e->size()), nullptr));
    if (!modulus || !exponent)
        return failed(JsonWebKeySet::tr("it could not be read"));

    const int bits = BN_num_bits(modulus.get());
    if (bits < JsonWebKeySet::minimumRsaBits)
        return failed(
            JsonWebKeySet::tr("its modulus has %1 bits, fewer than %2").arg(bits).arg(JsonWebKeySet::minimumRsaBits));
    if (bits > JsonWebKeySet::maximumRsaBits)
        return failed(JsonWebKeySet::tr("its modulus has more than %1 bits").arg(JsonWebKeySet::maximumRsaBits));
    // An even modulus is no RSA modulus. An exponent of 1 would make every message its own
    // signature, and RSA exponents are odd.
    if (!BN_is_odd(modulus.get()) || !BN_is_odd(exponent.get()) || BN_is_one(exponent.get())
        || BN_cmp(exponent.get(), modulus.get()) >= 0)
        return failed(JsonWebKeySet::tr("its modulus or exponent is not valid for RSA"));

    OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1)
        return failed(JsonWebKeySet::tr("it could not be read"));
    const OsslParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    Import import;
    import.key = params ? keyFromParams("RSA", params.get()) : EvpPkeyPtr();
    if (!import.key)
        return failed(JsonWebKeySet::tr("OpenSSL did not accept it"));
    import.bits = bits;
    return import;
}

Import importEc(const QJsonObject &object)
{
    const QJsonValue curve = object.value("crv"_L1);
    if (curve.toString() != u"P-256")
        return failed(JsonWebKeySet::tr("its curve is not P-256"));
    const std::optional<QByteArray> x = base64Member(object, "x"_L1);
    const std::optional<QByteArray> y = base64Member(object, "y"_L1);
    // RFC 7518 §6.2.1.2: the full coordinate size, leading zeros kept.
    if (!x || !y || x->size() != 32 || y->size() != 32)
        return failed(JsonWebKeySet::tr("its coordinates are not 32 bytes of base64url each"));

    // SEC 1 uncompressed point: 0x04 || x || y.
    const QByteArray point = "\x04"_ba + *x + *y;
    OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1
        || OSSL_PARAM_BLD_push_octet_string(
               builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), std::size_t(point.size()))
            != 1)
        return failed(JsonWebKeySet::tr("it could not be read"));
    const OsslParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    Import import;
    import.key = params ? keyFromParams("EC", params.get()) : EvpPkeyPtr();
    if (!import.key)
        return failed(JsonWebKeySet::tr("its point is not on the curve"));
    // Import already refuses points off the curve (and P-256 has no other small subgroup to
    // land in); the full public-key check keeps that so whatever a later OpenSSL's import does.
    EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, import.key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1)
        return failed(JsonWebKeySet::tr("its point is not a valid P-256 public key"));
    import.bits = 256;
    return import;
}

// An optional string member: absent is fine, anything but a string is not.
bool readOptionalString(const QJsonObject &object, QLatin1StringView name, QString *out)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined())
        return true;
    if (!value.isString())
        return false;
    *out = value.toString();
    return true;
}

} // namespace

JsonWebKeySet JsonWebKeySet::fromJson(QByteArrayView json)
{
    JsonWebKeySet set;
    if (json.size() > maximumDocumentBytes) {
        set.m_warnings.append(tr("The key set is larger than %1 bytes.").arg(maximumDocumentBytes));
        return set;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    const QJsonValue keys = document.object().value("keys"_L1);
    if (error.error != QJsonParseError::NoError || !document.isObject() || !keys.isArray()) {
        set.m_warnings.append(tr("The key set is not a JSON object with a \"keys\" array."));
        return set;
    }
    set.m_valid = true;

    const QJsonArray array = keys.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (i == maximumKeys) {
            set.m_warnings.append(tr("Only the first %1 keys were read.").arg(maximumKeys));
            break;
        }
        if (!array.at(i).isObject()) {
            set.m_warnings.append(tr("Key %1 was left out: it is not a JSON object.").arg(i));
            continue;
        }
        set.addKey(array.at(i).toObject(), i);
    }
    // Whatever failed in OpenSSL is told above; do not leave it for unrelated code to find.
    ERR_clear_error();
    return set;
}

void JsonWebKeySet::addKey(const QJsonObject &object, qsizetype index)
{
    JsonWebKey key;
    const bool stringsRead = readOptionalString(object, "kid"_L1, &key.kid)
        && readOptionalString(object, "kty"_L1, &key.kty) && readOptionalString(object, "alg"_L1, &key.alg)
        && readOptionalString(object, "use"_L1, &key.use);
    // Published ids are public; quoting one helps find the key. Cut, in case it is garbage.
    const QString name = key.kid.isEmpty() ? QString::number(index) : u'"' + key.kid.left(64) + u'"';
    const auto leaveOut = [&](const QString &why) {
        m_warnings.append(tr("Key %1 was left out: %2.").arg(name, why));
    };
    if (!stringsRead) {
        leaveOut(tr("\"kid\", \"kty\", \"alg\" or \"use\" is not a string"));
        return;
    }

    Import import;
    if (key.kty == u"RSA")
        import = importRsa(object);
    else if (key.kty == u"EC")
        import = importEc(object);
    else
        import = failed(tr("its key type is not RSA or EC"));
    if (!import.key) {
        leaveOut(import.problem);
        return;
    }
    key.bits = import.bits;
    key.publicKey = std::shared_ptr<EVP_PKEY>(import.key.release(), EVP_PKEY_free);

    if (!key.kid.isEmpty()) {
        for (const JsonWebKey &other : m_keys) {
            if (other.kid == key.kid) {
                m_warnings.append(tr("Key %1 shares its id with another key.").arg(name));
                break;
            }
        }
    }
    m_keys.push_back(std::move(key));
}

const JsonWebKey *JsonWebKeySet::find(const QString &kid) const
{
    const JsonWebKey *first = nullptr;
    for (const JsonWebKey &key : m_keys) {
        if (key.kid != kid)
            continue;
        if (key.isForSignatures())
            return &key;
        if (!first)
            first = &key;
    }
    return first;
}

} // namespace streamcanvas::auth
