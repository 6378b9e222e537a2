/**
 * Which Data Storage an empty audit answer came from: its configured base URL (from the
 * server's configuration, without credentials), so an operator can tell "no events"
 * from "asking the wrong Data Storage".
 */
export function DataStorageNote({ url }: { url: string | undefined }) {
  if (!url) return null;
  return (
    <span className="mt-1 block" data-testid="datastorage-note">
      Flightdeck asked the Data Storage at <code className="break-all font-mono text-xs text-fg">{url}</code> (DATASTORAGE_URL). If events should be there,
      check that Kubernaut&apos;s services write to this same Data Storage.
    </span>
  );
}
