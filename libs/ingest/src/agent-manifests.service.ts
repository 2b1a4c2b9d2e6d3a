import {
  boundedDifferences,
  statusWindow,
  validateManifest,
  type ManifestDifference,
  type ValidationIssue,
} from '@park/usage-domain';
import type { ManifestStatusQueries, ManifestsRepository } from '@park/usage-pipeline';

/** A request the agent can fix: a field it sent is unusable (HTTP 400, gRPC INVALID_ARGUMENT). */
export class IngestInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: readonly ValidationIssue<string>[],
  ) {
    super(message);
    this.name = 'IngestInputError';
  }
}

export interface DayStatusAnswer {
  day: string;
  counted_records: number;
  rejected_records: number;
  manifest_records: number;
  state: 'NO_MANIFEST' | 'MATCHED' | 'MISMATCHED';
  /** The first MAX_DIFFERENCES_PER_DAY differences. */
  differences: ManifestDifference[];
  /** How many more differences the day has. */
  differences_omitted: number;
}

/**
 * An agent's daily manifests, and what it asks about its own cluster: per UTC day, records counted and rejected
 * and how they compare with its manifests. One implementation behind HTTPS and gRPC, so both transports check
 * their input alike and give the same answers.
 */
export class AgentManifestsService {
  constructor(
    private readonly manifests: ManifestsRepository,
    private readonly manifestStatus: ManifestStatusQueries,
    private readonly now: () => number = Date.now,
  ) {}

  /** Validates and stores one cluster-day's manifest; a later one for the same day replaces it. */
  async push(clusterId: string, manifest: unknown, requestId: string): Promise<{ cluster_id: string; day: string }> {
    const validation = validateManifest(manifest, { clusterId });
    if (!validation.ok) throw new IngestInputError(validation.reason, validation.message, validation.issues);
    await this.manifests.store(validation.manifest, requestId);
    return { cluster_id: validation.manifest.clusterId, day: validation.manifest.day };
  }

  async status(
    clusterId: string,
    days: { fromDay?: unknown; toDay?: unknown },
  ): Promise<{ cluster_id: string; days: DayStatusAnswer[] }> {
    const window = statusWindow({ ...days, today: new Date(this.now()).toISOString().slice(0, 10) });
    if (!window.ok) throw new IngestInputError(window.code, window.message);
    const reconciled = await this.manifestStatus.reconcile(clusterId, window.fromDay, window.toDay);
    return {
      cluster_id: clusterId,
      days: reconciled.map(({ differences, ...day }) => {
        const { listed, omitted } = boundedDifferences(differences);
        return { ...day, differences: listed, differences_omitted: omitted };
      }),
    };
  }
}
