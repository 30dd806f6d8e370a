#pragma once

#include <QString>
#include <QStringList>

namespace streamcanvas::markdown {

// Decides whether a link destination from model output may be offered to the user.
// The scheme is judged the way a browser would see it: after entity decoding (done by
// the parser), stripping of whitespace and controls, percent-decoding and lower-casing.
class LinkSafety
{
public:
    // The normalised scheme ("javascript", "https"), or empty when there is none.
    static QString scheme(const QString &href);
    static bool isAllowed(const QString &href, const QStringList &allowedSchemes);
    // The destination's host for display: IDN hosts in punycode, never a fetch.
    static QString displayHost(const QString &href);
    // The full destination as it must be shown before opening (IDN host as punycode).
    static QString displayUrl(const QString &href);
    // True when the visible text of a link looks like a URL whose host differs from the
    // real destination's host ("https://bank.example" pointing elsewhere).
    static bool textMisleads(const QString &visibleText, const QString &href);
};

} // namespace streamcanvas::markdown
