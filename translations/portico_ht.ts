<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ht">
<context>
    <name>AppointmentStatus</name>
    <message>
        <source>Booked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checked in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Portico could not read that input. Check what was entered and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>That record could not be found. Search the manifest again or inspect the document manually.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Portico could not read or write a file on this workstation. Call technical support; your decisions so far are saved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Local data was damaged and has been set aside for investigation. Portico started with a clean store; tell your supervisor.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Face matching is unavailable: the face models are missing or altered. Inspect documents manually and ask an administrator to restore the models.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The station configuration is invalid. Ask an administrator to correct it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This workstation does not support that action.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The central service cannot be reached. Keep working: decisions are saved here and uploaded when the connection returns.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The central service refused this workstation's credentials. Keep working and tell your supervisor.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The central service failed its security check, so nothing was sent. Keep working and tell technical support.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your role does not allow this action. Ask a supervisor.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This record was changed by someone else. Reopen it and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Portico could not save to its local store. Try again; if it happens again, stop and call technical support.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The local store was written by a newer version of Portico. Ask an administrator to update this workstation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Protected data could not be opened with this workstation's key. Tell your supervisor.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This workstation's disk is full: new decisions cannot be saved. Call technical support now; saved decisions are safe.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The action was cancelled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>That picture could not be read. Scan or capture it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No face was found in the picture. Retake it, or inspect the document manually.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>These photos were processed by different face models and cannot be compared. Inspect manually.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A manifest update was rejected as untrustworthy; the previous manifest is still in use. Tell your supervisor.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This account is locked after too many failed attempts. A supervisor must unlock it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a longer password: at least 15 characters, and not a common one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Something went wrong. Try again; if it happens again, call technical support.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TravelerPrompts</name>
    <message>
        <source>Please look at the camera and hold still.</source>
        <translation>Tanpri gade kamera a epi pa bouje.</translation>
    </message>
    <message>
        <source>Please stand in front of the camera.</source>
        <translation>Tanpri kanpe devan kamera a.</translation>
    </message>
    <message>
        <source>One person at a time in front of the camera, please.</source>
        <translation>Yon sèl moun devan kamera a, tanpri.</translation>
    </message>
    <message>
        <source>Please come a little closer.</source>
        <translation>Tanpri vin yon ti kras pi pre.</translation>
    </message>
    <message>
        <source>Please step back a little.</source>
        <translation>Tanpri fè yon ti pa dèyè.</translation>
    </message>
    <message>
        <source>Please move to the centre of the screen.</source>
        <translation>Tanpri mete w nan mitan ekran an.</translation>
    </message>
    <message>
        <source>Please look straight at the camera.</source>
        <translation>Tanpri gade kamera a dwat.</translation>
    </message>
    <message>
        <source>Please keep your head straight.</source>
        <translation>Tanpri kenbe tèt ou dwat.</translation>
    </message>
    <message>
        <source>Please keep your eyes open.</source>
        <translation>Tanpri kenbe je w louvri.</translation>
    </message>
    <message>
        <source>Please remove your glasses.</source>
        <translation>Tanpri retire linèt ou.</translation>
    </message>
    <message>
        <source>Please hold still.</source>
        <translation>Tanpri pa bouje.</translation>
    </message>
    <message>
        <source>Please step into the light.</source>
        <translation>Tanpri vanse kote ki gen limyè.</translation>
    </message>
    <message>
        <source>Please step out of the bright light.</source>
        <translation>Tanpri soti nan limyè ki twò fò a.</translation>
    </message>
    <message>
        <source>Welcome. Please look at the camera.</source>
        <translation>Byenveni. Tanpri gade kamera a.</translation>
    </message>
    <message>
        <source>Your photo is compared with the photo you gave when you booked, to confirm your identity.</source>
        <translation>Nou konpare foto w la ak foto ou te bay lè ou te pran randevou a, pou konfime idantite w.</translation>
    </message>
    <message>
        <source>Citizens may ask the officer for a manual document check instead of a photo.</source>
        <translation>Sitwayen yo ka mande ofisye a pou l tcheke dokiman yo ak men olye yo pran foto.</translation>
    </message>
    <message>
        <source>Thank you.</source>
        <translation>Mèsi.</translation>
    </message>
    <message>
        <source>Please wait. The officer will help you.</source>
        <translation>Tanpri tann. Ofisye a pral ede w.</translation>
    </message>
</context>
<context>
    <name>portico::ui::BoothView</name>
    <message>
        <source>✔ MATCH</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✖ NO MATCH — second look</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ TWO CANDIDATES — second look</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ PHOTO NOT USABLE — retake or manual check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⛔ MATCHER UNAVAILABLE — manual check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CAMERA OFF — citizen opted out: inspect the document manually</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for the traveler…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live camera</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>[F5] Capture now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who is this?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manifest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MRZ (type or scan, then Ctrl+Enter):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>[F1] Verified → continue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>[F2] Refer…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>[F3] Opt-out: manual check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>[F4] No-show / outside window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>[Esc] Next traveler</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>[F7] Traveler language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refer to supervisor / secondary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reason (press its number):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1  Face does not match</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>2  Document problem</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>3  Manifest does not match the document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>4  Photo not usable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>5  Other concern (describe in the note)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Note for the supervisor (optional)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Prompt shown: "%1"</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Second look required: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Appointment %1 · %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No traveler selected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other candidates: none above threshold</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2, score %3)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other candidates: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>portico::ui::CameraView</name>
    <message>
        <source>Waiting for the camera…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>portico::ui::MainWindow</name>
    <message>
        <source>Portico %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Booth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manifest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Face models are missing or altered: matching is unavailable. Ask an administrator to run scripts/fetch-models.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>portico::ui::ManifestTableModel</name>
    <message>
        <source>Age policy: a second look is always required</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nationality</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>portico::ui::ManifestView</name>
    <message>
        <source>Search name, document number or appointment id (Ctrl+F)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All lanes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lane %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n expected</source>
        <translation type="unfinished"><numerusform></numerusform><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n processed</source>
        <translation type="unfinished"><numerusform></numerusform><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n outside window</source>
        <translation type="unfinished"><numerusform></numerusform><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation type="unfinished"><numerusform></numerusform><numerusform></numerusform></translation>
    </message>
    <message>
        <source>All windows</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Window open now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open or within the hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Window ended</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>portico::ui::ScoreBar</name>
    <message>
        <source>score %1 · threshold %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no score</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>portico::ui::SyncStatusWidget</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
    <message>
        <source>DEMO — not for operational use</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Port %1 · Lane %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Officer %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● ONLINE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>○ OFFLINE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manifest %1 (%2 old)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manifest EXPIRED (%1 old)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No manifest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Outbox %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>oldest %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>last upload %1 ago</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>next upload %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Uploads stopped: %1 Decisions are kept on this workstation (%n waiting to upload).</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
    <message>
        <source>Camera %1 fps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Camera DOWN</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>OFFLINE since %1 · decisions are saved on this workstation (%n waiting to upload)</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
    <message>
        <source>No manifest yet: every traveler needs a manual check until the first sync.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manifest is %1 old: travelers booked after %2 are missing.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manifest EXPIRED at %1 (issued %2 ago): the booth keeps working on it, but every match needs a second look, and travelers booked or changed since are missing.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The camera is not sending pictures. Check its cable; Portico reconnects by itself.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
