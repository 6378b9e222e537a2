/**
 * Contract of Flightdeck's Data Storage client, checked two ways:
 * 1. against the OpenAPI spec in the pinned Kubernaut module
 *    (api/openapi/data-storage-v1.yaml, read from the Go module cache at run time), and
 * 2. against real answers of the local Data Storage v1.5.7 (which itself validates every
 *    request against that same spec with kin-openapi).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { PAYLOAD_SCHEMA_BY_TYPE, decodePayload } from '@/lib/audit/payloads';
import * as payloads from '@/lib/audit/payloads';
import { DS_EXPORT_PARAMS, DS_QUERY_PARAMS, MAX_EXPORT_EVENTS, auditEventWireSchema, auditExportVerificationSchema, exportAuditVerification, exportedEventSchema, parseAuditPage, queryAuditEvents, verifyAuditChain, verifyChainWireSchema } from '@/lib/datastorage/audit';
import { dsFetch, resetTokenCacheForTests } from '@/lib/datastorage/http';
import { resetEnvForTests } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { systemIdentity } from '@/lib/identity';
import { AUDIT_CATEGORIES, AUDIT_OUTCOMES, auditFiltersSchema } from '@/lib/schemas/audit';
import { futureEvent, remediationStory, runId, writeEvents, writerConfig } from '@/tools/scenario/scenario';
import { useStackEnv } from './audit-fixtures';
import { loadStackEnv } from './stack';

/** The stack's own values (process.env is changed by some tests below). */
const stackVar = (name: string): string => loadStackEnv()[name]!;

type Schema = { type?: string; required?: string[]; properties?: Record<string, Schema>; allOf?: Schema[]; $ref?: string; enum?: string[]; maximum?: number; minimum?: number; pattern?: string; items?: Schema };
type Spec = {
  paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema & { discriminator?: { mapping: Record<string, string> }; oneOf?: Schema[] }> };
};

function moduleDir(): string {
  const fromGo = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  const candidates = [fromGo.status === 0 ? fromGo.stdout.trim() : '', path.join(process.env.HOME ?? '/root', 'go', 'pkg', 'mod')].filter(Boolean);
  for (const cache of candidates) {
    const dir = path.join(cache, 'github.com', 'jordigilh', 'kubernaut@v1.5.7');
    if (existsSync(path.join(dir, 'api', 'openapi', 'data-storage-v1.yaml'))) return dir;
  }
  throw new Error('Kubernaut v1.5.7 is not in the Go module cache (go mod download github.com/jordigilh/kubernaut@v1.5.7)');
}

let spec: Spec;
const ref = (s: Schema): Schema => (s.$ref ? spec.components.schemas[s.$ref.split('/').at(-1)!]! : s);

/** Keys a zod object requires (fails on undefined). */
function requiredKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, s]) => !(s as z.ZodType).safeParse(undefined).success)
    .map(([k]) => k)
    .sort();
}

beforeAll(() => {
  useStackEnv();
  spec = parse(readFileSync(path.join(moduleDir(), 'api', 'openapi', 'data-storage-v1.yaml'), 'utf8')) as Spec;
});

describe('client requests match the OpenAPI spec', () => {
  it('sends only parameters queryAuditEvents declares, with the same limits', () => {
    const op = spec.paths['/api/v1/audit/events']!.get!;
    expect(op.operationId).toBe('queryAuditEvents');
    const params = Object.fromEntries(op.parameters!.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
    expect([...DS_QUERY_PARAMS].sort()).toEqual(Object.keys(params).sort());
    expect(params.event_outcome!.enum).toEqual([...AUDIT_OUTCOMES]);
    expect(params.limit!.maximum).toBe(1000);
    expect(params.limit!.minimum).toBe(1);
    // Flightdeck's own validation is at least as strict as the spec's.
    expect(auditFiltersSchema.safeParse({ limit: String(params.limit!.maximum! + 1) }).success).toBe(false);
    expect(params.detail_key!.pattern).toBe('^[a-zA-Z0-9_]+$');
    expect(auditFiltersSchema.safeParse({ detailKey: 'a-b', detailValue: 'x' }).success).toBe(false);
  });

  it('knows the spec’s event categories', () => {
    const request = spec.components.schemas.AuditEventRequest!;
    expect([...AUDIT_CATEGORIES]).toEqual(request.properties!.event_category!.enum);
  });

  it('exports with parameters exportAuditEvents declares, within its limit, as a GET (the read tier)', () => {
    const op = spec.paths['/api/v1/audit/export']!.get!;
    expect(op.operationId).toBe('exportAuditEvents');
    const declared = new Map(op.parameters!.map((p) => [p.name, p]));
    for (const name of DS_EXPORT_PARAMS) expect(declared.get(name)?.in, name).toBe('query');
    expect(declared.get('limit')!.schema.maximum).toBe(MAX_EXPORT_EVENTS);
  });

  it('posts verify-chain with the body VerifyChainRequest requires', () => {
    const op = spec.paths['/api/v1/audit/verify-chain']!.post!;
    expect(op.operationId).toBe('verifyAuditChain');
    const body = ref(op.requestBody!.content['application/json']!.schema);
    expect(body.required).toEqual(['correlation_id']);
  });
});

describe('client schemas match the OpenAPI spec', () => {
  it('reads only AuditEvent fields the spec defines, and requires only what it requires or always returns', () => {
    const event = spec.components.schemas.AuditEvent!;
    const request = ref(event.allOf![0]!);
    const extra = event.allOf![1]!;
    const specFields = new Set([...Object.keys(request.properties!), ...Object.keys(extra.properties!)]);
    const ours = Object.keys(auditEventWireSchema.shape);
    expect(ours.filter((k) => !specFields.has(k))).toEqual([]);
    // event_id is not in AuditEventRequest.required but is the primary key of every stored event.
    const required = requiredKeys(auditEventWireSchema).filter((k) => k !== 'event_id');
    expect(required.filter((k) => !request.required!.includes(k))).toEqual([]);
  });

  it('reads the pagination envelope of AuditEventsQueryResponse', () => {
    const response = spec.components.schemas.AuditEventsQueryResponse!;
    expect(Object.keys(response.properties!).sort()).toEqual(['data', 'pagination']);
    expect(Object.keys(response.properties!.pagination!.properties!).sort()).toEqual(['has_more', 'limit', 'offset', 'total']);
  });

  it('reads AuditExportResponse: its envelope, signature metadata and hash-chain verification', () => {
    const response = spec.components.schemas.AuditExportResponse!;
    expect(requiredKeys(auditExportVerificationSchema).sort()).toEqual([...response.required!].sort());
    for (const part of ['export_metadata', 'hash_chain_verification'] as const) {
      const specPart = response.properties![part]!;
      const ours = auditExportVerificationSchema.shape[part];
      expect(Object.keys(ours.shape).filter((k) => !(k in specPart.properties!)), part).toEqual([]);
      expect(requiredKeys(ours).filter((k) => !specPart.required!.includes(k)), part).toEqual([]);
    }
    const eventProps = response.properties!.events!.items!.properties!;
    expect(Object.keys(exportedEventSchema.shape).filter((k) => !(k in eventProps))).toEqual([]);
  });

  it('reads VerifyChainResponse with its required fields', () => {
    const response = spec.components.schemas.VerifyChainResponse!;
    const ours = requiredKeys(verifyChainWireSchema);
    expect(response.required!.filter((k) => !ours.includes(k))).toEqual([]);
    expect(ours.filter((k) => !response.required!.includes(k))).toEqual([]);
  });

  it('decodes each event type with the payload schema the discriminator maps it to, requiring exactly what the spec requires', () => {
    const oneOf = spec.components.schemas.AuditEventRequest!.properties!.event_data as Schema & { discriminator: { mapping: Record<string, string> } };
    const mapping = oneOf.discriminator.mapping;
    const zodByName: Record<string, z.ZodObject> = {
      WorkflowExecutionAuditPayload: payloads.workflowExecutionPayloadSchema,
      WorkflowExecutionWebhookAuditPayload: payloads.workflowExecutionWebhookPayloadSchema,
      GatewayAuditPayload: payloads.gatewayPayloadSchema,
      RemediationOrchestratorAuditPayload: payloads.orchestratorPayloadSchema,
      SignalProcessingAuditPayload: payloads.signalProcessingPayloadSchema,
      AIAnalysisAuditPayload: payloads.aiAnalysisPayloadSchema,
      NotificationMessageSentPayload: payloads.notificationSentPayloadSchema,
      NotificationMessageFailedPayload: payloads.notificationFailedPayloadSchema,
      EffectivenessAssessmentAuditPayload: payloads.effectivenessPayloadSchema,
    };
    for (const [type, name] of Object.entries(PAYLOAD_SCHEMA_BY_TYPE)) {
      expect(mapping[type], type).toBe(`#/components/schemas/${name}`);
    }
    for (const [name, schema] of Object.entries(zodByName)) {
      const specSchema = spec.components.schemas[name]!;
      expect(requiredKeys(schema), name).toEqual([...specSchema.required!].sort());
      const unknown = Object.keys(schema.shape).filter((k) => !(k in specSchema.properties!) && k !== 'event_type');
      expect(unknown, name).toEqual([]);
    }
  });
});

describe('client against the real Data Storage', () => {
  let correlationId: string;
  let written: number;

  beforeAll(async () => {
    correlationId = `rr-contract-${runId()}`;
    const story = remediationStory({ correlationId, namespace: 'contract', outcome: 'failed', start: Date.now() - 10 * 60_000 });
    const events = [...story.events, futureEvent({ correlationId, namespace: 'contract', at: Date.now() - 1_000 })];
    written = events.length;
    await writeEvents(events, writerConfig());
  });

  it('gets 200 for a request that sets every parameter (Data Storage validates requests against the spec)', async () => {
    const page = await queryAuditEvents(systemIdentity(), {
      event_type: 'workflowexecution.workflow.failed',
      event_category: 'workflowexecution',
      event_outcome: 'failure',
      severity: 'info',
      correlation_id: correlationId,
      since: '1h',
      until: new Date(Date.now() + 60_000).toISOString(),
      detail_key: 'failure_reason',
      detail_value: 'TaskFailed',
      limit: 10,
      offset: 0,
    });
    expect(page.events.map((e) => e.event_type)).toEqual(['workflowexecution.workflow.failed']);
  });

  it('parses every real event without a malformed one, and decodes each known payload with its typed schema', async () => {
    const token = readFileSync(stackVar('DATASTORAGE_TOKEN_FILE'), 'utf8').trim();
    const res = await fetch(`${stackVar('DATASTORAGE_URL')}/api/v1/audit/events?correlation_id=${correlationId}&limit=100`, { headers: { authorization: `Bearer ${token}` } });
    const raw = (await res.json()) as { data: unknown[] };
    for (const e of raw.data) expect(auditEventWireSchema.safeParse(e).success).toBe(true);
    const page = parseAuditPage(raw);
    expect(page.malformed).toBe(0);
    for (const e of page.events) {
      const decoded = decodePayload(e.event_type, e.event_data);
      if (e.event_type === 'remediationplanner.plan.proposed') {
        expect(decoded).toMatchObject({ schema: 'generic', issues: [] });
      } else {
        expect(decoded.schema, e.event_type).toBe(PAYLOAD_SCHEMA_BY_TYPE[e.event_type]);
      }
    }
  });

  it('parses a real signed export with the read-only identity of Flightdeck, every hash recomputed', async () => {
    const result = await exportAuditVerification(systemIdentity(), correlationId);
    expect(result.export_metadata).toMatchObject({ total_events: written, signature: expect.stringMatching(/^[A-Za-z0-9+/=]{100,}$/) });
    expect(result.hash_chain_verification).toMatchObject({ total_events_verified: written, valid_chain_events: written, broken_chain_events: 0 });
    expect(result.events).toHaveLength(written);
  });

  it('parses a real verify-chain answer (with a writer identity, which verify-chain requires)', async () => {
    process.env.DATASTORAGE_TOKEN_FILE = stackVar('STACK_DATASTORAGE_WRITER_TOKEN_FILE');
    resetEnvForTests();
    resetTokenCacheForTests();
    try {
      const result = await verifyAuditChain(systemIdentity(), correlationId);
      expect(result).toMatchObject({ correlation_id: correlationId, is_valid: true, total_events: written, verified_events: written });
    } finally {
      process.env.DATASTORAGE_TOKEN_FILE = stackVar('DATASTORAGE_TOKEN_FILE');
      resetEnvForTests();
      resetTokenCacheForTests();
    }
  });

  it('maps real RFC 7807 problems to Flightdeck errors', async () => {
    const rejected = await dsFetch(systemIdentity(), { path: '/api/v1/audit/events', query: new URLSearchParams({ event_outcome: 'maybe' }) }).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(AppError);
    expect((rejected as AppError).code).toBe('bad_request:datastorage');
    expect((rejected as AppError).message).toContain('OpenAPI schema validation');
  });

  it('re-reads the token file when it rotates', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-token-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, readFileSync(stackVar('STACK_NOREADER_TOKEN_FILE')));
    process.env.DATASTORAGE_TOKEN_FILE = file;
    resetEnvForTests();
    resetTokenCacheForTests();
    try {
      const denied = await queryAuditEvents(systemIdentity(), { limit: 1 }).catch((e: unknown) => e);
      expect((denied as AppError).code).toBe('forbidden:datastorage');
      writeFileSync(file, readFileSync(stackVar('DATASTORAGE_TOKEN_FILE')));
      // The token's mtime is checked every 5 s; a rotated file is picked up after that.
      await new Promise((r) => setTimeout(r, 5_200));
      const page = await queryAuditEvents(systemIdentity(), { correlation_id: correlationId, limit: 1 });
      expect(page.pagination.total).toBe(written);
    } finally {
      process.env.DATASTORAGE_TOKEN_FILE = stackVar('DATASTORAGE_TOKEN_FILE');
      resetEnvForTests();
      resetTokenCacheForTests();
    }
  });
});
