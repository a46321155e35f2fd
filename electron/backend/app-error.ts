import type { ErrorCode, FieldIssue } from '../../shared/contract/errors';

// Thrown by services for expected failures. The message is shown to the user as written, so write it
// for them: what happened, and what to do next.
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not-found', `${what} was not found. It may have been deleted.`);
export const conflict = (message: string) => new AppError('conflict', message);
export const invalid = (message: string, issues?: FieldIssue[]) => new AppError('invalid-input', message, issues);
export const locked = (message: string) => new AppError('locked', message);
export const unavailable = (message: string) => new AppError('unavailable', message);
export const integrity = (message: string) => new AppError('integrity', message);
