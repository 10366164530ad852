/** Creates an element; children given as strings become text nodes, never markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Hands `blob` to the browser as a download named `name` (a link clicked inside `root`). */
export function saveBlob(root: ParentNode, blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  root.append(link);
  link.click();
  link.remove();
  // A moment later: Safari starts the download asynchronously and would find the URL gone.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
