import type { Metadata } from 'next';
import { CorrelationIndex } from '@/components/correlations/correlation-index';
import { pageIdentity } from '@/lib/route';
import { dataStorageUrl } from '@/lib/setup';

export const metadata: Metadata = { title: 'Correlations' };

/** /correlations: open one remediation's timeline. */
export default async function CorrelationsPage() {
  await pageIdentity('audit:read');
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-lg font-semibold">Correlations</h1>
        <p className="text-sm text-fg-muted">A correlation is one remediation&apos;s story: every audit event that carries its RemediationRequest&apos;s name.</p>
      </div>
      <CorrelationIndex dataStorage={dataStorageUrl()} />
    </div>
  );
}
