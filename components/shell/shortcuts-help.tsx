'use client';

import { Fragment } from 'react';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { Button } from '@/components/ui/button';
import { shortcutSections } from './shortcuts';

/** The keyboard-shortcuts help (`?`): a modal dialog listing every shortcut. */
export function ShortcutsHelp({ open, onClose, mod }: { open: boolean; onClose: () => void; mod: string }) {
  return (
    <ModalDialog open={open} onClose={onClose} aria-labelledby="shortcuts-help-title" data-testid="shortcuts-help" className="mt-[10vh] w-[min(36rem,calc(100vw-2rem))]">
      <div className="max-h-[75vh] overflow-y-auto p-4">
        <div className="mb-3 flex items-center justify-between gap-2">
          <h2 id="shortcuts-help-title" className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <Button variant="ghost" size="sm" onClick={onClose} data-autofocus>
            Close
          </Button>
        </div>
        {shortcutSections(mod).map((section) => (
          <section key={section.title} className="mb-3">
            <h3 className="mb-1 text-xs font-medium text-fg-muted">{section.title}</h3>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              {section.items.map((item) => (
                <Fragment key={`${item.keys.join('+')} ${item.action}`}>
                  <dt className="flex gap-1 whitespace-nowrap">
                    {item.keys.map((k) => (
                      <kbd key={k} className="rounded border border-line-strong bg-surface-2 px-1.5 text-xs">
                        {k}
                      </kbd>
                    ))}
                  </dt>
                  <dd>{item.action}</dd>
                </Fragment>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </ModalDialog>
  );
}
