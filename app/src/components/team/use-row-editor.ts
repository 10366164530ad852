import { useState } from "preact/hooks";

/** The row a team list has opened for editing, at most one; closing it puts focus back on the row's Edit button (`data-edit-id`). */
export function useRowEditor() {
  const [editingId, setEditingId] = useState<string | null>(null);

  /** Opens the row, or closes it when it is the one open. */
  function toggle(id: string) {
    setEditingId(id === editingId ? null : id);
  }

  function close() {
    const id = editingId;
    setEditingId(null);
    if (id) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-edit-id="${CSS.escape(id)}"]`)?.focus());
  }

  return { editingId, setEditingId, toggle, close };
}
