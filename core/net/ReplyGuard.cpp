#include "net/ReplyGuard.h"

#include "net/Origin.h"
#include "net/PublicKeyPin.h"

#include <QNetworkReply>
#include <QSslConfiguration>
#include <QVariant>

#include <algorithm>

using namespace std::chrono_literals;

namespace streamcanvas::net {

ReplyGuard::ReplyGuard(QNetworkReply *reply, const Timeouts &timeouts, const QList<QByteArray> &pins)
    : QObject(reply)
    , m_reply(reply)
    , m_originalUrl(reply->request().url())
    , m_timeouts(timeouts)
    , m_pins(pins)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ReplyGuard::onTimer);
    connect(reply, &QNetworkReply::requestSent, this, &ReplyGuard::onRequestSent);
    connect(reply, &QNetworkReply::encrypted, this, &ReplyGuard::onEncrypted);
    connect(reply, &QNetworkReply::metaDataChanged, this, &ReplyGuard::onMetaDataChanged);
    connect(reply, &QNetworkReply::readyRead, this, &ReplyGuard::onReadyRead);
    connect(reply, &QNetworkReply::redirected, this, &ReplyGuard::onRedirected);
    connect(reply, &QNetworkReply::errorOccurred, this, &ReplyGuard::onErrorOccurred);
    connect(reply, &QNetworkReply::finished, this, [this] { enter(Phase::Done); });
    enter(Phase::Connecting);
}

void ReplyGuard::enter(Phase phase)
{
    m_phase = phase;
    std::chrono::milliseconds limit = 0ms;
    switch (phase) {
    case Phase::Connecting:
        limit = m_timeouts.connect;
        break;
    case Phase::WaitingForHeaders:
        limit = m_timeouts.firstByte;
        break;
    case Phase::ReadingBody:
        limit = m_timeouts.idle;
        break;
    case Phase::Done:
        break;
    }
    if (limit <= 0ms) {
        m_timer.stop();
        m_deadline = QDeadlineTimer(QDeadlineTimer::Forever);
        return;
    }
    m_deadline.setRemainingTime(limit);
    m_timer.start(limit);
}

void ReplyGuard::onRequestSent()
{
    // Emitted again after a followed redirect; only the first one after connecting counts.
    if (m_phase == Phase::Connecting)
        enter(Phase::WaitingForHeaders);
}

void ReplyGuard::onEncrypted()
{
    // Emitted (blocking the network thread) before any request byte goes over a new
    // connection, so aborting here keeps the request, and its Authorization header, back.
    if (!m_pins.isEmpty() && !pinsHold())
        refuse(Refusal::PinMismatch);
}

void ReplyGuard::onMetaDataChanged()
{
    // A request on a kept-alive connection sees no encrypted(): that connection passed the
    // check when it was opened (a failed one is closed by the abort). Checking the chain
    // again here costs little and catches anything that got past that.
    if (!m_pins.isEmpty() && !pinsHold()) {
        refuse(Refusal::PinMismatch);
        return;
    }
    if (m_phase != Phase::Done)
        enter(Phase::ReadingBody);
}

void ReplyGuard::onReadyRead()
{
    if (m_phase == Phase::ReadingBody && m_timeouts.idle > 0ms)
        m_deadline.setRemainingTime(m_timeouts.idle);
}

void ReplyGuard::onRedirected(const QUrl &target)
{
    // Qt's SameOriginRedirectPolicy has already refused any other origin, without emitting
    // this. Should the two checks ever disagree, the reply is at least stopped and marked;
    // Qt queues the next hop before emitting redirected(), so this alone would not keep it back.
    if (!Origin::same(m_originalUrl, target)) {
        refuse(Refusal::CrossOriginRedirect);
        return;
    }
    enter(Phase::Connecting); // the next hop may need a new connection
}

void ReplyGuard::onErrorOccurred(QNetworkReply::NetworkError error)
{
    // How SameOriginRedirectPolicy refuses a redirect to another origin (or to http).
    // errorOccurred() comes before finished(), so the caller's finished() handler sees it.
    if (error == QNetworkReply::InsecureRedirectError && m_phase != Phase::Done)
        m_reply->setProperty(detail::refusalProperty, static_cast<int>(Refusal::CrossOriginRedirect));
}

void ReplyGuard::onTimer()
{
    if (m_phase == Phase::Done)
        return;
    if (!m_deadline.hasExpired()) {
        const auto remaining = std::chrono::ceil<std::chrono::milliseconds>(m_deadline.remainingTimeAsDuration());
        m_timer.start(std::max(remaining, 1ms));
        return;
    }
    switch (m_phase) {
    case Phase::Connecting:
        refuse(Refusal::ConnectTimeout);
        break;
    case Phase::WaitingForHeaders:
        refuse(Refusal::FirstByteTimeout);
        break;
    case Phase::ReadingBody:
        refuse(Refusal::IdleTimeout);
        break;
    case Phase::Done:
        break;
    }
}

bool ReplyGuard::pinsHold() const
{
    return PublicKeyPin::chainMatches(m_reply->sslConfiguration().peerCertificateChain(), m_pins);
}

void ReplyGuard::refuse(Refusal refusal)
{
    if (m_phase == Phase::Done || m_reply->isFinished())
        return;
    m_phase = Phase::Done;
    m_timer.stop();
    m_reply->setProperty(detail::refusalProperty, static_cast<int>(refusal));
    // abort() finishes the reply synchronously and a finished() handler may delete it,
    // and this guard with it: nothing may follow.
    m_reply->abort();
}

} // namespace streamcanvas::net
