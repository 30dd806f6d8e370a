#include "markdown/LinkSafety.h"

#include <QRegularExpression>
#include <QUrl>

namespace streamcanvas::markdown {

namespace {

// What a browser would see: ASCII tab and newlines removed anywhere, C0 controls and
// spaces trimmed at both ends (WHATWG URL parsing).
QString browserView(const QString &href)
{
    QString s = href;
    s.removeIf([](QChar c) { return c == u'\t' || c == u'\n' || c == u'\r'; });
    qsizetype begin = 0;
    qsizetype end = s.size();
    while (begin < end && s.at(begin).unicode() <= 0x20)
        ++begin;
    while (end > begin && s.at(end - 1).unicode() <= 0x20)
        --end;
    return s.mid(begin, end - begin);
}

QString normalisedHost(const QUrl &url)
{
    QString host = QString::fromLatin1(QUrl::toAce(url.host()));
    if (host.isEmpty())
        host = url.host().toLower();
    if (host.startsWith(u"www."))
        host.remove(0, 4);
    return host;
}

} // namespace

QString LinkSafety::scheme(const QString &href)
{
    const QString view = browserView(href);
    const qsizetype colon = view.indexOf(u':');
    if (colon <= 0)
        return {};
    // "java%73cript:" and "JaVaScRiPt:" are judged as what they spell.
    const QString candidate = QString::fromUtf8(QByteArray::fromPercentEncoding(view.left(colon).toUtf8())).toLower();
    static const QRegularExpression valid(QStringLiteral("^[a-z][a-z0-9+.\\-]*$"));
    if (!valid.match(candidate).hasMatch())
        return {};
    return candidate;
}

bool LinkSafety::isAllowed(const QString &href, const QStringList &allowedSchemes)
{
    const QString judged = scheme(href);
    if (judged.isEmpty() || !allowedSchemes.contains(judged))
        return false;
    // The URL that would actually be opened must agree with what was judged.
    const QUrl url(browserView(href), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().toLower() != judged)
        return false;
    if (judged == u"mailto")
        return !url.path().isEmpty();
    // A web link needs a host, and user info ("https://bank.example@evil.example") only
    // serves to deceive.
    return !url.host().isEmpty() && url.userInfo().isEmpty();
}

QString LinkSafety::displayHost(const QString &href)
{
    const QUrl url(browserView(href));
    if (!url.isValid() || url.host().isEmpty())
        return {};
    const QByteArray ace = QUrl::toAce(url.host());
    return ace.isEmpty() ? url.host() : QString::fromLatin1(ace);
}

QString LinkSafety::displayUrl(const QString &href)
{
    const QUrl url(browserView(href));
    if (!url.isValid())
        return browserView(href);
    return QString::fromLatin1(url.toEncoded(QUrl::FullyEncoded));
}

bool LinkSafety::textMisleads(const QString &visibleText, const QString &href)
{
    static const QRegularExpression urlLike(
        QStringLiteral("(?:[a-z][a-z0-9+.\\-]*://)?((?:[\\p{L}\\p{N}\\-]+\\.)+[\\p{L}]{2,})"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = urlLike.match(visibleText);
    if (!match.hasMatch())
        return false;
    const QUrl target(browserView(href));
    if (target.host().isEmpty())
        return true; // looks like a web address but leads somewhere without a host
    const QUrl shown(QStringLiteral("https://") + match.captured(1));
    return normalisedHost(shown) != normalisedHost(target);
}

} // namespace streamcanvas::markdown
