#include "markdown/OpenFenceTail.h"

#include "markdown/TailHealer.h"
#include "markdown/TextSanitizer.h"

namespace streamcanvas::markdown {

Block OpenFenceTail::block(QByteArrayView source, const BlockScanner::OpenFence &fence, qsizetype end)
{
    if (m_start != fence.start) {
        m_start = fence.start;
        m_linesEnd = fence.contentStart;
        m_code.clear();
        m_hidden = 0;
        const qsizetype space = fence.info.indexOf(' ');
        m_language = TextSanitizer::fromUtf8(space < 0 ? fence.info : fence.info.left(space), nullptr);
    }
    // Convert each complete line once; the code only ever grows.
    qsizetype pos = m_linesEnd;
    while (pos < end) {
        qsizetype eol = pos;
        while (eol < end && source.at(eol) != '\n' && source.at(eol) != '\r')
            ++eol;
        if (eol == end || (source.at(eol) == '\r' && eol + 1 == end))
            break;
        m_code += TextSanitizer::fromUtf8(source.sliced(pos, eol - pos), &m_hidden);
        m_code += u'\n';
        pos = eol + (source.at(eol) == '\r' && source.at(eol + 1) == '\n' ? 2 : 1);
    }
    m_linesEnd = pos;

    Block block;
    block.kind = Block::Kind::CodeBlock;
    block.language = m_language;
    block.code = m_code;
    block.hiddenCharacters = m_hidden;
    QByteArrayView partial = source.sliced(pos, end - pos);
    if (partial.endsWith('\r'))
        partial.chop(1);
    const bool closing = !partial.isEmpty() && BlockScanner::isClosingFence(partial, fence.fenceChar, 1);
    if (!closing && !partial.isEmpty()) {
        partial.chop(TailHealer::incompleteUtf8(partial));
        block.code += TextSanitizer::fromUtf8(partial, &block.hiddenCharacters);
    }
    return block;
}

} // namespace streamcanvas::markdown
