/** Exit codes of the agent (README.md lists them for cluster administrators). */
export const EXIT = {
  ok: 0,
  /** The gateway (or --dry-run) rejected some records; the rest were pushed. */
  recordsRejected: 1,
  /** Bad command line, unreadable or malformed input file. Nothing was pushed. */
  usage: 2,
  /** The gateway refused a request as a whole (400 unusable batch, 401 signature or key, other 4xx). Not retried. */
  refused: 3,
  /** The gateway stayed unreachable or answered 5xx through every attempt. Safe to re-run later. */
  unavailable: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem the agent explains in one line and exits with. */
export class AgentError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export function usageError(message: string): AgentError {
  return new AgentError(message, EXIT.usage);
}
