#pragma once

#include <QString>

namespace streamcanvas::policy {

// Mandatory values are locked: the user cannot change them. Recommended values are
// defaults the user may override in settings.
enum class PolicyLevel { Mandatory, Recommended };

// Where a value applies: to every user of the computer (Windows HKLM, macOS computer-level
// managed preferences, Linux /etc) or to one user (Windows HKCU, macOS per-user managed
// preferences).
enum class PolicyScope { Machine, User };

QString levelName(PolicyLevel level);
QString scopeName(PolicyScope scope);

} // namespace streamcanvas::policy
