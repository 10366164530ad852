import type { DataCategory, DataSubject, Location, Measure, ProcessorService, Purpose, Transfer } from "./record-of-processing";

// The printable record's words in the operator app's five languages. `{name}` placeholders are
// filled by the renderer (src/compliance/record-html.ts), which escapes the values, never these texts.

export const RECORD_LANGUAGES = ["en", "de", "fr", "es", "it"] as const;
export type RecordLanguage = (typeof RECORD_LANGUAGES)[number];

export interface RecordTexts {
  title: string;
  intro: string;
  generated: string;
  source: string;
  headings: {
    controller: string;
    purposes: string;
    subjects: string;
    widgets: string;
    recipients: string;
    processors: string;
    transfers: string;
    measures: string;
  };
  account: string;
  purposes: Record<Purpose, string>;
  subjects: Record<DataSubject, string>;
  categories: Record<DataCategory, string>;
  optional: string;
  required: string;
  fileTypes: string;
  widget: { name: string; department: string; privacyMode: string; data: string; retention: string };
  on: string;
  off: string;
  months: string;
  untilDeleted: string;
  noWidgets: string;
  operators: string;
  allDepartments: string;
  reads: { live_chats: string; transcripts: string };
  identityLookup: string;
  /** A webhook endpoint: `{host}`, `{events}`, and `{data}` (one of the two below). */
  webhook: string;
  webhookIdsOnly: string;
  webhookPersonalData: string;
  processor: { provider: string; service: string; location: string };
  services: Record<ProcessorService, string>;
  locations: Record<Location, string>;
  transfers: Record<Transfer, string>;
  measures: Record<Measure["key"], string>;
  keyAge: string;
  keyAgeUnknown: string;
  keysPending: string;
}

const en: RecordTexts = {
  title: "Record of processing activities",
  intro:
    "Art. 30(1) GDPR, for the live chat Confide. Generated from the configuration in force when it was printed; each value names the setting it comes from.",
  generated: "Generated {time} (UTC)",
  source: "Source",
  headings: {
    controller: "Controller",
    purposes: "Purposes of the processing",
    subjects: "Categories of data subjects",
    widgets: "Categories of personal data and retention, per widget",
    recipients: "Recipients",
    processors: "Processors and sub-processors",
    transfers: "Transfers and where data is processed",
    measures: "Technical and organisational measures",
  },
  account: "Account",
  purposes: {
    live_chat: "Answering website visitors in a live chat",
    offline_messages: "Receiving messages visitors leave while nobody is available",
    email: "Sending emails: replies and transcripts a visitor asked for, alerts to operators",
    operator_accounts: "Operator accounts: signing in, roles, sessions",
    accountability: "Accountability: the audit log of who did what and when (Art. 5(2) GDPR)",
    abuse_prevention: "Preventing abuse: rate limits and sign-in throttling",
  },
  subjects: { website_visitors: "Visitors of websites with a chat widget", operators: "The account's operators (staff)" },
  categories: {
    messages: "Chat messages",
    visitor_name: "Name",
    visitor_email: "Email address",
    consent_receipt: "Consent receipt (which notice, language, time)",
    visit_details: "IP address, browser (User-Agent), referrer, country and pages viewed",
    typing_preview: "What the visitor is typing, shown live to operators (not stored)",
    identity_lookup: "Email hash sent to Gravatar for an avatar",
    attachments: "Files sent in the chat",
  },
  optional: "optional",
  required: "required",
  fileTypes: "kinds: {types}; at most {size} MB",
  widget: { name: "Widget", department: "Department", privacyMode: "Privacy mode", data: "Personal data", retention: "Retention" },
  on: "on",
  off: "off",
  months: "{n} months after the last message, then erased",
  untilDeleted: "until deleted by an operator",
  noWidgets: "No widget yet: no visitor data is collected.",
  operators: "Operators with the role “{role}” ({n}): {reads}; departments: {departments}",
  allDepartments: "all",
  reads: { live_chats: "live chats", transcripts: "transcripts" },
  identityLookup: "{provider}: receives a hash of the visitor's email from the operator's browser (widgets: {widgets})",
  webhook: "Webhook endpoint at {host}: receives the events {events}; {data}",
  webhookIdsOnly: "ids and metadata only (conversation, department, widget, language, rating)",
  webhookPersonalData: "also the visitor's name, email and messages (personal data switched on)",
  processor: { provider: "Provider", service: "Service", location: "Where the data is" },
  services: {
    workers: "Workers (runs the application)",
    durable_objects: "Durable Objects (live conversations)",
    d1: "D1 (databases: each account in one of them)",
    r2: "R2 (files of chats)",
    kv: "Workers KV (ids of erased conversations and revoked credentials, no content)",
    smtp: "SMTP server (outgoing email)",
    queues: "Queues (webhook deliveries: delivery ids only)",
  },
  locations: {
    eu_enforced: "EU jurisdiction, enforced by the application (it refuses service without it)",
    eu_declared: "EU jurisdiction, as declared by the deployment (not readable at runtime)",
    not_declared: "No jurisdiction declared",
    unrestricted: "No jurisdiction (local development)",
    nearest_location: "The Cloudflare location nearest to each request, worldwide",
    global: "Replicated across Cloudflare's network, worldwide",
    provider_decides: "As the email provider decides",
    no_jurisdiction_available: "No jurisdiction available for this service: any Cloudflare location",
  },
  transfers: {
    worker_nearest_location:
      "Durable Objects, D1 and R2 keep the data in the EU, but the stateless Worker runs in the Cloudflare location nearest to each request, which may be outside the EU; data read through the REST API is decrypted there.",
    kv_global: "Workers KV is replicated worldwide; it holds only ids and hashes, never content.",
    durable_objects_unrestricted: "Durable Objects are not bound to the EU (DATA_JURISDICTION is not “eu”).",
    identity_lookup: "Gravatar (Automattic Inc., USA) receives a hash of the email from operators' browsers.",
    smtp_provider: "Emails leave through the configured SMTP server; where it processes them depends on that provider.",
    webhook_queue:
      "Webhook deliveries pass through Cloudflare Queues, which cannot be held in the EU; their messages hold delivery ids only, and each payload is built from EU storage when it is sent.",
    webhook_metadata:
      "Webhook endpoints receive ids and metadata of events (conversation, department and widget ids, language, rating) at their hosts, wherever those are.",
    webhook_personal_data:
      "Webhook endpoints with personal data switched on receive visitors' names, email addresses and messages; where the receiving host processes them is that recipient's responsibility.",
  },
  measures: {
    encryption_at_rest:
      "Encryption at rest: AES-256-GCM with a key per conversation, wrapped by the key ring; erasing a conversation deletes its key",
    key_rotation: "Key ring: active key “{id}”, {count} key(s) in the ring",
    two_factor_required: "A second factor is required of every operator",
    audit_log: "Append-only audit log of reads, exports, erasures and changes; signed export for a time window",
    eu_jurisdiction_fail_closed: "EU jurisdiction fails closed: without it, no conversation is stored",
    retention_erasure: "Retention enforced hourly: conversations past their period are erased with their files",
    session_limits: "Sessions end after 30 minutes idle and 12 hours at most; sign-ins are throttled",
  },
  keyAge: "active since {since} ({days} days)",
  keyAgeUnknown: "activation date not recorded in KEY_RING",
  keysPending: "{n} data key(s) of this account still on an older key (re-wrapped hourly)",
};

const de: RecordTexts = {
  title: "Verzeichnis von Verarbeitungstätigkeiten",
  intro:
    "Art. 30 Abs. 1 DSGVO, für den Live-Chat Confide. Erstellt aus der beim Druck geltenden Konfiguration; jeder Wert nennt die Einstellung, aus der er stammt.",
  generated: "Erstellt {time} (UTC)",
  source: "Quelle",
  headings: {
    controller: "Verantwortlicher",
    purposes: "Zwecke der Verarbeitung",
    subjects: "Kategorien betroffener Personen",
    widgets: "Kategorien personenbezogener Daten und Speicherdauer, je Widget",
    recipients: "Empfänger",
    processors: "Auftragsverarbeiter und Unterauftragsverarbeiter",
    transfers: "Übermittlungen und Ort der Verarbeitung",
    measures: "Technische und organisatorische Maßnahmen",
  },
  account: "Konto",
  purposes: {
    live_chat: "Beantworten von Website-Besuchern im Live-Chat",
    offline_messages: "Entgegennehmen von Nachrichten, die Besucher hinterlassen, wenn niemand erreichbar ist",
    email: "Versand von E-Mails: Antworten und Verläufe, um die ein Besucher gebeten hat, Hinweise an Operatoren",
    operator_accounts: "Operator-Konten: Anmeldung, Rollen, Sitzungen",
    accountability: "Rechenschaftspflicht: Audit-Log, wer wann was getan hat (Art. 5 Abs. 2 DSGVO)",
    abuse_prevention: "Missbrauchsschutz: Ratenbegrenzung und Drosselung von Anmeldeversuchen",
  },
  subjects: { website_visitors: "Besucher von Websites mit Chat-Widget", operators: "Die Operatoren des Kontos (Beschäftigte)" },
  categories: {
    messages: "Chat-Nachrichten",
    visitor_name: "Name",
    visitor_email: "E-Mail-Adresse",
    consent_receipt: "Einwilligungsnachweis (welcher Hinweis, Sprache, Zeitpunkt)",
    visit_details: "IP-Adresse, Browser (User-Agent), Referrer, Land und besuchte Seiten",
    typing_preview: "Was der Besucher tippt, live für Operatoren sichtbar (nicht gespeichert)",
    identity_lookup: "Hash der E-Mail-Adresse an Gravatar für ein Profilbild",
    attachments: "Im Chat gesendete Dateien",
  },
  optional: "freiwillig",
  required: "Pflichtangabe",
  fileTypes: "Arten: {types}; höchstens {size} MB",
  widget: {
    name: "Widget",
    department: "Abteilung",
    privacyMode: "Datenschutzmodus",
    data: "Personenbezogene Daten",
    retention: "Speicherdauer",
  },
  on: "an",
  off: "aus",
  months: "{n} Monate nach der letzten Nachricht, dann gelöscht",
  untilDeleted: "bis zur Löschung durch einen Operator",
  noWidgets: "Noch kein Widget: Es werden keine Besucherdaten erhoben.",
  operators: "Operatoren mit der Rolle „{role}“ ({n}): {reads}; Abteilungen: {departments}",
  allDepartments: "alle",
  reads: { live_chats: "Live-Chats", transcripts: "Chatverläufe" },
  identityLookup: "{provider}: erhält vom Browser des Operators einen Hash der E-Mail-Adresse des Besuchers (Widgets: {widgets})",
  webhook: "Webhook-Endpunkt bei {host}: erhält die Ereignisse {events}; {data}",
  webhookIdsOnly: "nur IDs und Metadaten (Gespräch, Abteilung, Widget, Sprache, Bewertung)",
  webhookPersonalData: "auch Name, E-Mail-Adresse und Nachrichten des Besuchers (personenbezogene Daten eingeschaltet)",
  processor: { provider: "Anbieter", service: "Dienst", location: "Ort der Daten" },
  services: {
    workers: "Workers (führt die Anwendung aus)",
    durable_objects: "Durable Objects (laufende Gespräche)",
    d1: "D1 (Datenbanken: jedes Konto in einer davon)",
    r2: "R2 (Dateien aus Chats)",
    kv: "Workers KV (IDs gelöschter Gespräche und widerrufener Zugänge, keine Inhalte)",
    smtp: "SMTP-Server (ausgehende E-Mails)",
    queues: "Queues (Webhook-Zustellungen: nur Zustell-IDs)",
  },
  locations: {
    eu_enforced: "EU-Jurisdiktion, von der Anwendung erzwungen (ohne sie verweigert sie den Dienst)",
    eu_declared: "EU-Jurisdiktion, laut Angabe der Bereitstellung (zur Laufzeit nicht prüfbar)",
    not_declared: "Keine Jurisdiktion angegeben",
    unrestricted: "Keine Jurisdiktion (lokale Entwicklung)",
    nearest_location: "Der Cloudflare-Standort, der der jeweiligen Anfrage am nächsten ist, weltweit",
    global: "Über das Cloudflare-Netz weltweit repliziert",
    provider_decides: "Nach Wahl des E-Mail-Anbieters",
    no_jurisdiction_available: "Für diesen Dienst ist keine Jurisdiktion verfügbar: jeder Cloudflare-Standort",
  },
  transfers: {
    worker_nearest_location:
      "Durable Objects, D1 und R2 halten die Daten in der EU, aber der zustandslose Worker läuft am Cloudflare-Standort, der der jeweiligen Anfrage am nächsten ist, auch außerhalb der EU; über die REST-API gelesene Daten werden dort entschlüsselt.",
    kv_global: "Workers KV wird weltweit repliziert; es enthält nur IDs und Hashes, nie Inhalte.",
    durable_objects_unrestricted: "Durable Objects sind nicht an die EU gebunden (DATA_JURISDICTION ist nicht „eu“).",
    identity_lookup: "Gravatar (Automattic Inc., USA) erhält aus den Browsern der Operatoren einen Hash der E-Mail-Adresse.",
    smtp_provider: "E-Mails gehen über den konfigurierten SMTP-Server; wo er sie verarbeitet, bestimmt dieser Anbieter.",
    webhook_queue:
      "Webhook-Zustellungen laufen über Cloudflare Queues, die sich nicht in der EU halten lassen; deren Nachrichten enthalten nur Zustell-IDs, jede Nutzlast wird beim Senden aus dem EU-Speicher gebildet.",
    webhook_metadata:
      "Webhook-Endpunkte erhalten IDs und Metadaten von Ereignissen (IDs von Gespräch, Abteilung und Widget, Sprache, Bewertung) bei ihren Hosts, wo immer diese sind.",
    webhook_personal_data:
      "Webhook-Endpunkte mit eingeschalteten personenbezogenen Daten erhalten Namen, E-Mail-Adressen und Nachrichten der Besucher; wo der empfangende Host sie verarbeitet, verantwortet dieser Empfänger.",
  },
  measures: {
    encryption_at_rest:
      "Verschlüsselung ruhender Daten: AES-256-GCM mit einem Schlüssel je Gespräch, umhüllt vom Schlüsselbund; das Löschen eines Gesprächs löscht seinen Schlüssel",
    key_rotation: "Schlüsselbund: aktiver Schlüssel „{id}“, {count} Schlüssel im Bund",
    two_factor_required: "Ein zweiter Faktor ist für alle Operatoren Pflicht",
    audit_log: "Unveränderliches Audit-Log über Lesezugriffe, Exporte, Löschungen und Änderungen; signierter Export für einen Zeitraum",
    eu_jurisdiction_fail_closed: "EU-Jurisdiktion ohne Ausweichen: Ohne sie wird kein Gespräch gespeichert",
    retention_erasure: "Speicherdauer stündlich durchgesetzt: abgelaufene Gespräche werden samt Dateien gelöscht",
    session_limits: "Sitzungen enden nach 30 Minuten Inaktivität und spätestens nach 12 Stunden; Anmeldeversuche werden gedrosselt",
  },
  keyAge: "aktiv seit {since} ({days} Tage)",
  keyAgeUnknown: "Aktivierungsdatum nicht in KEY_RING vermerkt",
  keysPending: "{n} Datenschlüssel dieses Kontos noch unter einem älteren Schlüssel (werden stündlich neu umhüllt)",
};

const fr: RecordTexts = {
  title: "Registre des activités de traitement",
  intro:
    "Art. 30(1) RGPD, pour le chat en direct Confide. Établi à partir de la configuration en vigueur lors de l'impression ; chaque valeur indique le paramètre dont elle provient.",
  generated: "Établi le {time} (UTC)",
  source: "Source",
  headings: {
    controller: "Responsable du traitement",
    purposes: "Finalités du traitement",
    subjects: "Catégories de personnes concernées",
    widgets: "Catégories de données personnelles et durée de conservation, par widget",
    recipients: "Destinataires",
    processors: "Sous-traitants et sous-traitants ultérieurs",
    transfers: "Transferts et lieux de traitement",
    measures: "Mesures techniques et organisationnelles",
  },
  account: "Compte",
  purposes: {
    live_chat: "Répondre aux visiteurs d'un site dans un chat en direct",
    offline_messages: "Recevoir les messages laissés par les visiteurs quand personne n'est disponible",
    email: "Envoyer des e-mails : réponses et transcriptions demandées par un visiteur, alertes aux opérateurs",
    operator_accounts: "Comptes des opérateurs : connexion, rôles, sessions",
    accountability: "Responsabilité : journal d'audit de qui a fait quoi et quand (art. 5(2) RGPD)",
    abuse_prevention: "Prévention des abus : limites de débit et freinage des connexions",
  },
  subjects: { website_visitors: "Visiteurs des sites dotés d'un widget de chat", operators: "Les opérateurs du compte (personnel)" },
  categories: {
    messages: "Messages du chat",
    visitor_name: "Nom",
    visitor_email: "Adresse e-mail",
    consent_receipt: "Preuve du consentement (quel avis, langue, heure)",
    visit_details: "Adresse IP, navigateur (User-Agent), référent, pays et pages consultées",
    typing_preview: "Ce que le visiteur tape, montré en direct aux opérateurs (non conservé)",
    identity_lookup: "Empreinte de l'e-mail envoyée à Gravatar pour un avatar",
    attachments: "Fichiers envoyés dans le chat",
  },
  optional: "facultatif",
  required: "obligatoire",
  fileTypes: "types : {types} ; au plus {size} Mo",
  widget: {
    name: "Widget",
    department: "Service",
    privacyMode: "Mode confidentialité",
    data: "Données personnelles",
    retention: "Conservation",
  },
  on: "activé",
  off: "désactivé",
  months: "{n} mois après le dernier message, puis effacées",
  untilDeleted: "jusqu'à suppression par un opérateur",
  noWidgets: "Aucun widget pour l'instant : aucune donnée de visiteur n'est collectée.",
  operators: "Opérateurs ayant le rôle « {role} » ({n}) : {reads} ; services : {departments}",
  allDepartments: "tous",
  reads: { live_chats: "chats en direct", transcripts: "transcriptions" },
  identityLookup: "{provider} : reçoit du navigateur de l'opérateur une empreinte de l'e-mail du visiteur (widgets : {widgets})",
  webhook: "Point de terminaison webhook sur {host} : reçoit les événements {events} ; {data}",
  webhookIdsOnly: "identifiants et métadonnées seulement (conversation, service, widget, langue, note)",
  webhookPersonalData: "aussi le nom, l'e-mail et les messages du visiteur (données personnelles activées)",
  processor: { provider: "Prestataire", service: "Service", location: "Lieu des données" },
  services: {
    workers: "Workers (exécute l'application)",
    durable_objects: "Durable Objects (conversations en cours)",
    d1: "D1 (bases de données : chaque compte dans l’une d’elles)",
    r2: "R2 (fichiers des chats)",
    kv: "Workers KV (identifiants de conversations effacées et d'accès révoqués, aucun contenu)",
    smtp: "Serveur SMTP (e-mails sortants)",
    queues: "Queues (livraisons webhook : identifiants de livraison seulement)",
  },
  locations: {
    eu_enforced: "Juridiction UE, imposée par l'application (sans elle, le service est refusé)",
    eu_declared: "Juridiction UE, selon la déclaration du déploiement (non vérifiable à l'exécution)",
    not_declared: "Aucune juridiction déclarée",
    unrestricted: "Aucune juridiction (développement local)",
    nearest_location: "L'emplacement Cloudflare le plus proche de chaque requête, dans le monde entier",
    global: "Répliqué sur le réseau de Cloudflare, dans le monde entier",
    provider_decides: "Selon le choix du fournisseur d'e-mail",
    no_jurisdiction_available: "Aucune juridiction disponible pour ce service : tout site Cloudflare",
  },
  transfers: {
    worker_nearest_location:
      "Les Durable Objects, D1 et R2 conservent les données dans l'UE, mais le Worker sans état s'exécute à l'emplacement Cloudflare le plus proche de chaque requête, éventuellement hors de l'UE ; les données lues via l'API REST y sont déchiffrées.",
    kv_global: "Workers KV est répliqué dans le monde entier ; il ne contient que des identifiants et des empreintes, jamais de contenu.",
    durable_objects_unrestricted: "Les Durable Objects ne sont pas liés à l'UE (DATA_JURISDICTION n'est pas « eu »).",
    identity_lookup: "Gravatar (Automattic Inc., États-Unis) reçoit une empreinte de l'e-mail depuis les navigateurs des opérateurs.",
    smtp_provider: "Les e-mails passent par le serveur SMTP configuré ; le lieu de leur traitement dépend de ce fournisseur.",
    webhook_queue:
      "Les livraisons webhook passent par Cloudflare Queues, qui ne peut pas être tenu dans l'UE ; ses messages ne contiennent que des identifiants de livraison, et chaque contenu est construit à partir du stockage dans l'UE au moment de l'envoi.",
    webhook_metadata:
      "Les points de terminaison webhook reçoivent les identifiants et métadonnées des événements (identifiants de conversation, de service et de widget, langue, note) chez leurs hôtes, où qu'ils soient.",
    webhook_personal_data:
      "Les points de terminaison webhook dont les données personnelles sont activées reçoivent les noms, adresses e-mail et messages des visiteurs ; le lieu où l'hôte destinataire les traite relève de ce destinataire.",
  },
  measures: {
    encryption_at_rest:
      "Chiffrement au repos : AES-256-GCM avec une clé par conversation, enveloppée par le trousseau ; effacer une conversation supprime sa clé",
    key_rotation: "Trousseau : clé active « {id} », {count} clé(s) dans le trousseau",
    two_factor_required: "Un second facteur est exigé de chaque opérateur",
    audit_log: "Journal d'audit en ajout seul des lectures, exports, effacements et modifications ; export signé pour une période",
    eu_jurisdiction_fail_closed: "Juridiction UE sans repli : sans elle, aucune conversation n'est stockée",
    retention_erasure: "Conservation appliquée toutes les heures : les conversations échues sont effacées avec leurs fichiers",
    session_limits: "Les sessions prennent fin après 30 minutes d'inactivité et 12 heures au plus ; les connexions sont freinées",
  },
  keyAge: "active depuis le {since} ({days} jours)",
  keyAgeUnknown: "date d'activation non indiquée dans KEY_RING",
  keysPending: "{n} clé(s) de données de ce compte encore sous une clé plus ancienne (réenveloppées toutes les heures)",
};

const es: RecordTexts = {
  title: "Registro de actividades de tratamiento",
  intro:
    "Art. 30(1) RGPD, para el chat en vivo Confide. Generado a partir de la configuración vigente al imprimirlo; cada valor indica el ajuste del que procede.",
  generated: "Generado el {time} (UTC)",
  source: "Origen",
  headings: {
    controller: "Responsable del tratamiento",
    purposes: "Fines del tratamiento",
    subjects: "Categorías de interesados",
    widgets: "Categorías de datos personales y plazo de conservación, por widget",
    recipients: "Destinatarios",
    processors: "Encargados y subencargados del tratamiento",
    transfers: "Transferencias y lugar del tratamiento",
    measures: "Medidas técnicas y organizativas",
  },
  account: "Cuenta",
  purposes: {
    live_chat: "Atender a los visitantes de un sitio web en un chat en vivo",
    offline_messages: "Recibir los mensajes que dejan los visitantes cuando no hay nadie disponible",
    email: "Enviar correos: respuestas y transcripciones que pidió un visitante, avisos a los operadores",
    operator_accounts: "Cuentas de operadores: inicio de sesión, roles, sesiones",
    accountability: "Responsabilidad proactiva: registro de auditoría de quién hizo qué y cuándo (art. 5(2) RGPD)",
    abuse_prevention: "Prevención de abusos: límites de frecuencia y freno de inicios de sesión",
  },
  subjects: { website_visitors: "Visitantes de sitios web con un widget de chat", operators: "Los operadores de la cuenta (personal)" },
  categories: {
    messages: "Mensajes del chat",
    visitor_name: "Nombre",
    visitor_email: "Dirección de correo",
    consent_receipt: "Constancia del consentimiento (qué aviso, idioma, hora)",
    visit_details: "Dirección IP, navegador (User-Agent), referente, país y páginas vistas",
    typing_preview: "Lo que el visitante escribe, mostrado en vivo a los operadores (no se guarda)",
    identity_lookup: "Hash del correo enviado a Gravatar para un avatar",
    attachments: "Archivos enviados en el chat",
  },
  optional: "opcional",
  required: "obligatorio",
  fileTypes: "tipos: {types}; como máximo {size} MB",
  widget: {
    name: "Widget",
    department: "Departamento",
    privacyMode: "Modo de privacidad",
    data: "Datos personales",
    retention: "Conservación",
  },
  on: "activado",
  off: "desactivado",
  months: "{n} meses tras el último mensaje, después se borran",
  untilDeleted: "hasta que un operador los borre",
  noWidgets: "Aún no hay widget: no se recogen datos de visitantes.",
  operators: "Operadores con el rol «{role}» ({n}): {reads}; departamentos: {departments}",
  allDepartments: "todos",
  reads: { live_chats: "chats en vivo", transcripts: "transcripciones" },
  identityLookup: "{provider}: recibe del navegador del operador un hash del correo del visitante (widgets: {widgets})",
  webhook: "Endpoint de webhook en {host}: recibe los eventos {events}; {data}",
  webhookIdsOnly: "solo identificadores y metadatos (conversación, departamento, widget, idioma, valoración)",
  webhookPersonalData: "también el nombre, el correo y los mensajes del visitante (datos personales activados)",
  processor: { provider: "Proveedor", service: "Servicio", location: "Dónde están los datos" },
  services: {
    workers: "Workers (ejecuta la aplicación)",
    durable_objects: "Durable Objects (conversaciones en curso)",
    d1: "D1 (bases de datos: cada cuenta en una de ellas)",
    r2: "R2 (archivos de los chats)",
    kv: "Workers KV (identificadores de conversaciones borradas y accesos revocados, sin contenido)",
    smtp: "Servidor SMTP (correo saliente)",
    queues: "Queues (entregas de webhooks: solo identificadores de entrega)",
  },
  locations: {
    eu_enforced: "Jurisdicción de la UE, impuesta por la aplicación (sin ella, rechaza el servicio)",
    eu_declared: "Jurisdicción de la UE, según declara el despliegue (no comprobable en ejecución)",
    not_declared: "Ninguna jurisdicción declarada",
    unrestricted: "Sin jurisdicción (desarrollo local)",
    nearest_location: "La ubicación de Cloudflare más cercana a cada solicitud, en todo el mundo",
    global: "Replicado en la red de Cloudflare, en todo el mundo",
    provider_decides: "Según decida el proveedor de correo",
    no_jurisdiction_available: "No hay jurisdicción disponible para este servicio: cualquier ubicación de Cloudflare",
  },
  transfers: {
    worker_nearest_location:
      "Durable Objects, D1 y R2 mantienen los datos en la UE, pero el Worker sin estado se ejecuta en la ubicación de Cloudflare más cercana a cada solicitud, también fuera de la UE; los datos leídos mediante la API REST se descifran allí.",
    kv_global: "Workers KV se replica en todo el mundo; solo guarda identificadores y hashes, nunca contenido.",
    durable_objects_unrestricted: "Los Durable Objects no están ligados a la UE (DATA_JURISDICTION no es «eu»).",
    identity_lookup: "Gravatar (Automattic Inc., EE. UU.) recibe un hash del correo desde los navegadores de los operadores.",
    smtp_provider: "Los correos salen por el servidor SMTP configurado; dónde los trata depende de ese proveedor.",
    webhook_queue:
      "Las entregas de webhooks pasan por Cloudflare Queues, que no puede mantenerse en la UE; sus mensajes solo contienen identificadores de entrega, y cada contenido se construye desde el almacenamiento en la UE al enviarlo.",
    webhook_metadata:
      "Los endpoints de webhook reciben identificadores y metadatos de los eventos (identificadores de conversación, departamento y widget, idioma, valoración) en sus hosts, estén donde estén.",
    webhook_personal_data:
      "Los endpoints de webhook con datos personales activados reciben los nombres, correos y mensajes de los visitantes; dónde los trata el host receptor es responsabilidad de ese destinatario.",
  },
  measures: {
    encryption_at_rest:
      "Cifrado en reposo: AES-256-GCM con una clave por conversación, envuelta por el llavero; borrar una conversación borra su clave",
    key_rotation: "Llavero: clave activa «{id}», {count} clave(s) en el llavero",
    two_factor_required: "Se exige un segundo factor a todos los operadores",
    audit_log: "Registro de auditoría de solo adición de lecturas, exportaciones, borrados y cambios; exportación firmada de un periodo",
    eu_jurisdiction_fail_closed: "Jurisdicción de la UE sin alternativa: sin ella no se guarda ninguna conversación",
    retention_erasure: "Conservación aplicada cada hora: las conversaciones vencidas se borran con sus archivos",
    session_limits: "Las sesiones terminan tras 30 minutos de inactividad y 12 horas como máximo; los inicios de sesión se frenan",
  },
  keyAge: "activa desde el {since} ({days} días)",
  keyAgeUnknown: "fecha de activación no indicada en KEY_RING",
  keysPending: "{n} clave(s) de datos de esta cuenta aún bajo una clave anterior (se reenvuelven cada hora)",
};

const it: RecordTexts = {
  title: "Registro delle attività di trattamento",
  intro:
    "Art. 30(1) GDPR, per la chat dal vivo Confide. Generato dalla configurazione in vigore al momento della stampa; ogni valore indica l'impostazione da cui proviene.",
  generated: "Generato il {time} (UTC)",
  source: "Fonte",
  headings: {
    controller: "Titolare del trattamento",
    purposes: "Finalità del trattamento",
    subjects: "Categorie di interessati",
    widgets: "Categorie di dati personali e conservazione, per widget",
    recipients: "Destinatari",
    processors: "Responsabili e sub-responsabili del trattamento",
    transfers: "Trasferimenti e luogo del trattamento",
    measures: "Misure tecniche e organizzative",
  },
  account: "Account",
  purposes: {
    live_chat: "Rispondere ai visitatori di un sito in una chat dal vivo",
    offline_messages: "Ricevere i messaggi che i visitatori lasciano quando nessuno è disponibile",
    email: "Inviare e-mail: risposte e trascrizioni richieste da un visitatore, avvisi agli operatori",
    operator_accounts: "Account degli operatori: accesso, ruoli, sessioni",
    accountability: "Responsabilizzazione: registro di audit di chi ha fatto cosa e quando (art. 5(2) GDPR)",
    abuse_prevention: "Prevenzione degli abusi: limiti di frequenza e rallentamento degli accessi",
  },
  subjects: { website_visitors: "Visitatori dei siti con un widget di chat", operators: "Gli operatori dell'account (personale)" },
  categories: {
    messages: "Messaggi della chat",
    visitor_name: "Nome",
    visitor_email: "Indirizzo e-mail",
    consent_receipt: "Prova del consenso (quale informativa, lingua, ora)",
    visit_details: "Indirizzo IP, browser (User-Agent), referrer, paese e pagine visitate",
    typing_preview: "Ciò che il visitatore digita, mostrato in diretta agli operatori (non salvato)",
    identity_lookup: "Hash dell'e-mail inviato a Gravatar per un avatar",
    attachments: "File inviati nella chat",
  },
  optional: "facoltativo",
  required: "obbligatorio",
  fileTypes: "tipi: {types}; al massimo {size} MB",
  widget: { name: "Widget", department: "Reparto", privacyMode: "Modalità privacy", data: "Dati personali", retention: "Conservazione" },
  on: "attiva",
  off: "disattiva",
  months: "{n} mesi dopo l'ultimo messaggio, poi cancellati",
  untilDeleted: "fino alla cancellazione da parte di un operatore",
  noWidgets: "Ancora nessun widget: non vengono raccolti dati dei visitatori.",
  operators: "Operatori con il ruolo «{role}» ({n}): {reads}; reparti: {departments}",
  allDepartments: "tutti",
  reads: { live_chats: "chat dal vivo", transcripts: "trascrizioni" },
  identityLookup: "{provider}: riceve dal browser dell'operatore un hash dell'e-mail del visitatore (widget: {widgets})",
  webhook: "Endpoint webhook su {host}: riceve gli eventi {events}; {data}",
  webhookIdsOnly: "solo identificativi e metadati (conversazione, reparto, widget, lingua, valutazione)",
  webhookPersonalData: "anche nome, e-mail e messaggi del visitatore (dati personali attivati)",
  processor: { provider: "Fornitore", service: "Servizio", location: "Dove sono i dati" },
  services: {
    workers: "Workers (esegue l'applicazione)",
    durable_objects: "Durable Objects (conversazioni in corso)",
    d1: "D1 (database: ogni account in uno di essi)",
    r2: "R2 (file delle chat)",
    kv: "Workers KV (ID di conversazioni cancellate e di accessi revocati, nessun contenuto)",
    smtp: "Server SMTP (e-mail in uscita)",
    queues: "Queues (consegne webhook: solo identificativi di consegna)",
  },
  locations: {
    eu_enforced: "Giurisdizione UE, imposta dall'applicazione (senza di essa rifiuta il servizio)",
    eu_declared: "Giurisdizione UE, secondo quanto dichiarato dal deployment (non verificabile in esecuzione)",
    not_declared: "Nessuna giurisdizione dichiarata",
    unrestricted: "Nessuna giurisdizione (sviluppo locale)",
    nearest_location: "La sede Cloudflare più vicina a ogni richiesta, in tutto il mondo",
    global: "Replicato sulla rete di Cloudflare, in tutto il mondo",
    provider_decides: "Secondo la scelta del fornitore di e-mail",
    no_jurisdiction_available: "Nessuna giurisdizione disponibile per questo servizio: qualsiasi sede Cloudflare",
  },
  transfers: {
    worker_nearest_location:
      "Durable Objects, D1 e R2 mantengono i dati nell'UE, ma il Worker senza stato viene eseguito nella sede Cloudflare più vicina a ogni richiesta, anche fuori dall'UE; i dati letti tramite l'API REST vi vengono decifrati.",
    kv_global: "Workers KV è replicato in tutto il mondo; contiene solo ID e hash, mai contenuti.",
    durable_objects_unrestricted: "I Durable Objects non sono vincolati all'UE (DATA_JURISDICTION non è «eu»).",
    identity_lookup: "Gravatar (Automattic Inc., USA) riceve un hash dell'e-mail dai browser degli operatori.",
    smtp_provider: "Le e-mail escono tramite il server SMTP configurato; dove le tratta dipende da quel fornitore.",
    webhook_queue:
      "Le consegne webhook passano per Cloudflare Queues, che non può essere tenuto nell'UE; i suoi messaggi contengono solo identificativi di consegna, e ogni contenuto è costruito dall'archivio nell'UE al momento dell'invio.",
    webhook_metadata:
      "Gli endpoint webhook ricevono identificativi e metadati degli eventi (identificativi di conversazione, reparto e widget, lingua, valutazione) presso i loro host, ovunque siano.",
    webhook_personal_data:
      "Gli endpoint webhook con dati personali attivati ricevono nomi, indirizzi e-mail e messaggi dei visitatori; dove l'host ricevente li tratta è responsabilità di quel destinatario.",
  },
  measures: {
    encryption_at_rest:
      "Cifratura dei dati a riposo: AES-256-GCM con una chiave per conversazione, avvolta dal portachiavi; cancellare una conversazione ne cancella la chiave",
    key_rotation: "Portachiavi: chiave attiva «{id}», {count} chiave/i nel portachiavi",
    two_factor_required: "Un secondo fattore è obbligatorio per ogni operatore",
    audit_log:
      "Registro di audit in sola aggiunta di letture, esportazioni, cancellazioni e modifiche; esportazione firmata per un periodo",
    eu_jurisdiction_fail_closed: "Giurisdizione UE senza ripiego: senza di essa nessuna conversazione viene salvata",
    retention_erasure: "Conservazione applicata ogni ora: le conversazioni scadute vengono cancellate con i loro file",
    session_limits: "Le sessioni terminano dopo 30 minuti di inattività e al massimo dopo 12 ore; gli accessi sono rallentati",
  },
  keyAge: "attiva dal {since} ({days} giorni)",
  keyAgeUnknown: "data di attivazione non indicata in KEY_RING",
  keysPending: "{n} chiave/i dati di questo account ancora sotto una chiave precedente (riavvolte ogni ora)",
};

export const recordTexts: Record<RecordLanguage, RecordTexts> = { en, de, fr, es, it };

/** The first of the Accept-Language header's languages the record speaks, else English. */
export function recordLanguageOf(requested: string | undefined, acceptLanguage: string | undefined): RecordLanguage {
  const isRecordLanguage = (code: string): code is RecordLanguage => (RECORD_LANGUAGES as readonly string[]).includes(code);
  if (requested && isRecordLanguage(requested)) return requested;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const primary = part.split(";")[0]!.trim().toLowerCase().split("-")[0]!;
    if (isRecordLanguage(primary)) return primary;
  }
  return "en";
}
