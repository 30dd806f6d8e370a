#include "GatewayCall.h"

#include "net/NetworkAccessManager.h"

#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace streamcanvas::gateway {

namespace {

// Error answers are read for their message only; a huge one is not kept.
constexpr qsizetype maxErrorBody = 64 * 1024;

} // namespace

GatewayCall::GatewayCall(net::NetworkAccessManager &network, AccessTokenSource &auth, RetryPolicy retryPolicy,
    Target target, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_auth(auth)
    , m_retryPolicy(std::move(retryPolicy))
    , m_errors(network.redactor())
    , m_target(std::move(target))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &GatewayCall::requestAuthorization);
}

GatewayCall::~GatewayCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void GatewayCall::start()
{
    requestAuthorization();
}

void GatewayCall::abort()
{
    if (m_ended)
        return;
    m_retryTimer.stop();
    finish({GatewayError::Kind::Cancelled, ErrorMapper::tr("Stopped."), m_status, {}});
}

void GatewayCall::requestAuthorization()
{
    m_auth.authorization(this, [this](const AccessTokenSource::Result &result) {
        if (m_ended)
            return;
        if (!result.ok) {
            finish({GatewayError::Kind::SignIn, result.error, 0, {}});
            return;
        }
        ++m_attempt;
        send(result.authorization);
    });
}

void GatewayCall::send(const QByteArray &authorization)
{
    m_authorization = authorization;
    m_errorBody.clear();
    m_status = 0;

    QNetworkRequest request = m_target.request;
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = m_target.body.isEmpty() ? m_network.get(request) : m_network.post(request, m_target.body);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &GatewayCall::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &GatewayCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &GatewayCall::onFinished);
}

void GatewayCall::onMetaData()
{
    if (!m_reply || m_responseStarted)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return;
    m_status = status;
    if (status >= 200 && status < 300) {
        m_responseStarted = true;
        m_contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        Q_EMIT responseStarted();
    }
}

void GatewayCall::onReadyRead()
{
    // An aborted reply (a timeout, a pin mismatch) is closed: nothing more to read.
    if (!m_reply || !m_reply->isOpen())
        return;
    if (m_status == 0)
        onMetaData();
    if (m_responseStarted) {
        const QByteArray bytes = m_reply->readAll();
        if (!bytes.isEmpty())
            Q_EMIT bodyReceived(bytes);
        return;
    }
    const QByteArray bytes = m_reply->readAll();
    if (m_errorBody.size() < maxErrorBody)
        m_errorBody += bytes.left(maxErrorBody - m_errorBody.size());
}

void GatewayCall::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_ended)
        return;
    onReadyRead();
    if (m_ended)
        return;

    if (m_responseStarted) {
        if (reply->error() == QNetworkReply::NoError)
            finish({});
        else
            finish(m_errors.fromReply(*reply));
        return;
    }

    // Stopped by our own network rules (a redirect to another origin, say): whatever HTTP
    // status came with it is not the answer.
    const int status = net::NetworkAccessManager::refusal(reply) != net::Refusal::None
        ? 0
        : reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        const GatewayError error = m_errors.fromReply(*reply);
        const net::Refusal refusal = net::NetworkAccessManager::refusal(reply);
        const bool retryable = refusal == net::Refusal::ConnectTimeout
            || (refusal == net::Refusal::None && RetryPolicy::isRetryableNetworkError(reply->error()));
        if (retryable)
            retryOrFail(error);
        else
            finish(error);
        return;
    }

    if (status == 401 && !m_renewed) {
        // One renewal (a token refresh, or re-reading the key) and one more try, outside
        // the retry budget: the first 401 is expected when a token has just expired.
        m_renewed = true;
        dropReply();
        m_auth.renewAfterRejection(m_authorization, this, [this](const AccessTokenSource::Result &result) {
            if (m_ended)
                return;
            if (!result.ok) {
                finish({GatewayError::Kind::SignIn, result.error, 401, {}});
                return;
            }
            send(result.authorization);
        });
        return;
    }

    const GatewayError error
        = m_errors.fromResponse(status, reply->rawHeader("Retry-After"), m_errorBody, m_target.kind, m_target.model);
    if (RetryPolicy::isRetryableStatus(status))
        retryOrFail(error);
    else
        finish(error);
}

void GatewayCall::retryOrFail(const GatewayError &error)
{
    dropReply();
    const auto delay = m_retryPolicy.delayAfter(m_attempt, error.retryAfter);
    if (!delay) {
        finish(error);
        return;
    }
    Q_EMIT retrying(m_attempt + 1, *delay, error);
    if (!m_ended)
        m_retryTimer.start(*delay);
}

void GatewayCall::finish(const GatewayError &error)
{
    if (m_ended)
        return;
    m_ended = true;
    dropReply();
    Q_EMIT ended(error);
}

void GatewayCall::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

} // namespace streamcanvas::gateway
