import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// Paths resolve from this file, so the build behaves the same from any working directory.
const appDir = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../dist/public/app", import.meta.url));

export default defineConfig({
  root: appDir,
  // The worker serves the app at /app/ with an SPA fallback.
  base: "/app/",
  plugins: [preact()],
  build: {
    outDir,
    emptyOutDir: true,
  },
});
