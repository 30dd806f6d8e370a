#include "policy/PolicyLevel.h"

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

QString levelName(PolicyLevel level)
{
    switch (level) {
    case PolicyLevel::Mandatory:
        return u"mandatory"_s;
    case PolicyLevel::Recommended:
        return u"recommended"_s;
    }
    Q_UNREACHABLE();
    return {};
}

QString scopeName(PolicyScope scope)
{
    switch (scope) {
    case PolicyScope::Machine:
        return u"machine"_s;
    case PolicyScope::User:
        return u"user"_s;
    }
    Q_UNREACHABLE();
    return {};
}

} // namespace streamcanvas::policy
