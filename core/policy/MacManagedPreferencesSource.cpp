#include "policy/MacManagedPreferencesSource.h"

#include "policy/PlistPolicyConverter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QTimer>

#include <CoreFoundation/CoreFoundation.h>
#include <notify.h>
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <vector>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace streamcanvas::policy {

namespace {

const QString domain = u"com.streamcanvas.desktop"_s;
const QString managedDirectory = u"/Library/Managed Preferences"_s;
const QString anyUserFile = u"/Library/Preferences/com.streamcanvas.desktop.plist"_s;
// Posted (through notifyd, and as a distributed notification) whenever profiles change the
// managed preferences of some domain.
constexpr char managedPreferencesChanged[] = "com.apple.MCX._managementStatusChangedForDomains";
constexpr auto pollInterval = 60s;

// Owns one Core Foundation reference (the "Create" and "Copy" rule).
template <typename T>
class CFRef
{
public:
    explicit CFRef(T ref = nullptr)
        : m_ref(ref)
    {
    }
    CFRef(const CFRef &) = delete;
    CFRef &operator=(const CFRef &) = delete;
    ~CFRef()
    {
        if (m_ref)
            CFRelease(m_ref);
    }
    T get() const { return m_ref; }
    explicit operator bool() const { return m_ref != nullptr; }

private:
    T m_ref;
};

QVariant fromPropertyList(CFPropertyListRef value)
{
    const CFTypeID type = CFGetTypeID(value);
    if (type == CFStringGetTypeID())
        return QString::fromCFString(static_cast<CFStringRef>(value));
    if (type == CFBooleanGetTypeID())
        return bool(CFBooleanGetValue(static_cast<CFBooleanRef>(value)));
    if (type == CFNumberGetTypeID()) {
        const auto number = static_cast<CFNumberRef>(value);
        qint64 integer = 0;
        if (!CFNumberIsFloatType(number) && CFNumberGetValue(number, kCFNumberSInt64Type, &integer))
            return qlonglong(integer);
        double real = 0;
        CFNumberGetValue(number, kCFNumberDoubleType, &real);
        return real;
    }
    if (type == CFArrayGetTypeID()) {
        const auto array = static_cast<CFArrayRef>(value);
        QVariantList list;
        for (CFIndex i = 0, count = CFArrayGetCount(array); i < count; ++i)
            list.append(fromPropertyList(CFArrayGetValueAtIndex(array, i)));
        return list;
    }
    if (type == CFDictionaryGetTypeID()) {
        const auto dictionary = static_cast<CFDictionaryRef>(value);
        const auto count = static_cast<size_t>(CFDictionaryGetCount(dictionary));
        std::vector<const void *> keys(count);
        std::vector<const void *> values(count);
        CFDictionaryGetKeysAndValues(dictionary, keys.data(), values.data());
        QVariantMap map;
        for (size_t i = 0; i < count; ++i) {
            // Property lists only have string keys; anything else cannot be a policy name.
            if (CFGetTypeID(keys[i]) == CFStringGetTypeID())
                map.insert(QString::fromCFString(static_cast<CFStringRef>(keys[i])), fromPropertyList(values[i]));
        }
        return map;
    }
    // Passed on so that the converter can say what was there.
    if (type == CFDateGetTypeID())
        return QDateTime::fromCFDate(static_cast<CFDateRef>(value));
    if (type == CFDataGetTypeID())
        return QByteArray::fromCFData(static_cast<CFDataRef>(value));
    return {};
}

// The account this process runs as, not $USER: nobody may pick another user's policy.
QString currentUserName()
{
    long bufferSize = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(bufferSize > 0 ? static_cast<size_t>(bufferSize) : size_t{16384});
    passwd entry{};
    passwd *result = nullptr;
    if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &result) != 0 || !result || !result->pw_name)
        return {};
    return QString::fromLocal8Bit(result->pw_name);
}

// The forced values of one managed preferences file; nothing when the file does not exist.
void readManagedFile(const QString &path, PolicyScope scope, CFStringRef application, PolicySourceReading &reading)
{
    QFile file(path);
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        reading.problems.append(
            SourceProblem{SourceProblem::Severity::Error, path, u"cannot be read: %1"_s.arg(file.errorString())});
        return;
    }
    const QByteArray bytes = file.readAll();
    const CFRef<CFDataRef> data(bytes.toCFData());
    CFErrorRef error = nullptr;
    const CFRef<CFPropertyListRef> plist(
        CFPropertyListCreateWithData(kCFAllocatorDefault, data.get(), kCFPropertyListImmutable, nullptr, &error));
    if (!plist) {
        const CFRef<CFErrorRef> ownedError(error);
        const CFRef<CFStringRef> description(ownedError ? CFErrorCopyDescription(ownedError.get()) : nullptr);
        reading.problems.append(SourceProblem{SourceProblem::Severity::Error, path,
            u"is not a property list: %1"_s.arg(description ? QString::fromCFString(description.get()) : QString())});
        return;
    }
    if (CFGetTypeID(plist.get()) != CFDictionaryGetTypeID()) {
        reading.problems.append(SourceProblem{SourceProblem::Severity::Error, path, u"does not hold a dictionary"_s});
        return;
    }
    const QVariantMap values = fromPropertyList(plist.get()).toMap();
    QSet<QString> forced;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const CFRef<CFStringRef> key(it.key().toCFString());
        if (CFPreferencesAppValueIsForced(key.get(), application))
            forced.insert(it.key());
    }
    const PolicySourceReading converted = PlistPolicyConverter::convert(values, forced, scope, path);
    reading.values.append(converted.values);
    reading.problems.append(converted.problems);
}

// The any-user domain, through cfprefsd: a file read could miss a write it has not flushed yet.
void readAnyUserDomain(CFStringRef application, PolicySourceReading &reading)
{
    const CFRef<CFDictionaryRef> all(
        CFPreferencesCopyMultiple(nullptr, application, kCFPreferencesAnyUser, kCFPreferencesAnyHost));
    if (!all || CFDictionaryGetCount(all.get()) == 0)
        return;
    const PolicySourceReading converted
        = PlistPolicyConverter::convert(fromPropertyList(all.get()).toMap(), {}, PolicyScope::Machine, anyUserFile);
    reading.values.append(converted.values);
    reading.problems.append(converted.problems);
}

QByteArray digestOf(const PolicySourceReading &reading)
{
    QJsonArray entries;
    for (const RawPolicyValue &value : reading.values) {
        entries.append(
            QJsonArray{value.name, value.value, levelName(value.level), scopeName(value.scope), value.origin});
    }
    for (const SourceProblem &problem : reading.problems)
        entries.append(QJsonArray{problem.origin, problem.message});
    return QCryptographicHash::hash(QJsonDocument(entries).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
}

} // namespace

MacManagedPreferencesSource::MacManagedPreferencesSource(QObject *parent)
    : PolicySource(parent)
{
}

MacManagedPreferencesSource::~MacManagedPreferencesSource()
{
    // The notifier must stop watching before notify_cancel() closes its descriptor.
    delete m_notifier;
    if (m_notifyToken != -1)
        notify_cancel(m_notifyToken);
}

PolicySourceReading MacManagedPreferencesSource::read()
{
    PolicySourceReading reading;
    const CFRef<CFStringRef> application(domain.toCFString());
    // Drops what this process cached, so that AppValueIsForced answers for the files as they are now.
    CFPreferencesAppSynchronize(application.get());

    const QString fileName = domain + u".plist"_s;
    readManagedFile(managedDirectory + u'/' + fileName, PolicyScope::Machine, application.get(), reading);
    const QString user = currentUserName();
    if (!user.isEmpty())
        readManagedFile(
            managedDirectory + u'/' + user + u'/' + fileName, PolicyScope::User, application.get(), reading);
    readAnyUserDomain(application.get(), reading);
    return reading;
}

void MacManagedPreferencesSource::watch()
{
    if (m_pollTimer)
        return;

    int descriptor = -1;
    if (notify_register_file_descriptor(managedPreferencesChanged, &descriptor, 0, &m_notifyToken)
        == NOTIFY_STATUS_OK) {
        m_notifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this, descriptor] {
            // Each notification writes the token (an int) to the descriptor.
            int token = 0;
            if (::read(descriptor, &token, sizeof token) != ssize_t(sizeof token)) {
                m_notifier->setEnabled(false); // closed or broken: the poll timer still works
                return;
            }
            Q_EMIT changed();
        });
    } else {
        m_notifyToken = -1;
    }

    m_digest = digestOf(read());
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(pollInterval);
    connect(m_pollTimer, &QTimer::timeout, this, &MacManagedPreferencesSource::poll);
    m_pollTimer->start();
}

void MacManagedPreferencesSource::poll()
{
    QByteArray digest = digestOf(read());
    if (digest == m_digest)
        return;
    m_digest = std::move(digest);
    Q_EMIT changed();
}

QString MacManagedPreferencesSource::description() const
{
    return u"%1 (/Library/Managed Preferences, /Library/Preferences)"_s.arg(domain);
}

} // namespace streamcanvas::policy
