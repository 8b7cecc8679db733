<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>Offline-first back office for handling SP4N-LAPOR! complaints, built for the Pemerintah Kabupaten Mimika.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District boundaries: Badan Informasi Geospasial (BIG), via Zxce3/papua-geojson-collections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regency/city boundaries of the national map: cahyadsn/wilayah_boundaries (Kepmendagri 300.2.2-2430/2025), MIT licence, copyright 2024 Cahya DSN, simplified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working days: the holidays package (Indonesian public holidays).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built with Qt %1 and PySide6 (LGPL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About LAPOR Desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <source>New account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. budi.pupr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional; digests go there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no OPD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD (officers only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <source>Search name, username or e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role, OPD, e-mail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desk version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 will be created; its one-time password appears under Pending changes after the sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable %1? Every device of the account is signed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give %1 a new one-time password? Every device of the account must sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new password appears under Pending changes after the sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a device that is still signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device %1 will be signed out.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminPane</name>
    <message>
        <source>Accounts</source>
        <extracomment>an admin change was queued: the window may start a sync</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPDs and categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminTab</name>
    <message>
        <source>Queued: it is sent with the next sync.</source>
        <extracomment>a change was queued (the pane refreshes its pending list and asks for a sync)</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgencyChoice</name>
    <message>
        <source>suggested by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n earlier report(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>suggested</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgencyDialog</name>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>Archive report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview only. Double-click to download the full photo (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this computer. Double-click to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to download and open (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading %1 (%2)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAPOR Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” cannot be downloaded now: the server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the preview kept on this computer. Open the photo again when the connection is back: the download continues where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file again when the connection is back: the download continues where it stopped. Your work on this computer is kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Account (username)</source>
        <extracomment>entries per page (the server allows up to 1000)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (WIT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concerning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load older entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries exported.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CalendarTab</name>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Cuti bersama Natal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>extra working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day saved; open deadlines move after the sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day removed; deadlines move back after the sync.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CategoryDialog</name>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default OPD</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelsTab</name>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate webhook secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed deliveries (webhook and e-mail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New channel key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key appears once under Pending changes after the sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a key that is not revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new secret appears once under Pending changes after the sync; the old one signs 24 hours more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery will be retried.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Public response</source>
        <extracomment>Milliseconds of quiet typing after which the draft is written. the report version when the officer started writing the public answer (None: not yet) the timeline entries the report had then the newest version the presence heartbeat reported for the open report set when the open report left the desk: the sentence saying so (read-only then)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer the reporter (visible to the citizen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A note for officers and the coordinator only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who will read this text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the reporter receives the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <extracomment>the report whose action is saved but not yet sent (&quot;…will be sent at the next sync&quot;)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert a response template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completes the report (status Completed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final answer: completes the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postpone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the reporter for information (tunda)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not our authority…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return the report to the coordinator (bukan wewenang)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue handling a postponed report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward to another instansi…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report is another instansi&apos;s to handle (teruskan ke instansi lain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record instansi&apos;s answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the instansi the report was forwarded to answered (catat jawaban)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsent text stays saved as a draft on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot write on this report in its current status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible to the reporter and the public. You confirm before it is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send response…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the answer to the reporter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note: only officers and the coordinator see it, never the reporter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write an internal note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage templates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images, PDF and documents (*.jpg *.jpeg *.png *.webp *.gif *.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods *.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved; it will be sent at the next sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This report changed since you started writing (version %1 → %2). Send anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text stays in the composer whichever you choose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmSendDialog</name>
    <message>
        <source>Send a public response?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This text will be sent to the reporter of %1 and shown publicly. Check it once more:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send final answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the final answer: the report will be marked Completed. The reporter can still reply within 10 working days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, this answer completes the report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictListModel</name>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A report no longer on this desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Changes the server did not accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These changes could not be applied on the server, usually because the report changed while you worked offline. Your text is kept; choose what to do with it. Unsent drafts of reports that left this desk are listed here too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy to draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the text back into the report&apos;s composer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send as internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The coordinator and officers can read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard this text?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text will not be sent. It stays in the desk&apos;s history.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Conversation</name>
    <message>
        <source>Conversation with the reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing sent to the reporter yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exactly what the reporter sees, oldest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not sent yet: the reporter sees it after the next sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the channel of the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the reporter by e-mail and through the channel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the reporter through the channel %1 (and by e-mail, if the reporter gave an address)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the reporter through the channel %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoordinatorDesk</name>
    <message>
        <source>Screening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disposisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD league</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drill-down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National standing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save monthly recap</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Monthly recap, %n page(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Preparing the recap…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardPane</name>
    <message>
        <source>Period</source>
        <extracomment>One calm palette for all charts (blue = volume, green = done, orange = late).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recap (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables and charts of the chosen period, ready to print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reports received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answered within 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>median working days to first answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most reported categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD: share answered within 5 working days (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by number of reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by overdue share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a district to list its reports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average (1–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reporter satisfaction per OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratings reporters gave to final answers (1–5); satisfied = 4 or 5. Reports submitted in the chosen period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reporter satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% within 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports from district %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save monthly recap</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeadlineOverviewPane</name>
    <message>
        <source>Escalated reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due ≤ 1 working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlines per OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most overdue (working days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median working days to first answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figures for the meeting with the OPD heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a number to list its reports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meeting figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of %1; due soon = deadline by %2 (next working day).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated (≥ %1 working days late)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 report(s) at %2 OPD(s) overdue by %3 working days or more: escalated to the pimpinan and the coordinators. Click to list them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most overdue: %1 working days</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Departure</name>
    <message>
        <source>someone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This report was moved to %1 by %2 on %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This report was moved to %1 by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This report was returned to the coordinator by %1 on %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This report was returned to the coordinator by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This report is no longer in this desk&apos;s queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(waiting to be sent)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisposisiPane</name>
    <message>
        <source>Not yet dispatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At an OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD to dispatch to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note for the OPD (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note for the OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch</source>
        <extracomment>Seconds a bulk dispatch waits on this desk before it is sent, and so can be undone.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Dispatch %n report(s) to %1?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>You can undo it for %1 seconds, before it is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward to another instansi: the report is not this kabupaten&apos;s to handle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit public text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit what the public and the OPD read; the original stays for coordinators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the dispatch back before it is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Dispatch %n report(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Public text saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) dispatched to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dispatch(es) taken back; nothing was sent.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Forwarded to another instansi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reassigned.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DistrictMap</name>
    <message>
        <source>District map</source>
        <extracomment>Sequential 5-class scales (ColorBrewer Blues and OrRd): light = few, dark = many. Fixed breaks for the overdue share, so maps of different months compare.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 reports, %3 open, %4 overdue (%5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue share of open reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no open reports</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Mark as duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking ID or words of the original report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the original report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>Something unexpected went wrong. This is a bug in LAPOR Desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your saved work is safe. Please tell IT what you were doing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAPOR Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no log file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAPOR Desk: this is a bug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (semicolon, opens in Excel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) in this list.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) exported.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n report(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search title, text, answers or tracking ID (Ctrl+F)</source>
        <extracomment>Milliseconds after the last key press before the search runs.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All districts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by received date from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by received date until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save these filters as a personal view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save view</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForgetComputer</name>
    <message>
        <source>Forget this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget this computer? The key of the local data is destroyed and the whole folder of this account on this computer is deleted: the queue, the cached photos, drafts and templates. Nobody can read any copy of it afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this when the computer is handed on or leaves the office. The next login here starts from zero and fetches the queue from the server again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) have not been sent to the server yet and would be lost.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Send first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget and discard unsent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ministry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uses LAPOR Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recorded by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward to another instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report leaves this instansi: it is archived here as forwarded and its deadlines stop. The reporter is told which instansi now handles it; the reason stays internal. An instansi that uses LAPOR Desk receives the report by itself and its answers come back to this report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is this report that instansi&apos;s to handle?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter number (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 045/123/Diskominfo/2026</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No partner instansi is known yet. The server administrator adds them (lapor-server partners add); they arrive with the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>User guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user guide is missing from this installation (%1). Reinstall the desk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Not yet verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet dispatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet followed up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatched to your OPD and not answered yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports where the reporter wrote back after your last answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered at least once, no final answer yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for information from the reporter; the deadline is paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response deadline within two working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response deadline has passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final answer given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every report in this desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronised with the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved on this computer, waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Being sent to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict: the server could not accept a change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: the server refused a change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned: not our authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply from the reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlines moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rating from the reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forwarded to another instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received by the instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer of the instansi (recorded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update from the instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply not accepted by the instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeaguePane</name>
    <message>
        <source>Weeks of reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weeks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within 5 / measurable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median working days to first answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfied (4–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD league table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OPD has answered, late or rated reports in these weeks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports submitted %1 – %2, as of %3. Ranked by the share answered within 5 working days, then the median, then the reporters&apos; rating.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the league table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD league table, %1 OPD(s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>LAPOR Desk: log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;LAPOR Desk&lt;/b&gt;&lt;br&gt;Complaint handling for SP4N-LAPOR!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by your IT administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system password store (keyring) is not available: you will be asked for your password each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer has no system password store (keyring), so the local data of the desk is encrypted with a key protected by this local passphrase. Choose one of at least 8 characters at the first login here, and type it at each start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in the server, username and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local passphrase needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed logins for this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Try again in %n minute(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This account is disabled or locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact the Diskominfo administrator to enable it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the server address and the network connection, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>All reports</source>
        <extracomment>Milliseconds to wait before reloading counts after a burst of changes. Milliseconds between a row becoming current and its report being read (arrow-key scrolling). reports that left the desk in a sync: {id: tombstone details} (who, where, when)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAPOR Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAPOR Desk — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget this computer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply to reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response templates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save current filters as a view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About LAPOR Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New report %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new report(s) for your OPD</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Log out of this desk? The key of the encrypted local data is destroyed: nothing of the queue can be read on this computer any more, and it comes back from the server at the next login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n unsent item(s) will be lost. Choose No and sync first to keep them.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Sending the unsent work. Choose Forget this computer again when the status bar shows that everything is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Log in again to continue syncing.</source>
        <extracomment>Seconds a Python thread may hold the GIL before another one asks for it (default 0.005). Shorter turns make the UI thread wait less behind the sync worker&apos;s Python work.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NationalMap</name>
    <message>
        <source>National map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)
no data for these months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)
%3 reports, %4 overdue (%5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue share of open reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean satisfaction rating (1–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NavModel</name>
    <message>
        <source>Saved view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 reports</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Please wait</source>
        <extracomment>Milliseconds before a progress dialog appears; quicker work shows nothing (Anki uses 600). Progress snapshots from a worker are passed to the UI at most this often (seconds).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartnerAnswerDialog</name>
    <message>
        <source>Record the instansi&apos;s answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reporter reads this answer in the name of %1. Write what the instansi answered, as it can be shown to the public.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instansi&apos;s answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final answer of the instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference of the answer (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record and send to the reporter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PendingTab</name>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server&apos;s answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show one-time secret…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes wait here while the desk is offline and are sent by the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>being sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an applied new account, password reset, key or secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One-time secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For %1. Hand it over now: it is shown only this once and is not kept on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostponeDialog</name>
    <message>
        <source>Postpone and ask the reporter (tunda)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This message is sent to the reporter. The response deadline pauses until the reporter answers or you resume the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message to the reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postpone and send</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PusatDesk</name>
    <message>
        <source>Report volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export XLSX…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regency/city</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within 5 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per month (all regions shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a region on the map or in the ranking.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distrik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ranking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The centre&apos;s figures could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2: %3 reports from %4 of %5 registered regions; %6 overdue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per month, %1 to %2 (all regions shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region&apos;s distrik could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2): %3 reports, %4 open, %5 overdue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(others, merged for privacy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(other OPDs, merged for privacy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the national recap</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PusatWindow</name>
    <message>
        <source>LAPOR Desk — Centre (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About LAPOR Desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueNav</name>
    <message>
        <source>Queue views</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <source>Report queue</source>
        <extracomment>Columns an officer always sees (the queue is laid out for 1366×768 first); the rest are optional: shown when there is room, or as the officer chooses (right-click on the header). The OPD column is left out: every report in an officer&apos;s queue is at their OPD. Optional columns in the order they are given up (last first).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No report matches the search or filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reports in this view.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <source>Working days left until the response deadline</source>
        <extracomment>Rows read together when one of them is first painted (Qt&apos;s Fetch More example uses 100). Blocks kept in memory; a 100k queue scrolled end to end does not keep every row. Column keys in display order; the queue service sorts by the same keys. Working days left at or below which a deadline is shown as close (amber). role that returns the report id of a row role that returns the whole row dataclass</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign to another OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the report moves (the old OPD reads this)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new OPD&apos;s 5 working days start now. Unsent work of the old OPD&apos;s officers comes back to them as a conflict; nothing they wrote is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecapWriter</name>
    <message>
        <source>Monthly complaint recap — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint recap — all time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kabupaten Mimika · figures as of %1 · working days exclude weekends and holidays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAPOR Desk — SP4N-LAPOR! Kabupaten Mimika</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered within 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median working days to first answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most reported categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Performance per OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≤ 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median (working days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reporter satisfaction per OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average (1–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfied (4–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share answered within 5 working days (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports per 1,000 inhabitants</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RedactDialog</name>
    <message>
        <source>Edit public text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reporter&apos;s original text stays on the server and only coordinators see it. Everyone else (Open311, the reporter&apos;s pages, the OPD) sees the public text below. Remove what must not be public, such as a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reporter&apos;s original text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Original address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save public text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public text cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public address cannot be empty: write a general place instead, such as the village.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferenceTab</name>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add OPD…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit OPD…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add category…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit category…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportList</name>
    <message>
        <source>Search title, text or tracking ID</source>
        <extracomment>The columns a coordinator&apos;s list always shows (laid out for 1366×768 first, see views/columns.py); the OPD joins them where reports are at an OPD. lists whose reports are at an OPD (a drill-down list, which=None, may hold any report)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this list as CSV or Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n report(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Report</source>
        <extracomment>Fetches an attachment&apos;s bytes into the cache and returns the local path (runs on a worker). `announce(report_id) -&gt; PresenceInfo` and `leave(report_id)` (run on a worker; see `lapor_desk.sync.presence`) how often an open report is announced (the server forgets a viewer after 90 s) Seconds a closing window waits for its presence &quot;leave&quot; to reach the server. Entries written by the reporter (the report itself and replies).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments (double-click to open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This report has left the desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a report in the queue to read it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public text (edited by a coordinator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public address (edited)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responsible OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reporter&apos;s original title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a report not on this desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden: anonymous report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closes for replies on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>visible to the reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not visible to the reporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>written %1 · received %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Score: %1 of 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested OPD: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distrik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anonymity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confidentiality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reporter&apos;s title: “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replies close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar changed (%1, %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking id there: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also open by: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leadership</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Not our authority (bukan wewenang)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report goes back to the coordinator at Diskominfo, who will dispatch it again. The reason is internal; the reporter does not see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is this report not for your OPD?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no suggestion)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnedList</name>
    <message>
        <source>Tracking ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Returned %n time(s) already</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SavedNotice</name>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScreeningInbox</name>
    <message>
        <source>Not yet verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing left to screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified and dispatched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive this report as a duplicate of the selected one?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked as duplicate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forwarded to another instansi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postponed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public text saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync interval in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notify me when new reports arrive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by your IT administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language is used from the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s proxy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (direct connection)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (system certificates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by IT in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(locked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own setting (lapor-desk configure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Open the selected report</source>
        <extracomment>Keys that work without a menu entry (widgets handle them); (keys, what they do).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the text in the composer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StageCard</name>
    <message>
        <source>To verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To answer (at an OPD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due ≤ 1 working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StandingBar</name>
    <message>
        <source>National standing: not loaded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National standing: this server is not linked to a centre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National standing: the centre cannot be reached now; try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answered within 5 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National standing of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no figures yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StandingTab</name>
    <message>
        <source>The centre ranks the regions by the monthly figures each sends (aggregates only, never a report). Rank 1 is best; for the overdue share, lower is better.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartOfDayNotice</name>
    <message>
        <source>Show reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the start-of-day notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest of the day: as of %1, %2 report(s) of your OPD are overdue and %3 are due within %4 working days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest of the day: as of %1, %2 report(s) at %3 OPD(s) are overdue by %4 working days or more (escalated): %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 working day(s) late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 working day(s) left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Sending changes</source>
        <extracomment>Phase names of the engine&apos;s progress callback, as the status bar words them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building the search index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full resynchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the conflict list</source>
        <extracomment>a cheap reachability check (GET /health, no retries) tried while offline before a whole sync round</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next connection attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronise with the server now (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not synchronised yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: working from this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trying to connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>retrying in %n second(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Synchronising…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never synchronised</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) sent</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n internal note(s) sent</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n return(s) sent</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n postponement(s) sent</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other change(s) sent</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Response templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeholders: {tracking_id} tracking ID, {opd} your OPD, {tanggal} today&apos;s date, {judul} report title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VerifyForm</name>
    <message>
        <source>Screening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymous (identity hidden from the OPD)</source>
        <extracomment>the shown report&apos;s codes, chosen again when the lists are refilled</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidential (never public)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note for the OPD (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPD to dispatch to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note for the OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments and their visibility to the OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify &amp;&amp; dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate of…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward to another instansi: the report is not this kabupaten&apos;s to handle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask reporter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postpone and ask the reporter for information; the deadline pauses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit public text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit what the public and the OPD read; the original stays for coordinators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — hidden from the OPD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other district</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1  %2  (similarity %3, %4, %n day(s) apart)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click to mark this report as a duplicate of it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No similar reports from the last two weeks</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
