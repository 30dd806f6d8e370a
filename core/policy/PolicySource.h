#pragma once

#include "PolicyLevel.h"

#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>

namespace streamcanvas::policy {

// One value as a source found it, before validation: the JSON form of what the admin wrote
// (a registry DWORD becomes a number, a plist array a JSON array, ...).
struct RawPolicyValue {
    QString name;
    QJsonValue value;
    PolicyLevel level = PolicyLevel::Mandatory;
    PolicyScope scope = PolicyScope::Machine;
    // For people: the registry path, the preference domain or the file the value came from.
    QString origin;
};

// Something wrong with a source as a whole or with one of its entries that is not about a
// policy's value: an unreadable or unsafe file, malformed JSON, a conflict between files.
struct SourceProblem {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    QString origin;
    QString message;
};

struct PolicySourceReading {
    QList<RawPolicyValue> values;
    QList<SourceProblem> problems;
};

// Where managed policy comes from on one operating system. read() is synchronous and cheap
// enough to call at start before any network request; changed() says that read() may now
// give something else (it may fire for changes that turn out to change nothing).
class PolicySource : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~PolicySource() override = default;

    virtual PolicySourceReading read() = 0;
    // Starts the platform's change notification; changed() is emitted from then on.
    virtual void watch() = 0;
    // A short description for "policy" output: "/etc/streamcanvas/policies", ...
    virtual QString description() const = 0;

Q_SIGNALS:
    void changed();
};

} // namespace streamcanvas::policy
