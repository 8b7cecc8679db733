; LAPOR Desk - Windows installer (Inno Setup 6). Packages the PyInstaller bundle dist\lapor-desk\
; (make installer on Windows) into one setup.exe that installs per machine.
;
; Build:   iscc /DAppVersion=0.1.0 installer\windows\lapor-desk.iss   ->  dist\lapor-desk-0.1.0-setup.exe
; Silent install with the machine configuration preset (one line per PC, or from GPO / Intune):
;   lapor-desk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SP-
;       /SERVER=https://lapor.mimikakab.go.id /CA=\\fileserver\it\agency-ca.pem
;       /PROXY=http://proxy.kantor:3128 /LOCK=server_url,ca_bundle,proxy  /LOG=C:\Windows\Temp\lapor-setup.log
; /LOCK=1 locks the values given on the command line. Without /SERVER, /CA, /PROXY and /LOCK an
; existing machine configuration is kept as it is (upgrades). Exit codes: 0 installed, 1 refused
; at start (a parameter is invalid: see the log), others as documented by Inno Setup.
;
; What the [Code] section writes is the same file `lapor-desk configure` writes (docs/deploy.md):
;   %PROGRAMDATA%\LAPOR Desk\config.toml      machine configuration (TOML)
;   %PROGRAMDATA%\LAPOR Desk\ca-bundle.pem    copy of the CA given with /CA=
; tests/deploy/test_windows_installer.py checks this script for the pieces IT relies on.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "LAPOR Desk"
#define AppExe "lapor-desk.exe"
#define CliExe "lapor-desk-cli.exe"
#define ConfigDirName "LAPOR Desk"

[Setup]
; The AppId identifies the product for upgrades and uninstall: never change it.
AppId={{97FED78D-47C1-4C19-87CD-F29874D02B2F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Diskominfo Kabupaten Mimika
AppSupportURL=https://www.lapor.go.id
; Per machine: Program Files, all users' Start menu, and admin rights (the machine configuration
; lives in %PROGRAMDATA% where users can read but not change it).
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=
DefaultDirName={autopf}\{#AppName}
DisableDirPage=auto
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=lapor-desk-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\lapor-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade closes a running desk (its data is safe: every save is durable) and does not
; restart anything; /NORESTART is honoured because nothing here needs a reboot.
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[Languages]
; Inno Setup ships no official Indonesian wizard translation; the wizard is English, the
; messages of this script are in both languages.
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Dirs]
; Users read the machine configuration; only administrators change it.
Name: "{commonappdata}\{#ConfigDirName}"; Permissions: users-readexec admins-full system-full

[Files]
; The whole onedir bundle: lapor-desk.exe (windowed, for users), lapor-desk-cli.exe (console,
; for IT: configure, doctor, --self-test), _internal\ (Python, Qt, resources).
Source: "..\..\dist\lapor-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Tindak lanjut pengaduan SP4N-LAPOR!"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The machine configuration is IT's policy and survives uninstall/reinstall on purpose; only
; leftovers of a failed configuration write are removed.
Type: files; Name: "{commonappdata}\{#ConfigDirName}\config.toml.tmp"

[Code]
const
  { The settings keys of lapor_desk/settings.py (SETTINGS); the test keeps this list in step. }
  KnownKeys = 'server_url,ca_bundle,proxy,language,sync_interval_minutes,notifications,remember_me,update_check,last_username';

var
  ServerParam, CaParam, ProxyParam, LockParam: String;
  LockedKeys: String;

function ConfigDir(): String;
begin
  Result := ExpandConstant('{commonappdata}\{#ConfigDirName}');
end;

{ Errors: one line in Indonesian, one in English; logged, and shown unless /SUPPRESSMSGBOXES. }
procedure Fail(const MessageId, MessageEn: String);
begin
  Log('LAPOR Desk: ' + MessageId + ' / ' + MessageEn);
  SuppressibleMsgBox(MessageId + #13#10 + MessageEn, mbError, MB_OK, IDOK);
end;

function IsAscii(const Value: String): Boolean;
var
  I: Integer;
begin
  Result := True;
  for I := 1 to Length(Value) do
    if (Ord(Value[I]) < 32) or (Ord(Value[I]) > 126) then
    begin
      Result := False;
      Exit;
    end;
end;

function StartsWith(const Prefix, Value: String): Boolean;
begin
  Result := CompareText(Copy(Value, 1, Length(Prefix)), Prefix) = 0;
end;

{ A TOML literal string: the text as is, so Windows backslashes need no escaping. It cannot hold
  a single quote or a line break, which no value accepted here contains. }
function TomlLiteral(const Value: String): String;
begin
  Result := '''' + Value + '''';
end;

function IsKnownKey(const Key: String): Boolean;
begin
  Result := Pos(',' + Key + ',', ',' + KnownKeys + ',') > 0;
end;

{ "server_url,proxy" -> '"server_url", "proxy"'; "1"/"yes"/"all" -> the keys given now. }
function ParseLock(const Value: String; var Keys: String): Boolean;
var
  Rest, Key: String;
  P: Integer;
begin
  Result := True;
  Keys := '';
  if (Value = '1') or (CompareText(Value, 'yes') = 0) or (CompareText(Value, 'all') = 0) then
  begin
    if ServerParam <> '' then Keys := Keys + ', "server_url"';
    if CaParam <> '' then Keys := Keys + ', "ca_bundle"';
    if ProxyParam <> '' then Keys := Keys + ', "proxy"';
  end
  else
  begin
    Rest := Value + ',';
    while Rest <> '' do
    begin
      P := Pos(',', Rest);
      Key := Trim(Copy(Rest, 1, P - 1));
      Delete(Rest, 1, P);
      if Key = '' then Continue;
      if not IsKnownKey(Key) then
      begin
        Fail('Galat: /LOCK berisi nama pengaturan yang tidak dikenal: ' + Key + '.',
             'Error: /LOCK names an unknown setting: ' + Key + ' (known: ' + KnownKeys + ').');
        Result := False;
        Exit;
      end;
      Keys := Keys + ', "' + Key + '"';
    end;
  end;
  if Keys <> '' then
    Keys := Copy(Keys, 3, Length(Keys));
end;

function ValidCaFile(const Path: String): Boolean;
var
  Content: AnsiString;
begin
  Result := FileExists(Path) and LoadStringFromFile(Path, Content)
    and (Pos('-----BEGIN CERTIFICATE-----', Content) > 0);
end;

{ Read and check /SERVER=, /CA=, /PROXY=, /LOCK= before anything is installed: a bad parameter
  stops the setup with exit code 1 and leaves the PC as it was. }
function InitializeSetup(): Boolean;
begin
  ServerParam := Trim(ExpandConstant('{param:SERVER|}'));
  CaParam := Trim(ExpandConstant('{param:CA|}'));
  ProxyParam := Trim(ExpandConstant('{param:PROXY|}'));
  LockParam := Trim(ExpandConstant('{param:LOCK|}'));
  Result := False;

  if (ServerParam <> '') and (not StartsWith('https://', ServerParam) or (Length(ServerParam) <= 8)
      or not IsAscii(ServerParam) or (Pos('''', ServerParam) > 0)) then
  begin
    Fail('Galat: /SERVER harus alamat https:// (mis. https://lapor.mimikakab.go.id).',
         'Error: /SERVER must be an https:// address (e.g. https://lapor.mimikakab.go.id).');
    Exit;
  end;
  if (CaParam <> '') and not ValidCaFile(CaParam) then
  begin
    Fail('Galat: berkas /CA tidak ada atau bukan sertifikat PEM: ' + CaParam + '.',
         'Error: the /CA file is missing or not a PEM certificate: ' + CaParam + '.');
    Exit;
  end;
  if (ProxyParam <> '') and not ((ProxyParam = 'system') or (ProxyParam = 'none')
      or ((StartsWith('http://', ProxyParam) or StartsWith('https://', ProxyParam))
          and IsAscii(ProxyParam) and (Pos('''', ProxyParam) = 0))) then
  begin
    Fail('Galat: /PROXY harus system, none, atau http(s)://host:port.',
         'Error: /PROXY must be system, none, or http(s)://host:port.');
    Exit;
  end;
  if not ParseLock(LockParam, LockedKeys) then
    Exit;
  Result := True;
end;

{ Write %PROGRAMDATA%\LAPOR Desk\config.toml (and copy the CA) when parameters were given. The
  file is written beside the old one and then swapped in, so a failure leaves the old file. }
procedure WriteMachineConfig();
var
  Dir, Target, Temp, CaTarget, Text: String;
begin
  Dir := ConfigDir();
  ForceDirectories(Dir);
  Text := '# Written by the LAPOR Desk installer; see docs/deploy.md. Check: lapor-desk-cli configure --print' + #13#10
    + 'version = 1' + #13#10
    + 'locked = [' + LockedKeys + ']' + #13#10 + #13#10
    + '[settings]' + #13#10;
  if ServerParam <> '' then
    Text := Text + 'server_url = ' + TomlLiteral(ServerParam) + #13#10;
  if CaParam <> '' then
  begin
    CaTarget := Dir + '\ca-bundle.pem';
    if not FileCopy(CaParam, CaTarget, False) then
      RaiseException('cannot copy ' + CaParam + ' to ' + CaTarget);
    Text := Text + 'ca_bundle = ' + TomlLiteral(CaTarget) + #13#10;
  end;
  if ProxyParam <> '' then
    Text := Text + 'proxy = ' + TomlLiteral(ProxyParam) + #13#10;

  Target := Dir + '\config.toml';
  Temp := Target + '.tmp';
  if not SaveStringToFile(Temp, Text, False) then
    RaiseException('cannot write ' + Temp);
  if FileExists(Target) and not DeleteFile(Target) then
    RaiseException('cannot replace ' + Target);
  if not RenameFile(Temp, Target) then
    RaiseException('cannot rename ' + Temp + ' to ' + Target);
  Log('LAPOR Desk: machine configuration written to ' + Target);
end;

{ The frozen desk checks itself (store, translations, TLS with the configured CA, keyring); the
  result goes to the setup log for IT, it does not stop the install. }
procedure RunSelfTest();
var
  ResultCode: Integer;
begin
  if Exec(ExpandConstant('{app}\{#CliExe}'), '--self-test', '', SW_HIDE, ewWaitUntilTerminated, ResultCode) then
    Log('LAPOR Desk: --self-test exit code ' + IntToStr(ResultCode))
  else
    Log('LAPOR Desk: --self-test could not be started');
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    if (ServerParam <> '') or (CaParam <> '') or (ProxyParam <> '') or (LockParam <> '') then
      WriteMachineConfig()
    else
      Log('LAPOR Desk: no /SERVER, /CA, /PROXY or /LOCK given; machine configuration unchanged');
    RunSelfTest();
  end;
end;
