#pragma once

#include "PolicySource.h"

#include <QList>

namespace streamcanvas::policy {

// The managed-policy sources of the operating system the app runs on: the registry on
// Windows, managed preferences on macOS, /etc/streamcanvas/policies elsewhere. Fixed
// locations only: nothing a user controls can add, move or override them.
QList<PolicySource *> createPlatformPolicySources(QObject *parent);

} // namespace streamcanvas::policy
