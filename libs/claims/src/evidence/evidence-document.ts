import { createHash } from 'node:crypto';
import type { InvoicingParty } from '@park/statements-export';
import type { SettlementCadence } from '../claim-cycle';

/** Everything the evidence pack is rendered from (amounts and quantities as exact decimal strings). */
export interface ClaimDocument {
  readonly id: string;
  readonly programme: { readonly id: string; readonly name: string; readonly mechanism: string };
  readonly bureau: { readonly id: string; readonly name: string };
  /** The park operator's 开票信息 in force when the claim was built (absent: none recorded). */
  readonly claimant?: InvoicingParty | null;
  readonly cadence: SettlementCadence;
  readonly cycle: string;
  readonly total: string;
  readonly createdAt: Date;
  readonly lines: readonly {
    readonly id: string;
    readonly tenantId: string;
    readonly tenantName: string;
    readonly statementNumber: string;
    readonly periodId: string;
    readonly amount: string;
    readonly invoiceNumber: string | null;
    readonly paymentReference: string | null;
    readonly contractIds: readonly string[];
  }[];
  readonly statementLines: readonly {
    readonly statementNumber: string;
    readonly tenantId: string;
    readonly lineId: string;
    readonly usagePeriodId: string;
    readonly sku: string;
    readonly jobType: string;
    readonly quantityBase: string;
    readonly amount: string;
    readonly claimed: string;
  }[];
  readonly jobs: readonly {
    readonly statementNumber: string;
    readonly lineId: string;
    readonly tenantId: string;
    readonly jobId: string;
    readonly sku: string;
    readonly jobType: string;
    readonly quantityBase: string;
  }[];
}

export interface EvidenceFile {
  readonly name: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly sha256: string;
}

export const MANIFEST = 'manifest.json';

export const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');
