import { describe, expect, it } from "vitest";
import { accentInks, hexColor } from "../widget/colour";

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r = 0, g = 0, bl = 0] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const full = (hex: string) => (hex === "#fff" ? "#ffffff" : hex);

describe("the widget's accent colour", () => {
  it("accepts #rgb and #rrggbb only, so nothing can break out of the CSS value", () => {
    expect(hexColor("#1f4fd1")).toBe("#1f4fd1");
    expect(hexColor("#ABC")).toBe("#ABC");
    for (const bad of ["red", "#12345", "#1234567", "#1f4fd1;}body{display:none", "url(x)", ""]) expect(hexColor(bad), bad).toBeNull();
  });

  it("puts white on a dark accent and near-black on a light one", () => {
    expect(accentInks("#1f4fd1").on).toBe("#fff");
    expect(accentInks("#000").on).toBe("#fff");
    expect(accentInks("#ffeb3b").on).toBe("#1a1a1a");
    expect(accentInks("#fff").on).toBe("#1a1a1a");
  });

  it("picks whichever of white and near-black reads better on the accent, and an ink of 4.5:1 or better on white", () => {
    for (const accent of ["#1f4fd1", "#ffeb3b", "#00a86b", "#e91e63", "#777777", "#ff9800", "#303030"]) {
      const { on, ink } = accentInks(accent);
      const other = on === "#fff" ? "#1a1a1a" : "#ffffff";
      expect(contrast(full(on), accent), accent).toBeGreaterThanOrEqual(contrast(other, accent));
      expect(contrast(full(ink), "#ffffff"), accent).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("uses the accent itself as ink where it reads on white, and near-black where it does not", () => {
    expect(accentInks("#1f4fd1").ink).toBe("#1f4fd1");
    expect(accentInks("#ffeb3b").ink).toBe("#1a1a1a");
  });
});
