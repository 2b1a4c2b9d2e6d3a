import { assembleStatement, testing } from '@park/billing-domain';
import { invoiceLines } from './invoice-requests.service';

const { aGrant, aLine, aProgramme, applyChecked, skuFields } = testing;

describe('bulk-invoice lines of a statement', () => {
  const lines = [
    aLine({ lineId: 'gpu', amount: '1000.00', ...skuFields('h100'), quantity: testing.dec('100') }),
    aLine({ lineId: 'disk', amount: '12.34', ...skuFields('storage'), jobType: 'other', quantity: testing.dec('3') }),
  ];
  const viewWith = (invoicing: 'tenant_full' | 'bureau_share') => {
    const programme = aProgramme({ ratio: '0.30', invoicing });
    const r = applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [aGrant()],
      lines,
    });
    return assembleStatement({
      tenantId: 't-1',
      periodId: '2025-01',
      lines,
      deductions: r.deductions,
      programmes: [programme],
    });
  };

  it('a line invoiced whole has quantity and unit price excl. tax; the default code when the book has none', () => {
    const [gpu, disk] = invoiceLines(viewWith('tenant_full'), new Map());
    expect(gpu).toMatchObject({ name: '智算服务', spec: 'gpu.h100-80g', quantity: '100', unitPrice: '9.434' });
    expect([gpu.amount, gpu.tax, gpu.rate, gpu.taxCode]).toEqual(['943.40', '56.60', '0.06', '3040203000000000000']);
    expect(disk).toMatchObject({ name: '存储服务', amount: '11.64', tax: '0.70', quantity: '3' });
  });

  it("a line less the bureau's share: the tenant's part only, without quantity and unit price", () => {
    const [gpu] = invoiceLines(viewWith('bureau_share'), new Map());
    expect(gpu).toMatchObject({ amount: '660.38', tax: '39.62', quantity: null, unitPrice: null });
  });
});
