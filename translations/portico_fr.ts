<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
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
        <translation>Veuillez regarder la caméra et ne plus bouger.</translation>
    </message>
    <message>
        <source>Please stand in front of the camera.</source>
        <translation>Veuillez vous placer devant la caméra.</translation>
    </message>
    <message>
        <source>One person at a time in front of the camera, please.</source>
        <translation>Une seule personne à la fois devant la caméra, s’il vous plaît.</translation>
    </message>
    <message>
        <source>Please come a little closer.</source>
        <translation>Veuillez vous approcher un peu.</translation>
    </message>
    <message>
        <source>Please step back a little.</source>
        <translation>Veuillez reculer un peu.</translation>
    </message>
    <message>
        <source>Please move to the centre of the screen.</source>
        <translation>Veuillez vous placer au centre de l’écran.</translation>
    </message>
    <message>
        <source>Please look straight at the camera.</source>
        <translation>Veuillez regarder droit vers la caméra.</translation>
    </message>
    <message>
        <source>Please keep your head straight.</source>
        <translation>Veuillez garder la tête droite.</translation>
    </message>
    <message>
        <source>Please keep your eyes open.</source>
        <translation>Veuillez garder les yeux ouverts.</translation>
    </message>
    <message>
        <source>Please remove your glasses.</source>
        <translation>Veuillez retirer vos lunettes.</translation>
    </message>
    <message>
        <source>Please hold still.</source>
        <translation>Veuillez ne plus bouger.</translation>
    </message>
    <message>
        <source>Please step into the light.</source>
        <translation>Veuillez vous placer dans la lumière.</translation>
    </message>
    <message>
        <source>Please step out of the bright light.</source>
        <translation>Veuillez vous écarter de la lumière trop forte.</translation>
    </message>
    <message>
        <source>Welcome. Please look at the camera.</source>
        <translation>Bienvenue. Veuillez regarder la caméra.</translation>
    </message>
    <message>
        <source>Your photo is compared with the photo you gave when you booked, to confirm your identity.</source>
        <translation>Votre photo est comparée à celle que vous avez fournie lors de la réservation, pour confirmer votre identité.</translation>
    </message>
    <message>
        <source>Citizens may ask the officer for a manual document check instead of a photo.</source>
        <translation>Les citoyens peuvent demander à l’agent un contrôle manuel du document au lieu de la photo.</translation>
    </message>
    <message>
        <source>Thank you.</source>
        <translation>Merci.</translation>
    </message>
    <message>
        <source>Please wait. The officer will help you.</source>
        <translation>Veuillez patienter. L’agent va vous aider.</translation>
    </message>
</context>
<context>
    <name>portico::ui::BoothController</name>
    <message>
        <source>traveler younger than 14 (age policy)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>traveler older than 79 (age policy)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>two candidates score alike</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no expected traveler reached the threshold</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the photo failed quality checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the calibration cannot support today's gallery size: strictest threshold used</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>date of birth unknown: age policy not applied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pose</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sharp</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Eyes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Centre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One face</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MRZ not readable: check the characters and line lengths, or type it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MRZ ✓ check digits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MRZ ✗ check digit wrong</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✓ matches manifest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>✗ differs from manifest: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Good photo — capturing…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Guiding the traveler…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 y</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>age unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 %2 (exp %3)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1–%2 · %3 · Lane %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Appointment %1 · 1 in %2 chance of a false candidate at today's gallery of %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 in %1 chance of a false candidate at today's gallery of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>little natural movement seen (liveness evidence is weak)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Camera off — citizen opted out; inspect the document manually</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Decision recorded: %1</source>
        <translation type="unfinished" />
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
    <name>portico::ui::LoginDialog</name>
    <message>
        <source>Portico — log in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log in to start inspecting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;User name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>DEMO — not for operational use. Demo accounts: officer “officer” with password “harbor lantern 4821”; supervisor “supervisor” with password “granite ferry 7390”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User name or password is wrong. After 10 failed attempts the account locks.</source>
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
    <message>
        <source>%1 expected · %2 processed · %3 outside window · %4 shown</source>
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
            <numerusform />
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation type="unfinished">
            <numerusform />
            <numerusform />
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation type="unfinished">
            <numerusform />
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
        <source>The camera is not sending pictures. Check its cable; Portico reconnects by itself.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
