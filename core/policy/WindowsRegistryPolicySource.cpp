#include "policy/WindowsRegistryPolicySource.h"

#include "policy/RegistryPolicyConverter.h"

#include <QWinEventNotifier>
#include <qt_windows.h>

#include <array>
#include <vector>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

namespace {

constexpr const wchar_t *policyKeyPath = L"Software\\Policies\\StreamCanvas\\Desktop";
const QString policyKeyName = u"Software\\Policies\\StreamCanvas\\Desktop"_s;

// What a hive's watch listens to: the policy key, or while it does not exist the nearest
// parent that does (Software\Policies exists on every Windows), so that creating the key is
// noticed too. Deepest first.
constexpr std::array<const wchar_t *, 3> watchedKeyPaths{
    L"Software\\Policies\\StreamCanvas\\Desktop",
    L"Software\\Policies\\StreamCanvas",
    L"Software\\Policies",
};

// Software\Policies is shared by the 32- and 64-bit views; asking for the 64-bit view keeps a
// 32-bit build from being redirected anywhere else.
constexpr REGSAM readAccess = KEY_READ | KEY_WOW64_64KEY;
constexpr REGSAM notifyAccess = KEY_NOTIFY | KEY_WOW64_64KEY;
constexpr DWORD notifyFilter = REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET;

// Desktop\Recommended\<list>\<nested list> is as deep as the layout goes; far deeper keys are
// not read at all.
constexpr int maximumDepth = 8;
// The longest value name is 16,383 characters, the longest key name 255, both without the NUL.
constexpr DWORD valueNameCapacity = 16384;
constexpr DWORD keyNameCapacity = 256;

struct Hive {
    HKEY root;
    QString name;
    PolicyScope scope;
};

std::array<Hive, 2> hives()
{
    return {Hive{HKEY_LOCAL_MACHINE, u"HKLM"_s, PolicyScope::Machine},
        Hive{HKEY_CURRENT_USER, u"HKCU"_s, PolicyScope::User}};
}

class KeyHandle
{
public:
    KeyHandle() = default;
    KeyHandle(const KeyHandle &) = delete;
    KeyHandle &operator=(const KeyHandle &) = delete;
    ~KeyHandle()
    {
        if (m_key)
            RegCloseKey(m_key);
    }
    HKEY *out() { return &m_key; }
    HKEY get() const { return m_key; }

private:
    HKEY m_key = nullptr;
};

SourceProblem readProblem(const QString &origin, const QString &what, LSTATUS status)
{
    return SourceProblem{SourceProblem::Severity::Error, origin, u"%1: %2"_s.arg(what, qt_error_string(int(status)))};
}

LSTATUS readValue(HKEY key, const wchar_t *name, RegistryValue &value)
{
    std::vector<BYTE> data(512);
    // The value may grow between asking for its size and reading it; a few tries are plenty.
    for (int attempt = 0; attempt < 4; ++attempt) {
        DWORD type = REG_NONE;
        DWORD size = DWORD(data.size());
        const LSTATUS status = RegQueryValueExW(key, name, nullptr, &type, data.data(), &size);
        if (status == ERROR_MORE_DATA) {
            data.resize(size);
            continue;
        }
        if (status == ERROR_SUCCESS)
            value = RegistryValue::fromData(type, QByteArrayView(reinterpret_cast<const char *>(data.data()), size));
        return status;
    }
    return ERROR_MORE_DATA;
}

void readKey(HKEY key, const QString &path, int depth, RegistryKeyContents &contents, QList<SourceProblem> &problems)
{
    std::vector<wchar_t> name(valueNameCapacity);
    for (DWORD index = 0;; ++index) {
        DWORD nameLength = valueNameCapacity;
        const LSTATUS status = RegEnumValueW(key, index, name.data(), &nameLength, nullptr, nullptr, nullptr, nullptr);
        if (status == ERROR_NO_MORE_ITEMS)
            break;
        if (status != ERROR_SUCCESS) {
            problems.append(readProblem(path, u"its values cannot be listed"_s, status));
            break;
        }
        const QString valueName = QString::fromWCharArray(name.data(), int(nameLength));
        RegistryValue value;
        const LSTATUS readStatus = readValue(key, name.data(), value);
        if (readStatus == ERROR_SUCCESS)
            contents.values.insert(valueName, value);
        else if (readStatus != ERROR_FILE_NOT_FOUND) // deleted while we were reading
            problems.append(readProblem(path + u'\\' + valueName, u"cannot be read"_s, readStatus));
    }

    std::array<wchar_t, keyNameCapacity> subkeyName{};
    for (DWORD index = 0;; ++index) {
        DWORD nameLength = keyNameCapacity;
        const LSTATUS status
            = RegEnumKeyExW(key, index, subkeyName.data(), &nameLength, nullptr, nullptr, nullptr, nullptr);
        if (status == ERROR_NO_MORE_ITEMS)
            break;
        if (status != ERROR_SUCCESS) {
            problems.append(readProblem(path, u"its subkeys cannot be listed"_s, status));
            break;
        }
        const QString subkey = QString::fromWCharArray(subkeyName.data(), int(nameLength));
        const QString subkeyPath = path + u'\\' + subkey;
        if (depth >= maximumDepth) {
            problems.append(SourceProblem{
                SourceProblem::Severity::Error, subkeyPath, u"is nested too deeply to be policy; it is ignored"_s});
            continue;
        }
        KeyHandle child;
        const LSTATUS openStatus = RegOpenKeyExW(key, subkeyName.data(), 0, readAccess, child.out());
        if (openStatus == ERROR_SUCCESS)
            readKey(child.get(), subkeyPath, depth + 1, contents.subkeys[subkey], problems);
        else if (openStatus != ERROR_FILE_NOT_FOUND)
            problems.append(readProblem(subkeyPath, u"cannot be opened"_s, openStatus));
    }
}

} // namespace

struct WindowsRegistryPolicySource::HiveWatch {
    HKEY root = nullptr;
    HKEY key = nullptr;     // the key watched, with its whole subtree
    int keyDepth = -1;      // its index in watchedKeyPaths
    HANDLE event = nullptr; // signalled by the registry, waited for by the notifier
    QWinEventNotifier *notifier = nullptr;
};

WindowsRegistryPolicySource::WindowsRegistryPolicySource(QObject *parent)
    : PolicySource(parent)
{
}

WindowsRegistryPolicySource::~WindowsRegistryPolicySource()
{
    for (const std::unique_ptr<HiveWatch> &watch : m_watches) {
        delete watch->notifier; // stops waiting before the event goes away
        if (watch->key)
            RegCloseKey(watch->key);
        if (watch->event)
            CloseHandle(watch->event);
    }
}

PolicySourceReading WindowsRegistryPolicySource::read()
{
    PolicySourceReading reading;
    for (const Hive &hive : hives()) {
        const QString origin = hive.name + u'\\' + policyKeyName;
        KeyHandle key;
        const LSTATUS status = RegOpenKeyExW(hive.root, policyKeyPath, 0, readAccess, key.out());
        if (status == ERROR_FILE_NOT_FOUND)
            continue; // no policy in this hive
        if (status != ERROR_SUCCESS) {
            reading.problems.append(readProblem(origin, u"cannot be opened"_s, status));
            continue;
        }
        RegistryKeyContents contents;
        readKey(key.get(), origin, 0, contents, reading.problems);
        const PolicySourceReading converted = RegistryPolicyConverter::convert(contents, hive.scope, origin);
        reading.values.append(converted.values);
        reading.problems.append(converted.problems);
    }
    return reading;
}

void WindowsRegistryPolicySource::watch()
{
    if (!m_watches.empty())
        return;
    for (const Hive &hive : hives()) {
        auto watch = std::make_unique<HiveWatch>();
        watch->root = hive.root;
        watch->notifier = new QWinEventNotifier(this);
        HiveWatch *watched = watch.get();
        connect(watch->notifier, &QWinEventNotifier::activated, this, [this, watched] {
            // A notification is given once per request: ask again before anyone reads.
            arm(*watched);
            Q_EMIT changed();
        });
        arm(*watch);
        m_watches.push_back(std::move(watch));
    }
}

void WindowsRegistryPolicySource::arm(HiveWatch &watch)
{
    HKEY deepest = nullptr;
    int deepestDepth = -1;
    for (int depth = 0; depth < int(watchedKeyPaths.size()); ++depth) {
        if (RegOpenKeyExW(watch.root, watchedKeyPaths[depth], 0, notifyAccess, &deepest) == ERROR_SUCCESS) {
            deepestDepth = depth;
            break;
        }
        deepest = nullptr;
    }

    // Still the right key: ask again on the same handle. That fails once the key was deleted
    // (ERROR_KEY_DELETED), even if it has been created again since; then the new one is watched.
    if (watch.key && deepestDepth == watch.keyDepth
        && RegNotifyChangeKeyValue(watch.key, TRUE, notifyFilter, watch.event, TRUE) == ERROR_SUCCESS) {
        RegCloseKey(deepest); // nothing was asked of this handle: closing it signals nothing
        return;
    }

    // Another key: closing the old one signals its event, so the old event goes with it and
    // the notifier waits for a new one.
    watch.notifier->setEnabled(false);
    if (watch.key)
        RegCloseKey(watch.key);
    if (watch.event)
        CloseHandle(watch.event);
    watch.key = deepest;
    watch.keyDepth = deepestDepth;
    // Auto-reset, so that the notifier's wait consumes each signal.
    watch.event = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    if (!watch.key || !watch.event)
        return;
    watch.notifier->setHandle(watch.event);
    if (RegNotifyChangeKeyValue(watch.key, TRUE, notifyFilter, watch.event, TRUE) == ERROR_SUCCESS)
        watch.notifier->setEnabled(true);
}

QString WindowsRegistryPolicySource::description() const
{
    return u"HKLM/HKCU\\"_s + policyKeyName;
}

} // namespace streamcanvas::policy
