import { useCallback, useEffect, useState } from "preact/hooks";
import { type Screen, screenAt, screenPaths } from "../lib/routes";

/** The screen in the address bar, and a way to go to another (a history entry, so Back works). */
export function useScreen(): [Screen | null, (screen: Screen, replace?: boolean) => void] {
  const [pathname, setPathname] = useState(() => window.location.pathname);

  useEffect(() => {
    const onPopState = () => setPathname(window.location.pathname);
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const navigate = useCallback((screen: Screen, replace = false) => {
    const target = screenPaths[screen];
    if (window.location.pathname !== target) {
      if (replace) window.history.replaceState(null, "", target);
      else window.history.pushState(null, "", target);
    }
    setPathname(target);
  }, []);

  return [screenAt(pathname), navigate];
}
