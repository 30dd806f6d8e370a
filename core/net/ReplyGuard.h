#pragma once

#include "net/NetworkSettings.h"
#include "net/Refusal.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QTimer>
#include <QUrl>

namespace streamcanvas::net {

// Enforces the rules that apply while one reply runs: redirects only within the original
// origin, the pinned public keys of its host, and the three timeouts. It lives as the
// reply's child and stops it with abort() after recording the refusal on it.
class ReplyGuard : public QObject
{
    Q_OBJECT

public:
    // `pins` are raw SHA-256 digests; empty when the host is not pinned.
    ReplyGuard(QNetworkReply *reply, const Timeouts &timeouts, const QList<QByteArray> &pins);

private:
    enum class Phase { Connecting, WaitingForHeaders, ReadingBody, Done };

    void enter(Phase phase);
    void onRequestSent();
    void onEncrypted();
    void onMetaDataChanged();
    void onReadyRead();
    void onRedirected(const QUrl &target);
    void onErrorOccurred(QNetworkReply::NetworkError error);
    void onTimer();
    bool pinsHold() const;
    void refuse(Refusal refusal);

    QNetworkReply *m_reply;
    const QUrl m_originalUrl;
    const Timeouts m_timeouts;
    const QList<QByteArray> m_pins;
    Phase m_phase = Phase::Connecting;
    // The timer fires at most once per phase; reads only move the deadline, so a fast
    // stream costs no timer restarts.
    QDeadlineTimer m_deadline;
    QTimer m_timer;
};

} // namespace streamcanvas::net
