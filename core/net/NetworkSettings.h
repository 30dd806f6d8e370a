#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>

namespace streamcanvas::net {

// How long each phase of a request may take. 0 means no limit for that phase.
struct Timeouts {
    // From the request's start until it has been sent: DNS, TCP, TLS and writing the request
    // (body included); time spent waiting for a free connection to the host counts too.
    std::chrono::milliseconds connect{15'000};
    // From the request being sent until the response headers arrive.
    std::chrono::milliseconds firstByte{60'000};
    // The longest silence between two reads of the body (a streamed answer may run for
    // minutes, so there is deliberately no limit on the whole transfer).
    std::chrono::milliseconds idle{120'000};
};

enum class ProxyMode { System, None, Fixed };

struct ProxySettings {
    ProxyMode mode = ProxyMode::System;
    QUrl url; // Fixed only: http://host:port
    QString user;
    QString password;
};

// Everything the one network setup needs; filled from the effective policy.
struct NetworkSettings {
    // The gateway, the identity provider(s) and any additional hosts. Only
    // scheme://host:port of each entry counts; entries that are not http(s) allow nothing.
    QList<QUrl> allowedOrigins;
    ProxySettings proxy;
    // Added to the system trust store, never replacing it.
    QByteArray extraCaCertificatesPem;
    // host -> base64 SHA-256 of a certificate's DER SubjectPublicKeyInfo. A pinned host is
    // reached only over TLS and only when its chain (as presented and linked by signatures)
    // contains one of these keys.
    QHash<QString, QList<QByteArray>> pinnedPublicKeys;
    Timeouts timeouts;
};

} // namespace streamcanvas::net
