import { MONEY_FIELDS } from '../../apps/billing-api/src/decimal-json.interceptor';
import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

/** Every money field under any key of a body, with its path: all must read as decimal strings with two decimals. */
function moneyFields(body: unknown, path = '$'): { path: string; value: unknown }[] {
  if (Array.isArray(body)) return body.flatMap((v, i) => moneyFields(v, `${path}[${i}]`));
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([k, v]) =>
    MONEY_FIELDS.has(k) && (typeof v !== 'object' || v === null)
      ? [{ path: `${path}.${k}`, value: v }]
      : moneyFields(v, `${path}.${k}`),
  );
}

describe('one format for units and money in every view (issue 12 item 10)', () => {
  const park = useBillingWorld();

  it('shows the same usage in the display unit with the base unit alongside, money with two decimals', async () => {
    const { world, app } = park;
    const programmeId = await world.programme({ ratio: '0.2' });
    const tenantId = await world.tenant('units');
    const grantId = await world.grant(tenantId, programmeId, '2000000');
    await world.usage({ tenantId, start: '2026-10-05T00:00:00Z', hours: 10 }); // 10 GPU-hours at 10.00
    const http = await httpAs(app, OPERATOR_FINANCE);
    const base = `/v1/tenants/${tenantId}`;
    const preview = (await http.get(`${base}/statements/2026-10/preview`).expect(200)).body;
    await world.statements.issue(tenantId, '2026-10');

    const usage = (await http.get(`${base}/usage?period=2026-10`).expect(200)).body;
    expect(usage.skus).toEqual([
      {
        sku: 'gpu.h100-80g',
        quantity: '10',
        billingUnit: 'gpu_hour',
        quantityBase: '36000',
        baseUnit: 'gpu_second',
        records: '1',
      },
    ]);

    const detail = (await http.get(`${base}/statements/2026-10`).expect(200)).body;
    const issuedLine = detail.lines[0];
    const previewLine = preview.view.lines[0];
    // the issued line and the preview's line read alike: the same quantity, unit, unit price and amount
    expect([issuedLine.quantity, issuedLine.billingUnit, issuedLine.unitPrice, issuedLine.amount]).toEqual([
      '10',
      'gpu_hour',
      '10.00',
      '100.00',
    ]);
    expect([previewLine.quantity, previewLine.billingUnit, previewLine.unitPrice, previewLine.amount]).toEqual([
      issuedLine.quantity,
      issuedLine.billingUnit,
      issuedLine.unitPrice,
      issuedLine.amount,
    ]);
    // with the base unit alongside, in the issued line and the draft's alike
    expect([issuedLine.quantityBase, issuedLine.baseUnit]).toEqual(['36000', 'gpu_second']);
    expect([previewLine.quantityBase, previewLine.baseUnit]).toEqual(['36000', 'gpu_second']);
    const explanation = detail.deductions[0].explanation;
    expect(explanation).toMatchObject({ lineAmount: '100.00', amount: '20.00', rounded: '20.00' });
    expect(explanation.limits).toContainEqual({ name: 'grant_balance', remaining: '2000000.00' });

    const grants = (await http.get(`${base}/grants`).expect(200)).body;
    expect(grants[0]).toMatchObject({ id: grantId, faceValue: '2000000.00', balance: '1999980.00' });
    const ledger = (await http.get(`${base}/grants/${grantId}/ledger`).expect(200)).body;
    const statements = (await http.get(`${base}/statements`).expect(200)).body;

    for (const body of [usage, preview, detail, grants, ledger, statements])
      for (const field of moneyFields(body))
        expect({ ...field, ok: typeof field.value === 'string' && /^-?\d+\.\d{2}$/.test(field.value) }).toEqual({
          ...field,
          ok: true,
        });
  });
});
