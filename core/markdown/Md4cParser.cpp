#include "markdown/Md4cParser.h"

#include "markdown/ModelBuilder.h"
#include "markdown/TailMemo.h"
#include "markdown/TextSanitizer.h"

#include <md4c.h>

#include <algorithm>

namespace streamcanvas::markdown {

namespace {

Blocks takeResult(ModelBuilder &builder, QList<Notice> *notices, std::vector<qsizetype> *textOffsets)
{
    if (notices) {
        for (const Notice &n : builder.notices()) {
            if (!notices->contains(n))
                notices->append(n);
        }
    }
    if (textOffsets)
        *textOffsets = builder.takeTextOffsets();
    return builder.takeBlocks();
}

} // namespace

Md4cParser::Md4cParser(const ParseOptions &options)
    : m_options(options)
{
    m_flags = MD_FLAG_NOHTML;
    const Extensions ext = options.extensions;
    if (ext & Extension::Tables)
        m_flags |= MD_FLAG_TABLES;
    if (ext & Extension::Strikethrough)
        m_flags |= MD_FLAG_STRIKETHROUGH;
    if (ext & Extension::TaskLists)
        m_flags |= MD_FLAG_TASKLISTS;
    if (ext & Extension::PermissiveUrlAutolinks)
        m_flags |= MD_FLAG_PERMISSIVEURLAUTOLINKS;
    if (ext & Extension::PermissiveEmailAutolinks)
        m_flags |= MD_FLAG_PERMISSIVEEMAILAUTOLINKS;
    if (ext & Extension::PermissiveWwwAutolinks)
        m_flags |= MD_FLAG_PERMISSIVEWWWAUTOLINKS;
    if (ext & Extension::LatexMath)
        m_flags |= MD_FLAG_LATEXMATHSPANS;
    if (ext & Extension::Underline)
        m_flags |= MD_FLAG_UNDERLINE;
}

Blocks Md4cParser::parse(
    QByteArrayView text, int skipBlocks, QList<Notice> *notices, std::vector<qsizetype> *textOffsets) const
{
    ModelBuilder builder(m_options, skipBlocks, text, m_allowedCache);
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = m_flags;
    parser.enter_block = [](MD_BLOCKTYPE type, void *detail, void *self) {
        return static_cast<ModelBuilder *>(self)->enterBlock(type, detail);
    };
    parser.leave_block = [](MD_BLOCKTYPE type, void *, void *self) {
        return static_cast<ModelBuilder *>(self)->leaveBlock(type);
    };
    parser.enter_span = [](MD_SPANTYPE type, void *detail, void *self) {
        return static_cast<ModelBuilder *>(self)->enterSpan(type, detail);
    };
    parser.leave_span = [](MD_SPANTYPE type, void *, void *self) {
        return static_cast<ModelBuilder *>(self)->leaveSpan(type);
    };
    parser.text = [](MD_TEXTTYPE type, const MD_CHAR *bytes, MD_SIZE size, void *self) {
        return static_cast<ModelBuilder *>(self)->text(type, bytes, size);
    };
    md_parse(text.data(), MD_SIZE(text.size()), &parser, &builder);
    return takeResult(builder, notices, textOffsets);
}

Blocks Md4cParser::parseTail(QByteArrayView text, int skipBlocks, qsizetype stableEnd, TailMemo &memo, Blocks *previous,
    bool fromLastItem, QList<Notice> *notices, std::vector<qsizetype> *textOffsets) const
{
    if (!memo.valid || !previous)
        memo.clear();
    EventLog &log = memo.events;
    if (!(memo.valid && fromLastItem && log.recordFromLastItem(text, stableEnd, m_flags)))
        log.record(text, stableEnd, m_flags);
    ModelBuilder builder(m_options, skipBlocks, text, m_allowedCache);
    qsizetype from = 0;
    memo.keptBlocks = 0;
    // Take up the last checkpoint within the events this parse shares with the last one.
    auto after = std::upper_bound(memo.checkpoints.begin(), memo.checkpoints.end(), log.shared(),
        [](qsizetype events, const ModelBuilder::Checkpoint &point) { return events < point.events; });
    if (memo.valid && after != memo.checkpoints.begin()
        && builder.restore(*(after - 1), memo.open, *previous, memo.textOffsets)) {
        const ModelBuilder::Checkpoint &point = *(after - 1);
        from = point.events;
        memo.keptBlocks = memo.open[size_t(point.openBegin)].children;
        // The checkpoints up to it hold for this parse too; the later ones are made anew.
        memo.open.resize(size_t(point.openBegin + point.openCount));
    } else {
        after = memo.checkpoints.begin();
        memo.open.clear();
    }
    memo.checkpoints.erase(after, memo.checkpoints.end());
    for (qsizetype i = from; i < log.size(); ++i) {
        log.apply(i, builder);
        builder.checkpoint(i + 1, memo.open, memo.checkpoints);
    }
    memo.textOffsets = builder.textOffsets();
    memo.reusedEvents = from;
    memo.valid = true;
    return takeResult(builder, notices, textOffsets);
}

Blocks Md4cParser::plainText(QByteArrayView text)
{
    Blocks blocks;
    Block paragraph;
    auto finishParagraph = [&] {
        if (paragraph.inlines.empty())
            return;
        if (paragraph.inlines.back().kind == Inline::Kind::SoftBreak)
            paragraph.inlines.pop_back();
        paragraph.plainFallback = true;
        blocks.push_back(std::move(paragraph));
        paragraph = Block();
    };
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = pos;
        while (end < text.size() && text.at(end) != '\n' && text.at(end) != '\r')
            ++end;
        const QByteArrayView line = text.sliced(pos, end - pos);
        if (line.trimmed().isEmpty()) {
            finishParagraph();
        } else {
            Inline run;
            run.text = TextSanitizer::fromUtf8(line, &paragraph.hiddenCharacters);
            paragraph.inlines.push_back(std::move(run));
            Inline brk;
            brk.kind = Inline::Kind::SoftBreak;
            paragraph.inlines.push_back(std::move(brk));
        }
        if (end + 1 < text.size() && text.at(end) == '\r' && text.at(end + 1) == '\n')
            ++end;
        pos = end + 1;
    }
    finishParagraph();
    return blocks;
}

bool Md4cParser::isTooComplex(QByteArrayView text) const
{
    if (text.size() > m_options.maxParseBytes)
        return true;
    if (text.size() < 4096)
        return false;
    // md4c 0.4.8 scans around every `www.` and `@` candidate of a permissive autolink and
    // pairs brackets and emphasis delimiters, with super-linear worst cases.
    qsizetype delimiters = 0;
    qsizetype autolinkCandidates = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        switch (text.at(i)) {
        case '[':
        case ']':
        case '*':
        case '_':
        case '~':
        case '`':
        case '<':
        case '!':
        case '$':
            ++delimiters;
            break;
        case '@':
            ++autolinkCandidates;
            break;
        case '.':
            if (i >= 3 && (text.at(i - 1) | 0x20) == 'w' && (text.at(i - 2) | 0x20) == 'w'
                && (text.at(i - 3) | 0x20) == 'w')
                ++autolinkCandidates;
            break;
        default:
            break;
        }
    }
    const bool dense = text.size() >= 8192 && delimiters * 3 > text.size(); // no prose looks like this
    return dense || delimiters > 32 * 1024 || autolinkCandidates > 1024;
}

} // namespace streamcanvas::markdown
