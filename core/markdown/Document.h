#pragma once

// The sanitized document model: the contract between core/markdown and everything that
// shows or exports an answer. Every string in it is plain text that has already been made
// safe to display (hidden characters made visible, invalid UTF-8 replaced); nothing in it
// is markup, and nothing in it is ever fetched or executed.

#include <QFlags>
#include <QList>
#include <QString>

#include <vector>

namespace streamcanvas::markdown {

enum class Mark : quint8 {
    Strong = 0x01,
    Emphasis = 0x02,
    Code = 0x04,
    Strike = 0x08,
    Underline = 0x10,
    Math = 0x20,        // $…$, shown as a math-marked code run
    DisplayMath = 0x40, // $$…$$
};
Q_DECLARE_FLAGS(Marks, Mark)
Q_DECLARE_OPERATORS_FOR_FLAGS(Marks)

struct Inline {
    enum class Kind : quint8 { Text, Link, Image, SoftBreak, HardBreak };

    Kind kind = Kind::Text;
    Marks marks;                  // the marks in effect (for a Link: around it; its children carry their own)
    QString text;                 // Text: the content; Image: the alt text
    QString href;                 // Link: destination; Image: source. Entity-decoded, never fetched.
    QString title;                // Link and Image title, if any
    bool safe = false;            // Link: its scheme is on the allow-list and it may be offered
    std::vector<Inline> children; // Link: its content

    bool operator==(const Inline &other) const = default;
};
using Inlines = std::vector<Inline>;

enum class Alignment : quint8 { Default, Left, Center, Right };

struct Block {
    enum class Kind : quint8 { Paragraph, Heading, CodeBlock, Quote, List, Item, Table, ThematicBreak };
    enum class Task : quint8 { None, Open, Done };

    Kind kind = Kind::Paragraph;
    Inlines inlines;                        // Paragraph, Heading
    int level = 0;                          // Heading: 1..6
    QString language;                       // CodeBlock: first word of the info string
    QString code;                           // CodeBlock: the text, tabs and spaces exactly as sent
    bool ordered = false;                   // List
    int start = 1;                          // List (ordered)
    bool tight = true;                      // List
    Task task = Task::None;                 // Item
    QList<Alignment> alignments;            // Table: one per column
    int headerRows = 0;                     // Table: how many of rows are header rows
    std::vector<std::vector<Inlines>> rows; // Table: rows of cells
    std::vector<Block> children;            // Quote, List (its items), Item
    // Formatting was skipped because the block was too complex to parse safely; the
    // text is shown exactly as it arrived.
    bool plainFallback = false;
    // Hidden characters (bidi controls, invisible and tag characters, controls) that
    // were made visible in this block and its children.
    int hiddenCharacters = 0;

    bool operator==(const Block &other) const = default;
};
using Blocks = std::vector<Block>;

// Something the reader must be told about the message as a whole.
struct Notice {
    enum class Kind : quint8 {
        Truncated,        // past the size limit; the rest is kept and can be opened as text
        NestingFlattened, // quotes/lists deeper than the limit were flattened
        TableColumnsLimited,
        LinkBudgetExceeded, // too many link bytes; the rest are shown as text
        ComplexContent,     // a block was shown as plain text instead of being formatted
    };
    Kind kind;
    bool operator==(const Notice &other) const = default;
};

struct Document {
    Blocks blocks;
    QList<Notice> notices;
    int hiddenCharacters = 0;

    bool operator==(const Document &other) const = default;
};

} // namespace streamcanvas::markdown
