<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>App</name>
        <message>
            <location filename="../../desktop/app.py" line="146" />
            <source>The document folder was not found:
%1

Reinstall the program or ask your administrator.</source>
            <translation>未找到文档文件夹：
%1

请重新安装本程序，或联系系统管理员。</translation>
        </message>
        <message>
            <location filename="../../desktop/app.py" line="154" />
            <source>Documents missing</source>
            <translation>文档缺失</translation>
        </message>
    </context>
    <context>
        <name>ErrorDialog</name>
        <message>
            <location filename="../../desktop/ui/error_dialog.py" line="16" />
            <source>Unexpected error</source>
            <translation>意外错误</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/error_dialog.py" line="17" />
            <source>Something went wrong. Your documents and settings are not affected.</source>
            <translation>程序出现错误。您的文档和设置未受影响。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/error_dialog.py" line="20" />
            <source>%1

The details were written to the log in %2.</source>
            <translation>%1

详细信息已写入日志（%2）。</translation>
        </message>
    </context>
    <context>
        <name>FindBar</name>
        <message>
            <location filename="../../desktop/ui/find_bar.py" line="71" />
            <source>Find:</source>
            <translation>查找：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/find_bar.py" line="72" />
            <source>Find in this document</source>
            <translation>在本文档中查找</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/find_bar.py" line="73" />
            <source>Previous match (Shift+Enter)</source>
            <translation>上一处（Shift+Enter）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/find_bar.py" line="74" />
            <source>Next match (Enter)</source>
            <translation>下一处（Enter）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/find_bar.py" line="75" />
            <source>Close (Esc)</source>
            <translation>关闭（Esc）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/find_bar.py" line="93" />
            <source>No matches</source>
            <translation>无匹配</translation>
        </message>
    </context>
    <context>
        <name>LibraryPanel</name>
        <message>
            <location filename="../../desktop/ui/library_panel.py" line="40" />
            <source>Filter: title, heading or pinyin (szzf)</source>
            <translation>筛选：标题、小标题或拼音（szzf）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/library_panel.py" line="43" />
            <source>Type Chinese in either script, pinyin (shuzi) or pinyin initials (szzf).</source>
            <translation>可输入简体或繁体中文、拼音（shuzi）或拼音首字母（szzf）。</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="297" />
            <source>Library</source>
            <translation>文库</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="298" />
            <source>Outline</source>
            <translation>提纲</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="299" />
            <source>Search</source>
            <translation>检索</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="300" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="301" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="302" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="303" />
            <source>&amp;Go</source>
            <translation>转到(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="304" />
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="305" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="306" />
            <source>Toolbar</source>
            <translation>工具栏</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="308" />
            <source>&amp;Print…</source>
            <translation>打印(&amp;P)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="309" />
            <source>Export as &amp;PDF…</source>
            <translation>导出为 PDF(&amp;P)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="310" />
            <source>&amp;Rebuild the search index…</source>
            <translation>重建检索索引(&amp;R)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="311" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="312" />
            <source>&amp;Copy</source>
            <translation>复制(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="313" />
            <source>Copy with &amp;citation</source>
            <translation>复制并附出处(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="314" />
            <source>&amp;Find in document…</source>
            <translation>在文档中查找(&amp;F)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="315" />
            <source>&amp;Search the library…</source>
            <translation>检索文库(&amp;S)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="316" />
            <source>&amp;Next match</source>
            <translation>下一处(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="317" />
            <source>P&amp;revious match</source>
            <translation>上一处(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="318" />
            <source>&amp;Back</source>
            <translation>后退(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="319" />
            <source>&amp;Forward</source>
            <translation>前进(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="320" />
            <source>Zoom &amp;in</source>
            <translation>放大(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="321" />
            <source>Zoom &amp;out</source>
            <translation>缩小(&amp;O)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="322" />
            <source>&amp;Default size</source>
            <translation>默认字号(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="323" />
            <source>E&amp;xtra large</source>
            <translation>超大字号(&amp;X)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="324" />
            <source>&amp;Original script (Traditional)</source>
            <translation>原文字形（繁体）(&amp;O)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="325" />
            <source>&amp;Simplified Chinese</source>
            <translation>简体中文(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="326" />
            <source>&amp;System language</source>
            <translation>跟随系统(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="327" />
            <source>&amp;About Policy Library</source>
            <translation>关于政策文库(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="331" />
            <source>繁</source>
            <comment>short label for the original script</comment>
            <translation>繁</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="332" />
            <source>简</source>
            <comment>short label for Simplified</comment>
            <translation>简</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="368" />
            <source>%1 file(s) in the document folder could not be read; the log says why.</source>
            <translation>文档文件夹中有 %1 个文件无法读取，原因见日志。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="409" />
            <source>That document is no longer in the library.</source>
            <translation>该文档已不在文库中。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="467" />
            <source>Policy Library</source>
            <translation>政策文库</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="481" />
            <source>the search index is not ready</source>
            <translation>检索索引尚未就绪</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="647" />
            <source>Select some text first.</source>
            <translation>请先选择文字。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="653" />
            <source>Copied with citation.</source>
            <translation>已复制，并附出处。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="661" />
            <source>Print</source>
            <translation>打印</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="667" />
            <source>Printing failed</source>
            <translation>打印失败</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="674" />
            <source>Export as PDF</source>
            <translation>导出为 PDF</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="675" />
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="684" />
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="685" />
            <source>The PDF could not be written: %1</source>
            <translation>无法写入 PDF：%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="689" />
            <source>Saved %1 (%2 pages).</source>
            <translation>已保存 %1（共 %2 页）。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="702" />
            <source>About Policy Library</source>
            <translation>关于政策文库</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="704" />
            <source>Policy Library %1
An offline reader for policy documents.
User data: %2</source>
            <translation>政策文库 %1
离线政策文件阅读器。
用户数据：%2</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="712" />
            <source>Documents: %1</source>
            <translation>文档：%1 篇</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="714" />
            <source>search unavailable</source>
            <translation>检索不可用</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="717" />
            <source>%1 unreadable file(s)</source>
            <translation>%1 个文件无法读取</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="734" />
            <source>The search index cannot be used (%1). It is being rebuilt from the documents; you can read while it is built.</source>
            <translation>检索索引无法使用（%1）。正在根据文档重新建立索引；建立期间可以继续阅读。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="765" />
            <source>Building the search index…</source>
            <translation>正在建立检索索引…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="765" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="767" />
            <location filename="../../desktop/ui/main_window.py" line="818" />
            <source>Search index</source>
            <translation>检索索引</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="800" />
            <source>Search index rebuilt: %1 documents.</source>
            <translation>检索索引已重建：%1 篇文档。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="812" />
            <source>The rebuild was cancelled. Library search is unavailable until the index is rebuilt (File menu).</source>
            <translation>已取消重建。重建索引之前无法检索文库（见“文件”菜单）。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/main_window.py" line="813" />
            <source>The search index could not be rebuilt: %1</source>
            <translation>无法重建检索索引：%1</translation>
        </message>
    </context>
    <context>
        <name>SearchModel</name>
        <message>
            <location filename="../../desktop/models/search_model.py" line="60" />
            <source>%1 hits</source>
            <translation>%1 处</translation>
        </message>
        <message>
            <location filename="../../desktop/models/search_model.py" line="76" />
            <source>(beginning)</source>
            <translation>（开头）</translation>
        </message>
    </context>
    <context>
        <name>SearchPanel</name>
        <message>
            <location filename="../../desktop/ui/search_panel.py" line="148" />
            <source>Search the library (Ctrl+Shift+F)</source>
            <translation>检索文库（Ctrl+Shift+F）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" line="156" />
            <source>Words separated by spaces must all occur in a paragraph.
A OR B: either word.  -word: leave out paragraphs with it.
"a phrase with spaces": exactly this text.
Simplified and Traditional characters find each other.</source>
            <translation>以空格分隔的词须同时出现在同一段中。
A OR B：任一词即可。  -词：排除含该词的段落。
"带空格的短语"：按原样精确匹配。
简体与繁体可互相检索。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" line="157" />
            <source>Only in this document</source>
            <translation>仅在本文档中</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" line="193" />
            <source>Search failed: %1. If this happens again, rebuild the search index (File menu).</source>
            <translation>检索失败：%1。如再次出现，请重建检索索引（见“文件”菜单）。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" line="202" />
            <source>Type words to search for.</source>
            <translation>请输入要检索的词语。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" line="206" />
            <source>No matches.</source>
            <translation>没有匹配结果。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" line="208" />
            <source>%1 matching paragraphs; the first %2 are shown.</source>
            <translation>共 %1 段匹配，显示前 %2 段。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" line="210" />
            <source>%1 matching paragraphs</source>
            <translation>共 %1 段匹配</translation>
        </message>
    </context>
</TS>
