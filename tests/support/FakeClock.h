#pragma once

#include "auth/Clock.h"

namespace streamcanvas::auth {

// A clock that moves only when told to, for tests of expiry and timeouts.
class FakeClock : public Clock
{
public:
    // Starts at `nowUtc` (converted to UTC); the monotonic clock starts at its epoch.
    explicit FakeClock(const QDateTime &nowUtc);

    QDateTime nowUtc() const override { return m_now; }
    std::chrono::steady_clock::time_point monotonicNow() const override { return m_monotonic; }

    // Both clocks move forward by `step`, as real time passing.
    void advance(std::chrono::milliseconds step);
    // The wall clock jumps (the user or NTP set it); the monotonic clock does not move.
    void setNowUtc(const QDateTime &nowUtc);

private:
    QDateTime m_now;
    std::chrono::steady_clock::time_point m_monotonic;
};

} // namespace streamcanvas::auth
