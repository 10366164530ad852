import type { Translation } from "../translation";
import type { settingsTexts as english } from "./en";

export const settingsTexts: Pick<Translation, keyof typeof english> = {
  widgets: {
    heading: "Widgets",
    intro:
      "Chaque widget est un chat sur vos sites, avec ses propres réglages de confidentialité, ses textes et son apparence. Choisissez-en un pour le modifier.",
    unsaved: "Modifications non enregistrées",
    discard: "Annuler les modifications",
    editing: "Widget « {{name}} »",
    list: {
      heading: "Vos widgets",
      empty: "Aucun widget pour l’instant.",
      privacyMode: "Mode confidentialité",
      edited: "Modifié",
    },
    add: {
      heading: "Nouveau widget",
      intro:
        "Un nouveau widget démarre en mode confidentialité et demande le consentement des visiteurs. Ajoutez ensuite votre site à ses origines autorisées.",
      name: "Nom du nouveau widget",
      department: "Service du nouveau widget",
      departmentFallback:
        "Votre rôle ne permet pas de lister les services : le nouveau widget rejoint donc le service du widget sélectionné.",
      noDepartments: "Il n’y a aucun service auquel vous pourriez ajouter un widget.",
      noDepartmentKnown:
        "Votre rôle ne permet pas de lister les services et aucun widget existant n’en indique un : impossible d’ajouter un widget ici.",
      submit: "Ajouter le widget",
    },
    embed: {
      heading: "L’intégrer à votre site",
      code: "Code d’intégration",
      hint: "Collez ce code dans chaque page qui doit proposer le chat (clé du site {{siteKey}}). L’origine du site doit figurer dans les origines autorisées ci-dessous. Le lanceur ne dépose aucun cookie et ne charge rien d’autre tant qu’un visiteur ne clique pas dessus.",
      copy: "Copier",
      copied: "Copié",
      selected: "La copie n’a pas été possible. Le code est sélectionné : appuyez sur Ctrl+C (⌘C sur Mac) pour le copier.",
    },
    texts: {
      none: "Aucun texte ajouté : le texte intégré est utilisé dans toutes les langues.",
      builtIn: "Vide : le texte intégré",
    },
    groups: {
      general: "Général",
      privacy: "Confidentialité et conservation",
      consent: "Consentement et politique de confidentialité",
      preChat: "Avant le chat",
      appearance: "Apparence",
    },
    name: "Nom",
    nameHint: "Affiché aux visiteurs en haut du chat.",
    department: "Service",
    departmentHint: "Le service dont les opérateurs répondent aux chats de ce widget.",
    departmentUnknown:
      "Votre rôle ne permet pas de lister les services : le service est donc affiché par son identifiant et ne peut pas être changé ici.",
    privacy: {
      privacyMode: "Mode confidentialité",
      privacyModeOn:
        "Activé : ni l’adresse IP, ni le User-Agent, ni le référent, ni les pages vues ne sont conservés, et l’aperçu en direct et la recherche d’identité ne fonctionnent pas. Seul le chat lui-même est conservé.",
      privacyModeOff:
        "Désactivé : pour chaque chat, l’adresse IP, le User-Agent, le référent et les pages vues du visiteur sont conservés, chiffrés, et montrés aux opérateurs. Activez-le pour ne conserver que le chat lui-même.",
      turningOff:
        "Sans le mode confidentialité, davantage de données personnelles sont conservées pour chaque nouveau chat. Vérifiez que votre politique de confidentialité le prévoit.",
      livePreview: "Aperçu en direct",
      livePreviewHint:
        "Les opérateurs voient ce que les visiteurs tapent avant l’envoi. Désactivé : seuls les messages que le visiteur choisit d’envoyer quittent son navigateur.",
      livePreviewForced:
        "Ne fonctionne pas en mode confidentialité. Réglage enregistré : {{saved}} ; il s’applique de nouveau si le mode confidentialité est désactivé.",
      identityLookup: "Recherche d’identité",
      identityLookupHint:
        "Montre aux opérateurs l’image Gravatar publique du visiteur, trouvée à partir de son adresse e-mail : le navigateur des opérateurs la demande à Gravatar avec une empreinte (hash) de cette adresse.",
      identityLookupForced:
        "Ne fonctionne pas en mode confidentialité. Réglage enregistré : {{saved}} ; il s’applique de nouveau si le mode confidentialité est désactivé.",
      on: "activé",
      off: "désactivé",
      appliesToNewChats:
        "Ces réglages valent pour les chats qui commencent après l’enregistrement ; les chats en cours gardent les réglages avec lesquels ils ont commencé.",
    },
    retention: {
      label: "Conservation",
      hint: "Durée de conservation des chats terminés après leur dernier message. Le nettoyage a lieu toutes les heures et efface définitivement les chats plus anciens, avec tout ce qui a été conservé à leur sujet. Le choix de ce widget l’emporte sur celui du compte.",
      account: "Celle du compte",
      accountKept: "Celle du compte (conserver jusqu’à suppression)",
      accountMonths_one: "Celle du compte ({{count, number}} mois)",
      accountMonths_other: "Celle du compte ({{count, number}} mois)",
      off: "Conserver jusqu’à suppression",
      months: "Supprimer après un nombre de mois",
      monthsLabel: "Mois après le dernier message",
      monthsHint: "Un nombre entier de {{min}} à {{max}}.",
      erasesMore_one:
        "Après l’enregistrement, les chats terminés de ce widget dont le dernier message date de plus de {{count, number}} mois sont effacés définitivement dans l’heure. C’est irréversible.",
      erasesMore_other:
        "Après l’enregistrement, les chats terminés de ce widget dont le dernier message date de plus de {{count, number}} mois sont effacés définitivement dans l’heure. C’est irréversible.",
      foreverWarning:
        "Les chats seront conservés jusqu’à ce que quelqu’un les supprime. Le RGPD demande de ne pas conserver les données personnelles plus longtemps que nécessaire : ne choisissez cette option que pour une raison que vous pouvez expliquer. Le changement est consigné dans le journal d’audit.",
      foreverConfirm: "Oui, conserver les chats jusqu’à leur suppression",
    },
    consent: {
      enabled: "Afficher l’avis de confidentialité et demander le consentement",
      enabledHint:
        "Avant le début du chat, les visiteurs lisent l’avis et cochent une case non cochée par défaut. Le reçu de consentement conserve une empreinte du texte exact affiché et sa langue.",
      disabledHint: "Désactivé : ni avis ni consentement. À ne faire que si vous disposez d’une autre base légale pour le chat.",
      texts: "Textes de l’avis de confidentialité",
      textsHint:
        "Votre propre avis dans certaines langues ; toutes les autres affichent l’avis intégré. Les visiteurs qui ont ouvert le chat avant une modification sont invités à lire le nouveau texte.",
      textIn: "Avis de confidentialité en {{language}}",
      addLanguage: "Langue d’un nouvel avis",
      remove: "Supprimer l’avis ({{language}})",
      add: "Ajouter un texte d’avis",
    },
    policy: {
      url: "URL de la politique de confidentialité",
      urlHint: "Une adresse https://, toujours affichée sous forme de lien dans le widget. Laissez vide pour n’afficher aucun lien.",
      labels: "Textes du lien vers la politique",
      labelsHint:
        "Le texte du lien selon la langue ; dans les autres langues, il indique « Politique de confidentialité » dans la langue du visiteur.",
      labelIn: "Texte du lien en {{language}}",
      addLanguage: "Langue d’un nouveau texte de lien",
      add: "Ajouter un texte de lien",
      remove: "Supprimer le texte du lien ({{language}})",
    },
    preChat: {
      intro: "Ne demandez que ce qui vous est utile pour aider : tout ce qui est demandé est conservé, chiffré, avec le chat.",
      hidden: "Non demandé",
      optional: "Facultatif",
      required: "Obligatoire",
      name: "Nom du visiteur",
      email: "E-mail du visiteur",
      emailHint: "Permet de retrouver les chats de ce visiteur lorsqu’il demande l’accès à ses données ou leur effacement.",
    },
    origins: {
      label: "Origines autorisées",
      hint: "Les sites qui peuvent afficher ce widget, chacun sous la forme schéma et hôte, par exemple https://www.example.com (sans chemin ni barre oblique finale). Les pages de tout autre site sont refusées.",
      none: "Aucune origine pour l’instant : le widget ne s’ouvre sur aucun site.",
      row: "Origine autorisée {{number}}",
      add: "Ajouter une origine",
      useSuggestion: "Utiliser {{suggestion}}",
      remove: "Supprimer l’origine {{number}}",
    },
    appearance: {
      greeting: "Message d’accueil",
      greetingHint: "Le premier message que voient les visiteurs. Vide : pas de message d’accueil.",
      greetings: "Message d’accueil dans d’autres langues",
      greetingsHint: "Les visiteurs dont le widget parle l’une de ces langues voient ce message ; tous les autres voient celui ci-dessus.",
      greetingIn: "Message d’accueil en {{language}}",
      removeGreeting: "Supprimer le message d’accueil en {{language}}",
      addGreeting: "Ajouter un message d’accueil",
      titles: "Titre par langue",
      titlesHint: "L’en-tête de la fenêtre ; dans les langues sans titre, le nom du widget.",
      titleIn: "Titre en {{language}}",
      removeTitle: "Supprimer le titre en {{language}}",
      addTitle: "Ajouter un titre",
      accentColour: "Couleur d’accent",
      colourPicker: "Sélecteur de couleur",
      accentColourHint: "Une couleur comme #1f4fd1, pour le lanceur et les boutons du chat.",
      position: "Position du lanceur",
      right: "En bas à droite",
      left: "En bas à gauche",
      operatorNames: "Noms des opérateurs montrés aux visiteurs",
      alias: "Pseudonymes et avatars (le vrai nom en l’absence de pseudonyme)",
      none: "Simplement « Opérateur »",
      operatorNamesHint: "Avec « Simplement Opérateur », les visiteurs ne voient ni nom ni photo de votre équipe.",
    },
    problems: {
      summary_one: "{{count, number}} point à corriger avant d’enregistrer :",
      summary_other: "{{count, number}} points à corriger avant d’enregistrer :",
      nameRequired: "Donnez un nom au widget.",
      invalidOrigin: "« {{value}} » n’est pas une origine : indiquez le schéma et l’hôte, par exemple https://www.example.com.",
      invalidOriginSuggest:
        "« {{value}} » n’est pas une origine : une origine n’a ni chemin ni barre oblique finale. Vouliez-vous dire {{suggestion}} ?",
      duplicateOrigin: "« {{value}} » figure déjà dans la liste.",
      tooManyOrigins: "Un widget peut avoir au plus {{max}} origines autorisées.",
      invalidUrl:
        "L’URL de la politique de confidentialité doit être une adresse complète commençant par https:// (http:// seulement pour localhost ou 127.0.0.1).",
      labelsWithoutUrl:
        "Les textes du lien nécessitent une URL de politique de confidentialité. Ajoutez-en une ou supprimez les textes du lien.",
      monthsRange: "La conservation est un nombre entier de mois, de 1 à 36.",
      invalidColour: "Écrivez la couleur sous la forme # suivi de six chiffres hexadécimaux, par exemple #1f4fd1.",
      foreverUnconfirmed: "Confirmez que les chats doivent être conservés jusqu’à leur suppression, ou choisissez un nombre de mois.",
    },
  },
  email: {
    heading: "E-mail",
    configured: "Les e-mails partent par {{host}}:{{port}} ({{security}}) depuis {{from}}.",
    off: "L’e-mail est désactivé : aucun serveur SMTP n’est configuré. Les réponses par e-mail, transcriptions et alertes ne sont pas envoyées.",
    problem: "La configuration e-mail est inutilisable : {{problem}}",
    counts: "En attente : {{pending}} · En échec : {{failed}}",
    recent: "Dernières tentatives d’envoi (ni destinataires ni contenus ne sont conservés ici)",
    kind: "Type",
    status: "État",
    lastAttempt: "Dernière tentative",
    attempts: "Tentatives",
    error: "Erreur",
    retryNow: "Renvoyer maintenant les e-mails en échec",
    retried_one: "{{count}} e-mail remis en file.",
    retried_other: "{{count}} e-mails remis en file.",
    kinds: {
      visitor_reply: "Réponse à un visiteur",
      transcript: "Transcription",
      offline_alert: "Alerte : nouveau message",
      unanswered_alert: "Alerte : chat sans réponse",
    },
    statuses: {
      pending: "En attente",
      failed: "En échec",
    },
  },
  account: {
    requireTwoFactor: "Exiger la connexion en deux étapes pour chaque opérateur",
    requireTwoFactorHint: "Les opérateurs sans second facteur le configurent à leur prochaine connexion, avant toute autre chose.",
    heading: "Compte et conservation",
    intro:
      "Les réglages de tout le compte : son nom, la durée de conservation des chats et la façon dont les statistiques présentent les opérateurs.",
    needsAllDepartments:
      "Ces réglages concernent tous les services : les modifier nécessite un rôle qui couvre tous les services. Vous pouvez les consulter.",
    groups: {
      general: "Compte",
      retention: "Conservation",
      analytics: "Statistiques",
      signIn: "Connexion",
    },
    name: "Nom du compte",
    nameHint: "Affiché à votre équipe dans l’application.",
    nameRequired: "Donnez un nom au compte.",
    retention: "Conservation par défaut",
    retentionOff: "Conserver jusqu’à suppression",
    retentionMonths: "Supprimer après un nombre de mois",
    retentionIntro: "Ne conserver les chats que le temps nécessaire est une obligation du RGPD (limitation de la conservation).",
    retentionHint:
      "S’applique à chaque widget réglé sur la conservation du compte ; la conservation propre d’un widget l’emporte. Toutes les heures, les chats terminés dont le dernier message est plus ancien sont effacés définitivement, avec tout ce qui a été conservé à leur sujet.",
    erasesMore_one:
      "Après l’enregistrement, les chats terminés dont le dernier message date de plus de {{count, number}} mois sont effacés définitivement dans l’heure, dans chaque widget qui suit la conservation du compte. C’est irréversible.",
    erasesMore_other:
      "Après l’enregistrement, les chats terminés dont le dernier message date de plus de {{count, number}} mois sont effacés définitivement dans l’heure, dans chaque widget qui suit la conservation du compte. C’est irréversible.",
    backups:
      "Les sauvegardes gardent les chats effacés jusqu’à 30 jours ; si une sauvegarde est restaurée, l’effacement est appliqué de nouveau.",
    pseudonymousAnalytics: "Statistiques pseudonymisées",
    pseudonymousAnalyticsHint:
      "Les statistiques présentent les opérateurs sous des pseudonymes stables, pour tout le monde et quels que soient les droits de la personne qui les consulte : personne n’est évalué nominativement.",
  },
};
