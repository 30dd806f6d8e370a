#pragma once

#include "markdown/Document.h"
#include "markdown/ParseOptions.h"

#include <QByteArray>
#include <QHash>

#include <md4c.h>

#include <array>
#include <vector>

namespace streamcanvas::markdown {

// Builds the sanitized model from md4c's callbacks for Md4cParser. md4c 0.4.8 does not
// always report strictly nested enter/leave pairs; the builder stays consistent anyway.
class ModelBuilder
{
public:
    // `allowedCache` remembers which destinations LinkSafety allows; it may outlive the
    // builder, so that re-parses of a streaming tail do not judge the same links again.
    ModelBuilder(
        const ParseOptions &options, int skipBlocks, QByteArrayView source, QHash<QString, bool> &allowedCache);

    // Where an open block of the builder's stack stands: how much of it is built.
    struct OpenBlock {
        int children = 0;
        int inlines = 0;
        qsizetype lastText = -1; // length of the last inline's text, when it is text
        int rows = 0;
        int headerRows = 0;
        int alignments = 0;
        int hiddenCharacters = 0;
    };
    // The builder's state between two events, at a moment when no text, link, image,
    // code block or table cell is open: what a later parse whose first events are the same
    // can take up from the blocks that parse finished, instead of building them again.
    struct Checkpoint {
        qsizetype events = 0;    // events handled before it
        qsizetype openBegin = 0; // its open blocks, root first, in a shared vector
        int openCount = 0;
        int topLevelClosed = 0;
        qsizetype firstText = -1;
        int containerDepth = 0;
        std::array<int, 7> markDepth{};
        bool implicitParagraph = false;
        bool inHead = false;
        int column = 0;
    };

    // Appends a checkpoint after `events` events (and its open blocks to `open`), if the
    // builder is at a moment where it can be taken up again.
    void checkpoint(qsizetype events, std::vector<OpenBlock> &open, std::vector<Checkpoint> &checkpoints) const;
    // Takes up `checkpoint` of a parse that produced `finished` and `textOffsets`, as if
    // its first `checkpoint.events` events had been handled, moving what it needs out of
    // `finished`. False, with `finished` untouched, if they do not fit.
    bool restore(const Checkpoint &checkpoint, const std::vector<OpenBlock> &open, Blocks &finished,
        const std::vector<qsizetype> &textOffsets);

    Blocks takeBlocks() { return std::move(m_stack.front().children); }
    const std::vector<qsizetype> &textOffsets() const { return m_textOffsets; }
    std::vector<qsizetype> takeTextOffsets() { return std::move(m_textOffsets); }
    const QList<Notice> &notices() const { return m_notices; }

    int enterBlock(MD_BLOCKTYPE type, void *detail);
    int leaveBlock(MD_BLOCKTYPE type);
    int enterSpan(MD_SPANTYPE type, void *detail);
    int leaveSpan(MD_SPANTYPE type);
    int text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size);

private:
    void pushBlock(Block::Kind kind);
    void popBlock();
    void openImplicitParagraph();
    void closeImplicitParagraph();
    void flushText();
    void notice(Notice::Kind kind);
    Inlines *target();
    QString attribute(const MD_ATTRIBUTE &attribute, bool cache);
    Marks currentMarks() const;
    bool isAllowed(const QString &href);
    QString destination(const MD_ATTRIBUTE &attribute);
    void resetInlineState();

    void appendCode(QByteArrayView bytes);

    const ParseOptions &m_options;
    int m_skip;
    QByteArrayView m_source;
    int m_topLevelClosed = 0;
    qsizetype m_firstText = -1; // of the open top-level block
    std::vector<qsizetype> m_textOffsets;
    Blocks m_stack;              // open blocks; [0] is the root
    int m_containerDepth = 0;    // open quotes/lists/items actually in the model
    int m_flattened = 0;         // containers entered past the nesting limit
    std::vector<Inline> m_links; // open links, innermost last
    QByteArray m_pending;        // text bytes of the current run, decoded at flush
    QByteArray m_code;           // code block text
    qsizetype m_codeIndent = 0;  // indentation md4c re-created as spaces, not yet written
    bool m_inCode = false;
    bool m_implicitParagraph = false; // md4c sends a tight list item's text without a paragraph
    int m_imageDepth = 0;
    QByteArray m_alt;
    Inline m_image;
    std::array<int, 7> m_markDepth{};
    // table state
    std::vector<Inlines> m_row;
    Inlines m_cell;
    bool m_inCell = false;
    bool m_inHead = false;
    int m_column = 0;
    Inlines m_discard;
    QList<Notice> m_notices;
    QList<Notice> m_blockNotices;                // raised inside the current top-level block
    QHash<QByteArray, QString> m_attributeCache; // repeated references share one string
    QHash<QString, bool> &m_allowedCache;
};

} // namespace streamcanvas::markdown
