#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <md4c.h>

#include <utility>
#include <vector>

namespace streamcanvas::markdown {

class ModelBuilder;

// md4c's callbacks for a parse of a streaming tail, kept so that the next parse of the same
// tail can tell how many of its first events are the same, and so that they can be applied
// to a ModelBuilder. It keeps exactly what ModelBuilder reads: an event that compares equal
// makes the builder do the same thing. Text inside the parsed buffer is kept as its offset,
// so events are compared without looking at the text, as long as the bytes before the
// parses' `stableEnd` are the same; anything md4c builds elsewhere (attributes, break and
// indentation strings) is copied. Recording a parse compares as it goes: the events it
// shares with the last one are not stored again.
class EventLog
{
public:
    // Forgets every event: the next parse shares none.
    void clear();
    // Parses `buffer` with `flags`, keeping the events it shares with the last parse and
    // replacing the rest. The bytes before `stableEnd` are those of every later parse
    // compared with this one; `buffer` must outlive the calls to apply().
    void record(QByteArrayView buffer, qsizetype stableEnd, unsigned flags);
    // The same when the last parse ended in a tight list: only the text from the line of its
    // last item on is parsed, and its events take the place of that item's and what followed.
    // That is what a parse of the whole buffer gives when the list stays tight and no link
    // reference definition is involved (the caller makes sure there is none). False, with
    // nothing recorded, where that does not hold.
    bool recordFromLastItem(QByteArrayView buffer, qsizetype stableEnd, unsigned flags);
    // How many leading events the last parse recorded shares with the one before it.
    qsizetype shared() const { return m_shared; }

    qsizetype size() const { return qsizetype(m_events.size()); }
    // Makes `builder` handle event `index` as md4c's callback would have.
    void apply(qsizetype index, ModelBuilder &builder) const;
    // The indexes of the events that enter top-level blocks `n` and `m` (n <= m), or that
    // leave the document when there are only that many blocks; -1 when there are fewer.
    std::pair<qsizetype, qsizetype> topLevelEnters(int n, int m) const;
    // Drops events [from, to), and moves the buffer offsets of the events after them
    // `shift` bytes back: what the log would be of the buffer without those blocks.
    void drop(qsizetype from, qsizetype to, qsizetype shift);

private:
    enum class Op : quint8 { EnterBlock, LeaveBlock, EnterSpan, LeaveSpan, Text };
    struct Event {
        Op op = Op::Text;
        quint8 flag = 0;              // is_tight, is_task
        char mark = 0;                // task_mark; the bullet or delimiter of a list
        bool stable = false;          // Text in the buffer: before the stable end of its parse
        int type = 0;                 // MD_BLOCKTYPE, MD_SPANTYPE or MD_TEXTTYPE
        quint32 value = 0;            // OL start, H level, TD align, text size
        qsizetype text = -1;          // offset in the buffer, or ~offset in m_bytes
        int attributes[2] = {-1, -1}; // indexes into m_attributes
    };
    struct Attribute {
        qsizetype bytes = 0; // offset in m_bytes
        MD_SIZE size = 0;
        qsizetype parts = 0; // offset in m_types and m_offsets
        qsizetype count = 0;
    };

    static int enterBlock(MD_BLOCKTYPE type, void *detail, void *self);
    static int leaveBlock(MD_BLOCKTYPE type, void *detail, void *self);
    static int enterSpan(MD_SPANTYPE type, void *detail, void *self);
    static int leaveSpan(MD_SPANTYPE type, void *detail, void *self);
    static int text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *self);

    int add(Event event, const MD_CHAR *text, const MD_ATTRIBUTE *first, const MD_ATTRIBUTE *second);
    bool matches(const Event &event, const MD_CHAR *text, const MD_ATTRIBUTE *first, const MD_ATTRIBUTE *second,
        const Event &kept) const;
    bool sameAttribute(const MD_ATTRIBUTE *attribute, int kept) const;
    int keep(const MD_ATTRIBUTE *attribute);
    MD_ATTRIBUTE attribute(int index) const;
    void truncate(qsizetype count);
    bool parse(QByteArrayView text, unsigned flags);
    qsizetype lastItemLine(qsizetype *itemEnter, qsizetype *listEnter) const;
    void compact();

    QByteArrayView m_buffer;
    qsizetype m_stableEnd = 0;
    qsizetype m_shared = 0;
    bool m_matching = false;
    qsizetype m_liveBytes = 0; // of m_bytes, when last compacted
    int m_listCheck = 0;       // the events still to check and drop of a parse from the last item
    Event m_list;              // the list those belong to
    std::vector<Event> m_events;
    std::vector<Attribute> m_attributes;
    QByteArray m_bytes;
    std::vector<MD_TEXTTYPE> m_types;
    std::vector<MD_OFFSET> m_offsets;
};

} // namespace streamcanvas::markdown
