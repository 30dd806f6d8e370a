#include "GuiTestHelpers.h"

#include "DocumentTextView.h"
#include "markdown/DocumentText.h"

#include <QFile>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>

#include <functional>

namespace streamcanvas::testsupport {

using markdown::Block;
using markdown::Inline;
using markdown::Inlines;

QByteArray readTestData(const QString &relativePath)
{
    QFile file(QStringLiteral(STREAMCANVAS_TEST_DATA_DIR "/") + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

gui::DocumentTextView *textViewContaining(QWidget *root, const QString &needle)
{
    QList<gui::DocumentTextView *> views = root->findChildren<gui::DocumentTextView *>();
    if (auto *self = qobject_cast<gui::DocumentTextView *>(root))
        views.prepend(self);
    for (gui::DocumentTextView *view : std::as_const(views)) {
        if (!view->document()->find(needle).isNull())
            return view;
    }
    return nullptr;
}

bool clickText(gui::DocumentTextView *view, const QString &needle)
{
    const QTextCursor found = view->document()->find(needle);
    if (found.isNull())
        return false;
    QTextCursor middle(view->document());
    middle.setPosition((found.selectionStart() + found.selectionEnd()) / 2);
    const QPoint point = view->cursorRect(middle).center() + QPoint(1, 0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, point);
    return true;
}

namespace {

const Inline *findInInlines(const Inlines &inlines, const std::function<bool(const Inline &)> &match)
{
    for (const Inline &item : inlines) {
        if (match(item))
            return &item;
        if (const Inline *inner = findInInlines(item.children, match))
            return inner;
    }
    return nullptr;
}

const Inline *findInBlocks(const markdown::Blocks &blocks, const std::function<bool(const Inline &)> &match)
{
    for (const Block &block : blocks) {
        if (const Inline *found = findInInlines(block.inlines, match))
            return found;
        for (const auto &row : block.rows) {
            for (const Inlines &cell : row) {
                if (const Inline *found = findInInlines(cell, match))
                    return found;
            }
        }
        if (const Inline *found = findInBlocks(block.children, match))
            return found;
    }
    return nullptr;
}

} // namespace

const Inline *findLink(const markdown::Blocks &blocks, const QString &text)
{
    return findInBlocks(blocks, [&](const Inline &item) {
        return item.kind == Inline::Kind::Link && markdown::DocumentText::inlineText(item.children) == text;
    });
}

const Inline *findImage(const markdown::Blocks &blocks, const QString &alt)
{
    return findInBlocks(
        blocks, [&](const Inline &item) { return item.kind == Inline::Kind::Image && item.text == alt; });
}

} // namespace streamcanvas::testsupport
