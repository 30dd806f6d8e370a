#include "Md4cReference.h"

#include <md4c-html.h>

using streamcanvas::markdown::Extension;

namespace streamcanvas::conformance {

QString Md4cReference::toHtml(QByteArrayView markdown, markdown::Extensions extensions, RawHtml rawHtml)
{
    unsigned flags = rawHtml == RawHtml::AsText ? MD_FLAG_NOHTML : 0;
    if (extensions & Extension::Tables)
        flags |= MD_FLAG_TABLES;
    if (extensions & Extension::Strikethrough)
        flags |= MD_FLAG_STRIKETHROUGH;
    if (extensions & Extension::TaskLists)
        flags |= MD_FLAG_TASKLISTS;
    if (extensions & Extension::PermissiveUrlAutolinks)
        flags |= MD_FLAG_PERMISSIVEURLAUTOLINKS;
    if (extensions & Extension::PermissiveEmailAutolinks)
        flags |= MD_FLAG_PERMISSIVEEMAILAUTOLINKS;
    if (extensions & Extension::PermissiveWwwAutolinks)
        flags |= MD_FLAG_PERMISSIVEWWWAUTOLINKS;
    if (extensions & Extension::LatexMath)
        flags |= MD_FLAG_LATEXMATHSPANS;
    if (extensions & Extension::Underline)
        flags |= MD_FLAG_UNDERLINE;
    QByteArray out;
    md_html(
        markdown.data(), MD_SIZE(markdown.size()),
        [](const MD_CHAR *text, MD_SIZE size, void *userdata) {
            static_cast<QByteArray *>(userdata)->append(text, qsizetype(size));
        },
        &out, flags, MD_HTML_FLAG_XHTML);
    return QString::fromUtf8(out);
}

} // namespace streamcanvas::conformance
