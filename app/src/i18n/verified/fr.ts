import type { Translation } from "../translation";
import type { verifiedTexts as english } from "./en";

export const verifiedTexts: Pick<Translation, keyof typeof english> = {
  verified: {
    badge: "Vérifié",
    title: "Vérifié par votre site comme l'utilisateur {{userId}}",
    userId: "Identifiant utilisateur vérifié",
    related: "Autres conversations de ce visiteur",
    noRelated: "Aucune autre conversation de ce visiteur que vous pouvez lire.",
  },
  widgetIdentity: {
    heading: "Visiteurs vérifiés",
    enabled: "Faire confiance à un identifiant utilisateur de mon site quand son hachage est valide (data-user-id, data-user-hash)",
    hint: "Votre serveur calcule le HMAC-SHA256 de l'identifiant avec la clé de ce widget. Un hachage faux ou absent est ignoré : le visiteur discute sans être vérifié. Fonctionne aussi en mode confidentialité ; l'identifiant est conservé chiffré avec la conversation.",
    secret: "Clé",
    noSecret: "Activez la vérification et enregistrez pour créer la clé de ce widget.",
    reveal: "Afficher la clé",
    hide: "Masquer la clé",
    copy: "Copier",
    copied: "Copié",
    rotate: "Renouveler la clé",
    rotateConfirm:
      "Créer une nouvelle clé ? Tout hachage calculé avec la clé actuelle cesse aussitôt d'être valide : ces visiteurs discutent sans être vérifiés jusqu'à ce que votre serveur utilise la nouvelle clé.",
    rotated: "Une nouvelle clé est en place. Mettez-la à jour sur votre serveur.",
  },
};
