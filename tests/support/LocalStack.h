#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QProcess;

namespace streamcanvas::testsupport {

// The real local gateway stack (tests/support/stack/stack.mjs, see its README): nginx with TLS
// and an API key in front of a scripted OpenAI-compatible model server, a canary server that
// must never be contacted, and an authenticating forward proxy, all on 127.0.0.1.
//
// start() runs it under node and waits for its one line of JSON; the destructor stops it, so a
// failing test never leaves nginx behind. The stack's diagnostics go to the test's output,
// each line prefixed "[stack]". The logs can be read while it runs; stop() removes its folder.
//
// With Options::idp it also runs a real OpenID Provider (oidc-provider, tests/support/idp) and
// the gateway's /v1/ then takes only that provider's JWT access tokens; see the README.
class LocalStack
{
public:
    struct Options {
        // Run the OpenID Provider; /v1/ then wants its access tokens and the API key is at /key/v1/.
        bool idp = false;
        // The lifetime of the provider's access tokens (short ones exercise refreshing).
        int accessTokenSeconds = 300;
    };

    LocalStack();
    ~LocalStack();
    LocalStack(const LocalStack &) = delete;
    LocalStack &operator=(const LocalStack &) = delete;

    // Starts the stack and waits (at most 60 s) until everything answers. On failure, stops
    // whatever was started and says why in *error.
    bool start(QString *error);
    bool start(QString *error, const Options &options);
    // Closes the stack's stdin (it then stops everything and removes its folder), terminating
    // it if it does not exit in time; waits until it is gone. Does nothing when not running.
    void stop();
    bool isRunning() const;

    // Origins without a trailing slash; the API is below /v1/ (key required), /open/v1/ (none)
    // and /limited/v1/ (key and a rate limit of 1 request per second, burst 1).
    QUrl gatewayUrl() const;
    // The same routes behind a self-signed certificate that no client may accept.
    QUrl untrustedGatewayUrl() const;
    // The CA (PEM) that signed the gateway's (and the provider's) certificate, and its file.
    QByteArray caCertificatesPem() const;
    QString caFile() const;
    QString apiKey() const;
    // The model server itself (plain HTTP), the canary and the proxy (plain HTTP).
    QUrl upstreamUrl() const;
    QUrl canaryUrl() const;
    QUrl proxyUrl() const;
    QString proxyUser() const;
    QString proxyPassword() const;
    // The stack's temporary folder, which holds the logs and is removed by stop().
    QString directory() const;

    // What reached the model server, oldest first: time, method, path, headers (lower-cased
    // names, Authorization replaced by "present") and body (parsed JSON or null).
    QList<QJsonObject> upstreamRequests() const;
    // What reached the canary: time, method, url, headers (with values), bodyBytes.
    QList<QJsonObject> canaryRequests() const;
    // One entry per proxied request or CONNECT: kind, method, target, auth, authOk, status.
    QList<QJsonObject> proxyRequests() const;
    // nginx's access log: one line per request with the listener port, method and URI, status,
    // authorization=yes|no and the upstream status ("-" when nginx answered itself).
    QStringList nginxAccessLog() const;

    // With Options::idp (empty otherwise): the provider's issuer (https://127.0.0.1:<port>, its
    // discovery document below /.well-known/openid-configuration), the public native client
    // (loopback redirect http://127.0.0.1:<any port>/callback, PKCE S256), the one user and
    // their password.
    QUrl issuerUrl() const;
    QString clientId() const;
    QString userName() const;
    QString userPassword() const;
    // The resource indicator (RFC 8707) to ask for, in the authorization request and at the
    // token endpoint, for an access token that the gateway takes: its `aud`.
    QString gatewayAudience() const;
    // Another resource the provider issues tokens for and the gateway must refuse.
    QString otherAudience() const;
    // One entry per request to the provider: time, method, path, status, route, grantType,
    // resource, clientId, error and detail (oidc-provider's reason); never a secret.
    QList<QJsonObject> idpRequests() const;

private:
    QString infoString(const char *key) const;
    QUrl infoUrl(const char *key) const;
    void forwardDiagnostics(bool flush);
    bool fail(QString *error, const QString &reason);

    std::unique_ptr<QProcess> m_process;
    QByteArray m_pendingDiagnostics;
    QJsonObject m_info;
    QByteArray m_caPem;
};

} // namespace streamcanvas::testsupport
