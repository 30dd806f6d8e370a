#pragma once

#include "markdown/Document.h"

#include <QByteArray>
#include <QString>

class QWidget;

namespace streamcanvas::gui {
class DocumentTextView;
}

namespace streamcanvas::testsupport {

QByteArray readTestData(const QString &relativePath);
// The text view `root` or below it whose text contains `needle`, or nullptr.
gui::DocumentTextView *textViewContaining(QWidget *root, const QString &needle);
// Clicks the middle of the first occurrence of `needle` in `view`, as a mouse would.
bool clickText(gui::DocumentTextView *view, const QString &needle);
// The first link (depth first) whose visible text is `text`.
const markdown::Inline *findLink(const markdown::Blocks &blocks, const QString &text);
// The first inline image, or nullptr.
const markdown::Inline *findImage(const markdown::Blocks &blocks, const QString &alt);

} // namespace streamcanvas::testsupport
