<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>MainWindow</name>
        <message numerus="yes">
            <source>%n file(s) in the document folder could not be read; the log says why.</source>
            <translation>
                <numerusform>%n file in the document folder could not be read; the log says why.</numerusform>
                <numerusform>%n files in the document folder could not be read; the log says why.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n unreadable file(s)</source>
            <translation>
                <numerusform>%n unreadable file</numerusform>
                <numerusform>%n unreadable files</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PersonalLibraryController</name>
        <message numerus="yes">
            <source>Imported %1 of %n file(s).</source>
            <translation>
                <numerusform>Imported %1 of %n file.</numerusform>
                <numerusform>Imported %1 of %n files.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Removed 《%1》 from My documents and deleted its %n note(s).</source>
            <translation>
                <numerusform>Removed 《%1》 from My documents and deleted its %n note.</numerusform>
                <numerusform>Removed 《%1》 from My documents and deleted its %n notes.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Removed 《%1》 from My documents; its %n note(s) were kept.</source>
            <translation>
                <numerusform>Removed 《%1》 from My documents; its %n note was kept.</numerusform>
                <numerusform>Removed 《%1》 from My documents; its %n notes were kept.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PackManagerDialog</name>
        <message numerus="yes">
            <source>%n note(s) re-anchored.</source>
            <translation>
                <numerusform>%n note re-anchored.</numerusform>
                <numerusform>%n notes re-anchored.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ImportQuestions</name>
        <message numerus="yes">
            <source>It has %n note(s), highlight(s) or bookmark(s). Keep them (they stay listed with your notes, detached from the text, and find their place again if you import the document again) or delete them?</source>
            <translation>
                <numerusform>It has %n note, highlight or bookmark. Keep it (it stays listed with your notes, detached from the text, and finds its place again if you import the document again) or delete it?</numerusform>
                <numerusform>It has %n notes, highlights or bookmarks. Keep them (they stay listed with your notes, detached from the text, and find their place again if you import the document again) or delete them?</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>AnnotationUi</name>
        <message numerus="yes">
            <source>Exported %n note(s) to %1.</source>
            <translation>
                <numerusform>Exported %n note to %1.</numerusform>
                <numerusform>Exported %n notes to %1.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PdfExport</name>
        <message numerus="yes">
            <source>Saved %1 (%n page(s)).</source>
            <translation>
                <numerusform>Saved %1 (%n page).</numerusform>
                <numerusform>Saved %1 (%n pages).</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SearchModel</name>
        <message numerus="yes">
            <source>%n hit(s)</source>
            <translation>
                <numerusform>%n hit</numerusform>
                <numerusform>%n hits</numerusform>
            </translation>
        </message>
    </context>
</TS>
