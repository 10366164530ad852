// Part of `npm test`: the repository stands alone, and its protocol reference and source tree cannot drift.
// - No file refers to the old design file, to a relative path that leaves the repository, or to
//   one that does not exist.
// - docs/protocol.md names every frame type of src/shared/frames.ts and protocol.ts, every close code the server
//   uses or declares in src/shared/frames.ts, and every error code the conversation room sends.
// - README's annotated source tree matches the layout: every entry exists and is listed once, and
//   every file of SOURCE_TREE_AREAS is listed by its own line or by a folder's (or a pattern's).
// Run alone: `node scripts/check-docs.mjs [repository root]`.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SELF = "scripts/check-docs.mjs";
// Spelt in two parts so that this file does not match its own check.
const OLD_DESIGN_FILE = ["DESIGN", "md"].join(".");
/** A relative path names a file or folder as it is, or a module without its extension. */
const IMPORT_SUFFIXES = ["", ".ts", ".tsx", ".js", ".mjs", ".json"];
/** A relative path: one or more `../`, then what follows up to a quote, space or bracket. */
const RELATIVE_PATH = /(?<![.\w])(?:\.\.\/)+[^\s"'`()<>\]?*]*/g;

/** Tracked files and new ones not ignored, as paths relative to `root`; deleted ones left out. */
function repositoryPaths(root) {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return [...new Set(listed.split("\0").filter(Boolean))].filter((path) => existsSync(resolve(root, path)));
}

/** The paths of repositoryPaths with their text; text files only. */
function repositoryFiles(root) {
  return repositoryPaths(root)
    .map((path) => ({ path, text: readFileSync(resolve(root, path), "utf8") }))
    .filter(({ text }) => !text.includes("\0"));
}

/** Build output and local state (git-ignored) need not exist in a fresh clone. */
function ignored(root, path) {
  try {
    execFileSync("git", ["check-ignore", "-q", "--no-index", path], { cwd: root });
    return true;
  } catch {
    return false;
  }
}

/** Places where a file names the old design file, or a relative path outside `root` or to nothing. */
export function outsideReferences(root, files) {
  const problems = [];
  for (const { path, text } of files) {
    if (path === SELF) continue;
    text.split("\n").forEach((line, i) => {
      if (line.includes(OLD_DESIGN_FILE)) problems.push(`${path}:${i + 1}: refers to ${OLD_DESIGN_FILE}, which is not in the repository`);
      for (const [target] of line.matchAll(RELATIVE_PATH)) {
        const away = relative(root, resolve(root, dirname(path), target.replace(/[.,:;]+$/, "")));
        if (away.startsWith("..") || isAbsolute(away)) problems.push(`${path}:${i + 1}: ${target} leaves the repository`);
        else if (!IMPORT_SUFFIXES.some((suffix) => existsSync(resolve(root, away + suffix))) && !ignored(root, away)) {
          problems.push(`${path}:${i + 1}: ${target} does not exist`);
        }
      }
    });
  }
  return problems;
}

/** The first group of every match of each pattern, once each. */
const all = (text, ...patterns) => [...new Set(patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1])))];

/** What docs/protocol.md must name, read from the code. */
export function protocolTerms(root) {
  const read = (path) => readFileSync(resolve(root, path), "utf8");
  const protocol = read("src/shared/protocol.ts");
  const frames = read("src/shared/frames.ts");
  const closeCodes = frames;
  const room = ["src/conversation/conversation-room.ts", "src/conversation/hibernating-sockets.ts"].map(read).join("\n");
  const server = [
    "src/conversation/conversation-room.ts",
    "src/conversation/account-inbox.ts",
    "src/conversation/hibernating-sockets.ts",
    "src/routes/conversation-socket.ts",
  ]
    .map(read)
    .join("\n");
  return {
    "client frame type": all(protocol, /type: z\.literal\("([^"]+)"\)/g),
    "server frame type": all(frames, /^\s*type: "([^"]+)";/gm),
    "close-code constant": all(closeCodes, /export const (CLOSE_\w+) = \d+/g),
    "close code": all(`${closeCodes}\n${server}`, /export const CLOSE_\w+ = (\d+)/g, /\.close\((\d{4})\b/g),
    "room error code": all(room, /sendError\(ws, "([a-z_]+)"/g, /code: "([a-z_]+)"/g, /errorBody\("([a-z_]+)"/g),
  };
}

/** Terms of protocolTerms missing from docs/protocol.md (each must appear in backticks or as a number). */
export function missingFromProtocolDoc(root) {
  const docPath = resolve(root, "docs/protocol.md");
  if (!existsSync(docPath)) return ["docs/protocol.md does not exist"];
  const doc = readFileSync(docPath, "utf8");
  const problems = [];
  for (const [kind, terms] of Object.entries(protocolTerms(root))) {
    if (terms.length === 0) problems.push(`found no ${kind} in the code: the check's patterns are out of date`);
    for (const term of terms) {
      const named = /^\d+$/.test(term) ? new RegExp(`\\b${term}\\b`).test(doc) : doc.includes(`\`${term}\``);
      if (!named) problems.push(`docs/protocol.md does not name the ${kind} ${term}`);
    }
  }
  return problems;
}

/**
 * The areas README's source tree lists file by file: the worker (src/), the widget, the scripts, the
 * operator app's source (app/src/), the tests, the benchmarks, the docs and the migrations. A file
 * there is listed only by an entry inside its own area, so `app/` alone does not list app/src/main.tsx.
 * Outside them (the root's configuration files, app/'s build files, .ci/) an entry need only exist.
 */
const SOURCE_TREE_AREAS = ["src/", "widget/", "scripts/", "app/src/", "test/", "bench/", "docs/", "migrations/"];

/** The annotated source tree in README.md: its code block under "## Source tree", one path per entry. */
export function sourceTreeEntries(readme) {
  const section = readme.split(/^## Source tree\s*$/m)[1];
  if (!section) return null;
  const block = section.split("```")[1] ?? "";
  // An entry starts at column 0; indented lines continue the previous entry's note.
  return block
    .split("\n")
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s+/)[0]);
}

/** A listed path covers a file when it is the file, a folder above it, or a `*` pattern matching it. */
export function covers(entry, path) {
  if (entry.includes("*")) {
    const literal = (part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^${entry.split("*").map(literal).join("[^/]*")}$`).test(path);
  }
  return entry.endsWith("/") ? path.startsWith(entry) : path === entry;
}

/**
 * README's source tree matches the layout (`paths`, as repositoryPaths lists them): each entry names
 * something that exists, once, and every file of SOURCE_TREE_AREAS is listed by an entry of its area.
 */
export function sourceTreeProblems(root, paths) {
  const entries = sourceTreeEntries(readFileSync(resolve(root, "README.md"), "utf8"));
  if (!entries) return ["README.md has no '## Source tree' section"];
  if (entries.length === 0) return ["README.md's '## Source tree' section has no code block with entries"];
  const problems = [];
  for (const entry of new Set(entries)) {
    const times = entries.filter((other) => other === entry).length;
    if (times > 1) problems.push(`README source tree lists ${entry} ${times} times`);
    if (!paths.some((path) => covers(entry, path))) problems.push(`README source tree lists ${entry}, which does not exist`);
  }
  for (const path of paths) {
    const area = SOURCE_TREE_AREAS.find((prefix) => path.startsWith(prefix));
    if (area && !entries.some((entry) => entry.startsWith(area) && covers(entry, path))) {
      problems.push(`README source tree does not list ${path}`);
    }
  }
  return problems;
}

/** Runs the checks; prints what fails; returns the counts for `npm test`'s last line. */
export function checkDocs(root) {
  const checks = [
    ["no file refers outside the repository or to a missing path", () => outsideReferences(root, repositoryFiles(root))],
    ["docs/protocol.md names every frame type, close code and error code", () => missingFromProtocolDoc(root)],
    [
      `README's source tree lists every file of ${SOURCE_TREE_AREAS.join(", ")} once, and nothing that is missing`,
      () => sourceTreeProblems(root, repositoryPaths(root)),
    ],
  ];
  let passed = 0;
  let failed = 0;
  for (const [name, run] of checks) {
    let problems;
    try {
      problems = run();
    } catch (error) {
      problems = [`the check could not run: ${error instanceof Error ? error.message : String(error)}`];
    }
    if (problems.length === 0) {
      passed++;
      console.log(`docs: ✓ ${name}`);
    } else {
      failed++;
      console.error(`docs: ✗ ${name}\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
  }
  return { passed, failed };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? resolve(dirname(fileURLToPath(import.meta.url)), ".."));
  const { failed } = checkDocs(root);
  process.exit(failed === 0 ? 0 : 1);
}
