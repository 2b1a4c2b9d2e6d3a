/**
 * What validation needs to know about a SKU. Prices, resource classes and chip families are the
 * billing catalogue's; build this from it with `skuMeteringFor(baseUnit)`.
 */
export interface SkuMetering {
  /** The billing catalogue's base unit: "gpu_second", "core_second", "node_second", "gb"… */
  readonly baseUnit: string;
  /** true: quantity ≈ device_count × seconds; false: quantity ≈ seconds (one unit per record). */
  readonly scalesWithDevices: boolean;
  /** false for quantities not measured in time (GB transferred, requests): no duration check. Default true. */
  readonly timeBased?: boolean;
}

export type SkuCatalogue = ReadonlyMap<string, SkuMetering>;

export function skuCatalogue(entries: Readonly<Record<string, SkuMetering>>): SkuCatalogue {
  return new Map(Object.entries(entries));
}

/**
 * Per-device time units ("gpu_second", "core_second", "node_second") scale with device_count;
 * anything else ("gb", "gb_hour", "request") is not checked against the record's duration.
 */
export function skuMeteringFor(baseUnit: string): SkuMetering {
  return /^(gpu|npu|core|node)_second$/.test(baseUnit)
    ? { baseUnit, scalesWithDevices: true }
    : { baseUnit, scalesWithDevices: false, timeBased: false };
}
