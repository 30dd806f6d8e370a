#include "CodeBlockWidget.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTest>
#include <QTextDocument>

using namespace streamcanvas;

class TestCodeBlockWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsTabsAndSpacesExactly();
    void copyPutsExactCodeOnClipboard();
    void showsLanguageAsPlainText();
    void isMonospaceAndReadOnly();
    void heightFitsAllLines();

private:
    static markdown::Block codeBlock(const QString &code, const QString &language);
};

markdown::Block TestCodeBlockWidget::codeBlock(const QString &code, const QString &language)
{
    markdown::Block block;
    block.kind = markdown::Block::Kind::CodeBlock;
    block.code = code;
    block.language = language;
    return block;
}

static const QString tabbedCode
    = QStringLiteral("int main()\n{\n\tif (x)\t// tab\n\t\treturn 1;   \n    return 0;\n}\n");

void TestCodeBlockWidget::keepsTabsAndSpacesExactly()
{
    gui::CodeBlockWidget widget(codeBlock(tabbedCode, QStringLiteral("c")));
    QCOMPARE(widget.code(), tabbedCode);
    // Shown without the fence's final newline, every other character as sent.
    QString shown = tabbedCode;
    shown.chop(1);
    // The raw text separates lines with U+2029; nothing else may differ.
    QCOMPARE(
        widget.editor()->document()->toRawText(), QString(shown).replace(QLatin1Char('\n'), QChar::ParagraphSeparator));
    QCOMPARE(widget.editor()->toPlainText(), shown);
    QVERIFY(widget.editor()->tabStopDistance() > 0);
}

void TestCodeBlockWidget::copyPutsExactCodeOnClipboard()
{
    gui::CodeBlockWidget widget(codeBlock(tabbedCode, QStringLiteral("c")));
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QGuiApplication::clipboard()->setText(QStringLiteral("something else"));
    QTest::mouseClick(widget.copyButton(), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), tabbedCode);
    QCOMPARE(widget.copyButton()->text(), gui::CodeBlockWidget::tr("Copied"));
    QTRY_COMPARE_WITH_TIMEOUT(widget.copyButton()->text(), gui::CodeBlockWidget::tr("Copy"), 3000);
}

void TestCodeBlockWidget::showsLanguageAsPlainText()
{
    const QString language = QStringLiteral("<b>py</b>");
    gui::CodeBlockWidget widget(codeBlock(QStringLiteral("x = 1\n"), language));
    auto *label = widget.findChild<QLabel *>(QStringLiteral("language"));
    QVERIFY(label);
    QCOMPARE(label->textFormat(), Qt::PlainText);
    QCOMPARE(label->text(), language);

    gui::CodeBlockWidget unnamed(codeBlock(QStringLiteral("x\n"), QString()));
    QVERIFY(!unnamed.findChild<QLabel *>(QStringLiteral("language"))->text().isEmpty());
}

void TestCodeBlockWidget::isMonospaceAndReadOnly()
{
    gui::CodeBlockWidget widget(codeBlock(tabbedCode, QString()));
    QVERIFY(widget.editor()->isReadOnly());
    QVERIFY(QFontInfo(widget.editor()->font()).fixedPitch());
    QCOMPARE(widget.editor()->lineWrapMode(), QPlainTextEdit::NoWrap);
}

void TestCodeBlockWidget::heightFitsAllLines()
{
    QString code;
    for (int i = 0; i < 30; ++i)
        code += QStringLiteral("line %1\n").arg(i);
    gui::CodeBlockWidget widget(codeBlock(code, QString()));
    widget.resize(500, widget.sizeHint().height());
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QPlainTextEdit *editor = widget.editor();
    QVERIFY(editor->height() >= 30 * editor->fontMetrics().lineSpacing());
    // Nothing scrolled out of view vertically.
    QCOMPARE(editor->verticalScrollBar()->maximum(), 0);
}

QTEST_MAIN(TestCodeBlockWidget)
#include "tst_CodeBlockWidget.moc"
