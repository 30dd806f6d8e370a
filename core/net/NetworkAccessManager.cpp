#include "net/NetworkAccessManager.h"

#include "net/RefusedReply.h"
#include "net/ReplyGuard.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslKey>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace streamcanvas::net {

namespace {

// The system's proxy settings (environment, PAC, OS configuration), for this manager only:
// QNetworkProxyFactory::setUseSystemConfiguration() would change the whole process.
class SystemProxyFactory : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        return QNetworkProxyFactory::systemProxyForQuery(query);
    }
};

QString lowerHost(const QUrl &url)
{
    return url.host(QUrl::FullyEncoded).toLower();
}

bool isValidFixedProxy(const QUrl &url)
{
    return url.isValid() && url.scheme() == u"http" && !url.host().isEmpty() && url.port() > 0
        && url.userInfo().isEmpty() && (url.path().isEmpty() || url.path() == u"/") && !url.hasQuery()
        && !url.hasFragment();
}

// The host as a request URL's host compares with it (lower case, punycode), or empty when
// it is not a bare host name or IP address.
QString pinHost(const QString &configured)
{
    const QString host = configured.trimmed().toLower();
    if (QHostAddress address; address.setAddress(host))
        return address.toString();
    if (host.contains(u':'))
        return {};
    QUrl url;
    url.setScheme(u"https"_s);
    url.setHost(host, QUrl::StrictMode);
    if (!url.isValid() || !url.path().isEmpty() || url.host(QUrl::FullyEncoded).isEmpty())
        return {};
    return url.host(QUrl::FullyEncoded).toLower();
}

QStringList secretsOf(const NetworkSettings &settings)
{
    QStringList secrets;
    if (!settings.proxy.password.isEmpty())
        secrets.append(settings.proxy.password);
    return secrets;
}

} // namespace

NetworkAccessManager::NetworkAccessManager(const NetworkSettings &settings, QObject *parent)
    : QNetworkAccessManager(parent)
    , m_timeouts(settings.timeouts)
    , m_allowList(settings.allowedOrigins)
    , m_redactor(settings.allowedOrigins, secretsOf(settings))
    , m_sslConfiguration(QSslConfiguration::defaultConfiguration())
{
    m_sslConfiguration.setProtocol(QSsl::TlsV1_2OrLater);
    m_sslConfiguration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_settingsError = validate(settings).join(u'\n');
    if (!m_settingsError.isEmpty()) {
        m_pins.clear();
        setProxy(QNetworkProxy(QNetworkProxy::NoProxy)); // nothing goes out anyway
        return;
    }
    configureProxy(settings.proxy);
}

QStringList NetworkAccessManager::validate(const NetworkSettings &settings)
{
    QStringList errors;
    if (settings.proxy.mode == ProxyMode::Fixed && !isValidFixedProxy(settings.proxy.url)) {
        errors.append(tr("The proxy must be given as http://host:port, with a port number and without a user "
                         "name, password or path."));
    }

    if (!settings.extraCaCertificatesPem.trimmed().isEmpty()) {
        const QByteArray &pem = settings.extraCaCertificatesPem;
        const QList<QSslCertificate> extra = QSslCertificate::fromData(pem, QSsl::Pem);
        const qsizetype declared = pem.count("-----BEGIN CERTIFICATE-----"_ba);
        const bool allRead = std::none_of(extra.begin(), extra.end(), [](const auto &c) { return c.isNull(); });
        if (extra.isEmpty() || extra.size() != declared || !allRead) {
            errors.append(tr("The additional CA certificates could not be read. Give one or more certificates in "
                             "PEM form (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)."));
        } else {
            // Setting CA certificates turns off Qt's on-demand loading of the system roots
            // (and on Linux the default list is empty until then), so the system roots are
            // listed explicitly: the extra certificates are added, never a replacement.
            m_sslConfiguration.setCaCertificates(QSslConfiguration::systemCaCertificates() + extra);
        }
    }

    for (auto it = settings.pinnedPublicKeys.cbegin(); it != settings.pinnedPublicKeys.cend(); ++it) {
        // A pin whose host never matches a request ("gw.example.com:443", a URL) would
        // silently protect nothing: such entries are errors.
        const QString host = pinHost(it.key());
        if (host.isEmpty() || it.value().isEmpty()) {
            errors.append(tr("A pinned host must be a bare host name or IP address with at least one pinned key."));
            continue;
        }
        QList<QByteArray> digests;
        for (qsizetype i = 0; i < it.value().size(); ++i) {
            const auto decoded
                = QByteArray::fromBase64Encoding(it.value().at(i).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded || decoded.decoded.size() != 32) {
                errors.append(tr("Pinned key %1 for %2 is not the base64 form of a SHA-256 digest (32 bytes).")
                                  .arg(i + 1)
                                  .arg(host));
                continue;
            }
            digests.append(decoded.decoded);
        }
        m_pins.insert(host, digests);
    }

    const Timeouts &t = settings.timeouts;
    if (t.connect < 0ms || t.firstByte < 0ms || t.idle < 0ms)
        errors.append(tr("Network timeouts cannot be negative."));
    return errors;
}

void NetworkAccessManager::configureProxy(const ProxySettings &proxy)
{
    switch (proxy.mode) {
    case ProxyMode::System:
        setProxyFactory(new SystemProxyFactory); // the manager takes ownership
        break;
    case ProxyMode::None:
        setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    case ProxyMode::Fixed:
        setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, proxy.url.host(), static_cast<quint16>(proxy.url.port()),
            proxy.user, proxy.password));
        break;
    }
    // Qt answers a proxy's 407 with the proxy's credentials once; when they are refused it
    // asks through proxyAuthenticationRequired(). Nothing here fills the authenticator, so a
    // wrong password ends the request with ProxyAuthenticationRequiredError instead of
    // being retried forever.
}

QString NetworkAccessManager::settingsError() const
{
    return m_settingsError;
}

const OriginAllowList &NetworkAccessManager::allowList() const
{
    return m_allowList;
}

const Redactor &NetworkAccessManager::redactor() const
{
    return m_redactor;
}

QSslConfiguration NetworkAccessManager::sslConfiguration() const
{
    return m_sslConfiguration;
}

Refusal NetworkAccessManager::refusal(const QNetworkReply *reply)
{
    if (!reply)
        return Refusal::None;
    return static_cast<Refusal>(reply->property(detail::refusalProperty).toInt());
}

QString NetworkAccessManager::refusalMessage(Refusal refusal)
{
    switch (refusal) {
    case Refusal::None:
        return {};
    case Refusal::NotAllowed:
        return tr("This address is not one the app may connect to. Ask your administrator if it should be.");
    case Refusal::CrossOriginRedirect:
        return tr("The server redirected the request to another address. It was stopped so that your credentials "
                  "are not sent there.");
    case Refusal::PinMismatch:
        return tr("The server could not prove its identity with the key your administrator pinned for it. The "
                  "connection was stopped before anything was sent.");
    case Refusal::ConnectTimeout:
        return tr("Could not connect to the server in time. Check your network connection and proxy settings.");
    case Refusal::FirstByteTimeout:
        return tr("The server did not start to answer in time.");
    case Refusal::IdleTimeout:
        return tr("The server stopped sending data before the answer was complete.");
    case Refusal::InvalidSettings:
        return tr("The network settings are not valid, so no connection is made until they are corrected.");
    }
    return {};
}

QNetworkReply *NetworkAccessManager::createRequest(
    Operation op, const QNetworkRequest &originalRequest, QIODevice *outgoingData)
{
    if (!m_settingsError.isEmpty()) {
        return new RefusedReply(op, originalRequest, Refusal::InvalidSettings,
            refusalMessage(Refusal::InvalidSettings) + u'\n' + m_settingsError, this);
    }
    const QUrl url = originalRequest.url();
    if (!m_allowList.allows(url))
        return new RefusedReply(op, originalRequest, Refusal::NotAllowed, refusalMessage(Refusal::NotAllowed), this);
    const QList<QByteArray> pins = m_pins.value(lowerHost(url));
    if (!pins.isEmpty() && url.scheme().toLower() != u"https") {
        // A pin can only be checked over TLS.
        return new RefusedReply(op, originalRequest, Refusal::PinMismatch, refusalMessage(Refusal::PinMismatch), this);
    }

    QNetworkRequest request(originalRequest);
    // Redirects are followed only within the origin. Not UserVerifiedRedirectPolicy: in
    // Qt 6.4 one redirectAllowed() after the second hop of a chain follows that hop several
    // times (a POST would be sent again) and the reply ends empty with status 100.
    const QVariant policy = request.attribute(QNetworkRequest::RedirectPolicyAttribute);
    if (!policy.isValid() || policy.toInt() != QNetworkRequest::ManualRedirectPolicy)
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setSslConfiguration(sslConfigurationFor(originalRequest));

    QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, outgoingData);
    new ReplyGuard(reply, m_timeouts, pins); // owned by the reply
    return reply;
}

QSslConfiguration NetworkAccessManager::sslConfigurationFor(const QNetworkRequest &request) const
{
    QSslConfiguration configuration = m_sslConfiguration;
    // A client certificate the caller chose stays; the trust decisions are ours.
    const QSslConfiguration requested = request.sslConfiguration();
    if (!requested.localCertificateChain().isEmpty()) {
        configuration.setLocalCertificateChain(requested.localCertificateChain());
        configuration.setPrivateKey(requested.privateKey());
    }
    return configuration;
}

} // namespace streamcanvas::net
