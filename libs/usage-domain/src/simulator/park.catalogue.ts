import { skuCatalogue, type SkuCatalogue } from '../record/sku-catalogue.types';

/**
 * A SKU as the simulated park sells it. Shaped like the billing catalogue's SKU spec
 * (code, resource class, chip family, base and billing unit) so a demo can seed prices from it.
 */
export interface SimulatedSku {
  readonly code: string;
  readonly name: string;
  readonly resourceClass: 'ai' | 'general' | 'hpc' | 'render';
  readonly chipFamily: string | null;
  readonly domesticChip: boolean;
  readonly baseUnit: 'gpu_second' | 'core_second' | 'node_second';
  readonly billingUnit: { readonly code: string; readonly factor: string };
}

const GPU_HOUR = { code: 'gpu_hour', factor: '3600' } as const;

export const PARK_SKUS: readonly SimulatedSku[] = Object.freeze([
  {
    code: 'gpu.h100-80g',
    name: 'NVIDIA H100 80GB',
    resourceClass: 'ai',
    chipFamily: 'nvidia-hopper',
    domesticChip: false,
    baseUnit: 'gpu_second',
    billingUnit: GPU_HOUR,
  },
  {
    code: 'gpu.a800-80g',
    name: 'NVIDIA A800 80GB',
    resourceClass: 'ai',
    chipFamily: 'nvidia-ampere',
    domesticChip: false,
    baseUnit: 'gpu_second',
    billingUnit: GPU_HOUR,
  },
  {
    code: 'gpu.l40s-48g',
    name: 'NVIDIA L40S 48GB',
    resourceClass: 'ai',
    chipFamily: 'nvidia-ada',
    domesticChip: false,
    baseUnit: 'gpu_second',
    billingUnit: GPU_HOUR,
  },
  {
    code: 'gpu.ascend-910b',
    name: '昇腾 Ascend 910B',
    resourceClass: 'ai',
    chipFamily: 'ascend',
    domesticChip: true,
    baseUnit: 'gpu_second',
    billingUnit: GPU_HOUR,
  },
  {
    code: 'gpu.mlu370-x8',
    name: '寒武纪 MLU370-X8',
    resourceClass: 'ai',
    chipFamily: 'cambricon-mlu',
    domesticChip: true,
    baseUnit: 'gpu_second',
    billingUnit: GPU_HOUR,
  },
  {
    code: 'gpu.hygon-dcu-z100',
    name: '海光 DCU Z100',
    resourceClass: 'ai',
    chipFamily: 'hygon-dcu',
    domesticChip: true,
    baseUnit: 'gpu_second',
    billingUnit: GPU_HOUR,
  },
  {
    code: 'cpu.core',
    name: 'CPU core',
    resourceClass: 'general',
    chipFamily: null,
    domesticChip: false,
    baseUnit: 'core_second',
    billingUnit: { code: 'core_hour', factor: '3600' },
  },
  {
    code: 'render.node',
    name: 'Render node',
    resourceClass: 'render',
    chipFamily: null,
    domesticChip: false,
    baseUnit: 'node_second',
    billingUnit: { code: 'node_hour', factor: '3600' },
  },
]);

export const PARK_CATALOGUE: SkuCatalogue = skuCatalogue(
  Object.fromEntries(PARK_SKUS.map((s) => [s.code, { baseUnit: s.baseUnit, scalesWithDevices: true }])),
);
