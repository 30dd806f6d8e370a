#include "auth/SystemClock.h"

namespace streamcanvas::auth {

QDateTime SystemClock::nowUtc() const
{
    return QDateTime::currentDateTimeUtc();
}

std::chrono::steady_clock::time_point SystemClock::monotonicNow() const
{
    return std::chrono::steady_clock::now();
}

} // namespace streamcanvas::auth
