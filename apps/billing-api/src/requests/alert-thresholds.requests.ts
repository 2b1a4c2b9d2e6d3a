import { z } from 'zod';
import { requestInput } from '@park/platform';
import { decimal, id, int32 } from './common.schemas';

/** Shapes only: ranges (0 < percent ≤ 100, 2 decimals, days ≤ 3660) are the service's, every problem at once. */
const thresholds = z.strictObject({
  balanceLowPercent: decimal.nullable().optional().describe('balance at or below this % of face value; null clears'),
  balanceLowAmount: decimal.nullable().optional().describe('balance at or below this amount (元); null clears'),
  expiringDays: int32(0).nullable().optional().describe('days before the last valid day; null: default 30'),
});

export const ProgrammeAlerts = requestInput({ params: z.strictObject({ id }), body: thresholds });

export const GrantAlerts = requestInput({
  params: z.strictObject({ tenantId: id, grantId: id }),
  body: thresholds,
});
