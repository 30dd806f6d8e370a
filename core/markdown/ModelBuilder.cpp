#include "markdown/ModelBuilder.h"

#include "markdown/LinkSafety.h"
#include "markdown/TextSanitizer.h"

#include <algorithm>

// md4c-html 0.4.8 exports its HTML5 entity table lookup (entity.h is not installed). The
// name includes the leading '&' and the trailing ';'.
extern "C" {
struct entity {
    const char *name;
    unsigned codepoints[2];
};
const struct entity *entity_lookup(const char *name, size_t name_size);
}

namespace streamcanvas::markdown {

namespace {

constexpr QByteArrayView kReplacement("\xEF\xBF\xBD");

// Bounds of the judged-links cache: at most 256 destinations of at most 2,048 characters.
constexpr qsizetype kAllowedCacheEntries = 256;
constexpr qsizetype kAllowedCacheKeyChars = 2048;

void appendUtf8(QByteArray &out, char32_t c)
{
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        out.append(kReplacement);
        return;
    }
    const char32_t text[1] = {c};
    out.append(QString::fromUcs4(text, 1).toUtf8());
}

void appendEntity(QByteArray &out, QByteArrayView entity)
{
    if (entity.size() > 3 && entity.at(1) == '#') {
        const bool hex = entity.at(2) == 'x' || entity.at(2) == 'X';
        bool ok = false;
        const QByteArrayView digits = entity.sliced(hex ? 3 : 2, entity.size() - (hex ? 4 : 3));
        const qulonglong value = digits.size() <= 8 ? digits.toULongLong(&ok, hex ? 16 : 10) : 0;
        appendUtf8(out, ok && value <= 0x10FFFF ? char32_t(value) : 0);
        return;
    }
    if (const struct entity *known = entity_lookup(entity.data(), size_t(entity.size()))) {
        appendUtf8(out, known->codepoints[0]);
        if (known->codepoints[1])
            appendUtf8(out, known->codepoints[1]);
        return;
    }
    out.append(entity); // md4c only reports valid entities; keep anything else literally
}

bool isContainer(Block::Kind kind)
{
    return kind == Block::Kind::Quote || kind == Block::Kind::List || kind == Block::Kind::Item;
}

// The index in m_markDepth of a span that is a mark, or -1.
int markSlot(MD_SPANTYPE type)
{
    switch (type) {
    case MD_SPAN_STRONG:
        return 0;
    case MD_SPAN_EM:
        return 1;
    case MD_SPAN_CODE:
        return 2;
    case MD_SPAN_DEL:
        return 3;
    case MD_SPAN_U:
        return 4;
    case MD_SPAN_LATEXMATH:
        return 5;
    case MD_SPAN_LATEXMATH_DISPLAY:
        return 6;
    default:
        return -1;
    }
}

} // namespace

ModelBuilder::ModelBuilder(
    const ParseOptions &options, int skipBlocks, QByteArrayView source, QHash<QString, bool> &allowedCache)
    : m_options(options)
    , m_skip(skipBlocks)
    , m_source(source)
    , m_allowedCache(allowedCache)
{
    m_stack.emplace_back(); // the document root; its children are the top-level blocks
    m_stack.back().kind = Block::Kind::Quote;
}

Marks ModelBuilder::currentMarks() const
{
    static constexpr std::array<Mark, 7> marks{
        Mark::Strong, Mark::Emphasis, Mark::Code, Mark::Strike, Mark::Underline, Mark::Math, Mark::DisplayMath};
    Marks result;
    for (size_t i = 0; i < marks.size(); ++i) {
        if (m_markDepth[i] > 0)
            result |= marks[i];
    }
    return result;
}

// A destination as a browser would take it: ASCII tab and line breaks (raw or from
// entities) are dropped, so what is judged, shown and opened is one and the same string.
QString ModelBuilder::destination(const MD_ATTRIBUTE &attr)
{
    QString href = attribute(attr, true);
    if (href.contains(u'\t') || href.contains(u'\n') || href.contains(u'\r'))
        href.removeIf([](QChar c) { return c == u'\t' || c == u'\n' || c == u'\r'; });
    return href;
}

// Inline spans never cross a block; md4c 0.4.8 sometimes leaves one open (an emphasis
// around a broken autolink), and that must not leak into the next block.
void ModelBuilder::resetInlineState()
{
    m_markDepth.fill(0);
    m_links.clear();
    m_imageDepth = 0;
    m_alt.clear();
}

bool ModelBuilder::isAllowed(const QString &href)
{
    const auto it = m_allowedCache.constFind(href);
    if (it != m_allowedCache.constEnd())
        return it.value();
    // Bounded, so that a hostile answer cannot grow it without end.
    if (m_allowedCache.size() >= kAllowedCacheEntries)
        m_allowedCache.clear();
    const bool allowed = href.size() <= kAllowedCacheKeyChars
        ? m_allowedCache.insert(href, LinkSafety::isAllowed(href, m_options.allowedLinkSchemes)).value()
        : LinkSafety::isAllowed(href, m_options.allowedLinkSchemes);
    return allowed;
}

void ModelBuilder::notice(Notice::Kind kind)
{
    const Notice n{kind};
    if (!m_blockNotices.contains(n))
        m_blockNotices.append(n);
}

Inlines *ModelBuilder::target()
{
    if (!m_links.empty())
        return &m_links.back().children;
    if (m_inCell)
        return m_column < m_options.maxTableColumns ? &m_cell : &m_discard;
    return &m_stack.back().inlines;
}

void ModelBuilder::flushText()
{
    if (m_pending.isEmpty())
        return;
    QString decoded = TextSanitizer::fromUtf8(m_pending, &m_stack.back().hiddenCharacters);
    m_pending.clear();
    const Marks marks = currentMarks();
    Inlines *inlines = target();
    if (!inlines->empty() && inlines->back().kind == Inline::Kind::Text && inlines->back().marks == marks) {
        inlines->back().text += decoded;
        return;
    }
    Inline run;
    run.marks = marks;
    run.text = std::move(decoded);
    inlines->push_back(std::move(run));
}

QString ModelBuilder::attribute(const MD_ATTRIBUTE &attr, bool cache)
{
    if (attr.size == 0 || !attr.text)
        return {};
    // Keyed by content: md4c builds some attributes (autolinks) in a reused buffer.
    const QByteArray raw = QByteArray::fromRawData(attr.text, qsizetype(attr.size));
    if (cache) {
        const auto it = m_attributeCache.constFind(raw);
        if (it != m_attributeCache.constEnd())
            return it.value();
    }
    QByteArray bytes;
    bytes.reserve(qsizetype(attr.size));
    for (int i = 0; attr.substr_offsets[i] < attr.size; ++i) {
        const MD_OFFSET begin = attr.substr_offsets[i];
        const MD_OFFSET end = attr.substr_offsets[i + 1];
        const QByteArrayView part(attr.text + begin, qsizetype(end - begin));
        switch (attr.substr_types[i]) {
        case MD_TEXT_ENTITY:
            appendEntity(bytes, part);
            break;
        case MD_TEXT_NULLCHAR:
            bytes.append(kReplacement);
            break;
        default:
            bytes.append(part);
            break;
        }
    }
    QString value = TextSanitizer::fromUtf8(bytes, nullptr);
    if (cache)
        m_attributeCache.insert(QByteArray(raw.constData(), raw.size()), value);
    return value;
}

void ModelBuilder::openImplicitParagraph()
{
    if (!m_implicitParagraph && !m_inCell && isContainer(m_stack.back().kind) && m_stack.size() > 1) {
        pushBlock(Block::Kind::Paragraph);
        m_implicitParagraph = true;
    }
}

void ModelBuilder::closeImplicitParagraph()
{
    if (m_implicitParagraph) {
        m_implicitParagraph = false;
        flushText();
        popBlock();
    }
}

void ModelBuilder::pushBlock(Block::Kind kind)
{
    m_stack.emplace_back();
    m_stack.back().kind = kind;
    if (isContainer(kind))
        ++m_containerDepth;
}

void ModelBuilder::popBlock()
{
    if (m_stack.size() < 2)
        return; // never close the root, whatever md4c reports
    Block block = std::move(m_stack.back());
    m_stack.pop_back();
    if (isContainer(block.kind))
        --m_containerDepth;
    Block &parent = m_stack.back();
    if (m_stack.size() > 1) {
        parent.hiddenCharacters += block.hiddenCharacters;
        parent.children.push_back(std::move(block));
        return;
    }
    // A top-level block is complete.
    const qsizetype firstText = std::exchange(m_firstText, -1);
    if (m_topLevelClosed++ < m_skip) {
        m_blockNotices.clear();
        return;
    }
    m_textOffsets.push_back(firstText);
    for (const Notice &n : std::as_const(m_blockNotices)) {
        if (!m_notices.contains(n))
            m_notices.append(n);
    }
    m_blockNotices.clear();
    parent.children.push_back(std::move(block));
}

int ModelBuilder::enterBlock(MD_BLOCKTYPE type, void *detail)
{
    closeImplicitParagraph();
    resetInlineState();
    switch (type) {
    case MD_BLOCK_DOC:
        break;
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_LI: {
        if (m_flattened > 0 || m_containerDepth >= m_options.maxNestingDepth) {
            ++m_flattened;
            notice(Notice::Kind::NestingFlattened);
            break;
        }
        if (type == MD_BLOCK_QUOTE) {
            pushBlock(Block::Kind::Quote);
        } else if (type == MD_BLOCK_UL) {
            pushBlock(Block::Kind::List);
            m_stack.back().tight = static_cast<MD_BLOCK_UL_DETAIL *>(detail)->is_tight != 0;
        } else if (type == MD_BLOCK_OL) {
            const auto *ol = static_cast<MD_BLOCK_OL_DETAIL *>(detail);
            pushBlock(Block::Kind::List);
            m_stack.back().ordered = true;
            m_stack.back().start = int(std::min(ol->start, 999999999u));
            m_stack.back().tight = ol->is_tight != 0;
        } else {
            const auto *li = static_cast<MD_BLOCK_LI_DETAIL *>(detail);
            pushBlock(Block::Kind::Item);
            if (li->is_task)
                m_stack.back().task = li->task_mark == ' ' ? Block::Task::Open : Block::Task::Done;
        }
        break;
    }
    case MD_BLOCK_HR:
        pushBlock(Block::Kind::ThematicBreak);
        break;
    case MD_BLOCK_H:
        pushBlock(Block::Kind::Heading);
        m_stack.back().level = int(static_cast<MD_BLOCK_H_DETAIL *>(detail)->level);
        break;
    case MD_BLOCK_CODE:
        pushBlock(Block::Kind::CodeBlock);
        m_stack.back().language = attribute(static_cast<MD_BLOCK_CODE_DETAIL *>(detail)->lang, false);
        m_inCode = true;
        break;
    case MD_BLOCK_HTML: // only reachable if raw HTML were enabled: shown as literal text
    case MD_BLOCK_P:
        pushBlock(Block::Kind::Paragraph);
        break;
    case MD_BLOCK_TABLE:
        pushBlock(Block::Kind::Table);
        break;
    case MD_BLOCK_THEAD:
        m_inHead = true;
        break;
    case MD_BLOCK_TBODY:
        m_inHead = false;
        break;
    case MD_BLOCK_TR:
        m_row.clear();
        m_column = 0;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: {
        m_inCell = true;
        m_cell.clear();
        Block &table = m_stack.back();
        if (table.kind == Block::Kind::Table && m_column < m_options.maxTableColumns && table.rows.empty()) {
            const MD_ALIGN align = static_cast<MD_BLOCK_TD_DETAIL *>(detail)->align;
            table.alignments.append(align == MD_ALIGN_LEFT ? Alignment::Left
                    : align == MD_ALIGN_CENTER             ? Alignment::Center
                    : align == MD_ALIGN_RIGHT              ? Alignment::Right
                                                           : Alignment::Default);
        }
        break;
    }
    }
    return 0;
}

int ModelBuilder::leaveBlock(MD_BLOCKTYPE type)
{
    closeImplicitParagraph();
    if (!m_links.empty()) {
        // A link md4c never closed: keep its text rather than lose it.
        flushText();
        while (!m_links.empty()) {
            Inline link = std::move(m_links.back());
            m_links.pop_back();
            Inlines *parent = target();
            std::move(link.children.begin(), link.children.end(), std::back_inserter(*parent));
        }
    }
    switch (type) {
    case MD_BLOCK_DOC:
        break;
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_LI:
        if (m_flattened > 0)
            --m_flattened;
        else
            popBlock();
        break;
    case MD_BLOCK_CODE:
        appendCode({});
        m_stack.back().code = TextSanitizer::fromUtf8(m_code, &m_stack.back().hiddenCharacters);
        m_code.clear();
        m_inCode = false;
        popBlock();
        break;
    case MD_BLOCK_HR:
    case MD_BLOCK_H:
    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
    case MD_BLOCK_TABLE:
        flushText();
        popBlock();
        break;
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
        break;
    case MD_BLOCK_TR: {
        Block &table = m_stack.back();
        if (table.kind != Block::Kind::Table)
            break;
        table.rows.push_back(std::move(m_row));
        m_row.clear();
        if (m_inHead)
            ++table.headerRows;
        break;
    }
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        flushText();
        m_inCell = false;
        if (m_column < m_options.maxTableColumns)
            m_row.push_back(std::move(m_cell));
        else
            notice(Notice::Kind::TableColumnsLimited);
        m_cell.clear();
        m_discard.clear();
        ++m_column;
        break;
    }
    return 0;
}

int ModelBuilder::enterSpan(MD_SPANTYPE type, void *detail)
{
    if (m_imageDepth > 0) {
        if (type == MD_SPAN_IMG)
            ++m_imageDepth; // an image inside alt text contributes its own alt text
        return 0;
    }
    openImplicitParagraph();
    flushText();
    if (const int slot = markSlot(type); slot >= 0) {
        ++m_markDepth[size_t(slot)];
        return 0;
    }
    switch (type) {
    case MD_SPAN_A: {
        const auto *a = static_cast<MD_SPAN_A_DETAIL *>(detail);
        Inline link;
        link.kind = Inline::Kind::Link;
        link.marks = currentMarks();
        link.href = destination(a->href);
        link.title = attribute(a->title, true);
        link.safe = isAllowed(link.href);
        m_links.push_back(std::move(link));
        break;
    }
    case MD_SPAN_IMG: {
        const auto *img = static_cast<MD_SPAN_IMG_DETAIL *>(detail);
        m_image = Inline();
        m_image.kind = Inline::Kind::Image;
        m_image.marks = currentMarks();
        m_image.href = destination(img->src);
        m_image.title = attribute(img->title, true);
        m_alt.clear();
        m_imageDepth = 1;
        break;
    }
    default:
        break;
    }
    return 0;
}

int ModelBuilder::leaveSpan(MD_SPANTYPE type)
{
    if (m_imageDepth > 0) {
        if (type != MD_SPAN_IMG || --m_imageDepth > 0)
            return 0;
        m_image.text = TextSanitizer::fromUtf8(m_alt, &m_stack.back().hiddenCharacters);
        m_alt.clear();
        target()->push_back(std::move(m_image));
        m_image = Inline();
        return 0;
    }
    flushText();
    if (const int slot = markSlot(type); slot >= 0) {
        m_markDepth[size_t(slot)] = std::max(0, m_markDepth[size_t(slot)] - 1);
        return 0;
    }
    switch (type) {
    case MD_SPAN_A: {
        if (m_links.empty())
            break; // md4c 0.4.8 can report a leave without an enter (e.g. "![]([^)*]()")
        Inline link = std::move(m_links.back());
        m_links.pop_back();
        target()->push_back(std::move(link));
        break;
    }
    default:
        break;
    }
    return 0;
}

// md4c writes a code line's indentation as spaces, turning tabs into spaces. Where the
// indentation is the whole of the line's leading white space (a fence at column 0), the
// original tabs and spaces are written instead: code is shown exactly as sent.
void ModelBuilder::appendCode(QByteArrayView bytes)
{
    const bool inSource = bytes.data() >= m_source.data() && bytes.data() < m_source.data() + m_source.size();
    if (!inSource && !bytes.isEmpty() && bytes.count(' ') == bytes.size()) {
        m_codeIndent += bytes.size();
        return;
    }
    if (m_codeIndent > 0) {
        qsizetype start = inSource ? bytes.data() - m_source.data() : -1;
        qsizetype width = 0;
        if (start >= 0) {
            qsizetype lineStart = start;
            while (lineStart > 0 && (m_source.at(lineStart - 1) == ' ' || m_source.at(lineStart - 1) == '\t'))
                --lineStart;
            if (lineStart == 0 || m_source.at(lineStart - 1) == '\n' || m_source.at(lineStart - 1) == '\r') {
                for (qsizetype i = lineStart; i < start; ++i)
                    width = m_source.at(i) == '\t' ? (width / 4 + 1) * 4 : width + 1;
                if (width == m_codeIndent)
                    m_code.append(m_source.sliced(lineStart, start - lineStart));
            }
        }
        if (width != m_codeIndent)
            m_code.append(QByteArray(m_codeIndent, ' '));
        m_codeIndent = 0;
    }
    m_code.append(bytes);
}

int ModelBuilder::text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size)
{
    const QByteArrayView bytes(text, qsizetype(size));
    if (m_firstText < 0 && text >= m_source.data() && text < m_source.data() + m_source.size())
        m_firstText = text - m_source.data();
    if (m_inCode && m_imageDepth == 0) {
        appendCode(type == MD_TEXT_NULLCHAR ? kReplacement : bytes);
        return 0;
    }
    if (m_imageDepth == 0 && !m_inCode)
        openImplicitParagraph();
    QByteArray &out = m_imageDepth > 0 ? m_alt : m_inCode ? m_code : m_pending;
    switch (type) {
    case MD_TEXT_NULLCHAR:
        out.append(kReplacement);
        break;
    case MD_TEXT_ENTITY:
        appendEntity(out, bytes);
        break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
        if (m_imageDepth > 0 || m_inCode) {
            out.append(m_inCode ? '\n' : ' ');
            break;
        }
        flushText();
        {
            Inline brk;
            brk.kind = type == MD_TEXT_BR ? Inline::Kind::HardBreak : Inline::Kind::SoftBreak;
            brk.marks = currentMarks(); // a break inside *emphasis* belongs to it
            target()->push_back(std::move(brk));
        }
        break;
    default: // normal, code, math and (never enabled) HTML text are all literal
        out.append(bytes);
        break;
    }
    return 0;
}

} // namespace streamcanvas::markdown
