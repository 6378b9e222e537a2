import { describe, expect, it } from 'vitest';
import { redactEventData } from './view';

describe('redactEventData', () => {
  it("redacts secret-looking parameters the WorkflowExecution controller copies into its payloads", () => {
    const data = { event_type: 'workflowexecution.execution.started', parameters: { TARGET_RESOURCE_NAME: 'api', API_TOKEN: 's3cret', DB_PASSWORD: 'hunter2' } };
    expect(redactEventData(data)).toEqual({ event_type: 'workflowexecution.execution.started', parameters: { TARGET_RESOURCE_NAME: 'api', API_TOKEN: '[redacted]', DB_PASSWORD: '[redacted]' } });
    expect(data.parameters.API_TOKEN).toBe('s3cret');
  });

  it('leaves payloads without parameters as they are', () => {
    const data = { event_type: 'gateway.signal.received', signal_name: 'KubePodCrashLooping' };
    expect(redactEventData(data)).toBe(data);
    expect(redactEventData(null)).toBeNull();
  });
});
