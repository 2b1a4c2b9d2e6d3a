import { Global, Injectable, Module } from '@nestjs/common';

/** A part of the app that can fail while its dependencies answer (e.g. the sink's partitions). */
export interface CheckState {
  status: 'ok' | 'failing';
  /** What fails, named (e.g. `partition 2: 5 failures since …: <error>`). */
  error?: string;
  /** Structured detail for operators (e.g. each failing partition). */
  details?: unknown;
}

/**
 * The app's own checks, beside its dependencies, in /health: feature modules register theirs while the app is
 * built; a failing one makes the app `degraded` (503) and is named in `failing`.
 */
@Injectable()
export class HealthChecks {
  private readonly checks = new Map<string, () => CheckState>();

  register(name: string, check: () => CheckState): void {
    this.checks.set(name, check);
  }

  states(): Record<string, CheckState> {
    return Object.fromEntries([...this.checks].map(([name, check]) => [name, check()]));
  }
}

/** Makes HealthChecks injectable in every feature module. */
@Global()
@Module({ providers: [HealthChecks], exports: [HealthChecks] })
export class HealthChecksModule {}
