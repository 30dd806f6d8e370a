#pragma once

#include <QNetworkReply>

#include <chrono>
#include <functional>
#include <optional>

namespace streamcanvas::gateway {

// How many tries and how long to wait between them.
struct RetryLimits {
    int maxAttempts = 3;                             // tries in all, the first one included
    std::chrono::milliseconds baseDelay{500};        // doubled on each retry
    std::chrono::milliseconds maxDelay{8'000};       // cap of the computed backoff
    std::chrono::milliseconds maxRetryAfter{30'000}; // a longer Retry-After is reported, not waited for
};

// When and how long to wait before trying a request again. Only what happens before the
// first byte of an answer is ever retried: after that, a retry would duplicate text.
class RetryPolicy
{
public:
    using Limits = RetryLimits;

    // `random` returns a value in [0, 1) for the jitter; tests pass a fixed one.
    explicit RetryPolicy(RetryLimits limits = RetryLimits(), std::function<double()> random = {});

    static bool isRetryableStatus(int httpStatus);
    static bool isRetryableNetworkError(QNetworkReply::NetworkError error);

    // The delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or
    // nullopt when it must not be retried: no attempts left, or the server asked for a
    // longer wait than we are willing to spend without telling anyone.
    std::optional<std::chrono::milliseconds> delayAfter(
        int attempt, std::optional<std::chrono::milliseconds> retryAfter) const;

    const Limits &limits() const { return m_limits; }

private:
    Limits m_limits;
    std::function<double()> m_random;
};

} // namespace streamcanvas::gateway
