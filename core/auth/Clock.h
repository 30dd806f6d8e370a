#pragma once

#include <QDateTime>

#include <chrono>

namespace streamcanvas::auth {

// The time, behind an interface so that tests can drive token expiry and timeouts.
//
// nowUtc() is wall-clock time, for comparing with times written by other machines (token
// "exp", "iat"); it may jump when the system clock is set. monotonicNow() never goes back,
// for measuring how long something took or waiting for a while.
class Clock
{
public:
    virtual ~Clock() = default;

    virtual QDateTime nowUtc() const = 0;
    virtual std::chrono::steady_clock::time_point monotonicNow() const = 0;
};

} // namespace streamcanvas::auth
