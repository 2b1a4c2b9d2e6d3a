import { DASHBOARD_TICKET_TTL_SECONDS, DashboardTickets } from './dashboard-ticket';

describe('queue dashboard tickets', () => {
  const tickets = new DashboardTickets();
  const now = Date.UTC(2026, 11, 5, 12);
  const holder = { subject: 'ops-1', role: 'operator-admin' as const };

  it('lets the holder in until the ticket expires', () => {
    const { ticket, expiresAt } = tickets.issue(holder, now);
    expect(expiresAt.getTime()).toBe(now + DASHBOARD_TICKET_TTL_SECONDS * 1000);
    expect(tickets.verify(ticket, now + 60_000)).toEqual(holder);
    expect(tickets.verify(ticket, expiresAt.getTime())).toBeNull();
  });

  it('refuses a ticket whose payload was changed, one signed by another process, and garbage', () => {
    const { ticket } = tickets.issue({ subject: 'fin-1', role: 'operator-finance' }, now);
    const [payload, signature] = ticket.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'operator-admin' }),
    ).toString('base64url');
    expect(tickets.verify(`${forged}.${signature}`, now)).toBeNull();
    expect(new DashboardTickets().verify(ticket, now)).toBeNull();
    for (const junk of ['', '.', 'a.b', `${ticket}.x`, `${payload}.`]) expect(tickets.verify(junk, now)).toBeNull();
  });
});
