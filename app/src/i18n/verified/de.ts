import type { Translation } from "../translation";
import type { verifiedTexts as english } from "./en";

export const verifiedTexts: Pick<Translation, keyof typeof english> = {
  verified: {
    badge: "Verifiziert",
    title: "Von Ihrer Website als Benutzer {{userId}} bestätigt",
    userId: "Verifizierte Benutzer-ID",
    related: "Weitere Gespräche dieses Besuchers",
    noRelated: "Keine weiteren Gespräche dieses Besuchers, die Sie lesen dürfen.",
  },
  widgetIdentity: {
    heading: "Verifizierte Besucher",
    enabled: "Einer Benutzer-ID meiner Website vertrauen, wenn ihr Hash stimmt (data-user-id, data-user-hash)",
    hint: "Ihr Server berechnet HMAC-SHA256 der Benutzer-ID mit dem Schlüssel dieses Widgets. Ein falscher oder fehlender Hash wird ignoriert: Der Besucher chattet unverifiziert. Gilt auch im Datenschutzmodus; die ID wird verschlüsselt mit dem Gespräch gespeichert.",
    secret: "Schlüssel",
    noSecret: "Verifizierung einschalten und speichern, um den Schlüssel dieses Widgets zu erzeugen.",
    reveal: "Schlüssel anzeigen",
    hide: "Schlüssel verbergen",
    copy: "Kopieren",
    copied: "Kopiert",
    rotate: "Schlüssel erneuern",
    rotateConfirm:
      "Einen neuen Schlüssel erzeugen? Jeder mit dem bisherigen berechnete Hash gilt sofort nicht mehr: Diese Besucher chatten unverifiziert, bis Ihr Server den neuen Schlüssel verwendet.",
    rotated: "Ein neuer Schlüssel ist aktiv. Hinterlegen Sie ihn auf Ihrem Server.",
  },
};
