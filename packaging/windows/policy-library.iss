; Inno Setup script: installs the one-folder bundle per machine into Program Files.
; Build on Windows after `python packaging\build.py` has produced dist\policy-library:
;   iscc packaging\windows\policy-library.iss
; Program Files is read-only for users; the application keeps user data in
; %LOCALAPPDATA%\PolicyLibrary\policy-library, which the uninstaller leaves alone.

#define AppName "Policy Library"
#define AppNameZh "政策文库"
#define AppVersion "0.1.0"
#define AppExe "policy-library.exe"
#define BundleDir "..\..\dist\policy-library"

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
OutputDir=..\..\dist
OutputBaseFilename=policy-library-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\policy-library.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
english.ShortcutName={#AppName}
chinesesimplified.ShortcutName={#AppNameZh}

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{cm:ShortcutName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppNameZh} {#AppName}"
Name: "{autoprograms}\{cm:ShortcutName} - {cm:UninstallProgram,{cm:ShortcutName}}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "--self-check"; Flags: runhidden waituntilterminated; StatusMsg: "Checking the installation..."
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{cm:ShortcutName}}"; Flags: nowait postinstall skipifsilent
