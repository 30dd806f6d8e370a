#pragma once

#include "markdown/Document.h"
#include "markdown/ParseOptions.h"

#include <QByteArrayView>
#include <QHash>

namespace streamcanvas::markdown {

struct TailMemo;

// One md4c parse of a self-contained piece of Markdown into sanitized blocks. Raw HTML is
// always literal text; entities are decoded; every string is sanitized; links are judged
// against the allowed schemes; nesting and table width are limited. One instance is not
// for parsing on several threads at once: it keeps a cache of judged links.
class Md4cParser
{
public:
    explicit Md4cParser(const ParseOptions &options);

    // Parses `text`; the first `skipBlocks` top-level blocks (a prelude of link reference
    // definitions) are parsed but dropped, along with any notices they raised. With
    // `textOffsets`, it receives for each returned block the offset in `text` of its first
    // text, or -1 for a block without any (a rule, an empty item).
    Blocks parse(QByteArrayView text, int skipBlocks, QList<Notice> *notices,
        std::vector<qsizetype> *textOffsets = nullptr) const;

    // The same for a streaming tail parsed again and again as it grows: with `previous`,
    // the blocks the last parse with `memo` returned, only what follows the events the two
    // parses share is built again; what is kept is moved out of `previous`. The bytes of
    // `text` before `stableEnd` must be those of the last parse. With `fromLastItem` (no
    // prelude, no link reference definition anywhere in `text`), a tail that ended in a
    // tight list is parsed by md4c only from the line of its last item on.
    Blocks parseTail(QByteArrayView text, int skipBlocks, qsizetype stableEnd, TailMemo &memo, Blocks *previous,
        bool fromLastItem, QList<Notice> *notices, std::vector<qsizetype> *textOffsets = nullptr) const;
    // A piece too dense for md4c to parse in bounded time (see isTooComplex) is shown as
    // plain text instead: one paragraph per blank-line-separated part.
    static Blocks plainText(QByteArrayView text);

    // True for input that would make md4c 0.4.8 super-linear: long pieces dense in
    // delimiters, brackets or `www.` autolink candidates.
    bool isTooComplex(QByteArrayView text) const;

    const ParseOptions &options() const { return m_options; }

private:
    ParseOptions m_options;
    unsigned m_flags = 0;
    // Which destinations LinkSafety allows (a pure function of the destination and the
    // options): a streaming tail is parsed again on every update, with the same links.
    mutable QHash<QString, bool> m_allowedCache;
};

} // namespace streamcanvas::markdown
