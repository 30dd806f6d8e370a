#include "markdown/EventLog.h"

#include "markdown/ModelBuilder.h"

#include <algorithm>

namespace streamcanvas::markdown {

void EventLog::clear()
{
    m_events.clear();
    m_attributes.clear();
    m_bytes.clear();
    m_types.clear();
    m_offsets.clear();
    m_shared = 0;
    m_liveBytes = 0;
}

void EventLog::record(QByteArrayView buffer, qsizetype stableEnd, unsigned flags)
{
    m_buffer = buffer;
    m_stableEnd = stableEnd;
    m_shared = 0;
    m_matching = true;
    m_listCheck = 0;
    parse(buffer, flags);
}

namespace {

// Whether `prefix` is what comes before a list item's first text on its line: indentation,
// a bullet or number, white space, perhaps a task box, and the openers of spans.
bool isItemStart(QByteArrayView prefix)
{
    qsizetype i = 0;
    while (i < prefix.size() && i < 3 && prefix.at(i) == ' ')
        ++i;
    if (i < prefix.size() && QByteArrayView("-*+").contains(prefix.at(i))) {
        ++i;
    } else {
        const qsizetype digits = i;
        while (i < prefix.size() && i - digits < 9 && prefix.at(i) >= '0' && prefix.at(i) <= '9')
            ++i;
        if (i == digits || i == prefix.size() || (prefix.at(i) != '.' && prefix.at(i) != ')'))
            return false;
        ++i;
    }
    const auto spaces = [&] {
        const qsizetype from = i;
        while (i < prefix.size() && (prefix.at(i) == ' ' || prefix.at(i) == '\t'))
            ++i;
        return i > from;
    };
    if (!spaces())
        return false;
    if (i + 3 <= prefix.size() && prefix.at(i) == '[' && prefix.at(i + 2) == ']'
        && QByteArrayView(" xX").contains(prefix.at(i + 1))) {
        i += 3;
        if (!spaces())
            return false;
    }
    while (i < prefix.size() && QByteArrayView("*_~`[!").contains(prefix.at(i)))
        ++i;
    return i == prefix.size();
}

} // namespace

// Where the line of the last top-level item of a tight list that ends the last parse starts,
// with the indexes of the events entering that item and the list; -1 if the parse did not
// end so.
qsizetype EventLog::lastItemLine(qsizetype *itemEnter, qsizetype *listEnter) const
{
    const qsizetype count = qsizetype(m_events.size());
    if (count < 4 || m_events[size_t(count - 1)].op != Op::LeaveBlock
        || m_events[size_t(count - 1)].type != MD_BLOCK_DOC)
        return -1;
    const Event &leave = m_events[size_t(count - 2)];
    if (leave.op != Op::LeaveBlock || (leave.type != MD_BLOCK_UL && leave.type != MD_BLOCK_OL))
        return -1;
    // Back to the list's start, noting the last item entered at its own level.
    int depth = 0;
    qsizetype item = -1;
    qsizetype list = -1;
    for (qsizetype i = count - 2; i > 0; --i) {
        const Event &event = m_events[size_t(i)];
        if (event.op == Op::LeaveBlock) {
            ++depth;
        } else if (event.op == Op::EnterBlock) {
            if (--depth == 0) {
                list = i;
                break;
            }
            if (depth == 1 && item < 0)
                item = i;
        }
    }
    if (list < 0 || item < 0 || !m_events[size_t(list)].flag || item + 1 >= count)
        return -1;
    // The item's text, perhaps in a span, starts on the marker's line.
    qsizetype at = item + 1;
    while (at < count && m_events[size_t(at)].op == Op::EnterSpan)
        ++at;
    if (at == count)
        return -1;
    const Event &first = m_events[size_t(at)];
    if (first.op != Op::Text || first.text < 0 || !first.stable
        || (first.type != MD_TEXT_NORMAL && first.type != MD_TEXT_CODE)
        || first.text + qsizetype(first.value) > m_stableEnd)
        return -1;
    qsizetype line = first.text;
    while (line > 0 && m_buffer.at(line - 1) != '\n' && m_buffer.at(line - 1) != '\r')
        --line;
    if (line == 0 || !isItemStart(m_buffer.sliced(line, first.text - line)))
        return -1;
    *itemEnter = item;
    *listEnter = list;
    return line;
}

bool EventLog::recordFromLastItem(QByteArrayView buffer, qsizetype stableEnd, unsigned flags)
{
    m_buffer = buffer;
    m_stableEnd = stableEnd;
    qsizetype item = -1;
    qsizetype list = -1;
    const qsizetype line = lastItemLine(&item, &list);
    if (line < 0)
        return false;
    m_list = m_events[size_t(list)];
    m_shared = item;
    m_matching = true;
    m_listCheck = 2; // the document and the list a parse from the item's line starts with
    if (parse(buffer.sliced(line), flags))
        return true;
    m_listCheck = 0;
    m_shared = 0;
    return false;
}

// False if add() stopped md4c, with nothing stored.
bool EventLog::parse(QByteArrayView text, unsigned flags)
{
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = flags;
    parser.enter_block = enterBlock;
    parser.leave_block = leaveBlock;
    parser.enter_span = enterSpan;
    parser.leave_span = leaveSpan;
    parser.text = EventLog::text;
    if (md_parse(text.data(), MD_SIZE(text.size()), &parser, this) != 0)
        return false;
    if (m_matching)
        truncate(m_shared); // this parse has no events the last one did not have
    return true;
}

int EventLog::add(Event event, const MD_CHAR *text, const MD_ATTRIBUTE *first, const MD_ATTRIBUTE *second)
{
    if (m_listCheck > 0) {
        // A parse from the last item's line: it must start that same tight list.
        const bool expected = m_listCheck == 2
            ? event.op == Op::EnterBlock && event.type == MD_BLOCK_DOC
            : event.op == Op::EnterBlock && event.type == m_list.type && event.flag && event.mark == m_list.mark;
        --m_listCheck;
        return expected ? 0 : -1; // -1 stops md4c before anything is stored
    }
    if (event.op == Op::Text) {
        const MD_CHAR *begin = m_buffer.data();
        if (text >= begin && text + event.value <= begin + m_buffer.size()) {
            event.text = text - begin;
            event.stable = event.text + qsizetype(event.value) <= m_stableEnd;
        }
    }
    if (m_matching) {
        if (size_t(m_shared) < m_events.size() && matches(event, text, first, second, m_events[size_t(m_shared)])) {
            ++m_shared;
            return 0;
        }
        m_matching = false;
        truncate(m_shared);
    }
    if (event.op == Op::Text && event.text < 0) {
        event.text = ~m_bytes.size(); // a string of md4c's own: a line break, indentation
        m_bytes.append(text, qsizetype(event.value));
    }
    event.attributes[0] = keep(first);
    event.attributes[1] = keep(second);
    m_events.push_back(event);
    return 0;
}

bool EventLog::matches(const Event &event, const MD_CHAR *text, const MD_ATTRIBUTE *first, const MD_ATTRIBUTE *second,
    const Event &kept) const
{
    if (event.op != kept.op || event.type != kept.type || event.flag != kept.flag || event.mark != kept.mark
        || event.value != kept.value)
        return false;
    if (event.op == Op::Text) {
        if (event.text >= 0)
            return event.text == kept.text && event.stable && kept.stable;
        return kept.text < 0
            && QByteArrayView(text, qsizetype(event.value))
            == QByteArrayView(m_bytes).sliced(~kept.text, qsizetype(kept.value));
    }
    return sameAttribute(first, kept.attributes[0]) && sameAttribute(second, kept.attributes[1]);
}

bool EventLog::sameAttribute(const MD_ATTRIBUTE *attribute, int kept) const
{
    if (!attribute || attribute->size == 0 || !attribute->text)
        return kept < 0;
    if (kept < 0)
        return false;
    const Attribute &mine = m_attributes[size_t(kept)];
    if (mine.size != attribute->size
        || QByteArrayView(m_bytes).sliced(mine.bytes, qsizetype(mine.size))
            != QByteArrayView(attribute->text, qsizetype(attribute->size)))
        return false;
    for (qsizetype i = 0; i <= mine.count; ++i) {
        if (m_offsets[size_t(mine.parts + i)] != attribute->substr_offsets[i])
            return false;
        if (i < mine.count && m_types[size_t(mine.parts + i)] != attribute->substr_types[i])
            return false;
    }
    return true;
}

int EventLog::keep(const MD_ATTRIBUTE *attribute)
{
    if (!attribute || attribute->size == 0 || !attribute->text)
        return -1; // ModelBuilder reads such an attribute as empty
    Attribute kept;
    kept.bytes = m_bytes.size();
    kept.size = attribute->size;
    kept.parts = qsizetype(m_types.size());
    m_bytes.append(attribute->text, qsizetype(attribute->size));
    while (attribute->substr_offsets[kept.count] < attribute->size) {
        m_types.push_back(attribute->substr_types[kept.count]);
        m_offsets.push_back(attribute->substr_offsets[kept.count]);
        ++kept.count;
    }
    m_offsets.push_back(attribute->substr_offsets[kept.count]);
    m_types.push_back(MD_TEXT_NORMAL); // keeps m_types and m_offsets indexed alike
    m_attributes.push_back(kept);
    return int(m_attributes.size() - 1);
}

MD_ATTRIBUTE EventLog::attribute(int index) const
{
    if (index < 0)
        return MD_ATTRIBUTE{nullptr, 0, nullptr, nullptr};
    const Attribute &kept = m_attributes[size_t(index)];
    return MD_ATTRIBUTE{
        m_bytes.constData() + kept.bytes, kept.size, m_types.data() + kept.parts, m_offsets.data() + kept.parts};
}

// Keeps the first `count` events, and only the copied strings they use.
void EventLog::truncate(qsizetype count)
{
    m_events.resize(size_t(count));
    qsizetype bytes = -1;
    qsizetype attributes = -1;
    for (qsizetype i = count - 1; i >= 0 && attributes < 0; --i) {
        const Event &event = m_events[size_t(i)];
        const int last = std::max(event.attributes[0], event.attributes[1]);
        if (last >= 0) {
            attributes = last + 1;
            const Attribute &kept = m_attributes[size_t(last)];
            if (bytes < 0)
                bytes = kept.bytes + qsizetype(kept.size);
        } else if (event.op == Op::Text && event.text < 0 && bytes < 0) {
            bytes = ~event.text + qsizetype(event.value);
        }
    }
    m_bytes.truncate(std::max<qsizetype>(bytes, 0));
    m_attributes.resize(size_t(std::max<qsizetype>(attributes, 0)));
    const size_t parts = m_attributes.empty() ? 0 : size_t(m_attributes.back().parts + m_attributes.back().count + 1);
    m_types.resize(parts);
    m_offsets.resize(parts);
}

// Copies the strings the events use into new storage, leaving out those of dropped events.
void EventLog::compact()
{
    QByteArray bytes;
    std::vector<Attribute> attributes;
    std::vector<MD_TEXTTYPE> types;
    std::vector<MD_OFFSET> offsets;
    for (Event &event : m_events) {
        if (event.op == Op::Text && event.text < 0) {
            const qsizetype at = bytes.size();
            bytes.append(QByteArrayView(m_bytes).sliced(~event.text, qsizetype(event.value)));
            event.text = ~at;
        }
        for (int &index : event.attributes) {
            if (index < 0)
                continue;
            Attribute kept = m_attributes[size_t(index)];
            const qsizetype from = kept.parts;
            bytes.append(QByteArrayView(m_bytes).sliced(kept.bytes, qsizetype(kept.size)));
            kept.bytes = bytes.size() - qsizetype(kept.size);
            kept.parts = qsizetype(types.size());
            types.insert(types.end(), m_types.begin() + from, m_types.begin() + from + kept.count + 1);
            offsets.insert(offsets.end(), m_offsets.begin() + from, m_offsets.begin() + from + kept.count + 1);
            attributes.push_back(kept);
            index = int(attributes.size() - 1);
        }
    }
    m_bytes = std::move(bytes);
    m_liveBytes = m_bytes.size();
    m_attributes = std::move(attributes);
    m_types = std::move(types);
    m_offsets = std::move(offsets);
}

int EventLog::enterBlock(MD_BLOCKTYPE type, void *detail, void *self)
{
    Event event;
    event.op = Op::EnterBlock;
    event.type = int(type);
    const MD_ATTRIBUTE *language = nullptr;
    switch (type) {
    case MD_BLOCK_UL:
        event.flag = static_cast<MD_BLOCK_UL_DETAIL *>(detail)->is_tight != 0;
        event.mark = static_cast<MD_BLOCK_UL_DETAIL *>(detail)->mark;
        break;
    case MD_BLOCK_OL:
        event.flag = static_cast<MD_BLOCK_OL_DETAIL *>(detail)->is_tight != 0;
        event.value = static_cast<MD_BLOCK_OL_DETAIL *>(detail)->start;
        event.mark = static_cast<MD_BLOCK_OL_DETAIL *>(detail)->mark_delimiter;
        break;
    case MD_BLOCK_LI: {
        const auto *li = static_cast<MD_BLOCK_LI_DETAIL *>(detail);
        event.flag = li->is_task != 0;
        event.mark = li->is_task ? li->task_mark : 0;
        break;
    }
    case MD_BLOCK_H:
        event.value = static_cast<MD_BLOCK_H_DETAIL *>(detail)->level;
        break;
    case MD_BLOCK_CODE:
        language = &static_cast<MD_BLOCK_CODE_DETAIL *>(detail)->lang;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        event.value = quint32(static_cast<MD_BLOCK_TD_DETAIL *>(detail)->align);
        break;
    default:
        break;
    }
    return static_cast<EventLog *>(self)->add(event, nullptr, language, nullptr);
}

int EventLog::leaveBlock(MD_BLOCKTYPE type, void *, void *self)
{
    Event event;
    event.op = Op::LeaveBlock;
    event.type = int(type);
    return static_cast<EventLog *>(self)->add(event, nullptr, nullptr, nullptr);
}

int EventLog::enterSpan(MD_SPANTYPE type, void *detail, void *self)
{
    Event event;
    event.op = Op::EnterSpan;
    event.type = int(type);
    auto *log = static_cast<EventLog *>(self);
    if (type == MD_SPAN_A) {
        const auto *a = static_cast<MD_SPAN_A_DETAIL *>(detail);
        return log->add(event, nullptr, &a->href, &a->title);
    }
    if (type == MD_SPAN_IMG) {
        const auto *img = static_cast<MD_SPAN_IMG_DETAIL *>(detail);
        return log->add(event, nullptr, &img->src, &img->title);
    }
    return log->add(event, nullptr, nullptr, nullptr);
}

int EventLog::leaveSpan(MD_SPANTYPE type, void *, void *self)
{
    Event event;
    event.op = Op::LeaveSpan;
    event.type = int(type);
    return static_cast<EventLog *>(self)->add(event, nullptr, nullptr, nullptr);
}

int EventLog::text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *self)
{
    Event event;
    event.type = int(type);
    event.value = size;
    return static_cast<EventLog *>(self)->add(event, text, nullptr, nullptr);
}

std::pair<qsizetype, qsizetype> EventLog::topLevelEnters(int n, int m) const
{
    std::pair<qsizetype, qsizetype> found{-1, -1};
    int depth = 0;
    int seen = 0;
    for (size_t i = 0; i < m_events.size() && found.second < 0; ++i) {
        const Event &event = m_events[i];
        bool enters = false;
        if (event.op == Op::EnterBlock) {
            enters = depth == 1;
            seen += enters;
            ++depth;
        } else if (event.op == Op::LeaveBlock) {
            enters = --depth == 0; // the document ends: as if block `seen` entered here
            seen += enters;
        }
        if (enters && seen - 1 == n)
            found.first = qsizetype(i);
        if (enters && seen - 1 == m)
            found.second = qsizetype(i);
    }
    return found;
}

void EventLog::drop(qsizetype from, qsizetype to, qsizetype shift)
{
    m_events.erase(m_events.begin() + from, m_events.begin() + to);
    for (auto event = m_events.begin() + from; event != m_events.end(); ++event) {
        if (event->op == Op::Text && event->text >= 0)
            event->text -= shift;
    }
    m_stableEnd -= shift;
    // The strings of dropped events are left behind until they are most of the storage.
    if (m_bytes.size() > 4096 && m_bytes.size() > 2 * m_liveBytes)
        compact();
}

void EventLog::apply(qsizetype index, ModelBuilder &builder) const
{
    const Event &event = m_events[size_t(index)];
    switch (event.op) {
    case Op::EnterBlock: {
        const auto type = MD_BLOCKTYPE(event.type);
        switch (type) {
        case MD_BLOCK_UL: {
            MD_BLOCK_UL_DETAIL detail{event.flag, event.mark};
            builder.enterBlock(type, &detail);
            return;
        }
        case MD_BLOCK_OL: {
            MD_BLOCK_OL_DETAIL detail{event.value, event.flag, event.mark};
            builder.enterBlock(type, &detail);
            return;
        }
        case MD_BLOCK_LI: {
            MD_BLOCK_LI_DETAIL detail{event.flag, event.mark, 0};
            builder.enterBlock(type, &detail);
            return;
        }
        case MD_BLOCK_H: {
            MD_BLOCK_H_DETAIL detail{event.value};
            builder.enterBlock(type, &detail);
            return;
        }
        case MD_BLOCK_CODE: {
            MD_BLOCK_CODE_DETAIL detail{attribute(-1), attribute(event.attributes[0]), 0};
            builder.enterBlock(type, &detail);
            return;
        }
        case MD_BLOCK_TH:
        case MD_BLOCK_TD: {
            MD_BLOCK_TD_DETAIL detail{MD_ALIGN(event.value)};
            builder.enterBlock(type, &detail);
            return;
        }
        default:
            builder.enterBlock(type, nullptr);
            return;
        }
    }
    case Op::LeaveBlock:
        builder.leaveBlock(MD_BLOCKTYPE(event.type));
        return;
    case Op::EnterSpan: {
        const auto type = MD_SPANTYPE(event.type);
        if (type == MD_SPAN_A) {
            MD_SPAN_A_DETAIL detail{attribute(event.attributes[0]), attribute(event.attributes[1])};
            builder.enterSpan(type, &detail);
        } else if (type == MD_SPAN_IMG) {
            MD_SPAN_IMG_DETAIL detail{attribute(event.attributes[0]), attribute(event.attributes[1])};
            builder.enterSpan(type, &detail);
        } else {
            builder.enterSpan(type, nullptr);
        }
        return;
    }
    case Op::LeaveSpan:
        builder.leaveSpan(MD_SPANTYPE(event.type));
        return;
    case Op::Text: {
        const MD_CHAR *bytes = event.text >= 0 ? m_buffer.data() + event.text : m_bytes.constData() + ~event.text;
        builder.text(MD_TEXTTYPE(event.type), bytes, MD_SIZE(event.value));
        return;
    }
    }
}

} // namespace streamcanvas::markdown
