import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FailureDetailsDto } from '@/lib/schemas/executions';
import { FailurePanel } from './failure-panel';

const failure = (over: Partial<FailureDetailsDto> = {}): FailureDetailsDto =>
  ({
    reason: 'OOMKilled',
    message: 'container "step" exceeded its memory limit',
    failedTaskName: 'apply-patch',
    failedTaskIndex: 1,
    failedStepName: 'kubectl',
    exitCode: 137,
    failedAt: '2026-03-01T10:00:05Z',
    wasExecutionFailure: true,
    naturalLanguageSummary: 'The patch step ran out of memory.',
    ...over,
  }) as FailureDetailsDto;

describe('FailurePanel', () => {
  it('says what broke, where and why', () => {
    render(<FailurePanel failure={failure()} />);
    const panel = screen.getByRole('region', { name: /failed/i });
    expect(within(panel).getByText('OOMKilled')).toBeTruthy();
    expect(within(panel).getByText('A container ran out of memory and was killed.')).toBeTruthy();
    expect(within(panel).getByText('The patch step ran out of memory.')).toBeTruthy();
    expect(screen.getByTestId('failed-task').textContent).toBe('apply-patch (task #2)');
    expect(screen.getByTestId('failed-step').textContent).toBe('kubectl');
    expect(screen.getByTestId('exit-code').textContent).toBe('137');
    expect(within(panel).getByText('2026-03-01 10:00:05 UTC')).toBeTruthy();
    expect(screen.getByTestId('was-execution-failure').textContent).toMatch(/^Yes: the workflow ran and failed/);
  });

  it('falls back to the task and step the status names, and dashes for what is unknown', () => {
    render(<FailurePanel failure={failure({ failedTaskName: undefined, failedTaskIndex: undefined, failedStepName: undefined, exitCode: undefined, failedAt: undefined, wasExecutionFailure: undefined })} failedTask="verify" />);
    expect(screen.getByTestId('failed-task').textContent).toBe('verify');
    expect(screen.getByTestId('failed-step').textContent).toBe('—');
    expect(screen.getByTestId('exit-code').textContent).toBe('—');
    expect(screen.getByTestId('was-execution-failure').textContent).toBe('Not reported');
  });

  it('explains a failure before running as harmless, and still renders a reason it does not know', () => {
    render(<FailurePanel failure={failure({ reason: 'QuantumFlux' as FailureDetailsDto['reason'], wasExecutionFailure: false })} />);
    expect(screen.getByText('QuantumFlux')).toBeTruthy();
    expect(screen.getByText('A failure reason this version of Flightdeck does not know.')).toBeTruthy();
    expect(screen.getByTestId('was-execution-failure').textContent).toMatch(/^No: it failed before running/);
  });
});
