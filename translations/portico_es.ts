<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AppointmentStatus</name>
    <message>
        <source>Booked</source>
        <translation>Reservada</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmada</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Registrada</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Procesada</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Vencida</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verificado</translation>
    </message>
    <message>
        <source>referred to secondary</source>
        <translation>remitido a secundaria</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>se excluyó</translation>
    </message>
    <message>
        <source>no-show</source>
        <translation>no se presentó</translation>
    </message>
    <message>
        <source>not decided (abandoned)</source>
        <translation>sin decisión (abandonado)</translation>
    </message>
</context>
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
        <source>The central service refused this workstation&apos;s credentials. Keep working and tell your supervisor.</source>
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
        <source>Protected data could not be opened with this workstation&apos;s key. Tell your supervisor.</source>
        <translation>Los datos protegidos no se pudieron abrir con la clave de esta estación. Avise a su supervisor.</translation>
    </message>
    <message>
        <source>This workstation&apos;s disk is full: new decisions cannot be saved. Call technical support now; saved decisions are safe.</source>
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
    <message>
        <source>The age policy asks for a second look: confirm what you checked before recording &quot;verified&quot;.</source>
        <translation>La política de edad pide una segunda revisión: confirme qué comprobó antes de registrar «verificado».</translation>
    </message>
</context>
<context>
    <name>QualityText</name>
    <message>
        <source>Faces</source>
        <translation>Rostros</translation>
    </message>
    <message>
        <source>In frame</source>
        <translation>Dentro del encuadre</translation>
    </message>
    <message>
        <source>Off centre</source>
        <translation>Descentrado</translation>
    </message>
    <message>
        <source>Eye distance</source>
        <translation>Distancia entre ojos</translation>
    </message>
    <message>
        <source>Yaw</source>
        <translation>Giro</translation>
    </message>
    <message>
        <source>Pitch</source>
        <translation>Inclinación</translation>
    </message>
    <message>
        <source>Roll</source>
        <translation>Ladeo</translation>
    </message>
    <message>
        <source>Eyes open</source>
        <translation>Ojos abiertos</translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation>Brillo</translation>
    </message>
    <message>
        <source>Clipped</source>
        <translation>Saturado</translation>
    </message>
    <message>
        <source>Sharpness</source>
        <translation>Nitidez</translation>
    </message>
    <message>
        <source>Quality score</source>
        <translation>Puntuación de calidad</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>no registrada</translation>
    </message>
</context>
<context>
    <name>ReportPdf</name>
    <message>
        <source>Daily operations report</source>
        <translation>Informe diario de operaciones</translation>
    </message>
    <message>
        <source>Day %1 (UTC) · port %2 · lane %3</source>
        <translation>Día %1 (UTC) · puerto %2 · carril %3</translation>
    </message>
    <message>
        <source>all</source>
        <translation>todos</translation>
    </message>
    <message>
        <source>Aggregates only: no names, photos, templates or document numbers.</source>
        <translation>Solo agregados: sin nombres, fotos, plantillas ni números de documento.</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Travelers processed</source>
        <translation>Viajeros procesados</translation>
    </message>
    <message>
        <source>Opt-outs</source>
        <translation>Exclusiones voluntarias</translation>
    </message>
    <message>
        <source>Biometric attempts</source>
        <translation>Intentos biométricos</translation>
    </message>
    <message>
        <source>Match rate</source>
        <translation>Tasa de coincidencia</translation>
    </message>
    <message>
        <source>No-match rate</source>
        <translation>Tasa de no coincidencia</translation>
    </message>
    <message>
        <source>Failure to acquire</source>
        <translation>Fallo de captura</translation>
    </message>
    <message>
        <source>Non-match rate (no match + failure to acquire)</source>
        <translation>Tasa de no coincidencia (no coincide + fallo de captura)</translation>
    </message>
    <message>
        <source>Officer referrals</source>
        <translation>Remisiones del oficial</translation>
    </message>
    <message>
        <source>Review cases</source>
        <translation>Casos de revisión</translation>
    </message>
    <message>
        <source>Unresolved</source>
        <translation>Sin resolver</translation>
    </message>
    <message>
        <source>Identity confirmed</source>
        <translation>Identidad confirmada</translation>
    </message>
    <message>
        <source>Not confirmed, to secondary</source>
        <translation>No confirmada, a inspección secundaria</translation>
    </message>
    <message>
        <source>Inconclusive</source>
        <translation>No concluyente</translation>
    </message>
    <message>
        <source>Review overturn rate</source>
        <translation>Tasa de revocación en revisión</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Procesados</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Coincide</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>No coincide</translation>
    </message>
    <message>
        <source>FTA</source>
        <translation>FC</translation>
    </message>
    <message>
        <source>Non-match</source>
        <translation>No coincidencia</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resueltos</translation>
    </message>
    <message>
        <source>Overturn</source>
        <translation>Revocación</translation>
    </message>
    <message>
        <source>Per lane</source>
        <translation>Por carril</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Carril</translation>
    </message>
    <message>
        <source>Per age band</source>
        <translation>Por grupo de edad</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>Grupo de edad</translation>
    </message>
    <message>
        <source>Per sex</source>
        <translation>Por sexo</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sexo</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmas</translation>
    </message>
    <message>
        <source>A group alarms when its rate exceeds %1 × the overall rate, judged only with at least %2 attempts and %3 non-matches (non-match), or %4 resolved cases and %5 overturns (overturn).</source>
        <translation>Un grupo genera una alarma cuando su tasa supera %1 × la tasa total; solo se evalúa con al menos %2 intentos y %3 no coincidencias (no coincidencia), o %4 casos resueltos y %5 revocaciones (revocación).</translation>
    </message>
    <message>
        <source>No alarm.</source>
        <translation>Sin alarmas.</translation>
    </message>
    <message>
        <source>review overturn rate</source>
        <translation>tasa de revocación en revisión</translation>
    </message>
    <message>
        <source>non-match rate</source>
        <translation>tasa de no coincidencia</translation>
    </message>
    <message>
        <source>%1: %2 %3 against %4 overall (%5 of %6)</source>
        <translation>%1: %2 %3 frente a %4 en total (%5 de %6)</translation>
    </message>
    <message>
        <source>Capture health</source>
        <translation>Estado de la captura</translation>
    </message>
    <message>
        <source>Capture to decision, median (records: %1)</source>
        <translation>De la captura a la decisión, mediana (registros: %1)</translation>
    </message>
    <message>
        <source>Capture to decision, 90th percentile</source>
        <translation>De la captura a la decisión, percentil 90</translation>
    </message>
    <message>
        <source>Time to good capture, median (records: %1)</source>
        <translation>Tiempo hasta una buena captura, mediana (registros: %1)</translation>
    </message>
    <message>
        <source>Time to good capture, 90th percentile</source>
        <translation>Tiempo hasta una buena captura, percentil 90</translation>
    </message>
    <message>
        <source>Daily operations report %1</source>
        <translation>Informe diario de operaciones %1</translation>
    </message>
    <message>
        <source>Opt-outs declared before any analysis</source>
        <translation>Exclusiones declaradas antes de cualquier análisis</translation>
    </message>
    <message>
        <source>Analysed but not decided (abandoned)</source>
        <translation>Analizados pero sin decisión (abandonados)</translation>
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
    <name>portico::ui::AccountsDialog</name>
    <message>
        <source>officer</source>
        <translation>oficial</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>administrador</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>Accounts of this booth</source>
        <translation>Cuentas de esta cabina</translation>
    </message>
    <message>
        <source>Select an account with the arrow keys. U unlocks it, D disables it, E enables it. Supervisors manage officers; admins manage everyone. Every change is audited.</source>
        <translation>Seleccione una cuenta con las flechas. U la desbloquea, D la desactiva, E la activa. Los supervisores gestionan a los oficiales; los administradores, a todos. Cada cambio queda auditado.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Último inicio de sesión</translation>
    </message>
    <message>
        <source>Unlock (U)</source>
        <translation>Desbloquear (U)</translation>
    </message>
    <message>
        <source>Disable (D)</source>
        <translation>Desactivar (D)</translation>
    </message>
    <message>
        <source>Enable (E)</source>
        <translation>Activar (E)</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>DISABLED</source>
        <translation>DESACTIVADA</translation>
    </message>
    <message>
        <source>LOCKED · failed sign-ins %1</source>
        <translation>BLOQUEADA · intentos fallidos %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
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
        <source>Appointment %1 · 1 in %2 chance of a false candidate at today&apos;s gallery of %3</source>
        <translation>Cita %1 · probabilidad de un candidato falso: 1 entre %2 con la galería de hoy de %3</translation>
    </message>
    <message>
        <source>1 in %1 chance of a false candidate at today&apos;s gallery of %2</source>
        <translation>probabilidad de un candidato falso: 1 entre %1 con la galería de hoy de %2</translation>
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
        <source>the manifest has expired: this traveler may have been changed or removed since</source>
        <translation>el manifiesto está vencido: este viajero puede haber cambiado o haber sido retirado desde entonces</translation>
    </message>
    <message>
        <source>Camera off — citizen opted out; inspect the document manually</source>
        <translation>Cámara apagada — el ciudadano no aceptó la foto; revise el documento manualmente</translation>
    </message>
    <message>
        <source>Decision recorded: %1</source>
        <translation>Decisión registrada: %1</translation>
    </message>
    <message>
        <source>The document reader folder %1 cannot be watched: load document photos with F6.</source>
        <translation>No se puede vigilar la carpeta del lector de documentos %1: cargue las fotos del documento con F6.</translation>
    </message>
    <message>
        <source>Reading the document photo…</source>
        <translation>Leyendo la foto del documento…</translation>
    </message>
    <message>
        <source>Document photo not usable: %1</source>
        <translation>La foto del documento no se puede usar: %1</translation>
    </message>
    <message>
        <source>Document photo read: compared as soon as the traveler&apos;s photo is taken.</source>
        <translation>Foto del documento leída: se comparará en cuanto se tome la foto del viajero.</translation>
    </message>
    <message>
        <source>Document photo could not be compared: %1</source>
        <translation>No se pudo comparar la foto del documento: %1</translation>
    </message>
    <message>
        <source>Document photo ✓ same person (score %1 ≥ %2; 1 in %3 chance of a false match)</source>
        <translation>Foto del documento ✓ misma persona (puntuación %1 ≥ %2; 1 probabilidad entre %3 de una coincidencia falsa)</translation>
    </message>
    <message>
        <source>Document photo ✗ not confirmed (score %1 &lt; %2): compare the faces yourself; a supervisor will see this case</source>
        <translation>Foto del documento ✗ no confirmada (puntuación %1 &lt; %2): compare usted los rostros; un supervisor verá este caso</translation>
    </message>
    <message>
        <source>verified, continue</source>
        <translation>verificado, continúa</translation>
    </message>
    <message>
        <source>referred to secondary</source>
        <translation>remitido a secundaria</translation>
    </message>
    <message>
        <source>opted out, manual document check</source>
        <translation>se excluyó, control manual del documento</translation>
    </message>
    <message>
        <source>no-show or outside the window</source>
        <translation>no se presentó o fuera del horario</translation>
    </message>
    <message>
        <source>this appointment was already decided here at %1 (%2): make sure one booking is not being used twice</source>
        <translation>esta cita ya se resolvió aquí a las %1 (%2): asegúrese de que no se esté usando una reserva dos veces</translation>
    </message>
    <message>
        <source>The traveler&apos;s record is not shown: the access could not be recorded. %1</source>
        <translation>No se muestra el registro del viajero: no se pudo registrar el acceso. %1</translation>
    </message>
    <message>
        <source>not decided (abandoned)</source>
        <translation>sin decisión (abandonado)</translation>
    </message>
    <message>
        <source>Unknown user name or wrong password.</source>
        <translation>Usuario desconocido o contraseña incorrecta.</translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation>Sesión iniciada: %1</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>Su contraseña se ha cambiado.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>La contraseña actual es incorrecta.</translation>
    </message>
    <message>
        <source>%1 is unlocked and can sign in again.</source>
        <translation>%1 está desbloqueada y puede iniciar sesión de nuevo.</translation>
    </message>
    <message>
        <source>%1 is disabled: no sign-in until enabled.</source>
        <translation>%1 está desactivada: no puede iniciar sesión hasta que se active.</translation>
    </message>
    <message>
        <source>%1 is enabled.</source>
        <translation>%1 está activada.</translation>
    </message>
    <message>
        <source>a new traveler stepped up</source>
        <translation>se acercó un nuevo viajero</translation>
    </message>
    <message>
        <source>cleared with Esc</source>
        <translation>descartado con Esc</translation>
    </message>
    <message>
        <source>the officer signed out</source>
        <translation>el oficial cerró la sesión</translation>
    </message>
    <message>
        <source>Opt-out recorded before any frame of the traveler was analysed: no image was taken.</source>
        <translation>Exclusión registrada antes de analizar ninguna imagen del viajero: no se tomó ninguna imagen.</translation>
    </message>
    <message>
        <source>Opt-out recorded: analysis stopped (frames with a face analysed: %1); no image is kept.</source>
        <translation>Exclusión registrada: análisis detenido (imágenes con rostro analizadas: %1); no se conserva ninguna imagen.</translation>
    </message>
    <message>
        <source>The previous traveler was analysed but not decided (%1): recorded as abandoned.</source>
        <translation>El viajero anterior fue analizado pero no se decidió (%1): registrado como abandonado.</translation>
    </message>
    <message>
        <source>The traveler changed before your key arrived: nothing was recorded. Look at the screen and decide again.</source>
        <translation>El viajero cambió antes de que llegara su tecla: no se registró nada. Mire la pantalla y decida de nuevo.</translation>
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
        <source>Prompt shown: &quot;%1&quot;</source>
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
    <message>
        <source>[F6] Document photo…</source>
        <translation>[F6] Foto del documento…</translation>
    </message>
    <message>
        <source>Travel-document photo</source>
        <translation>Foto del documento de viaje</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp)</source>
        <translation>Imágenes (*.jpg *.jpeg *.png *.bmp)</translation>
    </message>
    <message>
        <source>Age policy: confirm the second look</source>
        <translation>Política de edad: confirme la segunda revisión</translation>
    </message>
    <message>
        <source>What did you check? (press its number, then Enter)</source>
        <translation>¿Qué comprobó? (pulse su número y luego Intro)</translation>
    </message>
    <message>
        <source>1  Face compared with the travel document&apos;s photo</source>
        <translation>1  Rostro comparado con la foto del documento de viaje</translation>
    </message>
    <message>
        <source>2  Identity confirmed with the accompanying parent, guardian or carer</source>
        <translation>2  Identidad confirmada con el padre, la madre, el tutor o el acompañante</translation>
    </message>
    <message>
        <source>3  Another check (describe it in the note)</source>
        <translation>3  Otra comprobación (descríbala en la nota)</translation>
    </message>
    <message>
        <source>Note (required for another check)</source>
        <translation>Nota (obligatoria para otra comprobación)</translation>
    </message>
    <message>
        <source>[F1] Verified after a second look…</source>
        <translation>[F1] Verificado tras una segunda revisión…</translation>
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
    <name>portico::ui::LockScreen</name>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Unlock (Enter)</source>
        <translation>Desbloquear (Intro)</translation>
    </message>
    <message>
        <source>Locked after inactivity — %1</source>
        <translation>Bloqueado por inactividad — %1</translation>
    </message>
    <message>
        <source>Traveler data is hidden. Enter your password and press Enter to go on. Another officer signs in with their own user name and password.</source>
        <translation>Los datos del viajero están ocultos. Escriba su contraseña y pulse Intro para continuar. Otro oficial inicia sesión con su propio usuario y contraseña.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>%1 signed out — the next officer signs in</source>
        <translation>%1 cerró la sesión — el siguiente oficial inicia sesión</translation>
    </message>
    <message>
        <source>Sign in (Enter)</source>
        <translation>Iniciar sesión (Intro)</translation>
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
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>Seguimiento</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Q sign out · Ctrl+Shift+P password · Ctrl+Shift+A accounts</source>
        <translation>Ctrl+Mayús+Q cerrar sesión · Ctrl+Mayús+P contraseña · Ctrl+Mayús+A cuentas</translation>
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
    <message numerus="yes">
        <source>%n expected</source>
        <translation>
            <numerusform>%n esperado</numerusform>
            <numerusform>%n esperados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n processed</source>
        <translation>
            <numerusform>%n procesado</numerusform>
            <numerusform>%n procesados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n outside window</source>
        <translation>
            <numerusform>%n fuera de horario</numerusform>
            <numerusform>%n fuera de horario</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>%n mostrado</numerusform>
            <numerusform>%n mostrados</numerusform>
        </translation>
    </message>
    <message>
        <source>All windows</source>
        <translation>Todos los horarios</translation>
    </message>
    <message>
        <source>Window open now</source>
        <translation>Horario abierto ahora</translation>
    </message>
    <message>
        <source>Open or within the hour</source>
        <translation>Abierto o en la próxima hora</translation>
    </message>
    <message>
        <source>Window ended</source>
        <translation>Horario terminado</translation>
    </message>
</context>
<context>
    <name>portico::ui::PasswordDialog</name>
    <message>
        <source>Change the password of %1</source>
        <translation>Cambiar la contraseña de %1</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Contraseña actual</translation>
    </message>
    <message>
        <source>New password (at least 15 characters)</source>
        <translation>Contraseña nueva (al menos 15 caracteres)</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Repita la contraseña nueva</translation>
    </message>
    <message>
        <source>Change (Enter)</source>
        <translation>Cambiar (Intro)</translation>
    </message>
    <message>
        <source>The two new passwords differ. Type them again.</source>
        <translation>Las dos contraseñas nuevas no coinciden. Escríbalas de nuevo.</translation>
    </message>
</context>
<context>
    <name>portico::ui::ReviewView</name>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Carril</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Live capture</source>
        <translation>Captura en vivo</translation>
    </message>
    <message>
        <source>Manifest photo</source>
        <translation>Foto del manifiesto</translation>
    </message>
    <message>
        <source>Document photo</source>
        <translation>Foto del documento</translation>
    </message>
    <message>
        <source>Claim (Ctrl+L)</source>
        <translation>Tomar (Ctrl+L)</translation>
    </message>
    <message>
        <source>Release (Ctrl+R)</source>
        <translation>Liberar (Ctrl+R)</translation>
    </message>
    <message>
        <source>Alt+1  Identity confirmed</source>
        <translation>Alt+1  Identidad confirmada</translation>
    </message>
    <message>
        <source>Alt+2  Not confirmed → secondary</source>
        <translation>Alt+2  No confirmada → secundaria</translation>
    </message>
    <message>
        <source>Alt+3  Inconclusive</source>
        <translation>Alt+3  No concluyente</translation>
    </message>
    <message>
        <source>Resolve (Ctrl+Enter)</source>
        <translation>Resolver (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>Note (required): what you compared and why you decided so</source>
        <translation>Nota (obligatoria): qué comparó y por qué decidió así</translation>
    </message>
    <message>
        <source>Traveler:</source>
        <translation>Viajero:</translation>
    </message>
    <message>
        <source>Why a second look:</source>
        <translation>Motivo de la segunda revisión:</translation>
    </message>
    <message>
        <source>1:N match:</source>
        <translation>Búsqueda 1:N:</translation>
    </message>
    <message>
        <source>Document 1:1:</source>
        <translation>Documento 1:1:</translation>
    </message>
    <message>
        <source>Liveness:</source>
        <translation>Prueba de vida:</translation>
    </message>
    <message>
        <source>Quality:</source>
        <translation>Calidad:</translation>
    </message>
    <message>
        <source>Officer&apos;s note:</source>
        <translation>Nota del oficial:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>claimed by %1</source>
        <translation>tomado por %1</translation>
    </message>
    <message>
        <source>Finding:</source>
        <translation>Conclusión:</translation>
    </message>
    <message>
        <source>No case selected. Cases appear here when the matcher could not confirm a traveler or an officer asked for a second look.</source>
        <translation>Ningún caso seleccionado. Los casos aparecen aquí cuando el comparador no pudo confirmar a un viajero o un oficial pidió una segunda revisión.</translation>
    </message>
    <message>
        <source>Write a note first: what you compared and why you decided so.</source>
        <translation>Escriba primero una nota: qué comparó y por qué decidió así.</translation>
    </message>
    <message>
        <source>Look-alikes in today&apos;s gallery:</source>
        <translation>Parecidos en la galería de hoy:</translation>
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
    <name>portico::ui::StatsView</name>
    <message>
        <source>Lane %1</source>
        <translation>Carril %1</translation>
    </message>
    <message>
        <source>Age unknown</source>
        <translation>Edad desconocida</translation>
    </message>
    <message>
        <source>Age %1</source>
        <translation>Edad %1</translation>
    </message>
    <message>
        <source>Sex unknown</source>
        <translation>Sexo desconocido</translation>
    </message>
    <message>
        <source>Sex %1</source>
        <translation>Sexo %1</translation>
    </message>
    <message>
        <source>review-overturn rate</source>
        <translation>tasa de revocación en revisión</translation>
    </message>
    <message>
        <source>non-match rate</source>
        <translation>tasa de no coincidencia</translation>
    </message>
    <message>
        <source>⚠ %1: %2 %3 (%4 of %5) is more than twice the overall %6</source>
        <translation>⚠ %1: %2 %3 (%4 de %5) es más del doble del total %6</translation>
    </message>
    <message>
        <source>Day (UTC):</source>
        <translation>Día (UTC):</translation>
    </message>
    <message>
        <source>Export daily report… (Ctrl+E)</source>
        <translation>Exportar informe diario… (Ctrl+E)</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Procesados</translation>
    </message>
    <message>
        <source>Match rate</source>
        <translation>Tasa de coincidencia</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>No coincide</translation>
    </message>
    <message>
        <source>Failure to acquire</source>
        <translation>Fallo de captura</translation>
    </message>
    <message>
        <source>Reviews resolved</source>
        <translation>Revisiones resueltas</translation>
    </message>
    <message>
        <source>Overturned</source>
        <translation>Revocadas</translation>
    </message>
    <message>
        <source>Non-match rate by age band (%)</source>
        <translation>Tasa de no coincidencia por grupo de edad (%)</translation>
    </message>
    <message>
        <source>Shared intended addresses — information for your judgement, not a flag on any traveler (never shown at the booth)</source>
        <translation>Direcciones de destino compartidas — información para su criterio, no una marca sobre ningún viajero (nunca se muestra en la cabina)</translation>
    </message>
    <message>
        <source>Address (normalised)</source>
        <translation>Dirección (normalizada)</translation>
    </message>
    <message>
        <source>Distinct surnames</source>
        <translation>Apellidos distintos</translation>
    </message>
    <message>
        <source>Travelers</source>
        <translation>Viajeros</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Citas</translation>
    </message>
    <message>
        <source>Folder for the daily report</source>
        <translation>Carpeta para el informe diario</translation>
    </message>
    <message>
        <source>Non-match rate</source>
        <translation>Tasa de no coincidencia</translation>
    </message>
    <message>
        <source>all</source>
        <translation>todos</translation>
    </message>
    <message>
        <source>Capture health: time to a good photo median %1 (p90 %2), travelers measured %3 · capture to decision median %4</source>
        <translation>Estado de la captura: tiempo hasta una buena foto, mediana %1 (p90 %2), viajeros medidos %3 · de la captura a la decisión, mediana %4</translation>
    </message>
    <message>
        <source>Addresses shared by at least %1 travelers with different surnames within 30 days</source>
        <translation>Direcciones compartidas por al menos %1 viajeros con apellidos distintos en 30 días</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Camera of lane %1 since this workstation started: up %2 % of %3 (%4 now) · disconnections %5 · photos taken %6 · failures to acquire %7 · %8 frames/s analysed, analysis p95 %9 ms</source>
        <translation>Cámara del carril %1 desde que se inició este puesto: en servicio el %2 % de %3 (ahora %4) · desconexiones %5 · fotos tomadas %6 · fallos de adquisición %7 · %8 imágenes/s analizadas, análisis p95 %9 ms</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>transmitiendo</translation>
    </message>
    <message>
        <source>DOWN</source>
        <translation>CAÍDA</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 (clamped: the calibration cannot support this rate)</source>
        <translation>%1 (limitado: la calibración no admite esta tasa)</translation>
    </message>
    <message>
        <source>%1 (estimated)</source>
        <translation>%1 (estimado)</translation>
    </message>
    <message>
        <source>%1 (derived from the calibration set&apos;s scores)</source>
        <translation>%1 (derivado de las puntuaciones del conjunto de calibración)</translation>
    </message>
    <message>
        <source>%1 (set in the station config)</source>
        <translation>%1 (fijado en la configuración del puesto)</translation>
    </message>
    <message>
        <source>%1 (not calibrated)</source>
        <translation>%1 (sin calibrar)</translation>
    </message>
    <message>
        <source>Matching operating point · 1:1: false-match rate 1 in %1 (threshold %2) · 1:N: a false candidate in 1 of %3 searches (threshold %4 for %5 travelers, %6 for %7)</source>
        <translation>Punto de operación del cotejo · 1:1: tasa de falsas coincidencias 1 entre %1 (umbral %2) · 1:N: un falso candidato en 1 de cada %3 búsquedas (umbral %4 para %5 viajeros, %6 para %7)</translation>
    </message>
    <message>
        <source>1:N thresholds measured up to %1 travelers, estimated by the tail model up to %2 · younger than %3 or older than %4: rates × %5 · ambiguity margin %6</source>
        <translation>Umbrales 1:N medidos hasta %1 viajeros, estimados por el modelo de cola hasta %2 · menores de %3 o mayores de %4: tasas × %5 · margen de ambigüedad %6</translation>
    </message>
    <message>
        <source>Calibration: %1 · impostor pairs %2 · built %3</source>
        <translation>Calibración: %1 · pares de impostores %2 · generada el %3</translation>
    </message>
    <message>
        <source>Processed %1 · match rate %2 · no match %3 · failure to acquire %4 · opt-outs %5 (before any analysis %10) · not decided %11 · referrals %6 · review cases %7 (open %8, resolved %9)</source>
        <translation>Procesados %1 · tasa de coincidencia %2 · sin coincidencia %3 · fallo de captura %4 · exclusiones %5 (antes de cualquier análisis %10) · sin decisión %11 · remisiones %6 · casos de revisión %7 (abiertos %8, resueltos %9)</translation>
    </message>
</context>
<context>
    <name>portico::ui::SupervisorController</name>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>no coincide</translation>
    </message>
    <message>
        <source>two look-alike candidates</source>
        <translation>dos candidatos parecidos</translation>
    </message>
    <message>
        <source>poor photo</source>
        <translation>foto deficiente</translation>
    </message>
    <message>
        <source>child under 14</source>
        <translation>menor de 14 años</translation>
    </message>
    <message>
        <source>traveler over 79</source>
        <translation>viajero mayor de 79 años</translation>
    </message>
    <message>
        <source>weak liveness evidence</source>
        <translation>prueba de vida débil</translation>
    </message>
    <message>
        <source>document disagrees</source>
        <translation>el documento no concuerda</translation>
    </message>
    <message>
        <source>officer referral</source>
        <translation>remisión del oficial</translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierto</translation>
    </message>
    <message>
        <source>claimed by %1</source>
        <translation>tomado por %1</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>resuelto</translation>
    </message>
    <message>
        <source>identity confirmed</source>
        <translation>identidad confirmada</translation>
    </message>
    <message>
        <source>not confirmed → secondary inspection</source>
        <translation>no confirmada → inspección secundaria</translation>
    </message>
    <message>
        <source>inconclusive</source>
        <translation>no concluyente</translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>%n abierto</numerusform>
            <numerusform>%n abiertos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n claimed</source>
        <translation>
            <numerusform>%n tomado</numerusform>
            <numerusform>%n tomados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resolved today</source>
        <translation>
            <numerusform>%n resuelto hoy</numerusform>
            <numerusform>%n resueltos hoy</numerusform>
        </translation>
    </message>
    <message>
        <source>oldest waiting %1</source>
        <translation>el más antiguo espera %1</translation>
    </message>
    <message>
        <source>none: the traveler opted out</source>
        <translation>ninguna: el viajero se excluyó</translation>
    </message>
    <message>
        <source>deleted by the retention policy</source>
        <translation>borrada por la política de conservación</translation>
    </message>
    <message>
        <source>not kept (U.S. citizen)</source>
        <translation>no se conserva (ciudadano estadounidense)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Appointment %1</source>
        <translation>Cita %1</translation>
    </message>
    <message>
        <source>No manifest entry was matched or selected</source>
        <translation>No se encontró ni seleccionó ninguna entrada del manifiesto</translation>
    </message>
    <message>
        <source>score %1 against threshold %2 (false-match rate %3 per comparison, 1 in %4)</source>
        <translation>puntuación %1 frente al umbral %2 (tasa de coincidencia falsa %3 por comparación, 1 entre %4)</translation>
    </message>
    <message>
        <source>score %1 against threshold %2 (false-match rate %3 per comparison; 1 in %4 chance of a false candidate at the gallery of %5)</source>
        <translation>puntuación %1 frente al umbral %2 (tasa de coincidencia falsa %3 por comparación; probabilidad de un candidato falso: 1 entre %4 con la galería de %5)</translation>
    </message>
    <message>
        <source>no score (%1)</source>
        <translation>sin puntuación (%1)</translation>
    </message>
    <message>
        <source>score %1 against threshold %2 (1 in %3)</source>
        <translation>puntuación %1 frente al umbral %2 (1 entre %3)</translation>
    </message>
    <message>
        <source>%1 (below %2 counts as weak)</source>
        <translation>%1 (por debajo de %L2 se considera débil)</translation>
    </message>
    <message>
        <source>Daily report saved: %1.pdf and .csv</source>
        <translation>Informe diario guardado: %1.pdf y .csv</translation>
    </message>
    <message>
        <source>match</source>
        <translation>coincide</translation>
    </message>
    <message>
        <source>two candidates</source>
        <translation>dos candidatos</translation>
    </message>
    <message>
        <source>matcher unavailable</source>
        <translation>comparador no disponible</translation>
    </message>
    <message>
        <source>no biometric check</source>
        <translation>sin control biométrico</translation>
    </message>
    <message>
        <source>compared at the booth, not stored</source>
        <translation>comparada en la cabina, no guardada</translation>
    </message>
    <message>
        <source>booking decided twice</source>
        <translation>reserva resuelta dos veces</translation>
    </message>
    <message>
        <source>first decided %1 at %2</source>
        <translation>resuelta primero como «%1» el %2</translation>
    </message>
    <message>
        <source>analysed but not decided</source>
        <translation>analizado pero sin decisión</translation>
    </message>
</context>
<context>
    <name>portico::ui::SyncStatusWidget</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
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
        <source>Manifest EXPIRED (%1 old)</source>
        <translation>Manifiesto VENCIDO (hace %1)</translation>
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
        <source>next upload %1</source>
        <translation>próximo envío %1</translation>
    </message>
    <message numerus="yes">
        <source>Uploads stopped: %1 Decisions are kept on this workstation (%n waiting to upload).</source>
        <translation>
            <numerusform>Envíos detenidos: %1 Las decisiones se guardan en esta estación (%n pendiente de envío).</numerusform>
            <numerusform>Envíos detenidos: %1 Las decisiones se guardan en esta estación (%n pendientes de envío).</numerusform>
        </translation>
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
        <translation>
            <numerusform>SIN CONEXIÓN desde las %1 · las decisiones se guardan en esta estación (%n pendiente de envío)</numerusform>
            <numerusform>SIN CONEXIÓN desde las %1 · las decisiones se guardan en esta estación (%n pendientes de envío)</numerusform>
        </translation>
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
        <source>Manifest EXPIRED at %1 (issued %2 ago): the booth keeps working on it, but every match needs a second look, and travelers booked or changed since are missing.</source>
        <translation>Manifiesto VENCIDO el %1 (emitido hace %2): el puesto sigue trabajando con él, pero cada coincidencia requiere una segunda revisión y faltan los viajeros reservados o modificados desde entonces.</translation>
    </message>
    <message>
        <source>The camera is not sending pictures. Check its cable; Portico reconnects by itself.</source>
        <translation>La cámara no envía imágenes. Revise el cable; Portico se reconecta solo.</translation>
    </message>
</context>
</TS>
