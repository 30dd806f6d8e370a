#pragma once

#include <QFlags>
#include <QStringList>

namespace streamcanvas::markdown {

// Markdown extensions on top of CommonMark. Raw HTML is never one of them: it is always
// shown as literal text.
enum class Extension : quint8 {
    Tables = 0x01,
    Strikethrough = 0x02,
    TaskLists = 0x04,
    LatexMath = 0x10,                // $…$ and $$…$$
    Underline = 0x20,                // _…_ as underline (instead of emphasis)
    PermissiveUrlAutolinks = 0x08,   // bare https://…
    PermissiveEmailAutolinks = 0x40, // bare user@example.com
    PermissiveWwwAutolinks = 0x80,   // bare www.example.com
    PermissiveAutolinks = PermissiveUrlAutolinks | PermissiveEmailAutolinks | PermissiveWwwAutolinks,
};
Q_DECLARE_FLAGS(Extensions, Extension)
Q_DECLARE_OPERATORS_FOR_FLAGS(Extensions)

// How an answer is parsed and what it may contain. The link schemes come from policy;
// the limits keep a hostile answer from freezing or exhausting the app.
struct ParseOptions {
    Extensions extensions = Extension::Tables | Extension::Strikethrough | Extension::TaskLists
        | Extension::PermissiveAutolinks | Extension::LatexMath;
    // Links with any other scheme (after decoding and normalising) are kept as text.
    QStringList allowedLinkSchemes{QStringLiteral("https"), QStringLiteral("http"), QStringLiteral("mailto")};
    // Quotes and lists nested deeper than this are flattened into the deepest allowed level.
    int maxNestingDepth = 16;
    // Table columns past this are dropped (with a notice).
    int maxTableColumns = 64;
    // Total bytes of link destinations per message; later links are shown as text.
    qsizetype maxLinkBytes = 256 * 1024;
    // Bytes shown; the rest is kept and offered as plain text.
    qsizetype maxMessageBytes = 4 * 1024 * 1024;
    // The largest text handed to md4c in one call; a longer block is shown as plain text.
    qsizetype maxParseBytes = 256 * 1024;
    // Streaming: plain words typed at the end of a paragraph are appended without a
    // re-parse. Off only to measure or check the full path.
    bool fastAppend = true;
    // Streaming: a tail this long without a block boundary (one huge paragraph or table) is
    // cut at a line break and shown in pieces, so that no update re-parses more than this;
    // finish() parses it whole.
    qsizetype streamingWindowBytes = 32 * 1024;
    // Streaming: one parse serves both the blocks an update completes and the new tail.
    // Off only to measure or check the careful path.
    bool sharedTailParse = true;
    // Streaming: a parse of the tail builds only what follows the events it shares with the
    // last parse of the same tail. Off only to measure or check the full path.
    bool reuseTailParse = true;
};

} // namespace streamcanvas::markdown
