/**
 * Subscriptions of one live stream: parsed from the stream URL (one flat subscription
 * such as `?topic=executions&phase=Failed`, or several `sub=<json>` values) and resolved
 * into the bus topics they listen to and the mapping of each bus event to what the tab
 * receives.
 */
import 'server-only';
import { badParam } from '../errors';
import { EXECUTIONS_TOPIC, detailEventFor, listEventFor, type ExecutionChange } from '../executions/changes';
import { compileFilter } from '../executions/query';
import { parseWith, rejectUnknown, searchParamsRecord } from '../params';
import { executionFilterSchema, executionParamsSchema } from '../schemas/executions';
import { subscriptionKey, subscriptionSchema, type LiveEvent, type Subscription } from '../schemas/live';
import type { BusEvent } from './bus';

export const MAX_SUBSCRIPTIONS = 10;

export interface ResolvedSubscription {
  key: string;
  topics: string[];
  /** The event this subscription sends for a bus event, or null. */
  map: (event: BusEvent) => LiveEvent | null;
}

/** Parses the subscriptions of a stream request; a bad one is a 400 naming the parameter. */
export function parseSubscriptions(url: string): Subscription[] {
  const params = new URL(url).searchParams;
  const topic = params.get('topic');
  if (topic !== null) {
    const rest = searchParamsRecord(params, ['topic', 'since']);
    if (topic === 'executions') {
      rejectUnknown(Object.keys(rest), Object.keys(executionFilterSchema.shape));
      return [{ topic, filter: parseWith(executionFilterSchema, rest) }];
    }
    if (topic === 'execution') {
      rejectUnknown(Object.keys(rest), ['namespace', 'name']);
      return [{ topic, ...parseWith(executionParamsSchema, rest) }];
    }
    rejectUnknown(Object.keys(rest), []);
    return [parseWith(subscriptionSchema, { topic })];
  }
  const raw = params.getAll('sub');
  if (raw.length === 0) throw badParam('sub', 'Invalid sub: give topic=... or at least one sub=<subscription JSON>.');
  if (raw.length > MAX_SUBSCRIPTIONS) throw badParam('sub', `Invalid sub: at most ${MAX_SUBSCRIPTIONS} subscriptions per stream.`);
  return raw.map((text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw badParam('sub', 'Invalid sub: not JSON.');
    }
    const result = subscriptionSchema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw badParam('sub', `Invalid sub: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
    }
    return result.data;
  });
}

/** Resolves a subscription into bus topics and an event mapper. */
export function resolveSubscription(sub: Subscription): ResolvedSubscription {
  const key = subscriptionKey(sub);
  if (sub.topic === 'executions' && 'filter' in sub) {
    const filter = compileFilter(sub.filter);
    return {
      key,
      topics: [EXECUTIONS_TOPIC],
      map: (e) => listEventFor(e.data as ExecutionChange, filter, key, e.seq),
    };
  }
  if (sub.topic === 'execution' && 'namespace' in sub) {
    const { namespace, name } = sub;
    return {
      key,
      topics: [EXECUTIONS_TOPIC],
      map: (e) => detailEventFor(e.data as ExecutionChange, namespace, name, key, e.seq),
    };
  }
  return { key, topics: [sub.topic], map: (e) => ({ type: 'message', sub: key, seq: e.seq, data: e.data }) };
}
