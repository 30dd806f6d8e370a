#include "PlatformPolicySources.h"

#if defined(Q_OS_WIN)
#include "WindowsRegistryPolicySource.h"
#elif defined(Q_OS_MACOS)
#include "MacManagedPreferencesSource.h"
#else
#include "LinuxPolicySource.h"
#endif

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

QList<PolicySource *> createPlatformPolicySources(QObject *parent)
{
#if defined(Q_OS_WIN)
    return {new WindowsRegistryPolicySource(parent)};
#elif defined(Q_OS_MACOS)
    return {new MacManagedPreferencesSource(parent)};
#else
    // Root-owned files only: see LinuxPolicySource.
    return {new LinuxPolicySource(u"/etc/streamcanvas/policies"_s, 0, parent)};
#endif
}

} // namespace streamcanvas::policy
