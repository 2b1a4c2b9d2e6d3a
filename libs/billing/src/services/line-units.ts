import type { Catalogue, RatedLine, StatementView } from '@park/billing-domain';
import { formatDecimal } from '@park/money';

/** What a line shows beside its quantity in the billing unit: the quantity the agents measured, in its base unit. */
export interface BaseQuantity {
  readonly quantityBase: string | null;
  readonly baseUnit: string | null;
}

/**
 * A draft's view with each line's base quantity and unit alongside its billing-unit quantity (issue 12 item 10),
 * as issued lines show them. The draft only: a frozen view stays as it was issued.
 */
export function withBaseQuantities(view: StatementView, lines: readonly RatedLine[], catalogue: Catalogue) {
  const base = new Map(lines.map((l) => [l.lineId, l]));
  const add = <L extends { lineId: string; sku: string | null }>(line: L): L & BaseQuantity => {
    const rated = base.get(line.lineId);
    return {
      ...line,
      quantityBase: rated ? formatDecimal(rated.quantityBase) : null,
      baseUnit: line.sku ? (catalogue.get(line.sku)?.baseUnit ?? null) : null,
    };
  };
  return {
    ...view,
    lines: view.lines.map(add),
    adjustments: view.adjustments.map((a) => ({ ...a, lines: a.lines.map(add) })),
  };
}

/** Issued lines (rows with their base quantity) with the base unit of their SKU. */
export function withBaseUnits<L extends { sku: string | null }>(
  lines: readonly L[],
  units: ReadonlyMap<string, string>,
): (L & { baseUnit: string | null })[] {
  return lines.map((l) => ({ ...l, baseUnit: l.sku ? (units.get(l.sku) ?? null) : null }));
}
