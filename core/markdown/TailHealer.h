#pragma once

#include <QByteArray>

namespace streamcanvas::markdown {

// Rewrites the unfinished end of a streaming answer so that what is shown does not flicker
// through wrong interpretations while syntax is still being typed:
// - an unclosed `**bold`, `_em_`, `~~strike` or `` `code `` is closed ("healed");
// - a link whose `]` or destination has not arrived shows only its text; a half-typed
//   image is held back until it is complete;
// - a last line that so far is only markers (`-`, `=`, `1.`, `>`, a fence being typed) or
//   a first table row without its delimiter row yet is held back;
// - an incomplete UTF-8 sequence, entity or autolink at the very end is held back.
// Used only for display while streaming; the final model always comes from the text as sent.
class TailHealer
{
public:
    struct Result {
        // May share the bytes of the tail healed, when nothing needed changing: the tail
        // must stay as it is while this is used.
        QByteArray text;
        // Nothing was held back or rewritten except closers appended at the end.
        bool onlyClosersAppended = true;
        // Everything before this offset is exactly as in the tail.
        qsizetype firstModified = 0;
    };
    static Result heal(QByteArrayView tail);
    // The bytes of an incomplete UTF-8 sequence at the end of `text` (0 to 3).
    static qsizetype incompleteUtf8(QByteArrayView text);
};

} // namespace streamcanvas::markdown
