#pragma once

#include "auth/Clock.h"

namespace streamcanvas::auth {

// The computer's clocks.
class SystemClock : public Clock
{
public:
    QDateTime nowUtc() const override;
    std::chrono::steady_clock::time_point monotonicNow() const override;
};

} // namespace streamcanvas::auth
