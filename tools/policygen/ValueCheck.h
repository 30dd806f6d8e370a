#pragma once

#include "SchemaModel.h"

#include <QJsonValue>
#include <QString>

namespace streamcanvas::policygen {

// Whether a value from the schema itself (a default or an example) is one the policy
// accepts: the right JSON type, in range, one of the enum values, matching its format's
// pattern. Returns what is wrong, or an empty string.
QString valueProblem(const ValueSpec &spec, const QJsonValue &value);

// A JSON value as it appears in a message or a document: compact JSON.
QString compactJson(const QJsonValue &value);

} // namespace streamcanvas::policygen
