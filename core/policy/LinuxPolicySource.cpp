#include "LinuxPolicySource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

LinuxPolicySource::LinuxPolicySource(const QString &root, uid_t owner, QObject *parent)
    : PolicySource(parent)
    , m_root(QDir::cleanPath(root))
    , m_owner(owner)
{
    // Re-arm first: an editor that saves by rename drops the file from the watch list, and a
    // new directory or file has to be added.
    const auto onChange = [this] {
        updateWatchedPaths();
        Q_EMIT changed();
    };
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, onChange);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, onChange);
}

std::optional<QString> LinuxPolicySource::unsafeReason(const QString &path, bool directory) const
{
    struct stat info { };
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return tr("cannot be read");
    if (directory ? !S_ISDIR(info.st_mode) : !S_ISREG(info.st_mode))
        return directory ? tr("is not a directory") : tr("is not a regular file");
    if (info.st_uid != m_owner)
        return m_owner == 0 ? tr("is not owned by root") : tr("is not owned by user %1").arg(m_owner);
    if (info.st_mode & (S_IWGRP | S_IWOTH))
        return tr("is writable by group or others");
    return std::nullopt;
}

void LinuxPolicySource::readLevel(const QString &directory, PolicyLevel level, PolicySourceReading *reading)
{
    const QDir dir(directory);
    if (!dir.exists())
        return;
    if (const auto reason = unsafeReason(directory, true)) {
        reading->problems.append({SourceProblem::Severity::Error, directory,
            tr("ignored: the directory %1, so anyone could change policy").arg(*reason)});
        return;
    }
    // Name -> index in reading->values, to report and resolve conflicts between files.
    QHash<QString, qsizetype> seen;
    const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    for (const QString &name : files) {
        const QString path = dir.filePath(name);
        if (const auto reason = unsafeReason(path, false)) {
            reading->problems.append({SourceProblem::Severity::Error, path, tr("ignored: the file %1").arg(*reason)});
            continue;
        }
        QFile file(path);
        if (file.size() > maxFileSize) {
            reading->problems.append(
                {SourceProblem::Severity::Error, path, tr("ignored: larger than %1 bytes").arg(maxFileSize)});
            continue;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            reading->problems.append(
                {SourceProblem::Severity::Error, path, tr("ignored: cannot be read (%1)").arg(file.errorString())});
            continue;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            const QString what = error.error != QJsonParseError::NoError
                ? tr("not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset)
                : tr("expected a JSON object of policy names to values");
            reading->problems.append({SourceProblem::Severity::Error, path, tr("ignored: %1").arg(what)});
            continue;
        }
        const QJsonObject object = document.object();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const RawPolicyValue value{it.key(), it.value(), level, PolicyScope::Machine, path};
            const auto previous = seen.constFind(it.key());
            if (previous == seen.constEnd()) {
                seen.insert(it.key(), reading->values.size());
                reading->values.append(value);
                continue;
            }
            RawPolicyValue &earlier = reading->values[*previous];
            if (earlier.value != value.value) {
                reading->problems.append({SourceProblem::Severity::Warning, path,
                    tr("%1 is also set in %2; the value of %3 (later in file-name order) is used")
                        .arg(it.key(), earlier.origin, name)});
            }
            earlier = value;
        }
    }
}

PolicySourceReading LinuxPolicySource::read()
{
    PolicySourceReading reading;
    if (!QDir(m_root).exists())
        return reading;
    if (const auto reason = unsafeReason(m_root, true)) {
        reading.problems.append({SourceProblem::Severity::Error, m_root,
            tr("ignored: the directory %1, so anyone could change policy").arg(*reason)});
        return reading;
    }
    readLevel(m_root + u"/managed"_s, PolicyLevel::Mandatory, &reading);
    readLevel(m_root + u"/recommended"_s, PolicyLevel::Recommended, &reading);
    return reading;
}

void LinuxPolicySource::watch()
{
    updateWatchedPaths();
}

void LinuxPolicySource::updateWatchedPaths()
{
    // The root's parent too, so that creating the root (or managed/) later is noticed.
    QStringList paths{QFileInfo(m_root).absolutePath(), m_root, m_root + u"/managed"_s, m_root + u"/recommended"_s};
    for (const QString &level : {u"/managed"_s, u"/recommended"_s}) {
        const QDir dir(m_root + level);
        for (const QString &name : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name))
            paths.append(dir.filePath(name));
    }
    QStringList missing;
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    for (const QString &path : paths) {
        if (!watched.contains(path) && QFileInfo::exists(path))
            missing.append(path);
    }
    if (!missing.isEmpty())
        m_watcher.addPaths(missing);
}

} // namespace streamcanvas::policy
