#pragma once

#include "auth/JsonWebKey.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QStringList>

#include <vector>

class QJsonObject;

namespace streamcanvas::auth {

// The public keys an identity provider publishes at its "jwks_uri" ({"keys": [...]}).
//
// Reads RSA keys ("n", "e"; modulus 2048 to 16384 bits) and EC keys on P-256 ("crv",
// "x", "y", 32 bytes each, on the curve). A key that cannot be used — another key type or
// curve, a short modulus, a bad encoding — is left out and described in warnings(); one bad
// key never costs the others. Symmetric ("oct") keys are never read, so a token can never
// be checked with a secret derived from published data.
class JsonWebKeySet
{
    Q_DECLARE_TR_FUNCTIONS(streamcanvas::auth::JsonWebKeySet)

public:
    static constexpr int minimumRsaBits = 2048;
    // OpenSSL's own limit for RSA; larger moduli only cost time.
    static constexpr int maximumRsaBits = 16384;
    // A provider publishes a handful; more is a mistake or an attempt to waste time.
    static constexpr qsizetype maximumKeys = 100;
    static constexpr qsizetype maximumDocumentBytes = 1024 * 1024;

    JsonWebKeySet() = default;

    // Never fails as a whole for a bad key; isValid() is false only when `json` is not a key
    // set document at all (and then the set is empty and warnings() says why).
    static JsonWebKeySet fromJson(QByteArrayView json);

    bool isValid() const { return m_valid; }
    const std::vector<JsonWebKey> &keys() const { return m_keys; }
    qsizetype size() const { return qsizetype(m_keys.size()); }
    bool isEmpty() const { return m_keys.empty(); }

    // The key with this "kid", or null. When several keys share the id (a provider may give
    // a signing and an encryption key the same one), a key for signatures wins, then the
    // first published.
    const JsonWebKey *find(const QString &kid) const;

    // What was left out and why, translated; for logs and diagnostics.
    const QStringList &warnings() const { return m_warnings; }

private:
    void addKey(const QJsonObject &object, qsizetype index);

    std::vector<JsonWebKey> m_keys;
    QStringList m_warnings;
    bool m_valid = false;
};

} // namespace streamcanvas::auth
