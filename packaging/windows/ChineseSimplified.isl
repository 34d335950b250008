; Simplified Chinese messages for the Policy Library installer.
; Inno Setup 6 has no official Simplified Chinese file (it became official in 7.0.2), so the
; installer script reads Default.isl first and this file over it: the messages below are in
; Chinese, any message not listed here stays in English. Saved as UTF-8 with a BOM.

[LangOptions]
LanguageName=简体中文
LanguageID=$0804
LanguageCodePage=0

[Messages]
SetupAppTitle=安装
SetupWindowTitle=安装 - %1
UninstallAppTitle=卸载
UninstallAppFullTitle=%1 卸载
ConfirmTitle=确认
ErrorTitle=错误
ExitSetupTitle=退出安装程序
ExitSetupMessage=安装尚未完成。如果现在退出，程序将不会被安装。%n%n您可以以后再运行安装程序完成安装。%n%n退出安装程序吗？
ButtonBack=< 上一步(&B)
ButtonNext=下一步(&N) >
ButtonInstall=安装(&I)
ButtonOK=确定
ButtonCancel=取消
ButtonYes=是(&Y)
ButtonYesToAll=全是(&A)
ButtonNo=否(&N)
ButtonNoToAll=全否(&O)
ButtonFinish=完成(&F)
ButtonBrowse=浏览(&B)...
SelectLanguageTitle=选择安装语言
SelectLanguageLabel=选择安装时要使用的语言。
WelcomeLabel1=欢迎使用 [name] 安装向导
WelcomeLabel2=现在将安装 [name/ver] 到您的电脑中。%n%n建议您在继续安装前关闭所有其他应用程序。
WizardSelectDir=选择目标位置
SelectDirDesc=您想将 [name] 安装在哪里？
SelectDirLabel3=安装程序将把 [name] 安装到以下文件夹中。
SelectDirBrowseLabel=点击“下一步”继续。如果您想选择其他文件夹，请点击“浏览”。
WizardReady=准备安装
ReadyLabel1=安装程序已准备好在您的电脑上安装 [name]。
ReadyLabel2a=点击“安装”继续安装；如果要查看或更改设置，请点击“上一步”。
ReadyLabel2b=点击“安装”继续安装。
WizardInstalling=正在安装
InstallingLabel=安装程序正在安装 [name]，请稍候。
FinishedHeadingLabel=[name] 安装完成
FinishedLabelNoIcons=安装程序已在您的电脑上安装了 [name]。
FinishedLabel=安装程序已在您的电脑上安装了 [name]。您可以通过已安装的快捷方式运行此程序。
ClickFinish=点击“完成”退出安装程序。
StatusExtractFiles=正在解压缩文件...
StatusCreateIcons=正在创建快捷方式...
StatusRunProgram=正在完成安装...
ConfirmUninstall=您确定要完全删除 %1 及其所有组件吗？
UninstallStatusLabel=正在从您的电脑中删除 %1，请稍候。
UninstalledAll=%1 已顺利地从您的电脑中删除。
WizardUninstalling=卸载状态
StatusUninstalling=正在卸载 %1...

[CustomMessages]
UninstallProgram=卸载 %1
LaunchProgram=运行 %1
