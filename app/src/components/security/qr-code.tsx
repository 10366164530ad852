import encodeQR from "qr";

interface QrCodeProps {
  /** What the code carries (an otpauth:// URI). */
  value: string;
  /** Its accessible name: what scanning it does. */
  label: string;
}

/**
 * A QR code drawn as one SVG path in the page's own markup (no image URL, no innerHTML), with the
 * four-module quiet zone scanners need. Black on white whatever the theme: scanners want contrast.
 */
export function QrCode({ value, label }: QrCodeProps) {
  const rows = encodeQR(value, "raw", { ecc: "medium", border: 4 });
  const size = rows.length;
  let path = "";
  rows.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      class="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shape-rendering="crispEdges"
      width={size * 5}
      height={size * 5}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
