// Part of `npm run lint`: the operator app's stylesheets (app/src/**/*.css), read together, as Vite
// bundles them into one. Stylelint's no-duplicate-selectors sees one file at a time; this sees all:
// - every brace is balanced (an unclosed rule once dropped the whole stylesheet without a word);
// - a selector is styled in one rule only, across all files, within the same at-rule context
//   (the same selector inside a different @media is a deliberate override and allowed);
// - every `var(--x)` names a custom property that some file defines.
// It first proves itself on small fixtures, so a broken check fails instead of passing everything.
// Run alone: `node scripts/check-css.mjs [folder]` (default: app/src).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import postcss from "postcss";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The `.css` files under `dir`, sorted, as `{ path, text }` with paths relative to the repository. */
function cssFiles(dir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".css")) found.push({ path: relative(ROOT, path), text: readFileSync(path, "utf8") });
    }
  };
  walk(dir);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Braces counted outside comments and strings, so the message points at the line even where a
 * parser would recover or report the end of the file.
 */
function braceProblems({ path, text }) {
  const open = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) return [`${path}:${line}: comment never closed`];
      line += text.slice(i, end).split("\n").length - 1;
      i = end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      i = j;
    } else if (c === "{") open.push(line);
    else if (c === "}" && open.pop() === undefined) return [`${path}:${line}: "}" closes nothing`];
  }
  return open.map((at) => `${path}:${at}: "{" never closed`);
}

/** The at-rules (and, with nesting, rules) around a node: selectors only collide inside the same one. */
function contextOf(node) {
  const parts = [];
  for (let parent = node.parent; parent && parent.type !== "root"; parent = parent.parent) {
    parts.unshift(parent.type === "atrule" ? `@${parent.name} ${parent.params.replace(/\s+/g, " ").trim()}` : parent.selector);
  }
  return parts.join(" / ");
}

/**
 * Every problem in `files` (`{ path, text }`), as "path:line: message" strings; none means the
 * stylesheets pass.
 */
export function checkCss(files) {
  const problems = [];
  const seen = new Map();
  const defined = new Set();
  const used = [];
  for (const file of files) {
    const braces = braceProblems(file);
    if (braces.length > 0) {
      problems.push(...braces);
      continue;
    }
    let root;
    try {
      root = postcss.parse(file.text, { from: file.path });
    } catch (error) {
      problems.push(`${file.path}:${error.line ?? "?"}: ${error.reason ?? error.message}`);
      continue;
    }
    root.walkRules((rule) => {
      // Keyframe steps (from, to, 50%) belong to their animation, not to the page.
      if (rule.parent?.type === "atrule" && /keyframes$/i.test(rule.parent.name)) return;
      const context = contextOf(rule);
      for (const raw of rule.selectors) {
        const selector = raw.replace(/\s+/g, " ").trim();
        const key = `${context}\0${selector}`;
        const here = `${file.path}:${rule.source.start.line}`;
        const first = seen.get(key);
        if (first) problems.push(`${here}: "${selector}"${context ? ` in ${context}` : ""} is already styled at ${first}`);
        else seen.set(key, here);
      }
    });
    root.walkDecls((decl) => {
      if (decl.prop.startsWith("--")) defined.add(decl.prop);
      for (const match of decl.value.matchAll(/var\(\s*(--[\w-]+)/g))
        used.push({ name: match[1], at: `${file.path}:${decl.source.start.line}` });
    });
  }
  for (const { name, at } of used) if (!defined.has(name)) problems.push(`${at}: var(${name}) is never defined`);
  return problems;
}

/** Fixtures each check must catch (and a few it must let through). Returns what went wrong. */
export function selfTest() {
  const cases = [
    {
      name: "a selector styled in two files",
      files: { "a.css": ".x { color: red; }", "b.css": ".x { margin: 0; }" },
      expect: /"\.x" is already styled at a\.css:1/,
    },
    { name: "a selector in a list and alone", files: { "a.css": ".x,\n.y { color: red; }\n.y { margin: 0; }" }, expect: /a\.css:3: "\.y"/ },
    {
      name: "a selector twice in one @media",
      files: { "a.css": "@media (width < 40rem) { .x { color: red; } }", "b.css": "@media (width  <  40rem) { .x { margin: 0; } }" },
      expect: /in @media \(width < 40rem\)/,
    },
    { name: "an unclosed rule", files: { "a.css": ".x { color: red;\n.y { margin: 0; }" }, expect: /a\.css:1: "\{" never closed/ },
    { name: "a stray closing brace", files: { "a.css": ".x { color: red; }\n}" }, expect: /a\.css:2: "\}" closes nothing/ },
    {
      name: "an unknown custom property",
      files: { "a.css": ":root { --known: 1px; }\n.x { margin: var(--known) var(--unknown); }" },
      expect: /a\.css:2: var\(--unknown\) is never defined/,
    },
    {
      name: "an override in a media query",
      files: { "a.css": ".x { color: red; }\n@media (forced-colors: active) { .x { color: CanvasText; } }" },
      expect: null,
    },
    { name: "braces inside strings and comments", files: { "a.css": '/* { */ .x::before { content: "}"; }' }, expect: null },
  ];
  const failures = [];
  for (const { name, files, expect } of cases) {
    const problems = checkCss(Object.entries(files).map(([path, text]) => ({ path, text })));
    if (expect === null ? problems.length > 0 : !(problems.length === 1 && expect.test(problems[0]))) {
      failures.push(`${name}: got ${problems.length === 0 ? "no problem" : problems.join("; ")}`);
    }
  }
  return failures;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const failures = selfTest();
  if (failures.length > 0) {
    console.error(`css: ✗ the check itself is broken\n${failures.map((f) => `  ${f}`).join("\n")}`);
    process.exit(1);
  }
  const files = cssFiles(resolve(process.argv[2] ?? join(ROOT, "app/src")));
  const problems = checkCss(files);
  if (problems.length > 0) {
    console.error(`css: ✗ ${problems.length} problem(s) in ${files.length} files\n${problems.map((p) => `  ${p}`).join("\n")}`);
    process.exit(1);
  }
  console.log(`css: ✓ ${files.length} files: braces balanced, no selector styled twice, every var() defined`);
}
