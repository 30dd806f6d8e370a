#include "OidcProvider.h"

#include "auth/Clock.h"
#include "net/NetworkAccessManager.h"

#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace streamcanvas::auth {

namespace {

constexpr qsizetype maxDocumentBytes = 1024 * 1024;
constexpr auto keyRefetchInterval = 60s;

} // namespace

OidcProvider::OidcProvider(net::NetworkAccessManager &network, QString issuer, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_issuer(std::move(issuer))
    , m_clock(clock)
    , m_validator(clock)
{
}

void OidcProvider::get(const QUrl &url, QObject *context, std::function<void(int status, const QByteArray &body)> done)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    QNetworkReply *reply = m_network.get(request);
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, done = std::move(done)] {
        reply->deleteLater();
        if (!guard)
            return;
        const bool refused = net::NetworkAccessManager::refusal(reply) != net::Refusal::None;
        const int status = refused ? 0 : reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        done(status, status ? reply->read(maxDocumentBytes) : QByteArray());
    });
}

void OidcProvider::load(QObject *context, Done done)
{
    if (m_configuration && !m_keys.isEmpty()) {
        QTimer::singleShot(0, context, [done = std::move(done)] { done(true, {}); });
        return;
    }
    if (m_configuration) {
        fetchKeys(context, std::move(done));
        return;
    }
    get(OidcConfiguration::discoveryUrl(m_issuer), context,
        [this, context, done = std::move(done)](int status, const QByteArray &body) {
            if (status != 200) {
                done(false,
                    status == 0
                        ? tr("The sign-in service can't be reached. Check your network connection.")
                        : tr("The sign-in service's configuration could not be fetched (HTTP %1).").arg(status));
                return;
            }
            QString error;
            m_configuration = OidcConfiguration::parse(body, m_issuer, &error);
            if (!m_configuration) {
                done(false, error);
                return;
            }
            fetchKeys(context, done);
        });
}

void OidcProvider::fetchKeys(QObject *context, Done done)
{
    m_keysFetched = m_clock.monotonicNow();
    get(m_configuration->jwksUri, context, [this, done = std::move(done)](int status, const QByteArray &body) {
        if (status != 200) {
            done(false, tr("The sign-in service's signing keys could not be fetched."));
            return;
        }
        JsonWebKeySet keys = JsonWebKeySet::fromJson(body);
        if (!keys.isValid() || keys.isEmpty()) {
            done(false, tr("The sign-in service publishes no signing key this app can use."));
            return;
        }
        m_keys = std::move(keys);
        done(true, {});
    });
}

void OidcProvider::validate(
    const QByteArray &token, const JwtValidator::Expectations &expectations, QObject *context, Validated done)
{
    JwtValidation validation = m_validator.validate(token, m_keys, expectations);
    const bool mayRefetch = validation.error == JwtError::UnknownKey && m_configuration
        && (!m_keysFetched || m_clock.monotonicNow() - *m_keysFetched >= keyRefetchInterval);
    if (!mayRefetch) {
        QTimer::singleShot(0, context, [done = std::move(done), validation] { done(validation); });
        return;
    }
    fetchKeys(context, [this, token, expectations, done = std::move(done), validation](bool ok, const QString &) {
        done(ok ? m_validator.validate(token, m_keys, expectations) : validation);
    });
}

} // namespace streamcanvas::auth
