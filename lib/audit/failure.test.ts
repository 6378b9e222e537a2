import { describe, expect, it } from 'vitest';
import { WFE_EVENT, type ConformanceEvent } from './conformance';
import { compareFailure, crdFailureOf, expectedErrorDetails } from './failure';

const crdObj = {
  status: {
    phase: 'Failed',
    failureDetails: {
      reason: 'TaskFailed',
      message: 'container exited with code 1',
      failedTaskName: 'restart-pods',
      failedTaskIndex: 0,
      failedStepName: 'kubectl',
      exitCode: 1,
      failedAt: '2026-03-01T10:01:00Z',
      naturalLanguageSummary: 'The restart task failed.',
      wasExecutionFailure: true,
    },
  },
};

function failed(data: Record<string, unknown>, id = 'f1', ts = '2026-03-01T10:01:01Z'): ConformanceEvent {
  return { id, type: WFE_EVENT.failed, timestamp: ts, correlationId: 'rr-1', resource: { id: 'we-rr-1' }, data: { event_type: WFE_EVENT.failed, ...data } };
}

const agreeing = {
  phase: 'Failed',
  failure_reason: 'TaskFailed',
  failure_message: 'container exited with code 1',
  failed_task_name: 'restart-pods',
  error_details: {
    code: 'ERR_PIPELINE_FAILED',
    component: 'workflowexecution',
    retry_possible: false,
    message: "Pipeline failed at task 'restart-pods' step 'kubectl': container exited with code 1",
  },
};

describe('compareFailure', () => {
  it('finds no disagreement when the payload matches what the controller derives from the CRD', () => {
    const c = compareFailure('Failed', crdFailureOf(crdObj), [failed(agreeing)]);
    expect(c.disagreements).toEqual([]);
    expect(c.rows.every((r) => r.agree === true)).toBe(true);
    expect(c.event?.id).toBe('f1');
  });

  it('flags each field that disagrees', () => {
    const c = compareFailure('Failed', crdFailureOf(crdObj), [failed({ ...agreeing, failure_reason: 'OOMKilled', failed_task_name: undefined })]);
    expect(c.rows.filter((r) => r.agree === false).map((r) => r.field)).toEqual(['failure_reason', 'failed_task_name']);
    expect(c.disagreements).toContain('Reason: CRD says TaskFailed, audit says OOMKilled.');
    expect(c.disagreements).toContain('Failed task: CRD says restart-pods, audit says (absent).');
  });

  it('says so when the failed event is absent, without marking rows as disagreeing', () => {
    const c = compareFailure('Failed', crdFailureOf(crdObj), []);
    expect(c.event).toBeNull();
    expect(c.rows.every((r) => r.agree === null)).toBe(true);
    expect(c.disagreements).toEqual(['No workflowexecution.workflow.failed event was found for this execution.']);
  });

  it('reports several failed events, and whether their payloads differ', () => {
    const same = compareFailure('Failed', crdFailureOf(crdObj), [failed(agreeing, 'a'), failed(agreeing, 'b')]);
    expect(same.disagreements).toContain('workflow.failed was emitted 2 times (expected once).');
    const differ = compareFailure('Failed', crdFailureOf(crdObj), [failed(agreeing, 'a'), failed({ ...agreeing, failure_message: 'other' }, 'b', '2026-03-01T10:02:00Z')]);
    expect(differ.disagreements).toContain('2 workflow.failed events with 2 different failure payloads.');
    expect(differ.event?.id).toBe('a');
  });

  it('reports a failed execution without failureDetails', () => {
    const c = compareFailure('Failed', crdFailureOf({ status: { phase: 'Failed' } }), [failed(agreeing)]);
    expect(c.crd).toBeNull();
    expect(c.disagreements[0]).toBe('The execution is Failed but has no status.failureDetails.');
  });
});

describe('expectedErrorDetails', () => {
  it('follows the controller mapping from reason to code and retry', () => {
    expect(expectedErrorDetails({ ...crdFailureOf(crdObj)!, reason: 'Forbidden' })).toMatchObject({ code: 'ERR_WORKFLOW_NOT_FOUND', retryPossible: false });
    expect(expectedErrorDetails({ ...crdFailureOf(crdObj)!, reason: 'ImagePullBackOff' })).toMatchObject({ code: 'ERR_IMAGE_PULL', retryPossible: true });
    expect(expectedErrorDetails({ ...crdFailureOf(crdObj)!, wasExecutionFailure: false }).retryPossible).toBe(true);
    expect(expectedErrorDetails(null).message).toBe('Workflow execution failed with unknown error');
  });

  it('reads an absent wasExecutionFailure as false (Kubernaut omits false), so a pre-execution TaskFailed may be retried', () => {
    const { wasExecutionFailure: _omitted, ...rest } = crdObj.status.failureDetails;
    const crd = crdFailureOf({ status: { phase: 'Failed', failureDetails: rest } })!;
    expect(crd.wasExecutionFailure).toBe(false);
    expect(expectedErrorDetails(crd).retryPossible).toBe(true);
  });
});
