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
        <message>
            <location filename="../../desktop/ui/library_panel.py" line="1" />
            <source>Earlier versions</source>
            <translation>历史版本</translation>
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
            <source>Export as P&amp;DF…</source>
            <translation>导出为 PDF(&amp;D)…</translation>
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
            <source>Copy with ci&amp;tation</source>
            <translation>复制并附出处(&amp;T)</translation>
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
            <source>Zoom o&amp;ut</source>
            <translation>缩小(&amp;U)</translation>
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
        <message numerus="yes">
            <source>%n file(s) in the document folder could not be read; the log says why.</source>
            <translation>
                <numerusform>文档文件夹中有 %n 个文件无法读取，原因见日志。</numerusform>
            </translation>
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
        <message numerus="yes">
            <source>%n unreadable file(s)</source>
            <translation>
                <numerusform>%n 个文件无法读取</numerusform>
            </translation>
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
        <message>
            <source>S&amp;witch script (简/繁)</source>
            <translation>切换简繁(&amp;W)</translation>
        </message>
        <message>
            <source>Showing Simplified Chinese.</source>
            <translation>已切换为简体。</translation>
        </message>
        <message>
            <source>Showing the original script.</source>
            <translation>已切换为原文字形。</translation>
        </message>
        <message>
            <source>Match %1 of %2</source>
            <translation>第 %1 处，共 %2 处</translation>
        </message>
    </context>
    <context>
        <name>PackManagerDialog</name>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="100" />
            <source>Library packs</source>
            <translation>文库包</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="106" />
            <source>Library packs add signed collections of documents. Install one from a file or drop it here; only packs signed by a trusted publisher are accepted.</source>
            <translation>文库包用于添加经过签名的文件合集。可从文件安装，或将文件拖放到此处；只接受受信任发布者签名的文库包。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="109" />
            <source>Id</source>
            <translation>标识</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="110" />
            <source>Title</source>
            <translation>标题</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="111" />
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="112" />
            <source>Publisher</source>
            <translation>发布者</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="113" />
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="114" />
            <source>Documents</source>
            <translation>文件数</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="115" />
            <source>Installed for</source>
            <translation>安装范围</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="118" />
            <source>&amp;Install from file…</source>
            <translation>从文件安装(&amp;I)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="119" />
            <source>&amp;Remove</source>
            <translation>移除(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="127" />
            <source>this machine</source>
            <translation>本机所有用户</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="172" />
            <source>(not used: another installed pack takes its place)</source>
            <translation>（未使用：另一个已安装的文库包取代了它）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="129" />
            <source>this user</source>
            <translation>当前用户</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="131" />
            <source>The pack file was not found.</source>
            <translation>找不到文库包文件。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="132" />
            <source>The file is not a library pack, or it is truncated or damaged.</source>
            <translation>该文件不是文库包，或已被截断、损坏。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="133" />
            <source>The pack's contents are not laid out as a pack must be.</source>
            <translation>文库包的内容结构不正确。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="134" />
            <source>The pack is larger than this program accepts.</source>
            <translation>文库包超出本程序允许的大小。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="135" />
            <source>The pack is not signed.</source>
            <translation>文库包没有签名。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="136" />
            <source>The pack is not signed by a trusted publisher key.</source>
            <translation>文库包的签名不属于任何受信任的发布者密钥。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="137" />
            <source>The pack has been changed after it was signed.</source>
            <translation>文库包在签名后被改动过。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="138" />
            <source>The pack was made for a newer version of this program.</source>
            <translation>该文库包需要更新版本的本程序。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="139" />
            <source>The pack's description is invalid.</source>
            <translation>文库包的说明信息无效。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="142" />
            <source>A pack with this id from a different publisher is already installed.</source>
            <translation>已安装一个同名但来自其他发布者的文库包。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="145" />
            <source>A document in the pack has the same id as one already in the library or in another installed pack.</source>
            <translation>文库包中有文件与文库中已有的文件或另一个已安装文库包中的文件标识相同。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="149" />
            <source>Another program is installing or removing a library pack; try again when it has finished.</source>
            <translation>另一个程序正在安装或删除文库包，请在其完成后重试。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="146" />
            <source>Some documents in the pack cannot be read.</source>
            <translation>文库包中有文件无法读取。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="147" />
            <source>The pack's index cannot be used.</source>
            <translation>文库包的索引无法使用。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="148" />
            <source>No pack with this id is installed.</source>
            <translation>没有安装该标识的文库包。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="149" />
            <source>The pack folder cannot be written.</source>
            <translation>无法写入文库包文件夹。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="150" />
            <source>The pack file cannot be read: its disk reported an error or was removed.</source>
            <translation>无法读取文库包文件：它所在的磁盘报告了错误，或已被拔出。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="151" />
            <source>The pack cannot be used.</source>
            <translation>该文库包无法使用。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="188" />
            <source>Install a library pack</source>
            <translation>安装文库包</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="190" />
            <source>Library packs (*%1);;All files (*)</source>
            <translation>文库包 (*%1);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="210" />
            <source>%1 — version %2, %3 documents, published by %4 on %5</source>
            <translation>%1 — 版本 %2，共 %3 个文件，由 %4 于 %5 发布</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="218" />
            <source>Replaces the installed version %1.</source>
            <translation>将替换已安装的版本 %1。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="232" />
            <source>Added: %1</source>
            <translation>新增：%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="233" />
            <source>Changed: %1</source>
            <translation>修改：%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="234" />
            <source>Removed: %1</source>
            <translation>删除：%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="245" />
            <source>Install library pack</source>
            <translation>安装文库包</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="246" />
            <source>Install this pack?</source>
            <translation>安装此文库包？</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="268" />
            <source>Installed %1 version %2.</source>
            <translation>已安装 %1，版本 %2。</translation>
        </message>
        <message numerus="yes">
            <source>%n note(s) re-anchored.</source>
            <translation>
                <numerusform>已重新定位 %n 条笔记。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="285" />
            <source>Remove library pack</source>
            <translation>移除文库包</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="288" />
            <source>Remove %1? Its documents leave the library; notes on them are kept, detached.</source>
            <translation>移除 %1？其中的文件将从文库中移除；相关笔记会保留为未定位状态。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="306" />
            <source>Removed %1.</source>
            <translation>已移除 %1。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_dialog.py" line="328" />
            <source>Library pack refused</source>
            <translation>文库包被拒绝</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/packs_action.py" line="36" />
            <source>Library pac&amp;ks…</source>
            <translation>文库包(&amp;K)…</translation>
        </message>
    </context>
    <context>
        <name>SearchModel</name>
        <message numerus="yes">
            <source>%n hit(s)</source>
            <translation>
                <numerusform>%n 处</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/models/search_model.py" />
            <source>[earlier version %1]</source>
            <translation>[历史版本 %1]</translation>
        </message>
        <message>
            <location filename="../../desktop/models/search_model.py" line="76" />
            <source>(beginning)</source>
            <translation>（开头）</translation>
        </message>
        <message>
            <source>[personal]</source>
            <translation>[个人]</translation>
        </message>
    </context>
    <context>
        <name>SearchPanel</name>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>Include earlier versions</source>
            <translation>含历史版本</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>Search earlier versions of laws too, not only the versions in force.</source>
            <translation>同时检索法律法规的历史版本，而不只是现行版本。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>By relevance</source>
            <translation>按相关度</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>Newest first</source>
            <translation>按日期（新的在前）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>Order of the results</source>
            <translation>结果排序</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>Show only matches in documents of this category</source>
            <translation>只显示这一类别文献中的结果</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>Show only matches in documents of this year</source>
            <translation>只显示这一年份文献中的结果</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>All categories</source>
            <translation>全部类别</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>Other documents</source>
            <translation>其他文献</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>All years</source>
            <translation>全部年份</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/search_panel.py" />
            <source>No date</source>
            <translation>无日期</translation>
        </message>
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
        <message>
            <source>1 matching paragraph</source>
            <translation>共 1 段匹配</translation>
        </message>
    </context>
    <context>
        <name>ImportMetadataDialog</name>
        <message>
            <source>Import a document</source>
            <translation>导入文档</translation>
        </message>
        <message>
            <source>File: %1</source>
            <translation>文件：%1</translation>
        </message>
        <message>
            <source>(%1 of %2)</source>
            <translation>（第 %1 个，共 %2 个）</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>标题(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;Source:</source>
            <translation>来源(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;Date:</source>
            <translation>日期(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;Author:</source>
            <translation>作者(&amp;A)：</translation>
        </message>
        <message>
            <source>e.g. 2024-03-05</source>
            <translation>例如 2024-03-05</translation>
        </message>
        <message>
            <source>Add as a new document</source>
            <translation>作为新文档添加</translation>
        </message>
        <message>
            <source>Replace 《%1》 (its notes stay with it)</source>
            <translation>替换《%1》（其笔记随之保留）</translation>
        </message>
        <message>
            <source>&amp;Import as:</source>
            <translation>导入方式(&amp;I)：</translation>
        </message>
        <message>
            <source>Please note:</source>
            <translation>请注意：</translation>
        </message>
        <message>
            <source>&amp;Import</source>
            <translation>导入(&amp;I)</translation>
        </message>
        <message>
            <source>S&amp;kip this file</source>
            <translation>跳过此文件(&amp;K)</translation>
        </message>
        <message>
            <source>Cancel the import</source>
            <translation>取消导入</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>ImportQuestions</name>
        <message>
            <source>Import documents</source>
            <translation>导入文档</translation>
        </message>
        <message>
            <source>%1 files are ready to import. Check the details of each one?</source>
            <translation>已准备导入 %1 个文件。是否逐个核对文档信息？</translation>
        </message>
        <message>
            <source>Title, source, date and author are taken from each file; you can also review and edit them file by file.</source>
            <translation>标题、来源、日期和作者取自各文件；也可以逐个核对和修改。</translation>
        </message>
        <message>
            <source>&amp;Use the details as read</source>
            <translation>直接使用读取的信息(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Edit each</source>
            <translation>逐个编辑(&amp;E)</translation>
        </message>
        <message>
            <source>Already in your library</source>
            <translation>已在个人文库中</translation>
        </message>
        <message>
            <source>%1 is already in your library as 《%2》.</source>
            <translation>%1 已作为《%2》存在于个人文库中。</translation>
        </message>
        <message>
            <source>Replacing it imports the file again with the details you give; its notes and highlights stay with it.</source>
            <translation>替换将按您填写的信息重新导入该文件；其笔记和高亮随之保留。</translation>
        </message>
        <message>
            <source>&amp;Replace the existing document</source>
            <translation>替换现有文档(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Skip this file</source>
            <translation>跳过此文件(&amp;S)</translation>
        </message>
        <message>
            <source>Remove from my library</source>
            <translation>从个人文库移除</translation>
        </message>
        <message>
            <source>Remove 《%1》 from your library?</source>
            <translation>要从个人文库中移除《%1》吗？</translation>
        </message>
        <message>
            <source>The library's copy of the file is deleted; the file you imported it from is not touched.</source>
            <translation>文库中保存的副本将被删除；您导入时使用的原文件不受影响。</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>移除(&amp;R)</translation>
        </message>
        <message numerus="yes">
            <source>It has %n note(s), highlight(s) or bookmark(s). Keep them (they stay listed with your notes, detached from the text, and find their place again if you import the document again) or delete them?</source>
            <translation>
                <numerusform>该文档有 %n 条笔记、高亮或书签。保留它们（仍列在笔记中，与正文脱离；再次导入该文档时会重新定位），还是删除？</numerusform>
            </translation>
        </message>
        <message>
            <source>Remove, &amp;keep the notes</source>
            <translation>移除，保留笔记(&amp;K)</translation>
        </message>
        <message>
            <source>Remove and &amp;delete the notes</source>
            <translation>移除并删除笔记(&amp;D)</translation>
        </message>
    </context>
    <context>
        <name>PersonalLibraryController</name>
        <message>
            <source>&amp;Import documents…</source>
            <translation>导入文档(&amp;I)…</translation>
        </message>
        <message>
            <source>Add your own .docx, .pdf, .txt, .md or .html files to My documents</source>
            <translation>将您自己的 .docx、.pdf、.txt、.md 或 .html 文件添加到“我的文档”</translation>
        </message>
        <message>
            <source>My documents</source>
            <translation>我的文档</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>%1 (%2 of %3)</source>
            <translation>%1（第 %2 个，共 %3 个）</translation>
        </message>
        <message>
            <source>The personal library could not be changed: %1</source>
            <translation>个人文库未能更改：%1</translation>
        </message>
        <message>
            <source>My documents could not be opened: %1</source>
            <translation>无法打开“我的文档”：%1</translation>
        </message>
        <message>
            <source>Documents (%1)</source>
            <translation>文档 (%1)</translation>
        </message>
        <message>
            <source>All files (*)</source>
            <translation>所有文件 (*)</translation>
        </message>
        <message>
            <source>Import documents</source>
            <translation>导入文档</translation>
        </message>
        <message>
            <source>My documents are still being opened; try again in a moment.</source>
            <translation>“我的文档”仍在打开，请稍后再试。</translation>
        </message>
        <message>
            <source>Another change to My documents is still running.</source>
            <translation>“我的文档”的另一项更改仍在进行中。</translation>
        </message>
        <message>
            <source>Import cancelled; nothing was changed.</source>
            <translation>已取消导入，未做任何更改。</translation>
        </message>
        <message>
            <source>Reading the files…</source>
            <translation>正在读取文件…</translation>
        </message>
        <message>
            <source>already in your library as 《%1》</source>
            <translation>已作为《%1》存在于个人文库中</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>正在导入…</translation>
        </message>
        <message>
            <source>Imported 《%1》 into My documents.</source>
            <translation>已将《%1》导入“我的文档”。</translation>
        </message>
        <message>
            <source>%1 — not imported: %2</source>
            <translation>%1 — 未导入：%2</translation>
        </message>
        <message>
            <source>%1 — imported; note: %2</source>
            <translation>%1 — 已导入；注意：%2</translation>
        </message>
        <message>
            <source>%1 — skipped</source>
            <translation>%1 — 已跳过</translation>
        </message>
        <message>
            <source>%1 — not imported (cancelled)</source>
            <translation>%1 — 未导入（已取消）</translation>
        </message>
        <message numerus="yes">
            <source>Imported %1 of %n file(s).</source>
            <translation>
                <numerusform>已导入 %1 个文件，共 %n 个。</numerusform>
            </translation>
        </message>
        <message>
            <source>The import was cancelled; the other files were not touched.</source>
            <translation>导入已取消，其余文件未作处理。</translation>
        </message>
        <message>
            <source>Files that could not be imported changed nothing.</source>
            <translation>未能导入的文件没有造成任何更改。</translation>
        </message>
        <message>
            <source>&amp;Remove from my library…</source>
            <translation>从个人文库移除(&amp;R)…</translation>
        </message>
        <message>
            <source>Imported from: %1</source>
            <translation>导入自：%1</translation>
        </message>
        <message>
            <source>Removed 《%1》 from My documents.</source>
            <translation>已从“我的文档”移除《%1》。</translation>
        </message>
        <message numerus="yes">
            <source>Removed 《%1》 from My documents and deleted its %n note(s).</source>
            <translation>
                <numerusform>已从“我的文档”移除《%1》，并删除其 %n 条笔记。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Removed 《%1》 from My documents; its %n note(s) were kept.</source>
            <translation>
                <numerusform>已从“我的文档”移除《%1》，其 %n 条笔记已保留。</numerusform>
            </translation>
        </message>
        <message>
            <source>Edit &amp;details (title, source, date, author)…</source>
            <translation>编辑文档信息（标题、来源、日期、作者）(&amp;D)…</translation>
        </message>
        <message>
            <source>the imported file of this document is missing</source>
            <translation>该文档导入时保存的原文件已丢失</translation>
        </message>
        <message>
            <source>Saved the details of 《%1》.</source>
            <translation>已保存《%1》的文档信息。</translation>
        </message>
    </context>
    <context>
        <name>AnnotationDialog</name>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="75" />
            <source>Bookmark</source>
            <translation>书签</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="75" />
            <source>Note</source>
            <translation>笔记</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="87" />
            <source>tags, separated by commas</source>
            <translation>标签，用逗号分隔</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="90" />
            <source>Name:</source>
            <translation>名称：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="96" />
            <source>Colour:</source>
            <translation>颜色：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="97" />
            <source>Note:</source>
            <translation>笔记：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="98" />
            <source>Tags:</source>
            <translation>标签：</translation>
        </message>
    </context>
    <context>
        <name>AnnotationPanel</name>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="228" />
            <source>Search notes and highlighted text</source>
            <translation>搜索笔记和划线文字</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="234" />
            <source>Any time</source>
            <translation>全部时间</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="235" />
            <source>Today</source>
            <translation>今天</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="236" />
            <source>Past 7 days</source>
            <translation>最近 7 天</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="237" />
            <source>Past 30 days</source>
            <translation>最近 30 天</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="238" />
            <source>Past year</source>
            <translation>最近一年</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="241" />
            <source>All kinds</source>
            <translation>全部类型</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="242" />
            <source>Highlights</source>
            <translation>划线</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="243" />
            <source>Notes</source>
            <translation>笔记</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="244" />
            <source>Bookmarks</source>
            <translation>书签</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="261" />
            <source>All colours</source>
            <translation>全部颜色</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="268" />
            <source>All tags</source>
            <translation>全部标签</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="280" />
            <source>All documents</source>
            <translation>全部文档</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="281" />
            <source>Current document</source>
            <translation>当前文档</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="341" />
            <source>(Beginning)</source>
            <translation>（开头）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="342" />
            <source>Detached — text not found in this version</source>
            <translation>已脱离——本版本中未找到原文</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="343" />
            <source>Bookmark: %1</source>
            <translation>书签：%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="344" />
            <source>(no longer in the library)</source>
            <translation>（已不在文库中）</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="364" />
            <source>%1 matching</source>
            <translation>符合条件 %1 条</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="366" />
            <source>%1 in the library</source>
            <translation>文库中共 %1 条</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="400" />
            <source>Go to</source>
            <translation>转到</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="403" />
            <source>Rename…</source>
            <translation>重命名…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="405" />
            <source>Edit note and tags…</source>
            <translation>编辑笔记和标签…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_panel.py" line="407" />
            <source>Delete</source>
            <translation>删除</translation>
        </message>
    </context>
    <context>
        <name>AnnotationUi</name>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="216" />
            <source>Notes</source>
            <translation>笔记</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="217" />
            <source>&amp;Notes</source>
            <translation>笔记(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="218" />
            <source>&amp;Highlight selection</source>
            <translation>划线标注所选文字(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="221" />
            <source>Add or edit &amp;note…</source>
            <translation>添加或编辑笔记(&amp;N)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="222" />
            <source>&amp;Delete highlight</source>
            <translation>删除划线(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="223" />
            <source>&amp;Bookmark this paragraph</source>
            <translation>为本段加书签(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="224" />
            <source>&amp;Undo note change</source>
            <translation>撤销笔记修改(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="225" />
            <source>Re&amp;do note change</source>
            <translation>重做笔记修改(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="226" />
            <source>&amp;Colour labels…</source>
            <translation>颜色标签(&amp;C)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="227" />
            <source>&amp;Export notes…</source>
            <translation>导出笔记(&amp;E)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="228" />
            <source>I&amp;mport notes…</source>
            <translation>导入笔记(&amp;M)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="229" />
            <source>Notes &amp;panel</source>
            <translation>笔记面板(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="256" />
            <source>Notes unavailable</source>
            <translation>笔记不可用</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="260" />
            <source>The notes database could not be opened, so highlights and notes are unavailable in this session. Nothing was deleted.
%1</source>
            <translation>无法打开笔记数据库，本次运行中不能使用划线和笔记。没有删除任何内容。
%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="263" />
            <source>Notes restored from a backup</source>
            <translation>笔记已从备份恢复</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="271" />
            <source>The notes database was damaged. The damaged file was kept, unchanged, at:
%1</source>
            <translation>笔记数据库已损坏。损坏的文件已原样保留在：
%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="277" />
            <source>No good backup was found, so the notes start empty. Your administrator may be able to recover the damaged file.</source>
            <translation>没有找到可用的备份，笔记从空白开始。系统管理员也许能够恢复损坏的文件。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="281" />
            <source>The backup of %1 was restored. Highlights and notes made or changed after that time may be missing.</source>
            <translation>已恢复 %1 的备份。此后新增或修改的划线和笔记可能缺失。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="297" />
            <source>That change was edited since; it cannot be undone.</source>
            <translation>该内容之后又被修改过，无法撤销。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="301" />
            <source>That note no longer exists.</source>
            <translation>该笔记已不存在。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="306" />
            <source>The note could not be saved: %1</source>
            <translation>笔记未能保存：%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="408" />
            <location filename="../../desktop/ui/annotation_controller.py" line="412" />
            <location filename="../../desktop/ui/annotation_controller.py" line="428" />
            <source>Select some text in the document first.</source>
            <translation>请先在文档中选择文字。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="419" />
            <source>This part of the page cannot be annotated; select paragraph text.</source>
            <translation>页面的这一部分不能标注，请选择正文段落中的文字。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="485" />
            <source>Highlighted within the first paragraph only: a note belongs to one paragraph.</source>
            <translation>只在第一段内划线：一条笔记只属于一个段落。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="487" />
            <source>Highlight saved.</source>
            <translation>划线已保存。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="557" />
            <source>Note saved.</source>
            <translation>笔记已保存。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="562" />
            <source>There is no highlight here.</source>
            <translation>此处没有划线。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="572" />
            <source>Deleted. Undo with Ctrl+Z.</source>
            <translation>已删除。按 Ctrl+Z 可撤销。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="595" />
            <source>Bookmark added: %1 (rename it in the Notes panel).</source>
            <translation>已添加书签：%1（可在笔记面板中重命名）。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="616" />
            <source>Nothing to undo.</source>
            <translation>没有可撤销的操作。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="616" />
            <source>Nothing to redo.</source>
            <translation>没有可重做的操作。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="618" />
            <source>Undone.</source>
            <translation>已撤销。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="618" />
            <source>Redone.</source>
            <translation>已重做。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="645" />
            <source>Colour labels saved.</source>
            <translation>颜色标签已保存。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="662" />
            <source>This note's text was not found in the current version of the document; its quote and note are kept in the Notes panel.</source>
            <translation>在文档的当前版本中找不到这条笔记的原文；其引文和笔记仍保留在笔记面板中。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="689" />
            <source>Edit note and tags…</source>
            <translation>编辑笔记和标签…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="690" />
            <source>Delete highlight</source>
            <translation>删除划线</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="704" />
            <source>Word documents (*.docx)</source>
            <translation>Word 文档 (*.docx)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="705" />
            <source>Markdown files (*.md)</source>
            <translation>Markdown 文件 (*.md)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="706" />
            <location filename="../../desktop/ui/annotation_controller.py" line="758" />
            <source>Notes exchange files (*.json)</source>
            <translation>笔记交换文件 (*.json)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="709" />
            <source>Study notes</source>
            <translation>学习笔记</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="711" />
            <source>Export notes</source>
            <translation>导出笔记</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="729" />
            <source>Exporting notes…</source>
            <translation>正在导出笔记…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="737" />
            <source>The notes could not be exported: %1</source>
            <translation>笔记未能导出：%1</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="739" />
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message numerus="yes">
            <source>Exported %n note(s) to %1.</source>
            <translation>
                <numerusform>已导出 %n 条笔记到 %1。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="756" />
            <source>Import notes</source>
            <translation>导入笔记</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="772" />
            <source>Importing notes…</source>
            <translation>正在导入笔记…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="785" />
            <source>Notes imported.</source>
            <translation>笔记已导入。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="790" />
            <source>Notes imported</source>
            <translation>笔记已导入</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="791" />
            <source>Imported %1.</source>
            <translation>已导入 %1。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="797" />
            <source>Added: %1
Updated: %2
Unchanged: %3
Detached (text not found): %4
Deletions received: %5

A backup was taken before the import.</source>
            <translation>新增：%1
更新：%2
未变：%3
已脱离（未找到原文）：%4
收到的删除：%5

导入前已做备份。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="809" />
            <source>%1 was not imported; your notes are unchanged.

%2</source>
            <translation>%1 未导入，您的笔记没有任何改变。

%2</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_controller.py" line="811" />
            <source>Import failed</source>
            <translation>导入失败</translation>
        </message>
    </context>
    <context>
        <name>ColorLabelsDialog</name>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="128" />
            <source>Colour labels</source>
            <translation>颜色标签</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="139" />
            <source>Name the highlight colours:</source>
            <translation>为划线颜色命名：</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="155" />
            <source>Export notes</source>
            <translation>导出笔记</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="157" />
            <source>Word study notes (.docx)</source>
            <translation>Word 学习笔记 (.docx)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="158" />
            <source>Markdown (.md)</source>
            <translation>Markdown (.md)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="160" />
            <source>Exchange file for another computer (.json)</source>
            <translation>供另一台电脑使用的交换文件 (.json)</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="163" />
            <source>All colours</source>
            <translation>全部颜色</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="165" />
            <source>All tags</source>
            <translation>全部标签</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="169" />
            <source>From</source>
            <translation>起始</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="171" />
            <source>Until</source>
            <translation>截止</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="177" />
            <source>Format:</source>
            <translation>格式：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="178" />
            <source>Colour:</source>
            <translation>颜色：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/annotation_dialogs.py" line="179" />
            <source>Tag:</source>
            <translation>标签：</translation>
        </message>
        <message>
            <source>As in the documents</source>
            <translation>与原文一致</translation>
        </message>
        <message>
            <source>Simplified Chinese (简)</source>
            <translation>简体（简）</translation>
        </message>
        <message>
            <source>Traditional Chinese (繁)</source>
            <translation>繁体（繁）</translation>
        </message>
        <message>
            <source>Script:</source>
            <translation>字形：</translation>
        </message>
    </context>
    <context>
        <name>Progress</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>GoToArticleBar</name>
        <message>
            <location filename="../../desktop/ui/go_to_article.py" line="1" />
            <source>Go to article:</source>
            <translation>转到条文：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/go_to_article.py" line="1" />
            <source>21, 二十一 or 第二十一条</source>
            <translation>21、二十一或第二十一条</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/go_to_article.py" line="1" />
            <source>Type an article number, such as 21 or 二十一.</source>
            <translation>请输入条文序号，如 21 或 二十一。</translation>
        </message>
    </context>
    <context>
        <name>LawReading</name>
        <message>
            <location filename="../../desktop/ui/law_reading.py" line="1" />
            <source>Go to &amp;Article…</source>
            <translation>转到条文(&amp;A)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/law_reading.py" line="1" />
            <source>Compare &amp;Versions (新旧对照)…</source>
            <translation>新旧对照(&amp;V)…</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/law_reading.py" line="1" />
            <source>Two versions of this law side by side, aligned article by article</source>
            <translation>并排显示本法的两个版本，逐条对齐</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/law_reading.py" line="1" />
            <source>This document has no %1.</source>
            <translation>本文件没有%1。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/law_reading.py" line="1" />
            <source>This document has only one version in the library.</source>
            <translation>文库中本文件只有一个版本。</translation>
        </message>
    </context>
    <context>
        <name>CompareWindow</name>
        <message>
            <location filename="../../desktop/ui/compare_view.py" line="1" />
            <source>Compare versions</source>
            <translation>新旧对照</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/compare_view.py" line="1" />
            <source>Earlier:</source>
            <translation>旧版本：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/compare_view.py" line="1" />
            <source>Later:</source>
            <translation>新版本：</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/compare_view.py" line="1" />
            <source>That version is no longer in the library.</source>
            <translation>该版本已不在文库中。</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/compare_view.py" line="1" />
            <source>%1 articles changed, %2 added, %3 removed, %4 unchanged.</source>
            <translation>修改 %1 条，新增 %2 条，删除 %3 条，未变 %4 条。</translation>
        </message>
    </context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <location filename="../../desktop/ui/read_only_banner.py" line="45"/>
        <source>Read-only: documents can be read and searched; notes are shown but cannot be changed, and nothing can be imported.</source>
        <translation>只读模式：文档可以阅读和检索；笔记可以查看但不能修改，也不能导入文件。</translation>
    </message>
</context>
    <context>
        <name>LibraryFacet</name>
        <message>
            <location filename="../../desktop/ui/library_facet.py" line="52" />
            <source>All libraries</source>
            <translation>全部文库</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/library_facet.py" line="53" />
            <source>Bundled library</source>
            <translation>内置文库</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/library_facet.py" line="55" />
            <source>My documents</source>
            <translation>我的文档</translation>
        </message>
        <message>
            <location filename="../../desktop/ui/library_facet.py" line="60" />
            <source>Search only in this library</source>
            <translation>只在此文库中检索</translation>
        </message>
    </context>
<context>
    <name>InputMethodNotice</name>
    <message>
        <location filename="../../desktop/input_method.py" line="79" />
        <source>Chinese input: fcitx 4 is running (for example with Sogou Pinyin), and this program cannot receive text from it: its Qt 6 reaches input methods through the ibus protocol only. To type Chinese here, switch to fcitx5 (packages fcitx5 and fcitx5-chinese-addons; its ibus front-end is on by default) or to ibus (packages ibus and ibus-libpinyin), for example with im-config, then log in again. Until then, the library filter finds titles by pinyin or initials typed as letters (szzf finds 数字政府).</source>
        <translation>中文输入：正在运行的是 fcitx 4（例如搭配搜狗拼音），本程序无法从它接收文字：本程序所用的 Qt 6 只能通过 ibus 协议连接输入法。要在这里输入中文，请改用 fcitx5（软件包 fcitx5 和 fcitx5-chinese-addons，其 ibus 前端默认开启）或 ibus（软件包 ibus 和 ibus-libpinyin），例如用 im-config 切换，然后重新登录。在此之前，文库筛选框可以用字母输入的拼音或首字母查找标题（输入 szzf 可找到 数字政府）。</translation>
    </message>
    <message>
        <location filename="../../desktop/input_method.py" line="89" />
        <source>Chinese input: fcitx5 is running without its ibus front-end, the only way this program receives text from it. Enable the addon “IBus Frontend” in the Fcitx 5 configuration (Addons), restart fcitx5 and then this program. Until then, the library filter finds titles by pinyin or initials typed as letters (szzf finds 数字政府).</source>
        <translation>中文输入：fcitx5 正在运行，但未启用它的 ibus 前端，而本程序只能通过该前端从 fcitx5 接收文字。请在 Fcitx 5 配置的“附加组件”中启用“IBus 前端”（IBus Frontend），重启 fcitx5，再重启本程序。在此之前，文库筛选框可以用字母输入的拼音或首字母查找标题（输入 szzf 可找到 数字政府）。</translation>
    </message>
    <message>
        <location filename="../../desktop/input_method.py" line="97" />
        <source>Chinese input: the desktop is set up for fcitx, but no fcitx is running. Start fcitx5 or ibus (packages fcitx5 and fcitx5-chinese-addons, or ibus and ibus-libpinyin) and then restart this program.</source>
        <translation>中文输入：桌面设置为使用 fcitx，但没有正在运行的 fcitx。请启动 fcitx5 或 ibus（软件包 fcitx5 和 fcitx5-chinese-addons，或 ibus 和 ibus-libpinyin），然后重启本程序。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/input_method_notice.py" line="49" />
        <source>Hide this notice</source>
        <translation>关闭此提示</translation>
    </message>
    <message>
        <source>Don't show again</source>
        <translation>不再提示</translation>
    </message>
</context>
    <context>
        <name>HelpActions</name>
        <message>
            <source>&amp;User guide</source>
            <translation>使用说明(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts…</source>
            <translation>快捷键(&amp;K)…</translation>
        </message>
    </context>
    <context>
        <name>GuideDialog</name>
        <message>
            <source>User guide</source>
            <translation>使用说明</translation>
        </message>
        <message>
            <source>The user guide is missing from this installation.</source>
            <translation>本次安装缺少使用说明。</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>快捷键</translation>
        </message>
        <message>
            <source>Command</source>
            <translation>命令</translation>
        </message>
        <message>
            <source>Keys</source>
            <translation>按键</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>位置</translation>
        </message>
        <message>
            <source>Reading view</source>
            <translation>阅读区</translation>
        </message>
        <message>
            <source>Move the caret</source>
            <translation>移动光标</translation>
        </message>
        <message>
            <source>Arrow keys</source>
            <translation>方向键</translation>
        </message>
        <message>
            <source>Select text</source>
            <translation>选择文字</translation>
        </message>
        <message>
            <source>Shift+Arrow keys</source>
            <translation>Shift+方向键</translation>
        </message>
        <message>
            <source>Start / end of the document</source>
            <translation>文首 / 文末</translation>
        </message>
        <message>
            <source>Next / previous match</source>
            <translation>下一处 / 上一处命中</translation>
        </message>
    </context>
    <context>
        <name>PdfExportDialog</name>
        <message>
            <source>Export as PDF</source>
            <translation>导出为 PDF</translation>
        </message>
        <message>
            <source>With my &amp;highlights and notes</source>
            <translation>包含我的划线和笔记(&amp;H)</translation>
        </message>
        <message>
            <source>As in the document</source>
            <translation>与原文一致</translation>
        </message>
        <message>
            <source>Simplified Chinese (简)</source>
            <translation>简体（简）</translation>
        </message>
        <message>
            <source>&amp;Script:</source>
            <translation>字形(&amp;S)：</translation>
        </message>
    </context>
    <context>
        <name>PdfExport</name>
        <message>
            <source>Export as PDF</source>
            <translation>导出为 PDF</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message numerus="yes">
            <source>Saved %1 (%n page(s)).</source>
            <translation>
                <numerusform>已保存 %1（共 %n 页）。</numerusform>
            </translation>
        </message>
        <message>
            <source>Writing %1…</source>
            <translation>正在写入 %1…</translation>
        </message>
        <message>
            <source>The PDF could not be written: %1</source>
            <translation>无法写入 PDF：%1</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <source>Print</source>
            <translation>打印</translation>
        </message>
        <message>
            <source>Printing failed</source>
            <translation>打印失败</translation>
        </message>
    </context>
    <context>
        <name>DocumentDetailsDialog</name>
        <message>
            <source>Document details</source>
            <translation>文档信息</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>标题(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;Source:</source>
            <translation>来源(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;Date:</source>
            <translation>日期(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;Author:</source>
            <translation>作者(&amp;A)：</translation>
        </message>
        <message>
            <source>e.g. 2024-03-05</source>
            <translation>例如 2024-03-05</translation>
        </message>
        <message>
            <source>blank if none</source>
            <translation>没有可留空</translation>
        </message>
        <message>
            <source>Your notes on this document are kept.</source>
            <translation>该文档上的笔记会保留。</translation>
        </message>
    </context>
    <context>
        <name>OutputOptions</name>
        <message>
            <source>With my &amp;highlights and notes</source>
            <translation>包含我的划线和笔记(&amp;H)</translation>
        </message>
        <message>
            <source>As in the document</source>
            <translation>与原文一致</translation>
        </message>
        <message>
            <source>Simplified Chinese (简)</source>
            <translation>简体（简）</translation>
        </message>
        <message>
            <source>&amp;Script:</source>
            <translation>字形(&amp;S)：</translation>
        </message>
        <message>
            <source>Notes and script</source>
            <translation>笔记与字形</translation>
        </message>
    </context>
    <context>
        <name>InterfaceSize</name>
        <message>
            <source>Interface si&amp;ze</source>
            <translation>界面大小(&amp;Z)</translation>
        </message>
        <message>
            <source>Interface size: %1 %</source>
            <translation>界面大小：%1 %</translation>
        </message>
    </context>
    <context>
        <name>FirstRunHints</name>
        <message>
            <source>Search every document at once: type words (Simplified or Traditional both find the text), several words separated by spaces. Enter opens the first result; F3 and Shift+F3 step through every occurrence.</source>
            <translation>一次检索全部文档：输入词语即可，简体繁体都能找到原文，多个词用空格分开。按回车打开第一条结果，F3 和 Shift+F3 逐处跳转。</translation>
        </message>
        <message>
            <source>No notes here yet. Select text in the document (with the mouse, or Shift+arrow keys) and press Ctrl+1 … Ctrl+5 to highlight it, Ctrl+Shift+N to write a note; Ctrl+D bookmarks the paragraph. Your notes are listed here.</source>
            <translation>这里还没有笔记。在正文中选中文字（用鼠标，或 Shift+方向键），按 Ctrl+1 … Ctrl+5 划线，按 Ctrl+Shift+N 写笔记；Ctrl+D 为本段加书签。笔记都会列在这里。</translation>
        </message>
    </context>
</TS>
