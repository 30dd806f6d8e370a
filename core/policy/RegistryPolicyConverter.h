#pragma once

#include "policy/PolicySource.h"
#include "policy/RegistryKeyContents.h"

namespace streamcanvas::policy {

// Turns the policy key of one hive (…\Software\Policies\StreamCanvas\Desktop, read into a
// RegistryKeyContents) into raw policy values, following Chrome's layout that the ADMX
// templates write too:
//  - REG_DWORD and REG_QWORD are numbers (booleans are 0 and 1);
//  - REG_SZ and REG_EXPAND_SZ are text, never expanded; text that starts with '{' or '[' is a
//    dictionary or list written as JSON (kept as text, with a warning, when it is not JSON);
//  - REG_MULTI_SZ is a list of strings;
//  - a subkey named like a policy is a list whose entries are named 1, 2, 3, … and taken in
//    numeric order (an entry may itself be such a subkey);
//  - the subkey "Recommended" holds the recommended values by the same rules;
//  - REG_BINARY and every other type are reported and left out.
// Nothing here knows the schema: the validator checks names and values.
class RegistryPolicyConverter
{
public:
    // `origin` is the key's path as people write it, "HKLM\Software\Policies\StreamCanvas\Desktop";
    // each value's origin is its own path below it.
    static PolicySourceReading convert(const RegistryKeyContents &key, PolicyScope scope, const QString &origin);
};

} // namespace streamcanvas::policy
