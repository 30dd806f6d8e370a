#include "FakeClock.h"

namespace streamcanvas::auth {

FakeClock::FakeClock(const QDateTime &nowUtc)
    : m_now(nowUtc.toUTC())
{
}

void FakeClock::advance(std::chrono::milliseconds step)
{
    Q_ASSERT_X(step.count() >= 0, "FakeClock::advance", "time does not go back");
    m_now = m_now.addMSecs(step.count());
    m_monotonic += step;
}

void FakeClock::setNowUtc(const QDateTime &nowUtc)
{
    m_now = nowUtc.toUTC();
}

} // namespace streamcanvas::auth
