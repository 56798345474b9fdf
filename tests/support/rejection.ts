import { expect } from 'vitest';
import { GovernanceError } from '../../schema/index.ts';

/** The `GovernanceError` a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<GovernanceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GovernanceError);
  return error as GovernanceError;
}
