#include "ApiKeyAuthentication.h"

#include "secrets/SecretStore.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace streamcanvas::gateway {

ApiKeyAuthentication::ApiKeyAuthentication(secrets::SecretStore &store, QString secretKey, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_secretKey(std::move(secretKey))
{
}

QString ApiKeyAuthentication::secretKeyFor(const QString &origin)
{
    return u"api-key:"_s + origin;
}

void ApiKeyAuthentication::authorization(QObject *context, Callback done)
{
    if (m_authorization) {
        QTimer::singleShot(0, context, [done = std::move(done), value = *m_authorization] { done({true, value, {}}); });
        return;
    }
    load(context, std::move(done), {});
}

void ApiKeyAuthentication::renewAfterRejection(const QByteArray &rejected, QObject *context, Callback done)
{
    m_authorization.reset();
    load(context, std::move(done), rejected);
}

void ApiKeyAuthentication::load(QObject *context, Callback done, const QByteArray &rejected)
{
    QPointer<QObject> guard(context);
    m_store.read(
        m_secretKey, this, [this, guard, done = std::move(done), rejected](const secrets::SecretResult &result) {
            if (!guard)
                return;
            if (result.error == secrets::SecretError::NotFound) {
                done({false, {},
                    tr("No API key is stored for this gateway. Store one with \u201cstreamcanvas-cli api-key "
                       "set\u201d.")});
                return;
            }
            if (result.error != secrets::SecretError::None) {
                done({false, {}, result.message});
                return;
            }
            const QByteArray key = result.value.trimmed();
            if (key.isEmpty()) {
                done({false, {}, tr("The stored API key is empty. Store it again.")});
                return;
            }
            // A header value with control characters or spaces could split or smuggle headers.
            if (std::any_of(key.begin(), key.end(), [](char c) { return uchar(c) <= 0x20 || uchar(c) >= 0x7f; })) {
                done({false, {}, tr("The stored API key contains characters an API key cannot have. Store it again.")});
                return;
            }
            const QByteArray value = "Bearer " + key;
            if (!rejected.isEmpty() && value == rejected) {
                done({false, {}, tr("The gateway did not accept the API key. Store a valid key and try again.")});
                return;
            }
            m_authorization = value;
            done({true, value, {}});
        });
}

} // namespace streamcanvas::gateway
