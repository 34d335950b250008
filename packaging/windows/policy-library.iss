; Inno Setup script (Inno Setup 6.4 or later): installs the one-folder bundle per machine into
; Program Files. Build on Windows after `python packaging\build.py` has produced dist\policy-library:
;   iscc packaging\windows\policy-library.iss
; (another program folder: iscc /DBundleDir=C:\path\to\policy-library ...)
; Program Files is read-only for users; the application keeps user data in
; %LOCALAPPDATA%\PolicyLibrary\policy-library, which the uninstaller leaves alone.

#define AppName "Policy Library"
#define AppNameZh "政策文库"
#define AppVersion "0.1.0"
#define AppExe "policy-library.exe"
#ifndef BundleDir
  #define BundleDir "..\..\dist\policy-library"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6F0C9B0E-3C55-4D7B-9B7E-5A1E2C4D8F10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Policy Library
DefaultDirName={autopf}\PolicyLibrary
DefaultGroupName={#AppName}
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=policy-library-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\policy-library.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes
SetupLogging=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup 6 has no official Simplified Chinese messages: ours, over the English defaults.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"

[CustomMessages]
english.ShortcutName={#AppName}
chinesesimplified.ShortcutName={#AppNameZh}
english.SelfCheckFailed=The installed program did not pass its self-check (exit code %1). The installation is not usable; see the setup log, then reinstall or contact your administrator.
chinesesimplified.SelfCheckFailed=已安装的程序未通过自检（退出码 %1），安装不可用。请查看安装日志，然后重新安装或联系管理员。

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{cm:ShortcutName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppNameZh} {#AppName}"
Name: "{autoprograms}\{cm:ShortcutName} - {cm:UninstallProgram,{cm:ShortcutName}}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{cm:ShortcutName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  SelfCheckExitCode: Integer;

function InitializeSetup(): Boolean;
begin
  { Not run (or stopped by an error) counts as failed until the check reports success. }
  SelfCheckExitCode := -1;
  Result := True;
end;

{ The installed program checks itself. Its per-user data folder goes to Setup's own temporary
  folder (deleted when Setup ends), never into the installing administrator's profile. }
function RunSelfCheck(): Integer;
var
  DataDir, Command: String;
  ResultCode: Integer;
begin
  DataDir := ExpandConstant('{tmp}\self-check-data');
  Command := '/C "set "POLICY_LIBRARY_DATA_DIR=' + DataDir + '" && "' +
    ExpandConstant('{app}\{#AppExe}') + '" --self-check > "' +
    ExpandConstant('{tmp}\self-check.json') + '" 2>&1"';
  if not Exec(ExpandConstant('{cmd}'), Command, ExpandConstant('{app}'), SW_HIDE,
      ewWaitUntilTerminated, ResultCode) then
    ResultCode := -1;
  Log(Format('self-check exit code: %d', [ResultCode]));
  Result := ResultCode;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Report: AnsiString;
begin
  if CurStep = ssPostInstall then
  begin
    WizardForm.StatusLabel.Caption := SetupMessage(msgStatusRunProgram);
    SelfCheckExitCode := RunSelfCheck();
    if LoadStringFromFile(ExpandConstant('{tmp}\self-check.json'), Report) then
      Log('self-check report: ' + String(Report));
    if SelfCheckExitCode <> 0 then
      SuppressibleMsgBox(FmtMessage(CustomMessage('SelfCheckFailed'), [IntToStr(SelfCheckExitCode)]),
        mbCriticalError, MB_OK, IDOK);
  end;
end;

{ A failed self-check is Setup's exit code too, so a silent or scripted install sees it. }
function GetCustomSetupExitCode(): Integer;
begin
  if SelfCheckExitCode <> 0 then
    Result := 9
  else
    Result := 0;
end;
