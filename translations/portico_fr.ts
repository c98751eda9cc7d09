<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AppointmentStatus</name>
    <message>
        <source>Booked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>referred to secondary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opted out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no-show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not decided (abandoned)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Portico could not read that input. Check what was entered and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That record could not be found. Search the manifest again or inspect the document manually.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico could not read or write a file on this workstation. Call technical support; your decisions so far are saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local data was damaged and has been set aside for investigation. Portico started with a clean store; tell your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face matching is unavailable: the face models are missing or altered. Inspect documents manually and ask an administrator to restore the models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The station configuration is invalid. Ask an administrator to correct it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workstation does not support that action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The central service cannot be reached. Keep working: decisions are saved here and uploaded when the connection returns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The central service refused this workstation&apos;s credentials. Keep working and tell your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The central service failed its security check, so nothing was sent. Keep working and tell technical support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role does not allow this action. Ask a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This record was changed by someone else. Reopen it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico could not save to its local store. Try again; if it happens again, stop and call technical support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local store was written by a newer version of Portico. Ask an administrator to update this workstation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protected data could not be opened with this workstation&apos;s key. Tell your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workstation&apos;s disk is full: new decisions cannot be saved. Call technical support now; saved decisions are safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The action was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That picture could not be read. Scan or capture it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No face was found in the picture. Retake it, or inspect the document manually.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These photos were processed by different face models and cannot be compared. Inspect manually.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A manifest update was rejected as untrustworthy; the previous manifest is still in use. Tell your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is locked after too many failed attempts. A supervisor must unlock it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a longer password: at least 15 characters, and not a common one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Try again; if it happens again, call technical support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The age policy asks for a second look: confirm what you checked before recording &quot;verified&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QualityText</name>
    <message>
        <source>Faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eye distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yaw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pitch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eyes open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharpness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportPdf</name>
    <message>
        <source>Daily operations report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day %1 (UTC) · port %2 · lane %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aggregates only: no names, photos, templates or document numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travelers processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opt-outs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Biometric attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No-match rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failure to acquire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-match rate (no match + failure to acquire)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Officer referrals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unresolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not confirmed, to secondary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inconclusive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review overturn rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FTA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overturn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per age band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A group alarms when its rate exceeds %1 × the overall rate, judged only with at least %2 attempts and %3 non-matches (non-match), or %4 resolved cases and %5 overturns (overturn).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>review overturn rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-match rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 %3 against %4 overall (%5 of %6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture to decision, median (records: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture to decision, 90th percentile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to good capture, median (records: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to good capture, 90th percentile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily operations report %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opt-outs declared before any analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysed but not decided (abandoned)</source>
        <translation type="unfinished"></translation>
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
    <name>portico::ui::AccountsDialog</name>
    <message>
        <source>officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts of this booth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an account with the arrow keys. U unlocks it, D disables it, E enables it. Supervisors manage officers; admins manage everyone. Every change is audited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
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
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock (U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable (D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable (E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DISABLED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LOCKED · failed sign-ins %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::BoothController</name>
    <message>
        <source>traveler younger than 14 (age policy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>traveler older than 79 (age policy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two candidates score alike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no expected traveler reached the threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the photo failed quality checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>date of birth unknown: age policy not applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eyes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRZ not readable: check the characters and line lengths, or type it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRZ ✓ check digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRZ ✗ check digit wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ matches manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ differs from manifest: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good photo — capturing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guiding the traveler…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>age unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 (exp %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1–%2 · %3 · Lane %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointment %1 · 1 in %2 chance of a false candidate at today&apos;s gallery of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 in %1 chance of a false candidate at today&apos;s gallery of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>little natural movement seen (liveness evidence is weak)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest has expired: this traveler may have been changed or removed since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera off — citizen opted out; inspect the document manually</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document reader folder %1 cannot be watched: load document photos with F6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the document photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document photo not usable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document photo read: compared as soon as the traveler&apos;s photo is taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document photo could not be compared: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document photo ✓ same person (score %1 ≥ %2; 1 in %3 chance of a false match)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document photo ✗ not confirmed (score %1 &lt; %2): compare the faces yourself; a supervisor will see this case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified, continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>referred to secondary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opted out, manual document check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no-show or outside the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this appointment was already decided here at %1 (%2): make sure one booking is not being used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The traveler&apos;s record is not shown: the access could not be recorded. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not decided (abandoned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown user name or wrong password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is unlocked and can sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is disabled: no sign-in until enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new traveler stepped up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cleared with Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the officer signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opt-out recorded before any frame of the traveler was analysed: no image was taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opt-out recorded: analysis stopped (frames with a face analysed: %1); no image is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous traveler was analysed but not decided (%1): recorded as abandoned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The traveler changed before your key arrived: nothing was recorded. Look at the screen and decide again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::BoothView</name>
    <message>
        <source>✔ MATCH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✖ NO MATCH — second look</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ TWO CANDIDATES — second look</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ PHOTO NOT USABLE — retake or manual check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⛔ MATCHER UNAVAILABLE — manual check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAMERA OFF — citizen opted out: inspect the document manually</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the traveler…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[F5] Capture now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who is this?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRZ (type or scan, then Ctrl+Enter):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[F1] Verified → continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[F2] Refer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[F3] Opt-out: manual check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[F4] No-show / outside window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[Esc] Next traveler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[F7] Traveler language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refer to supervisor / secondary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (press its number):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1  Face does not match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2  Document problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3  Manifest does not match the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4  Photo not usable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5  Other concern (describe in the note)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note for the supervisor (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt shown: &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second look required: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointment %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No traveler selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other candidates: none above threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, score %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other candidates: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[F6] Document photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travel-document photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age policy: confirm the second look</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What did you check? (press its number, then Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1  Face compared with the travel document&apos;s photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2  Identity confirmed with the accompanying parent, guardian or carer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3  Another check (describe it in the note)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (required for another check)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[F1] Verified after a second look…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::CameraView</name>
    <message>
        <source>Waiting for the camera…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::LockScreen</name>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked after inactivity — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traveler data is hidden. Enter your password and press Enter to go on. Another officer signs in with their own user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 signed out — the next officer signs in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::LoginDialog</name>
    <message>
        <source>Portico — log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in to start inspecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO — not for operational use. Demo accounts: officer “officer” with password “harbor lantern 4821”; supervisor “supervisor” with password “granite ferry 7390”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name or password is wrong. After 10 failed attempts the account locks.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::MainWindow</name>
    <message>
        <source>Portico %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face models are missing or altered: matching is unavailable. Ask an administrator to run scripts/fetch-models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+Q sign out · Ctrl+Shift+P password · Ctrl+Shift+A accounts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::ManifestTableModel</name>
    <message>
        <source>Age policy: a second look is always required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::ManifestView</name>
    <message>
        <source>Search name, document number or appointment id (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n expected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n processed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n outside window</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>All windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window open now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or within the hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window ended</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::PasswordDialog</name>
    <message>
        <source>Change the password of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password (at least 15 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two new passwords differ. Type them again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::ReviewView</name>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+1  Identity confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+2  Not confirmed → secondary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+3  Inconclusive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (required): what you compared and why you decided so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traveler:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why a second look:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1:N match:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document 1:1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liveness:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Officer&apos;s note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claimed by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No case selected. Cases appear here when the matcher could not confirm a traveler or an officer asked for a second look.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a note first: what you compared and why you decided so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look-alikes in today&apos;s gallery:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::ScoreBar</name>
    <message>
        <source>score %1 · threshold %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no score</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::StatsView</name>
    <message>
        <source>Lane %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>review-overturn rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-match rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ %1: %2 %3 (%4 of %5) is more than twice the overall %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day (UTC):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export daily report… (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failure to acquire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviews resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overturned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-match rate by age band (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared intended addresses — information for your judgement, not a flag on any traveler (never shown at the booth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address (normalised)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distinct surnames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travelers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the daily report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-match rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture health: time to a good photo median %1 (p90 %2), travelers measured %3 · capture to decision median %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addresses shared by at least %1 travelers with different surnames within 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera of lane %1 since this workstation started: up %2 % of %3 (%4 now) · disconnections %5 · photos taken %6 · failures to acquire %7 · %8 frames/s analysed, analysis p95 %9 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>streaming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DOWN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (clamped: the calibration cannot support this rate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (estimated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (derived from the calibration set&apos;s scores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (set in the station config)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not calibrated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching operating point · 1:1: false-match rate 1 in %1 (threshold %2) · 1:N: a false candidate in 1 of %3 searches (threshold %4 for %5 travelers, %6 for %7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1:N thresholds measured up to %1 travelers, estimated by the tail model up to %2 · younger than %3 or older than %4: rates × %5 · ambiguity margin %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration: %1 · impostor pairs %2 · built %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed %1 · match rate %2 · no match %3 · failure to acquire %4 · opt-outs %5 (before any analysis %10) · not decided %11 · referrals %6 · review cases %7 (open %8, resolved %9)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::SupervisorController</name>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two look-alike candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>poor photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>child under 14</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>traveler over 79</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weak liveness evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>document disagrees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>officer referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claimed by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>identity confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not confirmed → secondary inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inconclusive</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n claimed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resolved today</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>oldest waiting %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: the traveler opted out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted by the retention policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not kept (U.S. citizen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No manifest entry was matched or selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score %1 against threshold %2 (false-match rate %3 per comparison, 1 in %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score %1 against threshold %2 (false-match rate %3 per comparison; 1 in %4 chance of a false candidate at the gallery of %5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no score (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score %1 against threshold %2 (1 in %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (below %2 counts as weak)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily report saved: %1.pdf and .csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matcher unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no biometric check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compared at the booth, not stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>booking decided twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first decided %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>analysed but not decided</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ui::SyncStatusWidget</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>DEMO — not for operational use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port %1 · Lane %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Officer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● ONLINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ OFFLINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest %1 (%2 old)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest EXPIRED (%1 old)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>oldest %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last upload %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next upload %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Uploads stopped: %1 Decisions are kept on this workstation (%n waiting to upload).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Camera %1 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera DOWN</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>OFFLINE since %1 · decisions are saved on this workstation (%n waiting to upload)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No manifest yet: every traveler needs a manual check until the first sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest is %1 old: travelers booked after %2 are missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest EXPIRED at %1 (issued %2 ago): the booth keeps working on it, but every match needs a second look, and travelers booked or changed since are missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The camera is not sending pictures. Check its cable; Portico reconnects by itself.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
