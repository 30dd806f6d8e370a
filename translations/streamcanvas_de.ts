<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>InlineWriter</name>
    <message>
        <location filename="../app/gui/InlineWriter.cpp" line="30"/>
        <source>no description</source>
        <translation>keine Beschreibung</translation>
    </message>
    <message>
        <location filename="../app/gui/InlineWriter.cpp" line="33"/>
        <source>[image: %1]</source>
        <translation>[Bild: %1]</translation>
    </message>
    <message>
        <location filename="../app/gui/InlineWriter.cpp" line="34"/>
        <source>[image: %1 — %2]</source>
        <translation>[Bild: %1 — %2]</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="30"/>
        <source>Desktop client for the AI gateway.</source>
        <translation>Desktop-Client für das KI-Gateway.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="34"/>
        <source>Show the Markdown file &lt;file&gt; as an answer.</source>
        <translation>Die Markdown-Datei &lt;file&gt; als Antwort anzeigen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="36"/>
        <source>Feed the file in small chunks, as a streamed answer arrives.</source>
        <translation>Die Datei in kleinen Stücken einspeisen, so wie eine gestreamte Antwort ankommt.</translation>
    </message>
</context>
<context>
    <name>streamcanvas::gui::CodeBlockWidget</name>
    <message>
        <location filename="../app/gui/CodeBlockWidget.cpp" line="39"/>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../app/gui/CodeBlockWidget.cpp" line="45"/>
        <location filename="../app/gui/CodeBlockWidget.cpp" line="80"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/CodeBlockWidget.cpp" line="47"/>
        <source>Copy the code exactly as shown</source>
        <translation>Den Code genau wie angezeigt kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/CodeBlockWidget.cpp" line="79"/>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>streamcanvas::gui::ImagePlaceholderWidget</name>
    <message>
        <location filename="../app/gui/ImagePlaceholderWidget.cpp" line="35"/>
        <source>Image (no description)</source>
        <translation>Bild (ohne Beschreibung)</translation>
    </message>
    <message>
        <location filename="../app/gui/ImagePlaceholderWidget.cpp" line="35"/>
        <source>Image: %1</source>
        <translation>Bild: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ImagePlaceholderWidget.cpp" line="43"/>
        <source>Not loaded</source>
        <translation>Nicht geladen</translation>
    </message>
    <message>
        <location filename="../app/gui/ImagePlaceholderWidget.cpp" line="43"/>
        <source>From %1 — not loaded</source>
        <translation>Von %1 — nicht geladen</translation>
    </message>
</context>
<context>
    <name>streamcanvas::gui::LinkConfirmationDialog</name>
    <message>
        <location filename="../app/gui/LinkConfirmationDialog.cpp" line="39"/>
        <source>Open link?</source>
        <translation>Link öffnen?</translation>
    </message>
    <message>
        <location filename="../app/gui/LinkConfirmationDialog.cpp" line="43"/>
        <source>The answer links to this address:</source>
        <translation>Die Antwort verweist auf diese Adresse:</translation>
    </message>
    <message>
        <location filename="../app/gui/LinkConfirmationDialog.cpp" line="56"/>
        <source>Host: (none)</source>
        <translation>Host: (keiner)</translation>
    </message>
    <message>
        <location filename="../app/gui/LinkConfirmationDialog.cpp" line="56"/>
        <source>Host: %1</source>
        <translation>Host: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/LinkConfirmationDialog.cpp" line="64"/>
        <source>This host uses international characters. It is shown in its ASCII form so that look-alike letters cannot disguise it.</source>
        <translation>Dieser Host enthält internationale Zeichen. Er wird in ASCII-Form angezeigt, damit ähnlich aussehende Buchstaben ihn nicht verschleiern können.</translation>
    </message>
    <message>
        <location filename="../app/gui/LinkConfirmationDialog.cpp" line="71"/>
        <source>Warning: the link text “%1” looks like a different address than where the link really goes.</source>
        <translation>Warnung: Der Linktext „%1“ sieht nach einer anderen Adresse aus als dem tatsächlichen Ziel des Links.</translation>
    </message>
    <message>
        <location filename="../app/gui/LinkConfirmationDialog.cpp" line="83"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>streamcanvas::gui::ListBlockWidget</name>
    <message>
        <location filename="../app/gui/ListBlockWidget.cpp" line="53"/>
        <source>Task, done</source>
        <translation>Aufgabe, erledigt</translation>
    </message>
    <message>
        <location filename="../app/gui/ListBlockWidget.cpp" line="53"/>
        <source>Task, open</source>
        <translation>Aufgabe, offen</translation>
    </message>
</context>
<context>
    <name>streamcanvas::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="20"/>
        <source>StreamCanvas</source>
        <translation>StreamCanvas</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="50"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="53"/>
        <source>%1 — StreamCanvas</source>
        <translation>%1 — StreamCanvas</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="74"/>
        <source>Receiving…</source>
        <translation>Empfange …</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="86"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>streamcanvas::gui::MessageView</name>
    <message>
        <location filename="../app/gui/MessageView.cpp" line="43"/>
        <source>Invisible or direction-changing characters in this answer are shown as visible markers such as ⟨U+202E⟩.</source>
        <translation>Unsichtbare oder richtungsändernde Zeichen in dieser Antwort werden als sichtbare Markierungen wie ⟨U+202E⟩ angezeigt.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MessageView.cpp" line="135"/>
        <source>%n hidden character(s) made visible</source>
        <translation>
            <numerusform>%n verborgenes Zeichen sichtbar gemacht</numerusform>
            <numerusform>%n verborgene Zeichen sichtbar gemacht</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/MessageView.cpp" line="161"/>
        <source>This answer is longer than the display limit; the rest is not shown.</source>
        <translation>Diese Antwort überschreitet die Anzeigegrenze; der Rest wird nicht angezeigt.</translation>
    </message>
    <message>
        <location filename="../app/gui/MessageView.cpp" line="163"/>
        <source>Quotes or lists nested too deeply were flattened.</source>
        <translation>Zu tief verschachtelte Zitate oder Listen wurden abgeflacht.</translation>
    </message>
    <message>
        <location filename="../app/gui/MessageView.cpp" line="165"/>
        <source>A table had too many columns; the extra columns are not shown.</source>
        <translation>Eine Tabelle hatte zu viele Spalten; die überzähligen Spalten werden nicht angezeigt.</translation>
    </message>
    <message>
        <location filename="../app/gui/MessageView.cpp" line="167"/>
        <source>This answer contains too many links; the rest are shown as text.</source>
        <translation>Diese Antwort enthält zu viele Links; die übrigen werden als Text angezeigt.</translation>
    </message>
    <message>
        <location filename="../app/gui/MessageView.cpp" line="169"/>
        <source>Some content was too complex to format and is shown as plain text.</source>
        <translation>Manche Inhalte waren zu komplex zum Formatieren und werden als reiner Text angezeigt.</translation>
    </message>
</context>
</TS>
