import { useEffect, useRef } from "preact/hooks";

/** A ref that is true while the component is mounted, so late answers are dropped after it leaves. */
export function useMounted(): { readonly current: boolean } {
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
