import { auditPermission } from '@/lib/auth/access';

/**
 * Shown (with status 403) when a signed-in person lacks a page's permission. Audit and
 * correlations are the only pages a signed-in person can be refused (executions are
 * filtered instead), so the permission named is Data Storage's reader rule.
 */
export default function Forbidden() {
  return (
    <div className="space-y-2" data-testid="forbidden">
      <h1 className="text-lg font-semibold">You may not see audit events</h1>
      <p className="text-sm text-fg-muted">
        Audit events and correlations come from Kubernaut&apos;s Data Storage, which admits only people with the Kubernetes
        permission <code data-testid="missing-permission">{auditPermission()}</code>. Ask a cluster administrator for a
        RoleBinding that grants it.
      </p>
    </div>
  );
}
