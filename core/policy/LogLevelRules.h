#pragma once

#include "PolicyKeys.h"

namespace streamcanvas::policy {

// Makes the LogLevel policy the filter of the app's own logging categories (streamcanvas.*).
void applyLogLevel(LogLevel level);

} // namespace streamcanvas::policy
