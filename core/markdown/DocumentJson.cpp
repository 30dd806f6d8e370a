#include "markdown/DocumentJson.h"

#include "markdown/LinkSafety.h"

#include <QJsonArray>

namespace streamcanvas::markdown {

namespace {

QJsonArray marksJson(Marks marks)
{
    static const std::pair<Mark, const char16_t *> names[] = {
        {Mark::Strong, u"strong"},
        {Mark::Emphasis, u"emphasis"},
        {Mark::Code, u"code"},
        {Mark::Strike, u"strike"},
        {Mark::Underline, u"underline"},
        {Mark::Math, u"math"},
        {Mark::DisplayMath, u"display_math"},
    };
    QJsonArray array;
    for (const auto &[mark, name] : names) {
        if (marks.testFlag(mark))
            array.append(QString::fromUtf16(name));
    }
    return array;
}

QJsonArray inlinesJson(const Inlines &inlines)
{
    QJsonArray array;
    for (const Inline &run : inlines) {
        QJsonObject object;
        switch (run.kind) {
        case Inline::Kind::Text:
            object[u"type"] = u"text"_qs;
            object[u"text"] = run.text;
            break;
        case Inline::Kind::Link:
            object[u"type"] = u"link"_qs;
            object[u"href"] = run.href;
            object[u"safe"] = run.safe;
            if (!run.title.isEmpty())
                object[u"title"] = run.title;
            object[u"children"] = inlinesJson(run.children);
            break;
        case Inline::Kind::Image:
            object[u"type"] = u"image"_qs;
            object[u"alt"] = run.text;
            object[u"src"] = run.href;
            object[u"host"] = LinkSafety::displayHost(run.href);
            if (!run.title.isEmpty())
                object[u"title"] = run.title;
            break;
        case Inline::Kind::SoftBreak:
            object[u"type"] = u"softbreak"_qs;
            break;
        case Inline::Kind::HardBreak:
            object[u"type"] = u"hardbreak"_qs;
            break;
        }
        if (run.marks)
            object[u"marks"] = marksJson(run.marks);
        array.append(object);
    }
    return array;
}

QJsonArray blocksJson(const Blocks &blocks)
{
    QJsonArray array;
    for (const Block &block : blocks)
        array.append(DocumentJson::toJson(block));
    return array;
}

QJsonArray rowsJson(const std::vector<std::vector<Inlines>> &rows, size_t begin, size_t end)
{
    QJsonArray array;
    for (size_t r = begin; r < end && r < rows.size(); ++r) {
        QJsonArray cells;
        for (const Inlines &cell : rows[r])
            cells.append(inlinesJson(cell));
        array.append(cells);
    }
    return array;
}

QString alignmentName(Alignment alignment)
{
    switch (alignment) {
    case Alignment::Left:
        return u"left"_qs;
    case Alignment::Center:
        return u"center"_qs;
    case Alignment::Right:
        return u"right"_qs;
    case Alignment::Default:
        break;
    }
    return u"default"_qs;
}

QString noticeName(Notice::Kind kind)
{
    switch (kind) {
    case Notice::Kind::Truncated:
        return u"truncated"_qs;
    case Notice::Kind::NestingFlattened:
        return u"nesting_flattened"_qs;
    case Notice::Kind::TableColumnsLimited:
        return u"table_columns_limited"_qs;
    case Notice::Kind::LinkBudgetExceeded:
        return u"link_budget_exceeded"_qs;
    case Notice::Kind::ComplexContent:
        return u"complex_content"_qs;
    }
    return {};
}

} // namespace

QJsonObject DocumentJson::toJson(const Block &block)
{
    QJsonObject object;
    switch (block.kind) {
    case Block::Kind::Paragraph:
        object[u"type"] = u"paragraph"_qs;
        object[u"inlines"] = inlinesJson(block.inlines);
        break;
    case Block::Kind::Heading:
        object[u"type"] = u"heading"_qs;
        object[u"level"] = block.level;
        object[u"inlines"] = inlinesJson(block.inlines);
        break;
    case Block::Kind::CodeBlock:
        object[u"type"] = u"code_block"_qs;
        object[u"lang"] = block.language;
        object[u"code"] = block.code;
        break;
    case Block::Kind::Quote:
        object[u"type"] = u"quote"_qs;
        object[u"children"] = blocksJson(block.children);
        break;
    case Block::Kind::List:
        object[u"type"] = u"list"_qs;
        object[u"ordered"] = block.ordered;
        if (block.ordered)
            object[u"start"] = block.start;
        object[u"tight"] = block.tight;
        object[u"items"] = blocksJson(block.children);
        break;
    case Block::Kind::Item:
        object[u"type"] = u"item"_qs;
        object[u"task"] = block.task == Block::Task::None ? u"none"_qs
            : block.task == Block::Task::Open             ? u"open"_qs
                                                          : u"done"_qs;
        object[u"children"] = blocksJson(block.children);
        break;
    case Block::Kind::Table: {
        object[u"type"] = u"table"_qs;
        QJsonArray alignments;
        for (Alignment alignment : block.alignments)
            alignments.append(alignmentName(alignment));
        object[u"alignments"] = alignments;
        object[u"header"] = rowsJson(block.rows, 0, size_t(block.headerRows));
        object[u"rows"] = rowsJson(block.rows, size_t(block.headerRows), block.rows.size());
        break;
    }
    case Block::Kind::ThematicBreak:
        object[u"type"] = u"thematic_break"_qs;
        break;
    }
    if (block.plainFallback)
        object[u"plainFallback"] = true;
    if (block.hiddenCharacters > 0)
        object[u"hiddenCharacters"] = block.hiddenCharacters;
    return object;
}

QJsonObject DocumentJson::toJson(const Document &document)
{
    QJsonObject object;
    object[u"blocks"] = blocksJson(document.blocks);
    QJsonArray notices;
    for (const Notice &notice : document.notices)
        notices.append(noticeName(notice.kind));
    object[u"notices"] = notices;
    object[u"hiddenCharacters"] = document.hiddenCharacters;
    return object;
}

} // namespace streamcanvas::markdown
