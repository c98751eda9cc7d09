<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>ErrorText</name>
    <message>
        <source>Portico could not read that input. Check what was entered and try again.</source>
        <translation>Portico no pudo leer ese dato. Revise lo que se ingresó e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>That record could not be found. Search the manifest again or inspect the document manually.</source>
        <translation>No se encontró ese registro. Busque de nuevo en el manifiesto o revise el documento manualmente.</translation>
    </message>
    <message>
        <source>Portico could not read or write a file on this workstation. Call technical support; your decisions so far are saved.</source>
        <translation>Portico no pudo leer ni escribir un archivo en esta estación. Llame a soporte técnico; sus decisiones hasta ahora están guardadas.</translation>
    </message>
    <message>
        <source>Local data was damaged and has been set aside for investigation. Portico started with a clean store; tell your supervisor.</source>
        <translation>Los datos locales estaban dañados y se apartaron para su investigación. Portico inició con un almacén limpio; avise a su supervisor.</translation>
    </message>
    <message>
        <source>Face matching is unavailable: the face models are missing or altered. Inspect documents manually and ask an administrator to restore the models.</source>
        <translation>La comparación facial no está disponible: faltan los modelos faciales o fueron alterados. Revise los documentos manualmente y pida a un administrador que restaure los modelos.</translation>
    </message>
    <message>
        <source>The station configuration is invalid. Ask an administrator to correct it.</source>
        <translation>La configuración de la estación no es válida. Pida a un administrador que la corrija.</translation>
    </message>
    <message>
        <source>This workstation does not support that action.</source>
        <translation>Esta estación no admite esa acción.</translation>
    </message>
    <message>
        <source>The central service cannot be reached. Keep working: decisions are saved here and uploaded when the connection returns.</source>
        <translation>No se puede contactar al servicio central. Siga trabajando: las decisiones se guardan aquí y se envían cuando vuelva la conexión.</translation>
    </message>
    <message>
        <source>The central service refused this workstation's credentials. Keep working and tell your supervisor.</source>
        <translation>El servicio central rechazó las credenciales de esta estación. Siga trabajando y avise a su supervisor.</translation>
    </message>
    <message>
        <source>The central service failed its security check, so nothing was sent. Keep working and tell technical support.</source>
        <translation>El servicio central no superó el control de seguridad, así que no se envió nada. Siga trabajando y avise a soporte técnico.</translation>
    </message>
    <message>
        <source>Your role does not allow this action. Ask a supervisor.</source>
        <translation>Su función no permite esta acción. Pida ayuda a un supervisor.</translation>
    </message>
    <message>
        <source>This record was changed by someone else. Reopen it and try again.</source>
        <translation>Otra persona modificó este registro. Ábralo de nuevo e inténtelo otra vez.</translation>
    </message>
    <message>
        <source>Portico could not save to its local store. Try again; if it happens again, stop and call technical support.</source>
        <translation>Portico no pudo guardar en su almacén local. Inténtelo de nuevo; si vuelve a ocurrir, deténgase y llame a soporte técnico.</translation>
    </message>
    <message>
        <source>The local store was written by a newer version of Portico. Ask an administrator to update this workstation.</source>
        <translation>El almacén local fue escrito por una versión más reciente de Portico. Pida a un administrador que actualice esta estación.</translation>
    </message>
    <message>
        <source>Protected data could not be opened with this workstation's key. Tell your supervisor.</source>
        <translation>Los datos protegidos no se pudieron abrir con la clave de esta estación. Avise a su supervisor.</translation>
    </message>
    <message>
        <source>This workstation's disk is full: new decisions cannot be saved. Call technical support now; saved decisions are safe.</source>
        <translation>El disco de esta estación está lleno: no se pueden guardar nuevas decisiones. Llame ahora a soporte técnico; las decisiones guardadas están a salvo.</translation>
    </message>
    <message>
        <source>The action was cancelled.</source>
        <translation>La acción se canceló.</translation>
    </message>
    <message>
        <source>That picture could not be read. Scan or capture it again.</source>
        <translation>No se pudo leer esa imagen. Escanéela o captúrela de nuevo.</translation>
    </message>
    <message>
        <source>No face was found in the picture. Retake it, or inspect the document manually.</source>
        <translation>No se encontró ningún rostro en la imagen. Tómela de nuevo o revise el documento manualmente.</translation>
    </message>
    <message>
        <source>These photos were processed by different face models and cannot be compared. Inspect manually.</source>
        <translation>Estas fotos se procesaron con modelos faciales distintos y no se pueden comparar. Revise manualmente.</translation>
    </message>
    <message>
        <source>A manifest update was rejected as untrustworthy; the previous manifest is still in use. Tell your supervisor.</source>
        <translation>Se rechazó una actualización del manifiesto por no ser confiable; se sigue usando el manifiesto anterior. Avise a su supervisor.</translation>
    </message>
    <message>
        <source>This account is locked after too many failed attempts. A supervisor must unlock it.</source>
        <translation>Esta cuenta está bloqueada tras demasiados intentos fallidos. Un supervisor debe desbloquearla.</translation>
    </message>
    <message>
        <source>Choose a longer password: at least 15 characters, and not a common one.</source>
        <translation>Elija una contraseña más larga: al menos 15 caracteres, y que no sea común.</translation>
    </message>
    <message>
        <source>Something went wrong. Try again; if it happens again, call technical support.</source>
        <translation>Algo salió mal. Inténtelo de nuevo; si vuelve a ocurrir, llame a soporte técnico.</translation>
    </message>
</context>
<context>
    <name>TravelerPrompts</name>
    <message>
        <source>Please look at the camera and hold still.</source>
        <translation>Por favor, mire a la cámara y quédese quieto.</translation>
    </message>
    <message>
        <source>Please stand in front of the camera.</source>
        <translation>Por favor, colóquese frente a la cámara.</translation>
    </message>
    <message>
        <source>One person at a time in front of the camera, please.</source>
        <translation>Una sola persona frente a la cámara, por favor.</translation>
    </message>
    <message>
        <source>Please come a little closer.</source>
        <translation>Por favor, acérquese un poco.</translation>
    </message>
    <message>
        <source>Please step back a little.</source>
        <translation>Por favor, retroceda un poco.</translation>
    </message>
    <message>
        <source>Please move to the centre of the screen.</source>
        <translation>Por favor, colóquese en el centro de la pantalla.</translation>
    </message>
    <message>
        <source>Please look straight at the camera.</source>
        <translation>Por favor, mire directamente a la cámara.</translation>
    </message>
    <message>
        <source>Please keep your head straight.</source>
        <translation>Por favor, mantenga la cabeza recta.</translation>
    </message>
    <message>
        <source>Please keep your eyes open.</source>
        <translation>Por favor, mantenga los ojos abiertos.</translation>
    </message>
    <message>
        <source>Please remove your glasses.</source>
        <translation>Por favor, quítese los lentes.</translation>
    </message>
    <message>
        <source>Please hold still.</source>
        <translation>Por favor, quédese quieto.</translation>
    </message>
    <message>
        <source>Please step into the light.</source>
        <translation>Por favor, colóquese donde haya más luz.</translation>
    </message>
    <message>
        <source>Please step out of the bright light.</source>
        <translation>Por favor, apártese de la luz intensa.</translation>
    </message>
    <message>
        <source>Welcome. Please look at the camera.</source>
        <translation>Bienvenido. Por favor, mire a la cámara.</translation>
    </message>
    <message>
        <source>Your photo is compared with the photo you gave when you booked, to confirm your identity.</source>
        <translation>Su foto se compara con la foto que entregó al reservar su cita, para confirmar su identidad.</translation>
    </message>
    <message>
        <source>Citizens may ask the officer for a manual document check instead of a photo.</source>
        <translation>Los ciudadanos pueden pedir al oficial una revisión manual del documento en lugar de la foto.</translation>
    </message>
    <message>
        <source>Thank you.</source>
        <translation>Gracias.</translation>
    </message>
    <message>
        <source>Please wait. The officer will help you.</source>
        <translation>Por favor, espere. El oficial le ayudará.</translation>
    </message>
</context>
<context>
    <name>portico::ui::BoothController</name>
    <message>
        <source>traveler younger than 14 (age policy)</source>
        <translation>viajero menor de 14 años (política de edad)</translation>
    </message>
    <message>
        <source>traveler older than 79 (age policy)</source>
        <translation>viajero mayor de 79 años (política de edad)</translation>
    </message>
    <message>
        <source>two candidates score alike</source>
        <translation>dos candidatos obtienen puntuaciones parecidas</translation>
    </message>
    <message>
        <source>no expected traveler reached the threshold</source>
        <translation>ningún viajero esperado alcanzó el umbral</translation>
    </message>
    <message>
        <source>the photo failed quality checks</source>
        <translation>la foto no superó los controles de calidad</translation>
    </message>
    <message>
        <source>the calibration cannot support today's gallery size: strictest threshold used</source>
        <translation>la calibración no cubre el tamaño de la galería de hoy: se usa el umbral más estricto</translation>
    </message>
    <message>
        <source>date of birth unknown: age policy not applied</source>
        <translation>fecha de nacimiento desconocida: no se aplicó la política de edad</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Pose</source>
        <translation>Postura</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivelado</translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation>Nitidez</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Luz</translation>
    </message>
    <message>
        <source>Eyes</source>
        <translation>Ojos</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>Centrado</translation>
    </message>
    <message>
        <source>One face</source>
        <translation>Un rostro</translation>
    </message>
    <message>
        <source>MRZ not readable: check the characters and line lengths, or type it again.</source>
        <translation>MRZ ilegible: revise los caracteres y la longitud de las líneas, o escríbala de nuevo.</translation>
    </message>
    <message>
        <source>MRZ ✓ check digits</source>
        <translation>MRZ ✓ dígitos de control</translation>
    </message>
    <message>
        <source>MRZ ✗ check digit wrong</source>
        <translation>MRZ ✗ dígito de control incorrecto</translation>
    </message>
    <message>
        <source>✓ matches manifest</source>
        <translation>✓ coincide con el manifiesto</translation>
    </message>
    <message>
        <source>✗ differs from manifest: %1</source>
        <translation>✗ difiere del manifiesto: %1</translation>
    </message>
    <message>
        <source>Good photo — capturing…</source>
        <translation>Buena foto — capturando…</translation>
    </message>
    <message>
        <source>Guiding the traveler…</source>
        <translation>Guiando al viajero…</translation>
    </message>
    <message>
        <source>%1 y</source>
        <translation>%1 años</translation>
    </message>
    <message>
        <source>age unknown</source>
        <translation>edad desconocida</translation>
    </message>
    <message>
        <source>%1 %2 (exp %3)</source>
        <translation>%1 %2 (vence %3)</translation>
    </message>
    <message>
        <source>%1–%2 · %3 · Lane %4</source>
        <translation>%1–%2 · %3 · Carril %4</translation>
    </message>
    <message>
        <source>Appointment %1 · 1 in %2 chance of a false candidate at today's gallery of %3</source>
        <translation>Cita %1 · 1 probabilidad en %2 de un candidato falso con la galería de hoy de %3</translation>
    </message>
    <message>
        <source>1 in %1 chance of a false candidate at today's gallery of %2</source>
        <translation>1 probabilidad en %1 de un candidato falso con la galería de hoy de %2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Falló: %1</translation>
    </message>
    <message>
        <source>little natural movement seen (liveness evidence is weak)</source>
        <translation>se vio poco movimiento natural (la evidencia de vida es débil)</translation>
    </message>
    <message>
        <source>Camera off — citizen opted out; inspect the document manually</source>
        <translation>Cámara apagada — el ciudadano no aceptó la foto; revise el documento manualmente</translation>
    </message>
    <message>
        <source>Decision recorded: %1</source>
        <translation>Decisión registrada: %1</translation>
    </message>
</context>
<context>
    <name>portico::ui::BoothView</name>
    <message>
        <source>✔ MATCH</source>
        <translation>✔ COINCIDE</translation>
    </message>
    <message>
        <source>✖ NO MATCH — second look</source>
        <translation>✖ NO COINCIDE — segunda revisión</translation>
    </message>
    <message>
        <source>⚠ TWO CANDIDATES — second look</source>
        <translation>⚠ DOS CANDIDATOS — segunda revisión</translation>
    </message>
    <message>
        <source>⚠ PHOTO NOT USABLE — retake or manual check</source>
        <translation>⚠ FOTO NO UTILIZABLE — repetir o revisión manual</translation>
    </message>
    <message>
        <source>⛔ MATCHER UNAVAILABLE — manual check</source>
        <translation>⛔ COMPARADOR NO DISPONIBLE — revisión manual</translation>
    </message>
    <message>
        <source>CAMERA OFF — citizen opted out: inspect the document manually</source>
        <translation>CÁMARA APAGADA — el ciudadano no aceptó la foto: revise el documento manualmente</translation>
    </message>
    <message>
        <source>Waiting for the traveler…</source>
        <translation>Esperando al viajero…</translation>
    </message>
    <message>
        <source>Live camera</source>
        <translation>Cámara en vivo</translation>
    </message>
    <message>
        <source>[F5] Capture now</source>
        <translation>[F5] Capturar ahora</translation>
    </message>
    <message>
        <source>Who is this?</source>
        <translation>¿Quién es?</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En vivo</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>Manifiesto</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>MRZ (type or scan, then Ctrl+Enter):</source>
        <translation>MRZ (escriba o escanee, luego Ctrl+Intro):</translation>
    </message>
    <message>
        <source>[F1] Verified → continue</source>
        <translation>[F1] Verificado → continuar</translation>
    </message>
    <message>
        <source>[F2] Refer…</source>
        <translation>[F2] Remitir…</translation>
    </message>
    <message>
        <source>[F3] Opt-out: manual check</source>
        <translation>[F3] Sin foto: revisión manual</translation>
    </message>
    <message>
        <source>[F4] No-show / outside window</source>
        <translation>[F4] No presentado / fuera de horario</translation>
    </message>
    <message>
        <source>[Esc] Next traveler</source>
        <translation>[Esc] Siguiente viajero</translation>
    </message>
    <message>
        <source>[F7] Traveler language</source>
        <translation>[F7] Idioma del viajero</translation>
    </message>
    <message>
        <source>Refer to supervisor / secondary</source>
        <translation>Remitir al supervisor / revisión secundaria</translation>
    </message>
    <message>
        <source>Reason (press its number):</source>
        <translation>Motivo (pulse su número):</translation>
    </message>
    <message>
        <source>1  Face does not match</source>
        <translation>1  El rostro no coincide</translation>
    </message>
    <message>
        <source>2  Document problem</source>
        <translation>2  Problema con el documento</translation>
    </message>
    <message>
        <source>3  Manifest does not match the document</source>
        <translation>3  El manifiesto no coincide con el documento</translation>
    </message>
    <message>
        <source>4  Photo not usable</source>
        <translation>4  Foto no utilizable</translation>
    </message>
    <message>
        <source>5  Other concern (describe in the note)</source>
        <translation>5  Otro motivo (descríbalo en la nota)</translation>
    </message>
    <message>
        <source>Note for the supervisor (optional)</source>
        <translation>Nota para el supervisor (opcional)</translation>
    </message>
    <message>
        <source>Prompt shown: "%1"</source>
        <translation>Indicación mostrada: «%1»</translation>
    </message>
    <message>
        <source>Second look required: %1</source>
        <translation>Se requiere segunda revisión: %1</translation>
    </message>
    <message>
        <source>Appointment %1 · %2</source>
        <translation>Cita %1 · %2</translation>
    </message>
    <message>
        <source>No traveler selected</source>
        <translation>Ningún viajero seleccionado</translation>
    </message>
    <message>
        <source>Other candidates: none above threshold</source>
        <translation>Otros candidatos: ninguno por encima del umbral</translation>
    </message>
    <message>
        <source>%1 (%2, score %3)</source>
        <translation>%1 (%2, puntuación %3)</translation>
    </message>
    <message>
        <source>Other candidates: %1</source>
        <translation>Otros candidatos: %1</translation>
    </message>
</context>
<context>
    <name>portico::ui::CameraView</name>
    <message>
        <source>Waiting for the camera…</source>
        <translation>Esperando la cámara…</translation>
    </message>
</context>
<context>
    <name>portico::ui::LoginDialog</name>
    <message>
        <source>Portico — log in</source>
        <translation>Portico — iniciar sesión</translation>
    </message>
    <message>
        <source>Log in to start inspecting</source>
        <translation>Inicie sesión para empezar a inspeccionar</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Usuario</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <source>DEMO — not for operational use. Demo accounts: officer “officer” with password “harbor lantern 4821”; supervisor “supervisor” with password “granite ferry 7390”.</source>
        <translation>DEMO — no apto para uso operativo. Cuentas de demostración: oficial «officer» con contraseña «harbor lantern 4821»; supervisor «supervisor» con contraseña «granite ferry 7390».</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>User name or password is wrong. After 10 failed attempts the account locks.</source>
        <translation>Usuario o contraseña incorrectos. Tras 10 intentos fallidos la cuenta se bloquea.</translation>
    </message>
</context>
<context>
    <name>portico::ui::MainWindow</name>
    <message>
        <source>Portico %1</source>
        <translation>Portico %1</translation>
    </message>
    <message>
        <source>Booth</source>
        <translation>Cabina</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>Manifiesto</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Face models are missing or altered: matching is unavailable. Ask an administrator to run scripts/fetch-models.</source>
        <translation>Faltan los modelos faciales o fueron alterados: la comparación no está disponible. Pida a un administrador que ejecute scripts/fetch-models.</translation>
    </message>
</context>
<context>
    <name>portico::ui::ManifestTableModel</name>
    <message>
        <source>Age policy: a second look is always required</source>
        <translation>Política de edad: siempre se requiere una segunda revisión</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Horario</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Nacionalidad</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Carril</translation>
    </message>
</context>
<context>
    <name>portico::ui::ManifestView</name>
    <message>
        <source>Search name, document number or appointment id (Ctrl+F)</source>
        <translation>Buscar nombre, número de documento o cita (Ctrl+F)</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>Todos los carriles</translation>
    </message>
    <message>
        <source>Lane %1</source>
        <translation>Carril %1</translation>
    </message>
    <message>
        <source>%1 expected · %2 processed · %3 outside window · %4 shown</source>
        <translation>%1 esperados · %2 procesados · %3 fuera de horario · %4 mostrados</translation>
    </message>
</context>
<context>
    <name>portico::ui::ScoreBar</name>
    <message>
        <source>score %1 · threshold %2</source>
        <translation>puntuación %1 · umbral %2</translation>
    </message>
    <message>
        <source>no score</source>
        <translation>sin puntuación</translation>
    </message>
</context>
<context>
    <name>portico::ui::SyncStatusWidget</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation><numerusform>%n s</numerusform><numerusform>%n s</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation><numerusform>%n min</numerusform><numerusform>%n min</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation><numerusform>%n h</numerusform><numerusform>%n h</numerusform></translation>
    </message>
    <message>
        <source>DEMO — not for operational use</source>
        <translation>DEMO — no apto para uso operativo</translation>
    </message>
    <message>
        <source>Port %1 · Lane %2</source>
        <translation>Puerto %1 · Carril %2</translation>
    </message>
    <message>
        <source>Officer %1</source>
        <translation>Oficial %1</translation>
    </message>
    <message>
        <source>● ONLINE</source>
        <translation>● EN LÍNEA</translation>
    </message>
    <message>
        <source>○ OFFLINE</source>
        <translation>○ SIN CONEXIÓN</translation>
    </message>
    <message>
        <source>Manifest %1 (%2 old)</source>
        <translation>Manifiesto %1 (hace %2)</translation>
    </message>
    <message>
        <source>No manifest</source>
        <translation>Sin manifiesto</translation>
    </message>
    <message>
        <source>Outbox %1</source>
        <translation>Pendientes %1</translation>
    </message>
    <message>
        <source>oldest %1</source>
        <translation>el más antiguo %1</translation>
    </message>
    <message>
        <source>last upload %1 ago</source>
        <translation>último envío hace %1</translation>
    </message>
    <message>
        <source>Camera %1 fps</source>
        <translation>Cámara %1 fps</translation>
    </message>
    <message>
        <source>Camera DOWN</source>
        <translation>Cámara CAÍDA</translation>
    </message>
    <message numerus="yes">
        <source>OFFLINE since %1 · decisions are saved on this workstation (%n waiting to upload)</source>
        <translation><numerusform>SIN CONEXIÓN desde las %1 · las decisiones se guardan en esta estación (%n pendiente de envío)</numerusform><numerusform>SIN CONEXIÓN desde las %1 · las decisiones se guardan en esta estación (%n pendientes de envío)</numerusform></translation>
    </message>
    <message>
        <source>No manifest yet: every traveler needs a manual check until the first sync.</source>
        <translation>Aún no hay manifiesto: cada viajero requiere revisión manual hasta la primera sincronización.</translation>
    </message>
    <message>
        <source>Manifest is %1 old: travelers booked after %2 are missing.</source>
        <translation>El manifiesto tiene %1 de antigüedad: faltan los viajeros reservados después de las %2.</translation>
    </message>
    <message>
        <source>The camera is not sending pictures. Check its cable; Portico reconnects by itself.</source>
        <translation>La cámara no envía imágenes. Revise el cable; Portico se reconecta solo.</translation>
    </message>
</context>
</TS>
