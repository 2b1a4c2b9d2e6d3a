/** Stable ASCII values stored and sent on the wire; the Chinese label is for people. */
export const RESOURCE_CLASSES = ['ai', 'general', 'hpc', 'render', 'storage', 'network'] as const;
export type ResourceClass = (typeof RESOURCE_CLASSES)[number];

export const RESOURCE_CLASS_LABELS: Readonly<Record<ResourceClass, { readonly zh: string; readonly en: string }>> = {
  ai: { zh: '智算', en: 'AI compute' },
  general: { zh: '通算', en: 'general compute' },
  hpc: { zh: '超算', en: 'HPC' },
  render: { zh: '渲染', en: 'render' },
  storage: { zh: '存储', en: 'storage' },
  network: { zh: '网络', en: 'network' },
};

export const JOB_TYPES = ['training', 'inference', 'render', 'development', 'other'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const BASE_UNITS = [
  'gpu_second',
  'core_second',
  'node_second',
  'gb_second',
  'gb_hour',
  'gb',
  'request',
] as const;
export type BaseUnit = (typeof BASE_UNITS)[number];
