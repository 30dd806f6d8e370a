#include "RetryPolicy.h"

#include <QRandomGenerator>

#include <algorithm>

namespace streamcanvas::gateway {

RetryPolicy::RetryPolicy(Limits limits, std::function<double()> random)
    : m_limits(limits)
    , m_random(random ? std::move(random) : [] { return QRandomGenerator::global()->generateDouble(); })
{
}

bool RetryPolicy::isRetryableStatus(int httpStatus)
{
    return httpStatus == 429 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504;
}

bool RetryPolicy::isRetryableNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
        return true;
    default:
        return false;
    }
}

std::optional<std::chrono::milliseconds> RetryPolicy::delayAfter(
    int attempt, std::optional<std::chrono::milliseconds> retryAfter) const
{
    if (attempt >= m_limits.maxAttempts)
        return std::nullopt;
    if (retryAfter) {
        if (*retryAfter > m_limits.maxRetryAfter)
            return std::nullopt;
        return *retryAfter;
    }
    // Capped exponential backoff with "equal jitter": half fixed, half random, so that many
    // clients failing together do not come back together.
    const auto exponential = m_limits.baseDelay * (1LL << std::min(attempt - 1, 20));
    const auto capped = std::min<std::chrono::milliseconds>(exponential, m_limits.maxDelay);
    const double jitter = std::clamp(m_random(), 0.0, 1.0);
    return capped / 2 + std::chrono::milliseconds(qint64(double(capped.count()) / 2 * jitter));
}

} // namespace streamcanvas::gateway
