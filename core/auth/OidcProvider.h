#pragma once

#include "auth/JsonWebKeySet.h"
#include "auth/JwtValidator.h"
#include "auth/OidcConfiguration.h"

#include <QCoreApplication>
#include <QObject>

#include <functional>
#include <optional>

namespace streamcanvas::net {
class NetworkAccessManager;
}

namespace streamcanvas::auth {

class Clock;

// One OpenID Provider as this app knows it: its checked discovery document and its signing
// keys. The keys are fetched once and kept; a token signed with a key id they do not hold
// makes one refetch (at most once a minute), so that a provider's key rotation works and a
// stream of forged key ids cannot make us hammer the provider.
class OidcProvider : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(bool ok, const QString &error)>;
    using Validated = std::function<void(const JwtValidation &validation)>;

    OidcProvider(net::NetworkAccessManager &network, QString issuer, const Clock &clock, QObject *parent = nullptr);

    QString issuer() const { return m_issuer; }
    bool isLoaded() const { return m_configuration.has_value(); }
    const OidcConfiguration &configuration() const { return *m_configuration; }

    // Fetches the discovery document and the keys (once; later calls answer at once).
    void load(QObject *context, Done done);
    // Validates a token; fetches the keys again once if its key id is unknown.
    void validate(
        const QByteArray &token, const JwtValidator::Expectations &expectations, QObject *context, Validated done);

private:
    void fetchKeys(QObject *context, Done done);
    void get(const QUrl &url, QObject *context, std::function<void(int status, const QByteArray &body)> done);

    net::NetworkAccessManager &m_network;
    QString m_issuer;
    const Clock &m_clock;
    JwtValidator m_validator;
    std::optional<OidcConfiguration> m_configuration;
    JsonWebKeySet m_keys;
    std::optional<std::chrono::steady_clock::time_point> m_keysFetched;
};

} // namespace streamcanvas::auth
