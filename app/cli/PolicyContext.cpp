#include "PolicyContext.h"

#include "policy/PolicyService.h"
#include "policy/UserSettings.h"

namespace streamcanvas::cli {

PolicyContext::PolicyContext(policy::PolicyService &service, policy::UserSettings &settings)
    : m_service(service)
    , m_settings(settings)
{
}

const policy::ResolvedPolicy &PolicyContext::resolve(const QList<policy::UserValue> &commandLine)
{
    m_service.setUserValues(commandLine + m_settings.values());
    return m_service.current();
}

} // namespace streamcanvas::cli
