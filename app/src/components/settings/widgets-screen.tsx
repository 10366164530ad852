import { useTranslation } from "../../hooks/use-translation";
import type { Me } from "../../types";

/** To be built. */
export function WidgetsScreen({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <main id="content" class="screen" tabIndex={-1} data-operator={me.operator.id}>
      <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
        {t("widgets.heading")}
      </h2>
    </main>
  );
}
