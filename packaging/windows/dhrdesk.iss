; Inno Setup script: a per-user installer for DHR Desk that needs no administrator rights.
;
; Built by the release workflow (.github/workflows/release.yml) on Windows, after
; PyInstaller has written dist\dhrdesk\ ("DHR Desk.exe" windowed, dhrdesk.exe console):
;   iscc /DAppVersion=0.1.0 packaging\windows\dhrdesk.iss
; Output: dist\DHRDesk-<version>-windows-x64-setup.exe
;
; Installs into %LOCALAPPDATA%\Programs\DHR Desk for the current user (no UAC
; prompt); an IT team may choose all users with /ALLUSERS (that one needs admin).
; Silent deployment: DHRDesk-<version>-windows-x64-setup.exe /VERYSILENT /CURRENTUSER
; /SUPPRESSMSGBOXES /NORESTART. See docs/packaging.md.
;
; The uninstaller removes only the files this installer copied. The user's
; stores (Documents, %LOCALAPPDATA%\DHRDesk) and settings (registry, written by
; Qt under HKCU\Software\DHRDesk\DHR Desk) are never touched: they hold case data that
; outlives any version of the app. There is deliberately no [UninstallDelete].

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z dhrdesk.iss
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\dhrdesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; Never change AppId: it is how Windows knows an upgrade from a second app.
AppId={{6C0F4C55-2D5B-4B7E-9E2A-4F4C1D7D8A31}
AppName=DHR Desk
AppVersion={#AppVersion}
AppVerName=DHR Desk {#AppVersion}
AppPublisher=DHR Desk
AppComments=Offline, encrypted workspace for Domestic Homicide Reviews
VersionInfoVersion={#AppVersion}
; Per-user by default: no administrator rights, no UAC prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
; {autopf} is %LOCALAPPDATA%\Programs for a per-user install.
DefaultDirName={autopf}\DHR Desk
DefaultGroupName=DHR Desk
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=DHRDesk-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName=DHR Desk
UninstallDisplayIcon={app}\DHR Desk.exe
; A running DHR Desk holds its files open: Setup offers to close it (Restart Manager);
; a silent install closes it unless /NOCLOSEAPPLICATIONS is given.
CloseApplications=yes
RestartApplications=no
#ifdef SignToolName
SignTool={#SignToolName}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\DHR Desk"; Filename: "{app}\DHR Desk.exe"; Comment: "Offline, encrypted workspace for Domestic Homicide Reviews"
Name: "{autodesktop}\DHR Desk"; Filename: "{app}\DHR Desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\DHR Desk.exe"; Description: "{cm:LaunchProgram,DHR Desk}"; Flags: nowait postinstall skipifsilent
