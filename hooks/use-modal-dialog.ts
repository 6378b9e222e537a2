'use client';

import { useEffect, useRef } from 'react';

/**
 * Opens a native <dialog> as a modal while `open` is true (the rest of the page is inert,
 * Escape closes it, focus returns where it was) and focuses its `[data-autofocus]`
 * element: React's autoFocus runs before showModal, when the dialog cannot take focus.
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
