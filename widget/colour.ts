/** A #rgb or #rrggbb colour as given, or null for anything else (which could break out of the CSS value). */
export function hexColor(raw: string): string | null {
  return /^#(?:[0-9a-f]{3}){1,2}$/i.test(raw) ? raw : null;
}

/**
 * What goes with an accent colour so that everything stays legible (WCAG contrast): `on`, white or
 * near-black, whichever reads better on it (text and icons on the accent); `ink`, the accent itself
 * where it reads on the white panel (links, focus rings), else near-black.
 */
export function accentInks(hex: string): { on: string; ink: string } {
  const digits = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, "$&$&").slice(1) : hex.slice(1);
  const [r = 0, g = 0, b = 0] = [0, 2, 4].map((i) => {
    const c = parseInt(digits.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Against white (1.05 / (L + .05)) and against #1a1a1a (luminance about .0103).
  const onWhite = 1.05 / (luminance + 0.05);
  return { on: onWhite >= (luminance + 0.05) / 0.0603 ? "#fff" : "#1a1a1a", ink: onWhite >= 4.5 ? hex : "#1a1a1a" };
}
