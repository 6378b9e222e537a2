'use client';

import type { ReactNode } from 'react';
import { useModalDialog } from '@/hooks/use-modal-dialog';
import { cn } from './cn';

/**
 * A native modal <dialog> (see useModalDialog): a click on the backdrop (the dialog
 * element itself, outside its content) closes it, and its content mounts only while it
 * is open, so each opening starts afresh. `className` sets its width and top margin.
 */
export function ModalDialog({
  open,
  onClose,
  className,
  children,
  ...labels
}: {
  open: boolean;
  onClose: () => void;
  className: string;
  children: ReactNode;
  'aria-label'?: string;
  'aria-labelledby'?: string;
  'data-testid'?: string;
}) {
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      {...labels}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      className={cn('mx-auto rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/50', className)}
    >
      {open && children}
    </dialog>
  );
}
