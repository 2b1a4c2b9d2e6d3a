import type { AuditEvent, AuditEventInput } from '../audit-event.types';
import { appendEvent } from '../audit-chain.appender';

const ACTIONS = ['grant.issue', 'grant.revoke', 'statement.issue', 'claim.submit', 'price-book.publish'] as const;

/** A plausible input; the n-th one differs from its neighbours. */
export function eventInput(n = 1, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
    actor: `user-${n % 3}`,
    role: n % 2 === 0 ? 'operator-finance' : 'operator-admin',
    action: ACTIONS[n % ACTIONS.length],
    entityType: 'grant',
    entityId: `G-${n}`,
    before: n % 4 === 0 ? null : { balance: `${n}00.00`, state: 'active' },
    after: { balance: `${n}50.00`, state: 'active' },
    payload: { amount: `${n}.00`, lines: [n, n + 1], note: `第${n}条` },
    ...overrides,
  };
}

/** A valid chain built through appendEvent, from the given inputs or n default ones. */
export function buildChain(inputs: number | readonly AuditEventInput[]): AuditEvent[] {
  const list = typeof inputs === 'number' ? Array.from({ length: inputs }, (_, i) => eventInput(i + 1)) : inputs;
  const events: AuditEvent[] = [];
  for (const input of list) events.push(appendEvent(events.at(-1) ?? null, input));
  return events;
}
