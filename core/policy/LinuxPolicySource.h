#pragma once

#include "PolicySource.h"

#include <QFileSystemWatcher>
#include <QString>

#include <sys/types.h>

namespace streamcanvas::policy {

// Policy files of a Linux machine: <root>/managed/*.json (mandatory) and
// <root>/recommended/*.json (recommended), each a JSON object of policy names to values.
// Files are merged in file-name order; when two files set the same policy the later one wins
// and the conflict is reported. A file (or directory) not owned by `owner` or writable by
// group or others is ignored and reported: anyone able to write it could otherwise set
// policy. The product passes /etc/streamcanvas/policies and root; tests pass their own.
class LinuxPolicySource : public PolicySource
{
    Q_OBJECT

public:
    LinuxPolicySource(const QString &root, uid_t owner, QObject *parent = nullptr);

    PolicySourceReading read() override;
    void watch() override;
    QString description() const override { return m_root; }

    // Files larger than this are not policy (and would only cost memory).
    static constexpr qint64 maxFileSize = 4 * 1024 * 1024;

private:
    void readLevel(const QString &directory, PolicyLevel level, PolicySourceReading *reading);
    std::optional<QString> unsafeReason(const QString &path, bool directory) const;
    void updateWatchedPaths();

    QString m_root;
    uid_t m_owner;
    QFileSystemWatcher m_watcher;
};

} // namespace streamcanvas::policy
