#include "HtmlSerializer.h"

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;
using streamcanvas::markdown::Alignment;
using streamcanvas::markdown::Block;
using streamcanvas::markdown::Blocks;
using streamcanvas::markdown::Inline;
using streamcanvas::markdown::Inlines;
using streamcanvas::markdown::Mark;
using streamcanvas::markdown::Marks;

namespace streamcanvas::conformance {

namespace {

// Every mark, in the order used when two open at the same place and last equally long.
constexpr std::array<Mark, 7> kMarks{
    Mark::Emphasis, Mark::Strong, Mark::Strike, Mark::Underline, Mark::Code, Mark::Math, Mark::DisplayMath};

QString openTag(Mark mark)
{
    switch (mark) {
    case Mark::Strong:
        return u"<strong>"_s;
    case Mark::Emphasis:
        return u"<em>"_s;
    case Mark::Code:
        return u"<code>"_s;
    case Mark::Strike:
        return u"<del>"_s;
    case Mark::Underline:
        return u"<u>"_s;
    case Mark::Math:
        return u"<x-equation>"_s;
    case Mark::DisplayMath:
        return u"<x-equation type=\"display\">"_s;
    }
    return {};
}

QString closeTag(Mark mark)
{
    switch (mark) {
    case Mark::Strong:
        return u"</strong>"_s;
    case Mark::Emphasis:
        return u"</em>"_s;
    case Mark::Code:
        return u"</code>"_s;
    case Mark::Strike:
        return u"</del>"_s;
    case Mark::Underline:
        return u"</u>"_s;
    case Mark::Math:
    case Mark::DisplayMath:
        return u"</x-equation>"_s;
    }
    return {};
}

bool isBreak(const Inline &run)
{
    return run.kind == Inline::Kind::SoftBreak || run.kind == Inline::Kind::HardBreak;
}

class Writer
{
public:
    explicit Writer(HtmlSerializer::Links links)
        : m_links(links)
    {
    }

    QString html;

    void blocks(const Blocks &blocks, bool tight)
    {
        for (const Block &b : blocks)
            block(b, tight);
    }

private:
    void block(const Block &b, bool tight);
    void item(const Block &item, bool tight);
    void table(const Block &table);
    void inlines(const Inlines &runs, Marks outside);

    HtmlSerializer::Links m_links;
};

void Writer::block(const Block &b, bool tight)
{
    switch (b.kind) {
    case Block::Kind::Paragraph:
        // md4c reports no paragraph inside a tight list item, so md_html writes none.
        if (!tight)
            html += u"<p>"_s;
        inlines(b.inlines, {});
        html += tight ? u"\n"_s : u"</p>\n"_s;
        break;
    case Block::Kind::Heading: {
        const QString level = QString::number(std::clamp(b.level, 1, 6));
        html += u"<h"_s + level + u'>';
        inlines(b.inlines, {});
        html += u"</h"_s + level + u">\n"_s;
        break;
    }
    case Block::Kind::CodeBlock:
        html += u"<pre><code"_s;
        // As md4c-html since 0.4.9: an info string that already says "language-x" is not
        // prefixed twice.
        if (!b.language.isEmpty())
            html += u" class=\""_s + (b.language.startsWith(u"language-") ? QString() : u"language-"_s)
                + HtmlSerializer::escapeHtml(b.language) + u'"';
        html += u'>' + HtmlSerializer::escapeHtml(b.code) + u"</code></pre>\n"_s;
        break;
    case Block::Kind::Quote:
        html += u"<blockquote>\n"_s;
        blocks(b.children, false);
        html += u"</blockquote>\n"_s;
        break;
    case Block::Kind::List:
        if (!b.ordered)
            html += u"<ul>\n"_s;
        else if (b.start == 1)
            html += u"<ol>\n"_s;
        else
            html += u"<ol start=\""_s + QString::number(b.start) + u"\">\n"_s;
        for (const Block &child : b.children) {
            if (child.kind == Block::Kind::Item)
                item(child, b.tight);
            else
                block(child, b.tight); // not produced by the parser; written so it shows
        }
        html += b.ordered ? u"</ol>\n"_s : u"</ul>\n"_s;
        break;
    case Block::Kind::Item:
        item(b, tight); // an item outside a list is not produced; written so it shows
        break;
    case Block::Kind::Table:
        table(b);
        break;
    case Block::Kind::ThematicBreak:
        html += u"<hr />\n"_s;
        break;
    }
}

void Writer::item(const Block &item, bool tight)
{
    switch (item.task) {
    case Block::Task::None:
        html += u"<li>"_s;
        break;
    case Block::Task::Open:
        html += u"<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" "
                u"disabled />"_s;
        break;
    case Block::Task::Done:
        html += u"<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" "
                u"disabled checked />"_s;
        break;
    }
    blocks(item.children, tight);
    html += u"</li>\n"_s;
}

void Writer::table(const Block &table)
{
    html += u"<table>\n"_s;
    const auto row = [&](const std::vector<Inlines> &cells, bool header) {
        html += u"<tr>\n"_s;
        const QString tag = header ? u"th"_s : u"td"_s;
        for (size_t column = 0; column < cells.size(); ++column) {
            html += u'<' + tag;
            const Alignment align = qsizetype(column) < table.alignments.size() ? table.alignments.at(qsizetype(column))
                                                                                : Alignment::Default;
            switch (align) {
            case Alignment::Left:
                html += u" align=\"left\""_s;
                break;
            case Alignment::Center:
                html += u" align=\"center\""_s;
                break;
            case Alignment::Right:
                html += u" align=\"right\""_s;
                break;
            case Alignment::Default:
                break;
            }
            html += u'>';
            inlines(cells[column], {});
            html += u"</"_s + tag + u">\n"_s;
        }
        html += u"</tr>\n"_s;
    };
    const size_t headerRows = size_t(std::max(0, table.headerRows));
    html += u"<thead>\n"_s;
    for (size_t r = 0; r < std::min(headerRows, table.rows.size()); ++r)
        row(table.rows[r], true);
    html += u"</thead>\n"_s;
    if (table.rows.size() > headerRows) {
        html += u"<tbody>\n"_s;
        for (size_t r = headerRows; r < table.rows.size(); ++r)
            row(table.rows[r], false);
        html += u"</tbody>\n"_s;
    }
    html += u"</table>\n"_s;
}

// Writes runs whose marks include `outside` (already open around them), opening and
// closing the others.
void Writer::inlines(const Inlines &runs, Marks outside)
{
    std::vector<Mark> open; // innermost last
    const auto marksOf = [&](size_t i) {
        return runs[i].marks | outside;
    };
    // How many of the following runs (breaks do not interrupt) still carry `mark`.
    const auto extent = [&](size_t from, Mark mark) {
        size_t n = 0;
        for (size_t i = from; i < runs.size(); ++i) {
            if (isBreak(runs[i]))
                continue;
            if (!marksOf(i).testFlag(mark))
                break;
            ++n;
        }
        return n;
    };
    const auto closeTo = [&](size_t depth) {
        while (open.size() > depth) {
            html += closeTag(open.back());
            open.pop_back();
        }
    };

    for (size_t i = 0; i < runs.size(); ++i) {
        const Inline &run = runs[i];
        if (isBreak(run)) {
            // A break stays inside the marks it carries; it never opens one.
            const Marks carried = run.marks | outside;
            size_t keep = 0;
            while (keep < open.size() && carried.testFlag(open[keep]))
                ++keep;
            closeTo(keep);
            html += run.kind == Inline::Kind::HardBreak ? u"<br />\n"_s : u"\n"_s;
            continue;
        }
        const Marks wanted = marksOf(i);
        size_t keep = 0;
        while (keep < open.size() && wanted.testFlag(open[keep]))
            ++keep;
        closeTo(keep);
        std::vector<Mark> missing;
        for (Mark mark : kMarks) {
            if (wanted.testFlag(mark) && !outside.testFlag(mark)
                && std::find(open.begin(), open.end(), mark) == open.end())
                missing.push_back(mark);
        }
        std::stable_sort(missing.begin(), missing.end(), [&](Mark a, Mark b) { return extent(i, a) > extent(i, b); });
        for (Mark mark : missing) {
            html += openTag(mark);
            open.push_back(mark);
        }

        switch (run.kind) {
        case Inline::Kind::Text:
            html += HtmlSerializer::escapeHtml(run.text);
            break;
        case Inline::Kind::Link:
            if (run.safe || m_links == HtmlSerializer::Links::All) {
                html += u"<a href=\""_s + HtmlSerializer::escapeUrl(run.href) + u'"';
                if (!run.title.isEmpty())
                    html += u" title=\""_s + HtmlSerializer::escapeHtml(run.title) + u'"';
                html += u'>';
                inlines(run.children, wanted);
                html += u"</a>"_s;
            } else {
                inlines(run.children, wanted);
            }
            break;
        case Inline::Kind::Image:
            html += u"<img src=\""_s + HtmlSerializer::escapeUrl(run.href) + u"\" alt=\""_s
                + HtmlSerializer::escapeHtml(run.text) + u'"';
            if (!run.title.isEmpty())
                html += u" title=\""_s + HtmlSerializer::escapeHtml(run.title) + u'"';
            html += u" />"_s;
            break;
        case Inline::Kind::SoftBreak:
        case Inline::Kind::HardBreak:
            break;
        }
    }
    closeTo(0);
}

} // namespace

QString HtmlSerializer::toHtml(const Blocks &blocks, Links links)
{
    Writer writer(links);
    writer.blocks(blocks, false);
    return writer.html;
}

QString HtmlSerializer::escapeHtml(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'&':
            out += u"&amp;"_s;
            break;
        case u'<':
            out += u"&lt;"_s;
            break;
        case u'>':
            out += u"&gt;"_s;
            break;
        case u'"':
            out += u"&quot;"_s;
            break;
        default:
            out += c;
            break;
        }
    }
    return out;
}

// md4c-html's URL escaping: alphanumerics and "~-_.+!*(),%#@?=;:/,+$" stay, '&' becomes
// "&amp;", every other byte of the UTF-8 form is percent-encoded.
QString HtmlSerializer::escapeUrl(const QString &url)
{
    static constexpr QByteArrayView kSafe("~-_.+!*(),%#@?=;:/,+$");
    QString out;
    for (const char byte : url.toUtf8()) {
        const auto c = static_cast<unsigned char>(byte);
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (alnum || (c != 0 && kSafe.contains(char(c)))) {
            out += QLatin1Char(char(c));
        } else if (c == '&') {
            out += u"&amp;"_s;
        } else {
            out += u'%' + QString::number(c >> 4, 16).toUpper() + QString::number(c & 0xF, 16).toUpper();
        }
    }
    return out;
}

} // namespace streamcanvas::conformance
