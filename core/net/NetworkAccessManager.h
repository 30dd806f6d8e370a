#pragma once

#include "net/NetworkSettings.h"
#include "net/Origin.h"
#include "net/OriginAllowList.h"
#include "net/Redactor.h"
#include "net/Refusal.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QString>

namespace streamcanvas::net {

// The one network setup every request of the product goes through. On top of
// QNetworkAccessManager it enforces, per request:
//  - the outbound allow-list, before any socket exists (no DNS lookup, no connection);
//  - TLS 1.2 or later, verified against the system trust store plus the administrator's
//    extra CA certificates; SSL errors are never ignored;
//  - public-key pins for pinned hosts, checked before any request byte is sent;
//  - redirects only within the original origin (so the Authorization header never reaches
//    another origin, nor an https->http downgrade); a request that asks for
//    ManualRedirectPolicy gets the 3xx itself and decides;
//  - connect / first-byte / idle timeouts;
//  - the configured proxy (system, none, or a fixed HTTP proxy).
// Requests use HTTP/1.1: the pin check relies on encrypted() being emitted for every new
// connection and the timeouts on requestSent(), which Qt 6.4 only guarantees there.
//
// A request it stops ends with an error and refusal(reply) says why; show
// refusalMessage(), never the URL or headers (pass anything else through redactor()).
class NetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT

public:
    // Validates the settings (a fixed proxy must be http://host:port with a port, the PEM
    // must hold at least one certificate and nothing unreadable, each pin must be base64 of
    // 32 bytes, timeouts must not be negative). With invalid settings every request is
    // refused with Refusal::InvalidSettings and settingsError() says why.
    explicit NetworkAccessManager(const NetworkSettings &settings, QObject *parent = nullptr);

    // Empty when the settings are valid; otherwise user-facing text, one problem per line.
    QString settingsError() const;
    const OriginAllowList &allowList() const;
    // Knows the allowed origins and the proxy password.
    const Redactor &redactor() const;
    // The TLS configuration every request starts from (trust store, protocol, verification).
    QSslConfiguration sslConfiguration() const;

    // Why this reply was stopped by the network setup; Refusal::None when it was not.
    static Refusal refusal(const QNetworkReply *reply);
    // Clear user-facing text for a refusal; it names no URL and no header.
    static QString refusalMessage(Refusal refusal);

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;

private:
    QStringList validate(const NetworkSettings &settings);
    void configureProxy(const ProxySettings &proxy);
    QSslConfiguration sslConfigurationFor(const QNetworkRequest &request) const;

    const Timeouts m_timeouts;
    const OriginAllowList m_allowList;
    Redactor m_redactor;
    QString m_settingsError;
    QSslConfiguration m_sslConfiguration;
    QHash<QString, QList<QByteArray>> m_pins; // lower-case host -> raw SHA-256 digests
};

} // namespace streamcanvas::net
