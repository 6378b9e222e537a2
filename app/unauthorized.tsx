/** Shown (with status 401) when a page request proves no identity (see the README's trust model). */
export default function Unauthorized() {
  return (
    <div className="space-y-2" data-testid="unauthorized">
      <h1 className="text-lg font-semibold">Sign-in required</h1>
      <p className="text-sm text-fg-muted">
        This request carried no identity Flightdeck could verify. Open Flightdeck through its sign-in proxy, or send a
        Kubernetes bearer token.
      </p>
    </div>
  );
}
