#pragma once

#include "policy/RegistryValue.h"

#include <QMap>
#include <QString>

namespace streamcanvas::policy {

// A registry key with everything below it, as the Windows policy source read it: values by
// name and subkeys by name. Filled from the registry on Windows and by hand in tests.
struct RegistryKeyContents {
    QMap<QString, RegistryValue> values;
    QMap<QString, RegistryKeyContents> subkeys;
};

} // namespace streamcanvas::policy
